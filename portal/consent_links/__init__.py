"""Consent given through the private links we send: to go on the register (when nobody was
asked at referral, at 16, or for the adults' register), to each C(E)TR, to a keyworker
referral, and the yearly question whether to stay on the register."""

from portal.i18n import render_in_format


def link_not_valid():
    """The page for a link that is used, expired, guessed or for something else: the same for
    each, and showing nothing about anyone."""
    return render_in_format("cetr_consent/link-not-valid.html"), 404
