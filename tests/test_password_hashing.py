"""Staff passwords are hashed at argon2's recommended strength unless a test suite asks for the
cheapest hashes (as conftest's make_app does, to keep the suite quick)."""

from argon2 import extract_parameters

from conftest import dispose, make_app
from portal import create_app
from portal.config import load_config
from portal.staff import accounts
from portal.staff.accounts import Staff, nobody_matches

PRODUCTION = "m=65536,t=3,p=4"


def test_production_strength_is_the_default(tmp_path):
    assert load_config(str(tmp_path))["PASSWORD_HASH_COST"] == "production"
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db"})
    assert app.config["PASSWORD_HASH_COST"] == "production"
    with app.app_context():
        staff = Staff(password_hash="")
        staff.set_password("plum-harbour-violin-quartz")
        assert f"$argon2id$v=19${PRODUCTION}$" in staff.password_hash
        parameters = extract_parameters(staff.password_hash)
        assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
            65536, 3, 4,
        )  # fmt: skip
        assert staff.check_password("plum-harbour-violin-quartz")
        assert not staff.check_password("plum-harbour-violin-quartet")
        assert PRODUCTION in staff.password_hash  # not weakened by being checked
        # An unknown address is checked against a hash of the same strength.
        assert PRODUCTION in accounts._NOBODY["production"]
        nobody_matches("plum-harbour-violin-quartz")
    dispose(app)


def test_outside_an_app_passwords_are_hashed_at_production_strength():
    staff = Staff(password_hash="")
    staff.set_password("plum-harbour-violin-quartz")
    assert PRODUCTION in staff.password_hash


def test_the_tests_use_the_cheapest_hashes_and_each_cost_checks_its_own(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        staff = Staff(password_hash="")
        staff.set_password("plum-harbour-violin-quartz")
        assert "m=8,t=1,p=1" in staff.password_hash
        assert staff.check_password("plum-harbour-violin-quartz")
        assert "m=8,t=1,p=1" in accounts._NOBODY["fast"]
    # A hash made at one strength is made again at the app's strength once it is checked.
    production = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with production.app_context():
        assert staff.check_password("plum-harbour-violin-quartz")
        assert PRODUCTION in staff.password_hash
    dispose(app)
    dispose(production)
