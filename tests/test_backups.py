"""A backup restored after someone was erased: they are erased again, from the audit trail."""

import glob
import shutil
import subprocess
from urllib.parse import urlparse

from sqlalchemy import select
from test_retention import dump
from test_withdrawal import ask

from conftest import dispose
from portal.extensions import db
from portal.referral.models import Referral
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL
from staff_helpers import post_form, send_referral


def _pg(tool: str, url: str, *args: str) -> None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))[-1]
    where = urlparse(url.replace("postgresql+psycopg", "postgresql"))
    subprocess.run([found, "-h", where.hostname, "-p", str(where.port), "-U", "postgres",
                    "-d", where.path.lstrip("/"), *args], capture_output=True, check=True)  # fmt: skip


def back_up(app, folder) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    dispose(app)
    if url.startswith("sqlite"):
        shutil.copyfile(url.removeprefix("sqlite:///"), folder / "backup.db")
    else:
        _pg("pg_dump", url, "-Fc", "-f", str(folder / "backup.dump"))


def restore(app, folder) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    dispose(app)
    if url.startswith("sqlite"):
        shutil.copyfile(folder / "backup.db", url.removeprefix("sqlite:///"))
    else:
        _pg("pg_restore", url, "--clean", "--if-exists", str(folder / "backup.dump"))


def test_a_restored_backup_is_erased_again_from_the_audit_trail(referral_app, coordinator,
                                                                  tmp_path):  # fmt: skip
    amir = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    referral_app.config["EMAIL_SEND_AT_ONCE"] = False
    sam = send_referral(referral_app, SELF_REFERRAL)  # the email saying so waits for a worker
    back_up(referral_app, tmp_path)
    runner = referral_app.test_cli_runner()
    assert runner.invoke(args=["send-emails"]).output == "Sent 1 email\n"  # after the backup
    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="erase")
    request_id = 1
    assert post_form(coordinator, f"/staff/requests/{request_id}",
                     {"decision": "act"}).status_code == 302  # fmt: skip
    assert "Amir" not in dump(referral_app)
    listed = runner.invoke(args=["erased-since", "2000-01-01"])
    assert listed.output == f"{amir.id}\n"
    (tmp_path / "erased.txt").write_text(listed.output)

    restore(referral_app, tmp_path)
    assert "Amir" in dump(referral_app)  # the backup brought him back
    again = runner.invoke(args=["erase-again", str(tmp_path / "erased.txt")])
    assert again.output == "Erased again: 1\nEmails held back for staff to check: 1\n"
    assert "Amir" not in dump(referral_app)
    with referral_app.app_context():
        assert db.session.scalars(select(Referral.id)).all() == [sam.id]
    # Safe to run again: nothing more to do.
    twice = runner.invoke(args=["erase-again", str(tmp_path / "erased.txt")])
    assert twice.output == "Erased again: 0\nEmails held back for staff to check: 0\n"
    # Sam's email, which went after the backup, does not go again by itself; staff see it.
    assert runner.invoke(args=["send-emails"]).output == ""
    page = coordinator.get(f"/staff/referrals/{sam.id}").text
    assert "held back when the database was restored from a backup" in page
    assert "Send it now" in page
