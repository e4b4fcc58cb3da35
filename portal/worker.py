"""The worker beside the web servers: `flask --app portal send-emails` sends the emails that are
due and stops; with --watch it keeps going, and once a day runs the retention purge and asks the
yearly question of those it is due for (register/growing_up.py).

One worker per server is enough, and several are safe: each email is claimed before it is sent
(emails.py), and the purge can run any number of times with the same result."""

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal import emails, health, retention
from portal.extensions import db
from portal.register import growing_up

PURGE_EVERY = 24 * 3600


@click.command("send-emails")
@with_appcontext
@click.option("--watch", is_flag=True, help="Keep going: send what falls due, and purge daily.")
@click.option("--every", default=5.0, show_default=True, help="Seconds between looks (--watch).")
def send_command(watch: bool, every: float) -> None:
    """Send the emails that are due, then stop (or, with --watch, keep going)."""
    next_purge = time.monotonic()
    while True:
        health.beat(current_app.config["WORKER_NAME"])
        sent = emails.deliver()
        if sent:
            click.echo(f"Sent {sent} email{'s' if sent != 1 else ''}")
        if not watch:
            return
        if time.monotonic() >= next_purge:
            retention.purge()
            growing_up.send_due()
            next_purge = time.monotonic() + PURGE_EVERY
        db.session.remove()
        time.sleep(every)


@click.command("ask-yearly")
@with_appcontext
def ask_yearly_command() -> None:
    """Ask the yearly question of those it is due for, and remind those who have not answered
    (the worker does this once a day)."""
    asked, reminded = growing_up.send_due()
    emails.deliver()
    click.echo(f"Asked {asked}, reminded {reminded}")


def init_app(app: Flask) -> None:
    app.cli.add_command(send_command)
    app.cli.add_command(ask_yearly_command)
