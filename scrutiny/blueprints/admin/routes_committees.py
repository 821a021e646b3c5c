"""Administration of committees and their memberships."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from scrutiny.blueprints.admin import bp
from scrutiny.blueprints.admin.end_dates import end_date_page
from scrutiny.blueprints.admin.forms import (
    CommitteeForm,
    MembershipForm,
    StandardItemForm,
    TemplateActionForm,
)
from scrutiny.blueprints.choices import people_with_email_choices
from scrutiny.blueprints.common import paginate, save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.params import parse_int
from scrutiny.extensions import db
from scrutiny.models.committees import Committee, CommitteeKind, Membership
from scrutiny.permissions import require
from scrutiny.services.core import audit, clocks
from scrutiny.services.meetings import agenda
from scrutiny.services.people import committees


def _parent_choices(exclude: Committee | None = None) -> list[tuple]:
    query = select(Committee.id, Committee.name).where(
        Committee.kind != CommitteeKind.TASK_AND_FINISH
    )
    if exclude is not None:
        query = query.where(Committee.id != exclude.id)
    return [("", "None")] + [
        (r.id, r.name) for r in db.session.execute(query.order_by(Committee.name))
    ]


def _committee_or_404(committee_id: int) -> Committee:
    committee = db.session.get(Committee, committee_id)
    if committee is None:
        abort(404)
    return committee


@bp.route("/committees", endpoint="committees")
def committees_index():
    """All committees, including inactive ones, with member counts, paginated."""
    require("committees.manage")
    q = request.args.get("q", "").strip()
    query = select(Committee).order_by(Committee.name)
    if q:
        query = query.where(func.lower(Committee.name).like(f"%{q.lower()}%"))
    page = paginate(query)
    counts = committees.current_member_counts(
        db.session, [c.id for c in page.items], clocks.today()
    )
    return render_template("admin/committees.html", page=page, q=q, counts=counts)


@bp.route("/committees/new", methods=["GET", "POST"])
def new_committee():
    """Create a committee or task-and-finish group."""
    require("committees.manage")
    form = CommitteeForm()
    form.parent_id.choices = _parent_choices()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: committees.create_committee(
                db.session,
                name=form.name.data,
                slug=form.slug.data or None,
                kind=form.kind.data,
                minute_prefix=form.minute_prefix.data,
                parent_id=form.parent_id.data,
                remit=form.remit.data,
            ),
            lambda committee: url_for("admin.committee", committee_id=committee.id),
            lambda result: f"{result.name} has been added",
        )
    ):
        return done
    return render_template("admin/committee_form.html", form=form, committee=None)


@bp.route("/committees/<int:committee_id>")
def committee(committee_id: int):
    """Manage a committee's members; shows its history."""
    item = _committee_or_404(committee_id)
    require("committees.manage", item)
    form = MembershipForm()
    form.user_id.choices = people_with_email_choices()
    return _render_committee(item, form)


def _render_committee(item: Committee, form: MembershipForm, status: int = 200):
    rows = committees.committee_memberships(db.session, item)
    today = clocks.today()
    current = [m for m in rows if m.current_on(today)]
    past = [m for m in rows if not m.current_on(today)]
    return (
        render_template(
            "admin/committee.html",
            committee=item,
            current=sorted(current, key=lambda m: (m.role != "chairman", m.role, m.user.name)),
            past=past,
            form=form,
            history=audit.history_for(db.session, item),
        ),
        status,
    )


def _update_committee(item: Committee, form: CommitteeForm) -> None:
    committees.update_committee(
        db.session,
        item,
        name=form.name.data,
        slug=form.slug.data or committees.slugify(form.name.data),
        kind=form.kind.data,
        minute_prefix=form.minute_prefix.data,
        parent_id=form.parent_id.data,
        remit=form.remit.data,
        active=form.active.data,
        expected_version=form.expected_version(),
    )


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
def edit_committee(committee_id: int):
    """Change a committee's details."""
    item = _committee_or_404(committee_id)
    require("committees.manage", item)
    form = CommitteeForm(obj=item if request.method == "GET" else None)
    form.parent_id.choices = _parent_choices(exclude=item)
    if form.validate_on_submit():
        ok, _ = save(form, "this committee", lambda: _update_committee(item, form))
        if ok:
            flash("Changes saved", "success")
            return redirect(url_for("admin.committee", committee_id=item.id))
    return render_template("admin/committee_form.html", form=form, committee=item)


@bp.route("/committees/<int:committee_id>/members", methods=["POST"])
def add_member(committee_id: int):
    """Put a person on the committee."""
    item = _committee_or_404(committee_id)
    require("committees.manage", item)
    form = MembershipForm()
    form.user_id.choices = people_with_email_choices()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: committees.add_membership(
                db.session,
                item,
                user_id=form.user_id.data,
                role=form.role.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                representing=form.representing.data,
            ),
            lambda membership: url_for("admin.committee", committee_id=item.id),
            lambda membership: f"{membership.user.name} added as {membership.role_label.lower()}",
        )
    ):
        return done
    return _render_committee(item, form, status=400)


@bp.route("/memberships/<int:membership_id>/end", methods=["GET", "POST"])
def end_membership(membership_id: int):
    """Record the last day of a membership."""
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        abort(404)
    require("committees.manage", membership.committee)
    return end_date_page(
        membership,
        "this membership",
        committees.end_membership,
        heading=f"When does {membership.user.name}'s membership of "
        f"{membership.committee.name} end?",
        back=url_for("admin.committee", committee_id=membership.committee_id),
    )


def _change_standard_item(committee: Committee, form: StandardItemForm) -> None:
    """Move or remove one template item (a button on the list); a problem is flashed."""
    change = TemplateActionForm()
    if not change.validate_on_submit():
        abort(400)
    index = parse_int(change.index.data or "", maximum=10_000) or -1
    save_or_flash(
        form,
        "this record",
        lambda: agenda.change_standard_item(db.session, committee.id, index, change.action.data),
    )


def _add_standard_item(committee: Committee, form: StandardItemForm) -> bool:
    """Add the form's item to the end of the template; True (and flashed) when added."""
    ok, _ = save(
        form,
        "this record",
        lambda: agenda.add_standard_item(
            db.session,
            committee.id,
            kind=form.kind.data,
            title=form.title.data,
            description=form.description.data,
        ),
    )
    if ok:
        flash(f"'{form.title.data}' added to the template", "success")
    return ok


@bp.route("/committees/<int:committee_id>/standard-items", methods=["GET", "POST"])
def standard_items(committee_id: int):
    """The committee's template of items every new agenda starts with."""
    item = _committee_or_404(committee_id)
    require("committees.manage", item)
    form = StandardItemForm()
    if request.method == "POST" and "action" in request.form:
        _change_standard_item(item, form)
        return redirect(url_for("admin.standard_items", committee_id=item.id))
    if form.validate_on_submit() and _add_standard_item(item, form):
        return redirect(url_for("admin.standard_items", committee_id=item.id))
    rows = agenda.standard_items(db.session, item.id)
    shown = (
        [(r.kind, r.title, r.description) for r in rows]
        if rows
        else list(agenda.DEFAULT_STANDARD_ITEMS)
    )
    return render_template(
        "admin/standard_items.html",
        committee=item,
        rows=shown,
        uses_defaults=not rows,
        form=form,
    )
