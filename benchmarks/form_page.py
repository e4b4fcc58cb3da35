"""Requests per second for a referral form page and a saving POST, against a bare Flask app.

Serves the portal and a bare Flask app returning the same bytes, each with gunicorn (2 sync
workers) on 127.0.0.1, loads both with wrk in the same run, and prints the figures. Two more
lines show where the time goes: the portal answering with the same bytes without drawing the
page (benchmarks/floor_app.py), first with nothing else, then after looking up the draft. The
last line is the stack alone: a minimal Flask-WTF form page (benchmarks/minimal_form_app.py)
against a bare Flask app serving its bytes.
Run with `make bench` (it installs wrk).
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DURATION = os.environ.get("BENCH_SECONDS", "10")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, port: int, env: dict, probe: str = "/refer/person") -> subprocess.Popen:
    process = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}")
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit(f"{app} did not start")


def wrk(url: str, script: Path | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}s", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def minimal_form(work: Path, env: dict) -> tuple[float, float]:
    """The minimal Flask-WTF form page and a bare app serving its bytes, with its cookie."""
    minimal_port, bare_port = free_port(), free_port()
    minimal = serve("benchmarks.minimal_form_app:app", minimal_port, env)
    try:
        url = f"http://127.0.0.1:{minimal_port}/refer/person"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        (work / "minimal.html").write_bytes(opener.open(url).read())
        script = work / "minimal.lua"
        script.write_text(
            f'wrk.headers["Cookie"] = "{"; ".join(f"{c.name}={c.value}" for c in jar)}"\n'
        )
        bare = serve(
            "benchmarks.bare_app:app", bare_port, {**env, "BARE_PAGE": str(work / "minimal.html")}
        )
        try:
            return wrk(url, script), wrk(f"http://127.0.0.1:{bare_port}/refer/person")
        finally:
            bare.send_signal(signal.SIGTERM)
            bare.wait()
    finally:
        minimal.send_signal(signal.SIGTERM)
        minimal.wait()


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make bench`")
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": f"sqlite:///{work}/bench.db",
           "EMAIL_OUTBOX": str(work / "outbox"), "SECRET_KEY": "benchmark-only-key"}  # fmt: skip
    subprocess.run([BIN / "flask", "--app", "portal", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)  # fmt: skip
    portal_port, bare_port = free_port(), free_port()
    portal = serve("portal:create_app()", portal_port, env, probe="/healthz")
    try:
        # A person with a draft, on the person page: their cookies and form token.
        base = f"http://127.0.0.1:{portal_port}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        start = opener.open(f"{base}/refer/").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start).group(1)
        opener.open(f"{base}/refer/", data=urllib.parse.urlencode({"csrf_token": token}).encode())
        page = opener.open(f"{base}/refer/person").read()
        token = (
            re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        )
        cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
        answers = {"full_name": "Sam Taylor", "date_of_birth-day": "14", "date_of_birth-month": "6",
                   "date_of_birth-year": "1990", "nhs_number_unknown": "y"}  # fmt: skip
        body = urllib.parse.urlencode({"csrf_token": token, **answers})
        (work / "page.html").write_bytes(page)
        get_script = work / "get.lua"
        get_script.write_text(f'wrk.headers["Cookie"] = "{cookies}"\n')
        post_script = work / "post.lua"
        post_script.write_text(
            'wrk.method = "POST"\n'
            f'wrk.body = "{body}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.headers["Cookie"] = "{cookies}"\n'
        )
        page_env = {**env, "BARE_PAGE": str(work / "page.html")}
        bare = serve("benchmarks.bare_app:app", bare_port, page_env)
        try:
            path = "/refer/person"
            bare_get = wrk(f"http://127.0.0.1:{bare_port}{path}")
            results = {
                "form page (GET)": (wrk(base + path, get_script), bare_get),
                "saving answers (POST)": (wrk(base + path, post_script),
                                          wrk(f"http://127.0.0.1:{bare_port}{path}", post_script)),
            }  # fmt: skip
        finally:
            bare.send_signal(signal.SIGTERM)
            bare.wait()
    finally:
        portal.send_signal(signal.SIGTERM)
        portal.wait()
    floor_port = free_port()
    floor = serve("benchmarks.floor_app:app", floor_port, page_env, probe="/healthz")
    try:
        floor_base = f"http://127.0.0.1:{floor_port}/refer/bench"
        results["same bytes, not drawn"] = (wrk(f"{floor_base}/const", get_script), bare_get)
        results["  and the draft looked up"] = (wrk(f"{floor_base}/draft", get_script), bare_get)
    finally:
        floor.send_signal(signal.SIGTERM)
        floor.wait()
    try:
        results["a minimal Flask-WTF form"] = minimal_form(work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{len(page):,} bytes of HTML; wrk -t2 -c16 -d{DURATION}s; gunicorn with 2 sync workers")
    print(f"{'':28}{'req/s':>14}{'bare req/s':>12}{'ratio':>8}")
    for name, (portal_rps, bare_rps) in results.items():
        print(f"{name:28}{portal_rps:14.0f}{bare_rps:12.0f}{portal_rps / bare_rps:8.2f}")


if __name__ == "__main__":
    main()
