"""Settings, read from the environment once when the app is made."""

import os
import re
import secrets
import socket
from pathlib import Path

from portal.clock import TIME_ZONE

ENVIRONMENTS = ("development", "production")


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


def _keyworker_service() -> dict:
    """The keyworker service: its name, the ages it serves, the colours it takes and its email
    for referrals. Refused at start-up if any is missing or wrong."""
    name = os.environ.get("KEYWORKER_SERVICE", "Exampleshire Keyworker Service").strip()
    ages = os.environ.get("KEYWORKER_AGES", "0-25").strip()
    colours = _list("KEYWORKER_RATINGS", "red;amber;blue")
    email = os.environ.get("KEYWORKER_EMAIL", "keyworkers@example.nhs.uk").strip()
    if not name or len(name) > 200:
        raise ConfigError(
            "KEYWORKER_SERVICE must name the keyworker service (200 characters or fewer)"
        )
    found = re.fullmatch(r"(\d{1,3})-(\d{1,3})", ages)
    if not found or int(found[1]) > int(found[2]) or int(found[2]) > 120:
        raise ConfigError(
            f"KEYWORKER_AGES must be the youngest and oldest age served, like 0-25, not {ages!r}"
        )
    known = ("red", "amber", "green", "blue")
    if not colours or any(c not in known for c in colours):
        raise ConfigError(
            "KEYWORKER_RATINGS must list the colours the service takes, from "
            f"red, amber, green and blue, separated by ;, not {';'.join(colours)!r}"
        )
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ConfigError(f"KEYWORKER_EMAIL must be the service's email address, not {email!r}")
    return {"name": name, "youngest": int(found[1]), "oldest": int(found[2]),
            "ratings": colours, "email": email}  # fmt: skip


# For each retention setting: its default, and the limits a staff admin may change it within.
RETENTION_DEFAULTS = {
    "RETENTION_DAYS": (365, 30, 3650),
    "DECLINED_RETENTION_DAYS": (180, 30, 3650),
    "DRAFT_RETENTION_DAYS": (30, 1, 365),
    "REQUEST_RETENTION_DAYS": (90, 30, 3650),
}


def _retention_limits() -> dict[str, tuple[int, int]]:
    found = {}
    for name, (default, low, high) in RETENTION_DEFAULTS.items():
        low, high, value = _int(f"{name}_MIN", low), _int(f"{name}_MAX", high), _int(name, default)
        if not 0 <= low <= value <= high:
            raise ConfigError(f"{name} must be from {name}_MIN ({low}) to {name}_MAX ({high}), "
                              f"not {value}")  # fmt: skip
        found[name] = (low, high)
    return found


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(";") if item.strip()]


def _local_secret_key(instance_path: str) -> str:
    """A key made once for this machine and kept under instance/, for local use only."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _refuse_what_is_unsafe(email_backend: str, rate_limit_storage: str, database_url: str) -> None:
    """Settings fit for trying the portal on one machine, refused in production."""
    if email_backend == "outbox":
        raise ConfigError(
            "EMAIL_BACKEND=outbox writes emails, with their private links, to files: set "
            "EMAIL_BACKEND to smtp or notify when PORTAL_ENV is production"
        )
    if rate_limit_storage.startswith("memory"):
        raise ConfigError(
            "RATELIMIT_STORAGE_URI=memory:// counts in each process apart: set it to a Redis "
            "server (redis://host:6379) when PORTAL_ENV is production"
        )
    if database_url.startswith("sqlite") and os.environ.get("SINGLE_SERVER") != "true":
        raise ConfigError(
            "SQLite serves one server only: set DATABASE_URL to PostgreSQL, or SINGLE_SERVER=true "
            "if the portal runs on one server on purpose, when PORTAL_ENV is production"
        )


def load_config(instance_path: str) -> dict:
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == "production"

    secret_key = os.environ.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set when PORTAL_ENV is production")
        secret_key = _local_secret_key(instance_path)

    # Emailed links are built from the address the request came to, so only the portal's own
    # names are answered: a made-up Host header cannot put another site into our emails.
    trusted_hosts = _list("TRUSTED_HOSTS", "" if production else "localhost;127.0.0.1")
    if not trusted_hosts:
        raise ConfigError("TRUSTED_HOSTS must be set when PORTAL_ENV is production")
    # Where people reach the portal, for the links in emails the worker writes on its own (the
    # yearly question), outside any request.
    default_url = (f"https://{trusted_hosts[0]}" if production
                   else f"http://localhost:{os.environ.get('PORT', '5000')}")  # fmt: skip
    public_url = os.environ.get("PUBLIC_URL", default_url).rstrip("/")
    if not public_url.startswith(("https://", "http://")):
        raise ConfigError(f"PUBLIC_URL must start with https:// or http://, not {public_url!r}")

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path}/portal.db"

    email_backend = os.environ.get("EMAIL_BACKEND", "outbox")
    org_email = os.environ.get("ORG_EMAIL", "dsr@example.nhs.uk")
    if email_backend not in ("outbox", "smtp", "notify"):
        raise ConfigError(f"EMAIL_BACKEND must be outbox, smtp or notify, not {email_backend!r}")
    rate_limit_storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    register_ages = os.environ.get("REGISTER_AGES", "all")
    if register_ages not in ("all", "children"):
        raise ConfigError(f"REGISTER_AGES must be all or children, not {register_ages!r}")
    if production:
        _refuse_what_is_unsafe(email_backend, rate_limit_storage, database_url)

    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "TRUSTED_HOSTS": trusted_hosts,
        "PUBLIC_URL": public_url,
        # How many proxies (such as the one that ends HTTPS) stand in front of the portal, and
        # whose X-Forwarded- headers to believe: for client addresses in rate limits, and for
        # https:// in emailed links.
        "PROXIES": _int("PROXIES", 0),
        # Staff password hashing: "production" (argon2's recommended strength) unless a test
        # suite sets "fast". Not read from the environment, so a deployment cannot weaken it.
        "PASSWORD_HASH_COST": "production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 1024 * 1024),
        # Dates and times on every page, document and email are UK time (clock.py).
        "BABEL_DEFAULT_TIMEZONE": TIME_ZONE,
        # Session cookie: never readable by scripts, sent only over HTTPS in production, and
        # gone when the browser closes (no session is made permanent).
        # In production the name's __Host- prefix makes browsers refuse it unless it was set
        # over HTTPS, for the whole site, by this host alone.
        "SESSION_COOKIE_NAME": "__Host-dsr_session" if production else "dsr_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": _int("CSRF_TIME_LIMIT_SECONDS", 8 * 3600),
        # The organisation that runs the register, shown on every page.
        "ORG_NAME": os.environ.get("ORG_NAME", "NHS Example Integrated Care Board"),
        "ORG_AREA": os.environ.get("ORG_AREA", "Exampleshire"),
        "ORG_EMAIL": org_email,
        "ORG_PHONE": os.environ.get("ORG_PHONE", "01632 960 000"),
        # The register team's inbox, told of each new referral (empty: nobody is told).
        "TEAM_EMAIL": os.environ.get("TEAM_EMAIL", org_email),
        # Working days a referral may wait for a decision before the queue flags it; and for
        # one whose referrer suggests Red or Blue.
        "DECISION_WORKING_DAYS": _int("DECISION_WORKING_DAYS", 5),
        # Weeks after leaving hospital during which the rating stays Red or Blue, unless a
        # coordinator records why it should be lower.
        "AFTER_DISCHARGE_RED_WEEKS": _int("AFTER_DISCHARGE_RED_WEEKS", 6),
        "URGENT_DECISION_WORKING_DAYS": _int("URGENT_DECISION_WORKING_DAYS", 2),
        # Weeks within which a C(E)TR should be held after someone is rated Red, and after a
        # hospital admission: the person's page says whether one was.
        "CETR_AFTER_RED_WEEKS": _int("CETR_AFTER_RED_WEEKS", 4),
        "CETR_AFTER_ADMISSION_WEEKS": _int("CETR_AFTER_ADMISSION_WEEKS", 4),
        # all: one register for every age; children: this is the children's register, and
        # people move to the adults' register at 18 (the coordinator is shown who is due).
        "REGISTER_AGES": register_ages,
        # The keyworker service: KEYWORKER_SERVICE, KEYWORKER_AGES, KEYWORKER_RATINGS and
        # KEYWORKER_EMAIL.
        "KEYWORKER": _keyworker_service(),
        # Months between asking each person whether they still want to be on the register (0:
        # never), and days between the question and each of its two reminders.
        "RECONFIRM_MONTHS": _int("RECONFIRM_MONTHS", 12),
        "RECONFIRM_REMINDER_DAYS": _int("RECONFIRM_REMINDER_DAYS", 14),
        # Retention: days after someone leaves the register before everything about them is
        # deleted; and the same for declined or withdrawn referrals, drafts nobody came back to,
        # and requests to leave the register once they are closed.
        **{name: _int(name, default) for name, (default, _l, _h) in RETENTION_DEFAULTS.items()},
        # The shortest and longest a staff admin may set each of those to (<NAME>_MIN and
        # <NAME>_MAX); the environment's value must lie between them.
        "RETENTION_LIMITS": _retention_limits(),
        # Figures that leave the portal show a count below this as "fewer than" it.
        "SMALL_NUMBERS_UNDER": _int("SMALL_NUMBERS_UNDER", 8),
        # Weeks between DSR meetings: a new meeting is suggested that long after the last.
        "MEETING_WEEKS": _int("MEETING_WEEKS", 4),
        "EMAIL_RETENTION_DAYS": _int("EMAIL_RETENTION_DAYS", 30),
        # Days the register team has to act on a request to come off the register (requests
        # to delete everything are due in one month, by law).
        "WITHDRAWAL_DAYS": _int("WITHDRAWAL_DAYS", 7),
        # Email
        "EMAIL_BACKEND": email_backend,
        # Tries before an email is given up on and shown to staff as failed; the waits between
        # them grow from a minute to an hour, so ten tries cover about four hours.
        "EMAIL_MAX_TRIES": _int("EMAIL_MAX_TRIES", 10),
        # Whether the web server tries each email straight after the request that queued it, or
        # leaves every email to the workers ("false").
        "EMAIL_SEND_AT_ONCE": os.environ.get("EMAIL_SEND_AT_ONCE", "true") != "false",
        # /readyz answers 503 when this server's email worker (or, where it runs none, every
        # server's) has not looked for emails for this long.
        "WORKER_STALE_MINUTES": _int("WORKER_STALE_MINUTES", 3),
        # Whether gunicorn.conf.py starts an email worker beside this server, and the name
        # that worker and this server's /readyz know it by.
        "WORKER_HERE": os.environ.get("PORTAL_WORKER", "on") != "off",
        "WORKER_NAME": os.environ.get("WORKER_NAME") or socket.gethostname(),
        "EMAIL_FROM": os.environ.get("EMAIL_FROM", "Dynamic Support Register <dsr@example.nhs.uk>"),
        "EMAIL_OUTBOX": os.environ.get("EMAIL_OUTBOX", f"{instance_path}/outbox"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": _int("SMTP_PORT", 25),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "") == "true",
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY", ""),
        "NOTIFY_TEMPLATE_ID": os.environ.get("NOTIFY_TEMPLATE_ID", ""),
        "NOTIFY_BASE_URL": os.environ.get(
            "NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        ),
        # Referrals
        # How long the browser that sent a referral or answered a consent link can see its
        # confirmation and download its copies: on a shared computer, not the next person.
        "CONFIRMATION_MINUTES": _int("CONFIRMATION_MINUTES", 60),
        "RESUME_LINK_DAYS": _int("RESUME_LINK_DAYS", 28),
        # How long a young person has to give their own view through the link sent to the family.
        "OWN_VIEW_LINK_DAYS": _int("OWN_VIEW_LINK_DAYS", 28),
        # How long the link asking for consent works, when nobody had been asked at referral.
        "CONSENT_LINK_DAYS": _int("CONSENT_LINK_DAYS", 28),
        # How long the link asking for consent to a C(E)TR works (once).
        "CETR_LINK_DAYS": _int("CETR_LINK_DAYS", 14),
        # Who information is shared with, if people agree: names separated by semicolons.
        "PARTNER_AGENCIES": _list(
            "PARTNER_AGENCIES",
            "Exampleshire NHS Foundation Trust; Exampleshire County Council children's services; "
            "Exampleshire County Council adult social care; Exampleshire County Council education "
            "and special educational needs service",
        ),
        # The longest a PDF may take to draw before the request gives up.
        "PDF_TIMEOUT_SECONDS": _int("PDF_TIMEOUT_SECONDS", 20),
        # How long the link to the outcome letter, sent with the decision, works.
        "OUTCOME_LINK_DAYS": _int("OUTCOME_LINK_DAYS", 90),
        # How long each link to where things stand works, unless the person leaves first; every
        # email to the family or the referrer carries a new one.
        "STATUS_LINK_DAYS": _int("STATUS_LINK_DAYS", 365),
        # How long the link to answer the team's request for more information works (once).
        "REPLY_LINK_DAYS": _int("REPLY_LINK_DAYS", 28),
        "RATELIMIT_STORAGE_URI": rate_limit_storage,
        "REFERRAL_RATE_LIMIT": os.environ.get("REFERRAL_RATE_LIMIT", "10 per hour"),
        "EMAIL_RATE_LIMIT": os.environ.get("EMAIL_RATE_LIMIT", "5 per hour"),
        "WITHDRAWAL_RATE_LIMIT": os.environ.get("WITHDRAWAL_RATE_LIMIT", "10 per hour"),
        # Staff sign-in: a session ends after this long without a request, and after this long
        # in all; an address is locked for a while after too many wrong passwords.
        "STAFF_IDLE_MINUTES": _int("STAFF_IDLE_MINUTES", 30),
        "STAFF_SESSION_HOURS": _int("STAFF_SESSION_HOURS", 10),
        "LOGIN_ATTEMPTS": _int("LOGIN_ATTEMPTS", 5),
        "LOCKOUT_MINUTES": _int("LOCKOUT_MINUTES", 15),
        # The BRAG tool: the questions that suggest a rating, their weights and thresholds, in
        # a TOML file an area may replace (README). Checked at start-up: a wrong file stops it.
        "BRAG_TOOL_FILE": os.environ.get("BRAG_TOOL_FILE")
        or str(Path(__file__).parent / "register" / "brag_tool.toml"),
        # Weeks between reviews for each rating: local policy.
        "REVIEW_WEEKS": {
            "red": _int("REVIEW_WEEKS_RED", 2),
            "amber": _int("REVIEW_WEEKS_AMBER", 4),
            "green": _int("REVIEW_WEEKS_GREEN", 12),
            "blue": _int("REVIEW_WEEKS_BLUE", 12),
        },
    }


def engine_options(database_url: str) -> dict:
    """How the database is used, once its address is settled (a test may give one).

    A server's connections drop while pooled when it restarts, so each is checked before
    use; a SQLite file cannot drop, and checking would cost a query on every request. An
    error's log never shows the values a statement carried: they are people's answers."""
    return {"pool_pre_ping": not database_url.startswith("sqlite"), "hide_parameters": True}
