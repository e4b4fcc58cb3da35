from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import ConsentRoute, ReferralStatus, ReferrerType, checked_in


class Draft(db.Model):
    """Answers given so far. The browser holds only a random token; we keep its hash."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # {page slug: {field name: [values as typed]}}
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now, onupdate=now, index=True
    )
    # Save and come back later: a link that works once, until it expires.
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Referral(db.Model):
    """A referral that has been sent, and what the register team decided."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    # The hash of the browser token of the draft it was sent from: a second send of the same
    # draft finds this referral instead of making another.
    sent_from: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.NEW, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    lang: Mapped[str] = mapped_column(String(8))
    referrer_type: Mapped[str] = mapped_column(String(20))
    date_of_birth: Mapped[date] = mapped_column(Date)
    # Digits only, so a request to leave the register can find the referral by it.
    nhs_number: Mapped[str | None] = mapped_column(String(10), index=True)
    consent_route: Mapped[str] = mapped_column(String(20))
    consent_register: Mapped[bool] = mapped_column(Boolean)
    consent_sharing: Mapped[bool] = mapped_column(Boolean)
    # True where the person chose the agencies to share with one by one (`SharingChoice`);
    # otherwise sharing consent covers every partner agency in their area.
    sharing_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The area the person lives in; none when the referrer did not know and staff have not set it.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    area = relationship("Area")
    # Every answer as given, page by page, for the register team to read.
    answers: Mapped[dict] = mapped_column(JSON)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The decision's details: {"reason", "details", "signposting"} or {"needed"} or {"notes"}.
    decision: Mapped[dict | None] = mapped_column(JSON)
    # One more with each decision: a decision is taken only on the version it was made from.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        checked_in("status", ReferralStatus),
        checked_in("referrer_type", ReferrerType),
        checked_in("consent_route", ConsentRoute),
    )
