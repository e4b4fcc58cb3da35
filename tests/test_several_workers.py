"""The portal as it runs on several servers: each a process of its own, sharing the database and
the rate limits (in Redis)."""

import os
import re
import shutil
import subprocess
import sys

import pytest
import requests
from test_withdrawal import AMIR_BORN, FORM

from conftest import ROOT, _free_port, migrated_sqlite_file, wait_for_port


@pytest.fixture
def two_servers(tmp_path, redis_url):
    """Two app servers, each its own process, on one database and one Redis."""
    shutil.copyfile(migrated_sqlite_file(), tmp_path / "portal.db")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/portal.db",
           "SECRET_KEY": "one-key-for-both-servers", "RATELIMIT_STORAGE_URI": redis_url,
           "WITHDRAWAL_RATE_LIMIT": "10 per hour", "EMAIL_OUTBOX": str(tmp_path / "outbox")}  # fmt: skip
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "portal", "run", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            wait_for_port(int(url.rsplit(":", 1)[1]))
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_a_rate_limit_counts_once_across_two_servers(two_servers):
    """Ten requests to leave an hour from one address: the eleventh is refused, whichever
    server each request reaches."""
    browser = requests.Session()
    answers = []
    for n in range(11):
        server = two_servers[n % 2]
        page = browser.get(server + FORM)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)[1]
        sent = browser.post(server + FORM, allow_redirects=False, data={
            "csrf_token": token, "requester": "parent", **AMIR_BORN, "wants": "leave",
            "requester_name": f"Parent {n}", "email": "parent@example.com",
            "given_nhs_number": "999 000 0018"})  # fmt: skip
        answers.append(sent.status_code)
    assert answers == [302] * 10 + [429]
