"""Health for load balancers and monitoring.

- `/livez`: the process answers (restart it if not);
- `/healthz`: the process and its database answer (send it requests if so);
- `/readyz`: that, and this server's email worker has looked for emails to send in the last
  few minutes (WORKER_STALE_MINUTES), so what people are promised by email goes. A server that
  runs no worker of its own (PORTAL_WORKER=off) asks that some worker has.
"""

from datetime import datetime, timedelta

from flask import Blueprint, current_app
from sqlalchemy import DateTime, String, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import aware, now
from portal.extensions import db

bp = Blueprint("health", __name__)
PLAIN = {"Content-Type": "text/plain"}


class WorkerBeat(db.Model):
    """When each server's email worker last looked for emails to send."""

    # The worker's name (WORKER_NAME: the server's host name unless set).
    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def beat(host: str) -> None:
    """The worker on `host` has just looked for emails; commits."""
    row = db.session.get(WorkerBeat, host)
    if row is None:
        db.session.add(WorkerBeat(host=host, seen_at=now()))
    else:
        row.seen_at = now()
    db.session.commit()


@bp.get("/livez")
def livez():
    return "ok\n", 200, PLAIN


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "database unavailable\n", 503, PLAIN
    return "ok\n", 200, PLAIN


@bp.get("/readyz")
def readyz():
    config = current_app.config
    last = select(func.max(WorkerBeat.seen_at))
    if config["WORKER_HERE"]:
        last = last.where(WorkerBeat.host == config["WORKER_NAME"])
    try:
        seen = db.session.scalar(last)
    except SQLAlchemyError:
        db.session.rollback()
        return "database unavailable\n", 503, PLAIN
    if seen is None or aware(seen) < now() - timedelta(minutes=config["WORKER_STALE_MINUTES"]):
        if config["WORKER_HERE"]:
            return "this server's email worker has not run lately\n", 503, PLAIN
        return "no email worker has run lately\n", 503, PLAIN
    return "ok\n", 200, PLAIN
