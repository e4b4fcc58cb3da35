"""Admin commands for staff accounts and demo data:
`flask --app portal create-user` and `flask --app portal seed-demo`."""

import sys

import click
from flask import Flask, current_app
from sqlalchemy import select

from portal.areas.models import Organisation
from portal.extensions import db
from portal.staff import demo
from portal.staff.accounts import ROLES, create, find_by_email, password_problem


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    # Piped in, for scripts: the first line of standard input.
    return sys.stdin.readline().rstrip("\n")


@click.command("create-user")
@click.option("--name", required=True, help="Their full name")
@click.option("--email", required=True, help="Their work email address, used to sign in")
@click.option(
    "--role",
    type=click.Choice([str(role) for role in ROLES]),
    default="coordinator",
    show_default=True,
)
@click.option("--organisation", default="",
              help="The name of their organisation, as the staff admin pages list it "
              "(the register team if not given)")  # fmt: skip
def create_user(name: str, email: str, role: str, organisation: str) -> None:
    """Add a staff account. The password is asked for, or read from standard input."""
    if find_by_email(email):
        raise click.ClickException(f"An account already has the email address {email}")
    found = organisation and db.session.scalar(
        select(Organisation).where(Organisation.name == organisation.strip())
    )
    if organisation and not found:
        raise click.ClickException(f"No organisation is called {organisation!r}")
    password = _read_password()
    problem = password_problem(password, name, email)
    if problem:
        raise click.ClickException(problem)
    create(name, email, role, password, found.id if found else None)
    db.session.commit()
    click.echo(f"Added {ROLES[role].lower()} account for {email}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Add fictional people, referrals in every state and demo staff logins (printed once)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException(
            "seed-demo adds made-up people and staff logins with printed passwords: it does "
            "not run when PORTAL_ENV is production"
        )
    logins = demo.seed()
    if not logins:
        click.echo("The demo data is already there.")
        return
    click.echo("Demo data added. Staff logins, shown only this once:")
    for email, password, role, organisation in logins:
        click.echo(f"  {ROLES[role]:<26} {email}  password: {password}  ({organisation})")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
