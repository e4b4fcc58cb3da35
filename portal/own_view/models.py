from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.forms.answers import SavedAnswers, Section
from portal.own_view.forms import DOUBTS, PAGES, AboutYouPage, HelperPage, WantsPage


class ViewAnswers(SavedAnswers):
    """The young person's answers, page by page: `given.about_you.know`."""

    register = Section(WantsPage)
    about_you = Section(AboutYouPage)
    helper = Section(HelperPage)


class OwnView(db.Model):
    """A child or young person's answers about their referral, kept exactly as they wrote them.

    While they answer, their browser holds a random token whose hash is `browser_hash`; once
    they send it, `given_at` is set and the view is what staff read.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    browser_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # {page slug: {field name: [values as typed]}}, as in a referral draft.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    given_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def given(self) -> "ViewAnswers":
        return ViewAnswers(self.answers)

    @property
    def wants(self) -> str:
        return self.given.register.wants or ""

    @property
    def doubts(self) -> bool:
        """They said no, or that they are not sure: staff must see this before deciding."""
        return self.wants in DOUBTS

    def summary(self) -> list[dict]:
        """Each question answered, with the answer as they gave it, in page order."""
        answers = self.given
        return [row for page in PAGES for row in answers.saved_form(page).summary()]


def given_view(referral_id: int) -> OwnView | None:
    """The latest view the young person sent about this referral, if any."""
    return db.session.scalar(
        select(OwnView)
        .where(OwnView.referral_id == referral_id, OwnView.given_at.is_not(None))
        .order_by(OwnView.given_at.desc())
        .limit(1)
    )
