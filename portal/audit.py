"""The audit trail: who did what to which record, and when. Append-only, and never any
personal content: a staff id, an action name, a record type and its id, a UTC time."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.staff.accounts import Staff

# Every action the trail may hold, so a typo cannot write a new kind of row.
ACTIONS = {
    "signed-in": "Signed in",
    "sign-in-refused": "Sign-in refused",
    "signed-out": "Signed out",
    "password-changed": "Changed their password",
    "viewed-referral": "Viewed a referral",
    "accepted-referral": "Accepted a referral",
    "declined-referral": "Declined a referral",
    "asked-for-information": "Asked the referrer for more information",
    "asked-for-consent": "Sent a link asking for consent",
    "viewed-status": "The family or referrer opened their link to where things stand",
    "answered-more-information": "The referrer answered a request for more information",
    "sent-status-link": "Sent a new link to where things stand",
    "answered-yearly-question": "Someone answered whether the person should stay on the register",
    "recorded-yearly-answer": "Recorded an answer, given to staff, to the yearly question",
    "asked-for-own-consent": "Sent a young person a link to give their own consent",
    "viewed-consent-checks": "Viewed the consent to check across the register",
    "referred-keyworker": "Asked for consent to a referral to the keyworker service",
    "recorded-keyworker": "Recorded a keyworker allocated, or keyworker support ended",
    "retried-email": "Asked for an email that had not gone to be tried again",
    "phoned-instead": "Told someone by phone instead of an email that had not gone",
    "viewed-person": "Viewed a person's page",
    "set-area": "Set the area a referral's person lives in",
    "refused-record": "Was refused a record outside their areas or the person's consent",
    "searched-register": "Searched the register (what was searched for is not kept)",
    "changed-rating": "Changed a rating",
    "recorded-review": "Recorded a review",
    "offered-cetr": "Offered a C(E)TR and asked for consent",
    "recorded-consent": "Recorded a consent answer given to staff",
    "withdrew-consent": "Recorded that consent was withdrawn",
    "left-register": "Took a person off the register",
    "recorded-discharge": "Recorded that a person left hospital",
    "recorded-cetr": "Recorded a C(E)TR held, with its recommendations",
    "closed-action": "Marked an action done, or no longer needed",
    "viewed-actions": "Viewed the actions across the register",
    "viewed-reports": "Viewed the register's figures",
    "exported-figures": "Downloaded the register's figures, small numbers kept back",
    "exported-people": "Downloaded the list of everyone on the register (personal data)",
    "planned-meeting": "Planned a DSR meeting and built its agenda",
    "viewed-meeting": "Viewed a DSR meeting",
    "changed-agenda": "Changed a DSR meeting's agenda",
    "read-meeting-pack": "Read a DSR meeting's pack",
    "recorded-attendance": "Recorded who attended a DSR meeting",
    "recorded-minutes": "Recorded the minutes of an item at a DSR meeting",
    "printed-minutes": "Downloaded a DSR meeting's minutes",
    "printed-document": "Downloaded a document about a referral to send or print",
    "viewed-request": "Viewed a request to leave the register",
    "matched-request": "Matched a request to leave the register to a referral by hand",
    "completed-request": "Did what a request to leave the register asked",
    "closed-request": "Closed a request to leave the register without acting on it",
    "erased-record": "Deleted a person's record on request",
    "deleted-record": "Deleted a record whose retention period had ended",
    "erased-again": "Erased again, after a backup was restored, a record erased before",
    "changed-setting": "Changed a setting, an area or an organisation (the settings page keeps "
    "what changed)",
    "added-account": "Added a staff account",
    "changed-account": "Changed a staff account",
    "set-password": "Set a new password for a staff account",
}


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    # The organisation the staff member belonged to when they did it.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(20))
    record_id: Mapped[int | None] = mapped_column(Integer)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("The audit trail is append-only")


def record(
    staff_id: int | None, action: str, record_type: str | None = None, record_id: int | None = None
) -> None:
    """Add a row to the trail, committed with whatever the caller commits next."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    staff = db.session.get(Staff, staff_id) if staff_id else None
    db.session.add(AuditEvent(staff_id=staff_id, action=action, record_type=record_type,
                              record_id=record_id,
                              organisation_id=staff and staff.organisation_id))  # fmt: skip
