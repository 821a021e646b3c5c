"""Feeds (RSS and Atom, per committee and council-wide) and the public email alert pages."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from sqlalchemy import select

from scrutiny.blueprints.follow import bp
from scrutiny.blueprints.follow.forms import ButtonForm, SubscribeForm
from scrutiny.extensions import csrf, db, limiter
from scrutiny.models.committees import Committee
from scrutiny.services.core.clocks import now
from scrutiny.services.people.committees import is_slug
from scrutiny.services.public import alerts, feeds

MIME = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def _feed(kind: str, fmt: str, committee: Committee | None):
    if kind not in feeds.KINDS or fmt not in MIME:
        abort(404)
    web = current_app.config["SCRUTINY_BASE_URL"].rstrip("/")
    body = feeds.render(
        db.session,
        kind,
        committee,
        fmt=fmt,
        web=web,
        council=current_app.config["SCRUTINY_COUNCIL_NAME"],
        self_url=f"{web}{request.path}",
        now=now(),
    )
    return current_app.response_class(body, content_type=f"{MIME[fmt]}; charset=utf-8")


@bp.route("/feeds/<kind>.<fmt>")
def feed(kind: str, fmt: str):
    """A council-wide feed: agendas, minutes, decisions or responses, as atom or rss."""
    return _feed(kind, fmt, None)


def _active_committee(slug: str) -> Committee:
    if not is_slug(slug):
        abort(404)
    committee = db.session.scalar(
        select(Committee).where(Committee.slug == slug, Committee.active.is_(True))
    )
    if committee is None:
        abort(404)
    return committee


@bp.route("/committees/<slug>/feeds/<kind>.<fmt>")
def committee_feed(slug: str, kind: str, fmt: str):
    """One committee's feed."""
    return _feed(kind, fmt, _active_committee(slug))


def _committees() -> list[Committee]:
    return list(
        db.session.scalars(
            select(Committee).where(Committee.active.is_(True)).order_by(Committee.name)
        )
    )


@bp.route("/alerts", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def subscribe():
    """Feeds to follow and the email alert form; a subscription waits for confirmation."""
    committees = _committees()
    form = SubscribeForm(scope=request.args.get("scope", ""))
    form.scope.choices = [(alerts.DECISIONS, "Decisions and executive responses (all committees)")]
    form.scope.choices += [(c.slug, f"Agendas and minutes of {c.name}") for c in committees]
    if form.validate_on_submit():
        by_slug = {c.slug: c for c in committees}
        alerts.subscribe(db.session, form.email.data, by_slug.get(form.scope.data), now())
        db.session.commit()
        return render_template("follow/check_email.html")
    return render_template(
        "follow/alerts.html", form=form, committees=committees, kinds=feeds.KINDS
    )


def _token_page(token: str, *, confirm: bool):
    sub = alerts.check_token(db.session, token, confirm=confirm)
    if sub is None:
        return render_template("follow/link_invalid.html"), 404
    form = ButtonForm()
    form.submit.label.text = "Start my alerts" if confirm else "Unsubscribe"
    if form.validate_on_submit():
        change = alerts.confirm if confirm else alerts.unsubscribe
        sub = change(db.session, token, now())
        what = alerts.scope_label(sub)
        db.session.commit()
        return render_template("follow/done.html", confirm=confirm, what=what)
    return render_template(
        "follow/button.html", form=form, confirm=confirm, what=alerts.scope_label(sub)
    )


@bp.route("/alerts/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The emailed confirmation link: a page whose button starts the alerts."""
    return _token_page(token, confirm=True)


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@limiter.exempt
def unsubscribe(token: str):
    """The unsubscribe link in every alert: one button, no sign-in."""
    return _token_page(token, confirm=False)


@bp.route("/alerts/unsubscribe/<token>/one-click", methods=["GET", "POST"])
@limiter.exempt
@csrf.exempt
def one_click_unsubscribe(token: str):
    """The List-Unsubscribe URL (RFC 8058): the mail client's POST unsubscribes at once (the
    signed token is the only credential); a browser gets the one-button page, whose form keeps
    its CSRF check."""
    if request.form.get("List-Unsubscribe") != "One-Click":
        return _token_page(token, confirm=False)  # a browser: the page and its own form check
    sub = alerts.unsubscribe(db.session, token, now())
    if sub is None:
        return render_template("follow/link_invalid.html"), 404
    what = alerts.scope_label(sub)
    db.session.commit()
    return render_template("follow/done.html", confirm=False, what=what)
