"""Flask commands for operators: users, demo data, mail delivery, the scheduler, the search
index, serving."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from scrutiny.extensions import db
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.errors import DomainError
from scrutiny.services.people import accounts

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Load and describe the demonstration council.")
mail_cli = AppGroup("mail", help="Deliver queued email.")
scheduler_cli = AppGroup("scheduler", help="Run scheduled jobs.")
search_cli = AppGroup("search", help="Maintain the search index.")

#: Hosts on which `flask serve --debug` may run the interactive debugger.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def parse_now(value: str | None) -> datetime:
    """An ISO time given on the command line (local time if no zone), or the clock's now."""
    if value is None:
        return clocks.now()
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clocks.local_zone())
    return moment.astimezone(UTC)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", "roles", multiple=True, help="admin, officer, councillor, owner, executive")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, name: str, roles: tuple[str, ...], password_stdin: bool):
    """Create a user who can sign in with the given roles."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        with audit.acting_as(label="flask users create"):
            user = accounts.create_user(
                db.session, email=email, name=name, roles=list(roles), password=password
            )
            db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    roles_text = ", ".join(sorted(r.value for r in user.roles)) or "no roles"
    click.echo(f"Created {user.email} ({roles_text})")


def _as_of(value: datetime | None) -> datetime:
    """09:00 London time on the --as-of day, or now."""
    if value is None:
        return clocks.now()
    return value.replace(hour=9, tzinfo=clocks.local_zone()).astimezone(UTC)


@demo_cli.command("load")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Build the demo around this day (YYYY-MM-DD) instead of today.",
)
def demo_load_command(as_of: datetime | None):
    """Load the demonstration council around today (or --as-of); an existing demo is left alone."""
    from scrutiny.demo import council as demo

    around = demo.loaded_around(db.session)
    if around is not None:
        click.echo(
            f"The demonstration council is already loaded (its last panel meeting was on "
            f"{clocks.format_day(around)}); nothing changed. Start from an empty database to "
            "build it around another day.",
            err=True,
        )
    moment = _as_of(as_of)
    with audit.acting_as(label="flask demo load"), clocks.fixed_at(moment):
        summary = demo.load_demo(db.session, moment)
        db.session.commit()
    click.echo(json.dumps(summary))


@demo_cli.command("generate")
@click.option("--actions", type=click.IntRange(min=0), required=True, help="How many actions.")
@click.option(
    "--updates-per-action",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Progress updates on each action.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the plan around this day (YYYY-MM-DD) instead of today.",
)
def demo_generate_command(actions: int, updates_per_action: int, seed: int, as_of: datetime | None):
    """Add a generated service plan with many actions and updates (for measuring speed), its
    dates around today (or --as-of)."""
    import time

    from scrutiny.demo import generate as demo_generate

    started = time.perf_counter()
    with audit.acting_as(label="flask demo generate"):
        summary = demo_generate.generate(
            db.session,
            actions=actions,
            updates_per_action=updates_per_action,
            now=_as_of(as_of),
            seed=seed,
        )
        db.session.commit()
    summary["seconds"] = round(time.perf_counter() - started, 2)
    click.echo(json.dumps(summary))


@demo_cli.command("logins")
def demo_logins_command():
    """Print the demonstration sign-ins."""
    from scrutiny.demo import council as demo

    click.echo(f"Demo sign-ins (password for each: {demo.DEMO_PASSWORD}):")
    for email, name, roles in demo.DEMO_LOGINS:
        click.echo(f"  {', '.join(roles):<22} {email:<36} {name}")
    click.echo(f"Open {current_app.config['SCRUTINY_BASE_URL']}")


@mail_cli.command("flush")
@click.option("--now", "now_text", help="Deliver what is due at this ISO time.")
def mail_flush_command(now_text: str | None):
    """Deliver queued email that is due; print a JSON summary."""
    from scrutiny.services.core.mail import flush_outbox

    summary = flush_outbox(db.session, parse_now(now_text))
    click.echo(json.dumps(summary.as_dict()))


@scheduler_cli.command("tick")
@click.option("--now", "now_text", help="Run the jobs as at this ISO time (London if no zone).")
@click.option("--dry-run", is_flag=True, help="Work everything out, then change nothing.")
def scheduler_tick_command(now_text: str | None, dry_run: bool):
    """Run one pass of every job at an instant and print a JSON summary."""
    from scrutiny.scheduler import run_all_jobs

    try:
        moment = parse_now(now_text)
    except ValueError:
        raise click.BadParameter(
            f"{now_text!r} is not an ISO date and time, like 2023-03-01T09:00", param_hint="--now"
        ) from None
    summary = run_all_jobs(current_app._get_current_object(), moment, dry_run=dry_run)
    click.echo(json.dumps(summary, indent=2))
    if summary.get("failed_jobs"):
        sys.exit(1)


@scheduler_cli.command("run")
def scheduler_run_command():
    """Run the one scheduler process (blocking); web workers never run jobs."""
    from scrutiny.scheduler import build_scheduler

    scheduler = build_scheduler(current_app._get_current_object(), blocking=True)
    click.echo("Scheduler running; press Ctrl+C to stop")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()


@search_cli.command("reindex")
def search_reindex_command():
    """Rebuild the search index from the records (it is normally kept up to date as you go)."""
    from scrutiny.services.public import search_index

    counts = search_index.reindex(db.session)
    db.session.commit()
    click.echo(json.dumps(counts))


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option(
    "--debug/--no-debug",
    default=None,
    help="Interactive debugger and reloader, on loopback only. Default: off unless FLASK_DEBUG=1.",
)
def serve_command(host: str, port: int, debug: bool | None):
    """Development server with the scheduler running once (not again in the reloader).

    The interactive debugger runs Python typed into an error page, so it is off unless asked
    for (--debug, or `flask --debug` / FLASK_DEBUG=1), and then only on a loopback address.
    """
    from flask.helpers import get_debug_flag
    from werkzeug.serving import run_simple

    from scrutiny.scheduler import build_scheduler

    debug = get_debug_flag() if debug is None else debug
    if debug and host not in LOOPBACK_HOSTS:
        raise click.UsageError(f"The debugger is for this computer only: serve {host} without it.")
    app = current_app._get_current_object()
    app.debug = debug
    if not debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true":  # not the reloader's watcher
        build_scheduler(app, blocking=False).start()
    run_simple(host, port, app, use_reloader=debug, use_debugger=debug, threaded=True)


def register_commands(app: Flask) -> None:
    """Add the command groups to `flask`."""
    for group in (users_cli, demo_cli, mail_cli, scheduler_cli, search_cli):
        app.cli.add_command(group)
    app.cli.add_command(serve_command)
