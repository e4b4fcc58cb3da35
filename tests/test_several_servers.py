"""The portal as it runs for real, all on 127.0.0.1 and started here: PostgreSQL, Redis, two app
servers (gunicorn, with gunicorn.conf.py), two email workers and nginx in front. A referral
is walked through nginx, each request going to the other server; one server is killed in the
middle, and nothing typed is lost; a rate limit counts across both; every email is delivered
exactly once to a real SMTP server."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from test_withdrawal import AMIR_BORN, FORM

from conftest import (
    ROOT,
    Mailbox,
    _free_port,
    _postgres_command,
    dispose,
    migrated_app,
    wait_for_port,
)
from portal.vocabulary import Role
from referral_helpers import PARENT_OF_12_YEAR_OLD, Journey, answer_all
from staff_helpers import add_staff, sign_in

pytestmark = pytest.mark.xdist_group("several-servers")

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
    access_log {d}/access.log;
    upstream portal {{ server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
                      server 127.0.0.1:{b} max_fails=1 fail_timeout=30s; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-Id $request_id;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


class Over:
    """requests, shaped like Flask's test client for the journey helpers: no redirects followed."""

    def __init__(self, base: str):
        self.base, self.session = base, requests.Session()

    def get(self, path):
        return self.session.get(self.base + path, allow_redirects=False, timeout=20)

    def post(self, path, data=None):
        return self.session.post(self.base + path, data=data, allow_redirects=False, timeout=20)


@pytest.fixture
def servers(postgres_url, redis_url, tmp_path):
    """nginx's address, the two app servers' processes and logs, and the mailbox."""
    _postgres_command(postgres_url, "DROP DATABASE IF EXISTS several WITH (FORCE)",
                      "CREATE DATABASE several")  # fmt: skip
    database = postgres_url.rsplit("/", 1)[0] + "/several"
    migrated = migrated_app(tmp_path, SQLALCHEMY_DATABASE_URI=database)  # migrated once
    add_staff(migrated, Role.ADMIN)  # to change a setting through one server
    dispose(migrated)
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    env = {**os.environ, "DATABASE_URL": database, "RATELIMIT_STORAGE_URI": redis_url,
           "SECRET_KEY": "one-key-for-every-server", "EMAIL_BACKEND": "smtp",
           "SMTP_PORT": str(smtp.port), "EMAIL_SEND_AT_ONCE": "false", "PORTAL_WORKER": "off",
           "WITHDRAWAL_RATE_LIMIT": "10 per hour", "REFERRAL_RATE_LIMIT": "100 per hour"}  # fmt: skip
    bin_dir = Path(sys.executable).parent
    processes, apps, logs = [], [], []
    for name in ("a", "b"):
        port = _free_port()
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed after the process
        logs.append(log)
        app = subprocess.Popen([str(bin_dir / "gunicorn"), "--config", "gunicorn.conf.py"],
                               cwd=ROOT, env={**env, "PORT": str(port)}, stdout=log,
                               stderr=subprocess.STDOUT)  # fmt: skip
        apps.append((app, port, tmp_path / f"{name}.log"))
        processes.append(app)
    workers = [subprocess.Popen([str(bin_dir / "flask"), "--app", "portal", "send-emails",
                                 "--watch", "--every", "0.3"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]  # fmt: skip
    processes += workers
    port = _free_port()
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    (nginx_dir / "nginx.conf").write_text(
        NGINX_CONF.format(d=nginx_dir, a=apps[0][1], b=apps[1][1], port=port)
    )
    processes.append(subprocess.Popen(["nginx", "-c", str(nginx_dir / "nginx.conf"),
                                       "-p", str(nginx_dir)], stderr=subprocess.DEVNULL))  # fmt: skip
    try:
        for _app, app_port, _log in apps:
            wait_for_port(app_port)
        wait_for_port(port)
        yield {"url": f"http://127.0.0.1:{port}", "apps": apps, "mailbox": mailbox,
               "workers": workers}  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        for log in logs:
            log.close()
        smtp.stop()


def served(log: Path, path: str) -> int:
    """How many requests for `path` a server's access log (JSON lines) holds."""
    return log.read_text().count(f'"path": "{path}"')


def test_several_servers_behind_nginx(servers):
    (server_a, port_a, log_a), (_server_b, port_b, log_b) = servers["apps"]
    # A staff admin changes how long details are kept, through whichever server nginx picks:
    # both servers' public pages say so from their next request, with no restart.
    admin = Over(servers["url"])
    assert sign_in(admin, "admin@example.nhs.uk").status_code == 302
    setting = admin.get("/staff/settings/RETENTION_DAYS")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', setting.text)[1]
    saved = admin.post("/staff/settings/RETENTION_DAYS", data={"csrf_token": token,
                                                               "value": "730"})  # fmt: skip
    assert saved.status_code == 302
    for port in (port_a, port_b):
        about = requests.get(f"http://127.0.0.1:{port}/what-the-register-is?lang=en", timeout=20)
        assert "delete their details 2 years later" in about.text, port

    family = Journey(Over(servers["url"]))
    family.start()
    # The first pages alternate between the servers.
    family.answer("who", PARENT_OF_12_YEAR_OLD["who"])
    family.answer("person", PARENT_OF_12_YEAR_OLD["person"])
    assert served(log_a, "/refer/who") + served(log_b, "/refer/who") == 2
    assert served(log_a, "/refer/who") == served(log_b, "/refer/who") == 1
    # Server A dies mid-journey; nginx sends everything to B, and nothing typed is lost.
    server_a.send_signal(signal.SIGKILL)
    server_a.wait(timeout=10)
    answer_all(family, PARENT_OF_12_YEAR_OLD, first="diagnosis")
    check = family.check()
    assert "Amir Hussain" in check.text and "2 September 2014" in check.text
    sent = family.send()
    assert sent.headers["Location"] == "/refer/confirmation"
    reference = re.search(r'class="app-reference"[^>]*>([^<]+)<', family.client.get(
        "/refer/confirmation").text)[1]  # fmt: skip

    # A rate limit counts across both servers (A is gone: B and nginx's retry serve them all,
    # as Redis holds the count, which a restarted server would share too).
    parent = Over(servers["url"])
    answers = []
    for n in range(11):
        page = parent.get(FORM)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)[1]
        answers.append(parent.post(FORM, data={
            "csrf_token": token, "requester": "parent", **AMIR_BORN, "wants": "leave",
            "requester_name": f"Parent {n}", "email": f"parent{n}@example.com",
            "given_nhs_number": "999 000 0018"}).status_code)  # fmt: skip
    assert answers == [302] * 10 + [429]

    # The two workers deliver every email exactly once: the referral's two (the family's, and
    # the team's inbox told, ORG_EMAIL by default) and ten requests'.
    mailbox = servers["mailbox"]
    deadline = time.monotonic() + 30
    while len(mailbox.messages) < 12 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # long enough for a second sending, if there were to be one
    sent_to = sorted(m["To"] for m in mailbox.messages)
    assert sent_to == sorted(["family@example.com", "dsr@example.nhs.uk"]
                             + [f"parent{n}@example.com" for n in range(10)])  # fmt: skip
    referral_email = next(m for m in mailbox.messages if m["To"] == "family@example.com")
    assert reference in referral_email.get_content()
