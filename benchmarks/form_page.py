"""Requests per second for a referral form page and a saving POST, against a bare Flask app.

Serves the portal and a bare Flask app returning the same bytes, each with gunicorn (2 sync
workers) on 127.0.0.1, loads both with wrk in the same run, and prints the figures. Two more
lines show where the time goes: the portal answering with the same bytes without drawing the
page (benchmarks/floor_app.py), first with nothing else, then after looking up the draft. The
last line is the stack alone: a minimal Flask-WTF form page (benchmarks/minimal_form_app.py)
against a bare Flask app serving its bytes.
Run with `make bench` (it installs wrk).
"""

import contextlib
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


@contextlib.contextmanager
def served(app: str, env: dict, probe: str = "/refer/person"):
    """The app served by gunicorn (2 sync workers) on a free port, while the block runs: its
    address."""
    port = free_port()
    process = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + probe)
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit(f"{app} did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()


def cookie_script(path: Path, jar: http.cookiejar.CookieJar, *lines: str) -> Path:
    """A wrk script sending the cookies in `jar`, and any other lines."""
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    path.write_text(
        "".join(f"{line}\n" for line in lines) + f'wrk.headers["Cookie"] = "{cookies}"\n'
    )
    return path


def wrk(url: str, script: Path | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}s", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def minimal_form(work: Path, env: dict) -> tuple[float, float]:
    """The minimal Flask-WTF form page, with its cookie, and a bare app serving its bytes."""
    with served("benchmarks.minimal_form_app:app", env) as base:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        (work / "minimal.html").write_bytes(opener.open(f"{base}/refer/person").read())
        script = cookie_script(work / "minimal.lua", jar)
        with served("benchmarks.bare_app:app", {**env, "BARE_PAGE": str(work / "minimal.html")}
                    ) as bare:  # fmt: skip
            return wrk(f"{base}/refer/person", script), wrk(f"{bare}/refer/person")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make bench`")
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": f"sqlite:///{work}/bench.db",
           "EMAIL_OUTBOX": str(work / "outbox"), "SECRET_KEY": "benchmark-only-key"}  # fmt: skip
    subprocess.run([BIN / "flask", "--app", "portal", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)  # fmt: skip
    path = "/refer/person"
    try:
        with served("portal:create_app()", env, probe="/healthz") as base:
            # A person with a draft, on the person page: their cookies and form token.
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            start = opener.open(f"{base}/refer/").read().decode()
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start).group(1)
            opener.open(
                f"{base}/refer/", data=urllib.parse.urlencode({"csrf_token": token}).encode()
            )
            page = opener.open(base + path).read()
            token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            answers = {"full_name": "Sam Taylor", "date_of_birth-day": "14",
                       "date_of_birth-month": "6", "date_of_birth-year": "1990",
                       "nhs_number_unknown": "y"}  # fmt: skip
            body = urllib.parse.urlencode({"csrf_token": token.decode(), **answers})
            (work / "page.html").write_bytes(page)
            get_script = cookie_script(work / "get.lua", jar)
            post_script = cookie_script(
                work / "post.lua", jar, 'wrk.method = "POST"', f'wrk.body = "{body}"',
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            )  # fmt: skip
            page_env = {**env, "BARE_PAGE": str(work / "page.html")}
            with served("benchmarks.bare_app:app", page_env) as bare:
                bare_get = wrk(bare + path)
                results = {
                    "form page (GET)": (wrk(base + path, get_script), bare_get),
                    "saving answers (POST)": (wrk(base + path, post_script),
                                              wrk(bare + path, post_script)),
                }  # fmt: skip
        with served("benchmarks.floor_app:app", page_env, probe="/healthz") as floor:
            results["same bytes, not drawn"] = (wrk(f"{floor}/refer/bench/const", get_script),
                                                bare_get)  # fmt: skip
            results["  and the draft looked up"] = (wrk(f"{floor}/refer/bench/draft", get_script),
                                                    bare_get)  # fmt: skip
        results["a minimal Flask-WTF form"] = minimal_form(work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{len(page):,} bytes of HTML; wrk -t2 -c16 -d{DURATION}s; gunicorn with 2 sync workers")
    print(f"{'':28}{'req/s':>14}{'bare req/s':>12}{'ratio':>8}")
    for name, (rps, bare_rps) in results.items():
        print(f"{name:28}{rps:14.0f}{bare_rps:12.0f}{rps / bare_rps:8.2f}")


if __name__ == "__main__":
    main()
