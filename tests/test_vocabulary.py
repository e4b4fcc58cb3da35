"""The domain's words are the only values the database takes, and erasure reaches every table
that holds something about a person."""

import pytest
from factories import sent_referral
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from portal import erasure
from portal.extensions import db
from portal.forms.answers import read
from portal.referral.answers import Answers
from portal.referral.forms import PersonPage
from portal.referral.models import Referral
from portal.vocabulary import ReferralStatus
from referral_helpers import PARENT_OF_12_YEAR_OLD

OUTSIDE = [
    ("referral", "status", "accepted "),
    ("referral", "status", "Accepted"),
    ("referral", "consent_route", "parent"),
    ("referral", "referrer_type", "guardian"),
]


@pytest.mark.parametrize(("table", "column", "value"), OUTSIDE)
def test_the_database_refuses_a_word_outside_the_vocabulary(referral_app, table, column, value):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    with referral_app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                               {"value": value, "id": referral.id})  # fmt: skip
            db.session.flush()
        db.session.rollback()
        # A word of the vocabulary is stored as its value, and read back equal to it.
        stored = db.session.get(Referral, referral.id)
        stored.status = ReferralStatus.DECLINED
        db.session.commit()
        value = db.session.execute(text("SELECT status FROM referral")).scalar_one()
        assert value == "declined" and type(value) is str


def test_the_constraints_cover_every_stored_word(referral_app):
    """Each column that holds a word of the vocabulary has its CHECK constraint."""
    with referral_app.app_context():
        checks = {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.constraints
                  if c.__class__.__name__ == "CheckConstraint"}  # fmt: skip
    for table, column in [("referral", "status"), ("referral", "consent_route"),
                          ("referral", "referrer_type"), ("person", "status"),
                          ("person", "rating"), ("consent_record", "route"),
                          ("withdrawal_request", "outcome"), ("staff", "role")]:  # fmt: skip
        assert (table, f"ck_{table}_{column}") in checks


def test_every_table_about_a_person_is_reached_by_erasure(app):
    """A new table must have a foreign key that leads to the referral, or say in erasure.KEPT
    why it may stay: otherwise erasing someone would silently leave it behind."""
    with app.app_context():
        tables = {t.name for t in db.metadata.sorted_tables}
        reached = erasure.reached()
    assert tables - reached - set(erasure.KEPT) == set()
    assert not reached & set(erasure.KEPT)
    # The tables a person's data is in today, so the walk itself is checked.
    assert {"referral", "person", "review", "rating_change", "search_term", "cetr_offer",
            "consent_record", "private_link", "own_view", "withdrawal_request"} <= reached  # fmt: skip


def test_a_table_with_a_person_key_but_no_foreign_key_fails_the_check(app):
    """The check above cannot pass by accident: a table that names a person without a foreign
    key is neither reached nor kept."""
    from sqlalchemy import Column, Integer, Table

    with app.app_context():
        extra = Table("loose_notes", db.metadata, Column("id", Integer, primary_key=True),
                      Column("person_id", Integer))  # fmt: skip
        try:
            tables = {t.name for t in db.metadata.sorted_tables}
            assert "loose_notes" in tables - erasure.reached() - set(erasure.KEPT)
        finally:
            db.metadata.remove(extra)


def test_answers_are_read_by_the_names_their_form_gives_them():
    answers = Answers({"person": {"full_name": ["Amir Hussain"], "date_of_birth-day": ["2"],
                                  "date_of_birth-month": ["9"], "date_of_birth-year": ["2014"]}})  # fmt: skip
    assert answers.person.full_name == "Amir Hussain"
    assert answers.person.date_of_birth.isoformat() == "2014-09-02"
    assert answers.person.pronouns is None
    assert read(answers.saved, PersonPage).full_name == "Amir Hussain"
    with pytest.raises(AttributeError):
        answers.person.fullname  # noqa: B018 (a typo is an error, not a silent None)
