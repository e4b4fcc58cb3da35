"""The domain's words: who refers, the consent routes, the statuses and the ratings.

Each is stored as its value. The database refuses any other value (`checked_in`), so a typo
in code fails loudly instead of writing a status that no page knows. The rules the words
serve are in docs/consent.md.
"""

from enum import StrEnum

from sqlalchemy import CheckConstraint


class ReferrerType(StrEnum):
    """Who made the referral."""

    SELF = "self"  # the person, 16 or over
    PARENT = "parent"  # a parent or carer of a child or young person
    CARER = "carer"  # a carer, family member or supporter of an adult
    PROFESSIONAL = "professional"


class ConsentRoute(StrEnum):
    """The lawful basis for going on the register, by age and capacity."""

    OWN = "own"  # the person decides (16 or over, or a competent child)
    PARENTAL = "parental"  # someone with parental responsibility (under 16)
    BEST_INTERESTS = "best-interests"  # 16 or over, lacking capacity for this decision
    DEPUTY = "deputy"  # a personal welfare deputy or a health and welfare attorney
    NOT_YET = "not-yet"  # nobody has been asked: a private link asks them


class ReferralStatus(StrEnum):
    """What the register team has decided about a referral."""

    NEW = "new"
    MORE_INFORMATION = "more-information"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    # Consent withdrawn, or deletion asked for, before the team decided.
    WITHDRAWN = "withdrawn"


# Referrals still waiting for the team to decide.
WAITING = (ReferralStatus.NEW, ReferralStatus.MORE_INFORMATION)


class Rating(StrEnum):
    """The BRAG rating; its definitions and review intervals are in register/brag.py."""

    BLUE = "blue"
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    # Off the register: consent withdrawn, or asked to come off. Kept until retention ends.
    LEFT = "left"


class LeavingReason(StrEnum):
    """Why someone came off the register."""

    NEEDS_MET = "needs-met"  # their needs are met and the risk is lower
    MOVED_AWAY = "moved-away"  # out of the area the register covers
    ADULT_REGISTER = "adult-register"  # moved to the adults' register
    DIED = "died"
    CONSENT_WITHDRAWN = "consent-withdrawn"
    OTHER = "other"  # said in words


class ActionStatus(StrEnum):
    """Where an agreed action has got to."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"  # no longer needed; the reason is recorded


class AgendaReason(StrEnum):
    """Why an item is on a meeting's agenda."""

    NEW_REFERRAL = "new-referral"
    RED_OR_BLUE = "red-or-blue"  # everyone Red or Blue is discussed at every meeting
    REVIEW_DUE = "review-due"  # due or overdue by the meeting's date
    ADDED = "added"  # by a coordinator


class CetrSetting(StrEnum):
    """Where a C(E)TR was held."""

    COMMUNITY = "community"  # while living in the community, to prevent an admission
    INPATIENT = "inpatient"  # while in hospital


class ConsentKind(StrEnum):
    """What a consent record is for: each is asked and recorded on its own."""

    REGISTER = "register"
    SHARING = "sharing"
    CETR = "cetr"
    KEYWORKER = "keyworker"  # to a referral to the keyworker service, asked each time


class ConsentSource(StrEnum):
    """How we heard: in the referral form, through a private link, or told to staff."""

    FROM_REFERRAL = "referral"
    FROM_LINK = "link"
    TOLD_TO_STAFF = "staff"


class Requester(StrEnum):
    """Who is asking to come off the register."""

    PERSON = "person"
    PARENT = "parent"
    REPRESENTATIVE = "representative"


class Wish(StrEnum):
    """What a request to come off the register asks for."""

    LEAVE = "leave"  # come off the register and withdraw consent
    STOP_CETR = "stop-cetr"  # withdraw consent to C(E)TRs only
    ERASE = "erase"  # delete everything now


class RequestOutcome(StrEnum):
    DONE = "done"
    NOT_DONE = "not-done"  # no record matched, or the team could not confirm it


class LinkPurpose(StrEnum):
    """What a private link opens."""

    OWN_VIEW = "own-view"
    CETR_CONSENT = "cetr-consent"
    CONSENT_REQUEST = "consent-request"
    OUTCOME = "outcome"  # the outcome letter: opened as often as needed, until it expires
    AGREED = "agreed"  # the letter of what a review agreed: the same, for one review
    # Where things stand: opened as often as needed while the referral waits or the person is
    # on the register; every email to the family or the referrer carries a new one.
    STATUS = "status"
    REPLY = "reply"  # answering the team's request for more information: once
    RECONFIRM = "reconfirm"  # whether they still want to be on the register: once a year
    KEYWORKER_CONSENT = "keyworker-consent"  # consent to a referral to the keyworker service
    KEYWORKER_REFERRAL = "keyworker-pdf"  # the referral itself, for the service: as often as needed


class EmailStatus(StrEnum):
    """Where an email is: waiting to go (or to be tried again), sent, given up on after every
    try, not needed because staff phoned instead, or held back for staff after a backup was
    restored (it may have gone before)."""

    WAITING = "waiting"
    SENT = "sent"
    FAILED = "failed"
    PHONED = "phoned"
    HELD = "held"


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PANEL = "panel"
    ADMIN = "admin"


def checked_in(column: str, words: type[StrEnum]) -> CheckConstraint:
    """A CHECK constraint that the column holds one of the words (or nothing). The naming
    convention in extensions.py names it ck_<table>_<column>."""
    values = ", ".join(f"'{word.value}'" for word in words)
    return CheckConstraint(f"{column} IN ({values})", name=column)


class KeyworkerStatus(StrEnum):
    """Where a referral to the keyworker service has got to."""

    ASKED = "asked"  # consent asked for by a private link
    DECLINED = "declined"  # they said no: nothing was sent
    SENT = "sent"  # they said yes, and the service was sent the referral
    ALLOCATED = "allocated"  # the service named a keyworker
    ENDED = "ended"  # keyworker support ended, or the service could not take them


class OrganisationKind(StrEnum):
    """What kind of organisation a staff account belongs to."""

    ICB = "icb"
    COUNCIL = "council"
    TRUST = "trust"  # an NHS trust
    POLICE = "police"
    SCHOOL = "school"  # a school or college
    VOLUNTARY = "voluntary"  # a voluntary or community body
    OTHER = "other"
