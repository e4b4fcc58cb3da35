"""gunicorn's settings, for `make run` and for each app server in production.

The email worker (`flask --app portal send-emails --watch`) starts with the web server and stops
with it: one per server, which is safe however many servers run, as each email is claimed
before it is sent. Set PORTAL_WORKER=off where the worker runs on its own."""

import os
import subprocess
import sys
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# One process with threads: rate limits kept in its memory then count once per client. Several
# processes or servers need RATELIMIT_STORAGE_URI (Redis) shared between them.
workers = int(os.environ.get("WEB_WORKERS", "1"))
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = 30
graceful_timeout = 20
# No control socket: nothing on the machine may steer the server but its own signals.
control_socket_disable = True
# The access log, as JSON lines like the app's own, leaves out client addresses and query
# strings (which can hold private links); the request id ties each line to the app's lines.
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": %(B)s, '
    '"ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
wsgi_app = "portal:create_app()"

_worker: list[subprocess.Popen] = []


def when_ready(server) -> None:
    if os.environ.get("PORTAL_WORKER", "on") == "off":
        return
    flask = Path(sys.executable).with_name("flask")
    command = [str(flask), "--app", "portal", "send-emails", "--watch"]
    _worker.append(subprocess.Popen(command))  # noqa: S603 - our own command, no input
    server.log.info("Email worker started (pid %s)", _worker[0].pid)


def on_exit(server) -> None:
    for process in _worker:
        process.terminate()
        process.wait(timeout=10)
