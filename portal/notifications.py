"""Writing and sending one email: three backends chosen by the EMAIL_BACKEND setting. Emails
are queued and delivered by `emails.py`, never sent from here directly.

- outbox (the default): each message is written to instance/outbox as a .eml file, for local use;
- smtp: sent through an SMTP server;
- notify: sent through GOV.UK Notify, using one template whose body is ((body)) and whose
  subject is ((subject)).

Messages are rendered from templates/emails/<name>.txt in the reader's language. They carry
references and what happens next, never health details.
"""

import os
import smtplib
import uuid
from datetime import UTC, datetime
from email.header import Header
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from notifications_python_client.notifications import NotificationsAPIClient

BACKENDS = ("outbox", "smtp", "notify")


def render(name: str, lang: str, **context) -> tuple[str, str]:
    """Subject (the first line) and body (the rest) of templates/emails/<name>.txt."""
    with force_locale(lang):
        text = render_template(f"emails/{name}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send(to: str, subject: str, body: str) -> None:
    """Send one email now; any fault of the server is raised."""
    config = current_app.config
    backend = config["EMAIL_BACKEND"]
    if backend == "smtp":
        _send_smtp(config, to, subject, body)
    elif backend == "notify":
        _send_notify(config, to, subject, body)
    else:
        _write_outbox(config, to, subject, body)


def _message(config, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["EMAIL_FROM"]
    message["To"] = to
    # Folded here, not by the email package's own folding, which can drop a space between
    # encoded words in some languages ("علاج کے" became "علاجکے").
    message.set_raw("Subject", Header(subject, header_name="Subject").encode(linesep="\r\n"))
    message.set_content(body)
    return message


def _write_outbox(config, to: str, subject: str, body: str) -> None:
    outbox = Path(config["EMAIL_OUTBOX"])
    # Emails carry private links: the folder and its files are the portal's user's alone.
    outbox.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(bytes(_message(config, to, subject, body)))


def _send_smtp(config, to: str, subject: str, body: str) -> None:
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(_message(config, to, subject, body))


def _send_notify(config, to: str, subject: str, body: str) -> None:
    client = NotificationsAPIClient(config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"])
    client.send_email_notification(
        email_address=to,
        template_id=config["NOTIFY_TEMPLATE_ID"],
        personalisation={"subject": subject, "body": body},
    )
