"""Logs: JSON lines with a request id, and nothing anyone typed."""

import json

from conftest import _free_port, dispose, migrated_app
from referral_helpers import PARENT_OF_12_YEAR_OLD, Journey, answer_all

MARKERS = ["Amir", "Hussain", "999 000 0018", "9990000018", "family@example.com", "Meltdowns",
           "token="]  # fmt: skip


def test_log_lines_are_json_with_a_request_id_and_nothing_typed(tmp_path, capfd):
    # Mail down, so the email's failure is logged too.
    app = migrated_app(tmp_path, TESTING=False, RATELIMIT_ENABLED=False, EMAIL_BACKEND="smtp",
                       SMTP_PORT=_free_port())  # fmt: skip

    @app.get("/_crash")
    def crash():
        raise ValueError("Amir Hussain 9990000018")  # an error whose message quotes answers

    capfd.readouterr()
    journey = Journey(app.test_client())
    journey.start()
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    assert journey.send().status_code == 302
    failed = journey.client.get("/_crash", headers={"X-Request-Id": "abc123-from-nginx"})
    assert failed.status_code == 500
    assert failed.headers["X-Request-Id"] == "abc123-from-nginx"
    made = journey.client.get("/", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"]
    assert len(made) == 32 and made.isalnum()  # not one that could be anything
    dispose(app)

    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.strip()]
    assert {"email", "ValueError"} <= {w for line in lines for w in (
        "email" if "email" in line["message"] else None, line.get("error"))}  # fmt: skip
    crashed = next(line for line in lines if line.get("error") == "ValueError")
    assert crashed["request_id"] == "abc123-from-nginx" and crashed["path"] == "/_crash"
    assert all(line.get("request_id") for line in lines)
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert [marker for marker in MARKERS if marker in text] == []
