"""Every email the portal sends: kept with the change that causes it, then delivered.

`queue()` adds the email to the same transaction as the change (a referral sent, a decision,
a link issued), so both are kept or neither is. Once the response to the request that queued
it has gone, the portal tries to deliver it (so a slow mail server never keeps a person
waiting for their page); what could not go is tried again by `flask --app portal
send-emails`, with a growing wait, until it goes or has been tried EMAIL_MAX_TRIES times.
Staff see on the referral's or request's page an email that has not gone, and can try it
again or note that they phoned instead.

An email is claimed before it is sent, for a few minutes (a lease): senders on several
servers never send the same one (on PostgreSQL, candidates are picked with FOR UPDATE SKIP
LOCKED), and one whose sender died mid-send is tried again when the lease lapses.
"""

from datetime import datetime, timedelta

from flask import Flask, current_app, g, request
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    and_,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal import notifications
from portal.clock import now
from portal.extensions import db
from portal.vocabulary import EmailStatus, checked_in

LEASE = timedelta(minutes=5)
# The wait after each failed try: 1, 2, 4 ... minutes, never more than an hour.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


class Email(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Which email it is (the name of its template), for staff to read.
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # What it is about: it goes when that goes.
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("withdrawal_request.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default=EmailStatus.WAITING, index=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # The kind of fault of the last try (never the server's words, which can quote addresses).
    last_error: Mapped[str | None] = mapped_column(String(100))
    # Staff who noted that they phoned instead.
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    __table_args__ = (checked_in("status", EmailStatus),)


def queue(
    to: str, kind: str, lang: str, *, referral_id=None, request_id=None, draft_id=None, **context
) -> Email:
    """Add an email to the session, in `lang`, to deliver once the caller commits."""
    subject, body = notifications.render(kind, lang, **context)
    email = Email(kind=kind, to_address=to, subject=subject, body=body, referral_id=referral_id,
                  request_id=request_id, draft_id=draft_id)  # fmt: skip
    db.session.add(email)
    g.setdefault("queued_emails", []).append(email)
    return email


def committed() -> list[int]:
    """The ids of the emails this request queued that were kept: an email whose change was
    rolled back has no identity."""
    queued = g.pop("queued_emails", [])
    return [state.identity[0] for state in map(inspect, queued) if state.identity]


def deliver(ids: list[int] | None = None, limit: int = 50) -> int:
    """Send what is due (or these emails, if due), each claimed first; how many went."""
    sent = 0
    for email in claim(ids, limit):
        sent += _send(email)
    return sent


def claim(ids: list[int] | None, limit: int) -> list[Email]:
    """Claim what is due (or these emails, if due) for a few minutes (LEASE), to send."""
    moment = now()
    due = select(Email.id).where(
        Email.status == EmailStatus.WAITING,
        Email.due_at <= moment,
        or_(Email.claimed_until.is_(None), Email.claimed_until < moment),
    )
    if ids is not None:
        due = due.where(Email.id.in_(ids))
    due = due.order_by(Email.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    candidates = db.session.scalars(due).all()
    claimed = []
    for email_id in candidates:
        # The same test again as the update: on SQLite, another sender may have claimed it
        # since the select.
        taken = db.session.execute(
            update(Email)
            .where(Email.id == email_id, Email.status == EmailStatus.WAITING,
                   or_(Email.claimed_until.is_(None), Email.claimed_until < moment))
            .values(claimed_until=moment + LEASE, tries=Email.tries + 1)
        )  # fmt: skip
        if taken.rowcount == 1:
            claimed.append(email_id)
    db.session.commit()
    return [db.session.get(Email, email_id) for email_id in claimed]


def _send(email: Email) -> int:
    try:
        notifications.send(email.to_address, email.subject, email.body)
    except Exception as error:
        db.session.rollback()
        _failed(email, type(error).__name__)
        return 0
    email.status, email.sent_at, email.claimed_until = EmailStatus.SENT, now(), None
    db.session.commit()
    return 1


def _failed(email: Email, error: str) -> None:
    current_app.logger.warning("email %s not sent (try %s): %s", email.id, email.tries, error)
    email.last_error = error[:100]
    email.claimed_until = None
    if email.tries >= current_app.config["EMAIL_MAX_TRIES"]:
        email.status = EmailStatus.FAILED
    else:
        email.due_at = now() + min(FIRST_WAIT * 2 ** (email.tries - 1), LONGEST_WAIT)
    db.session.commit()


NOT_GONE = (EmailStatus.WAITING, EmailStatus.FAILED, EmailStatus.HELD)


def not_gone(referral_id: int | None = None, request_id: int | None = None) -> list[Email]:
    """Emails about a referral or a request that staff should know have not gone: tried and
    not gone, or held back after a restore. Given neither, those about no record any more (the
    email saying an erasure is done, sent after the request went with the person)."""
    if referral_id:
        about = Email.referral_id == referral_id
    elif request_id:
        about = Email.request_id == request_id
    else:
        about = and_(Email.referral_id.is_(None), Email.request_id.is_(None),
                     Email.draft_id.is_(None))  # fmt: skip
    return db.session.scalars(
        select(Email)
        .where(about, Email.status.in_(NOT_GONE),
               or_(Email.tries > 0, Email.status == EmailStatus.HELD))
        .order_by(Email.id)
    ).all()  # fmt: skip


def about_referral(referral_id: int) -> list[Email]:
    """Every email kept about a referral, newest first: what went to whom, and when."""
    return list(db.session.scalars(
        select(Email).where(Email.referral_id == referral_id)
        .order_by(Email.created_at.desc(), Email.id.desc())
    ))  # fmt: skip


def hold_waiting() -> int:
    """Hold back every email waiting to go, for staff to send or not: run after a backup is
    restored, as some went after it was taken. How many; the caller commits."""
    held = db.session.execute(
        update(Email).where(Email.status == EmailStatus.WAITING).values(status=EmailStatus.HELD)
    )
    return held.rowcount


def try_again(email: Email) -> None:
    """Staff asked for an email that has not gone to be tried again now. The caller commits."""
    if email.status in NOT_GONE:
        email.status, email.tries, email.due_at = EmailStatus.WAITING, 0, now()
        g.setdefault("queued_emails", []).append(email)


def phoned(email: Email, staff_id: int) -> None:
    """Staff told the person by phone instead: the email is not sent. The caller commits."""
    if email.status in NOT_GONE:
        email.status, email.closed_by = EmailStatus.PHONED, staff_id


def _deliver_after_response(app: Flask, ids: list[int], request_id: str | None) -> None:
    with app.app_context():
        g.request_id = request_id  # its log lines belong to the request
        try:
            deliver(ids)
        except Exception as error:  # the database gone too: the workers send them later
            app.logger.warning("emails %s left to the workers: %s", ids, type(error).__name__)


# Set in a request's environ when emails wait for its response to go.
AFTER_RESPONSE = "portal.emails_after_response"


class _ClosedOnceSent:
    """A response body closed as soon as its last part has been handed to the server, so what
    waits for its close (the emails a request queued) runs then, whatever the server does
    afterwards: a server may skip close() when the browser has already hung up."""

    def __init__(self, body):
        self.body, self.parts, self.closed = body, iter(body), False

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self.parts)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if close := getattr(self.body, "close", None):
                close()


def _closed_once_sent(wsgi_app):
    def serve(environ, start_response):
        body = wsgi_app(environ, start_response)
        return _ClosedOnceSent(body) if environ.get(AFTER_RESPONSE) else body

    return serve


def init_app(app: Flask) -> None:
    @app.after_request
    def _deliver(response):
        ids = committed()
        if ids and app.config["EMAIL_SEND_AT_ONCE"]:
            # Run once the response has been sent (see _ClosedOnceSent).
            request_id = g.get("request_id")
            response.call_on_close(lambda: _deliver_after_response(app, ids, request_id))
            request.environ[AFTER_RESPONSE] = True
        return response

    app.wsgi_app = _closed_once_sent(app.wsgi_app)
