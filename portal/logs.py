"""Logs as JSON lines, one per event, each with the id of the request it belongs to.

A log line never holds what people typed: no name, email address, NHS number, token or answer.
The portal logs only ids and kinds of things; an error's line gives the exception's type and
where it was raised, not its message (which can quote a value); database errors never carry
their statement's values (hide_parameters, in config.py). The request id comes from the proxy's
X-Request-Id header when it looks like one, else is made here, and is sent back in the same
header, so one request can be followed from nginx to the app."""

import json
import logging
import re
import sys
import traceback
import uuid

from flask import Flask, g, has_app_context, has_request_context, request

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_app_context() and "request_id" in g:  # also after the response (emails.py)
            line["request_id"] = g.request_id
        if has_request_context():
            line["method"], line["path"] = request.method, request.path
        if record.exc_info:
            kind, _error, trace = record.exc_info
            line["error"] = kind.__name__
            line["where"] = [f"{f.filename}:{f.lineno} {f.name}"
                             for f in traceback.extract_tb(trace)][-5:]  # fmt: skip
        return json.dumps(line, ensure_ascii=False)


def _request_id() -> None:
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _send_request_id(response):
    response.headers["X-Request-Id"] = g.get("request_id", "")
    return response


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False
    app.before_request(_request_id)
    app.after_request(_send_request_id)
