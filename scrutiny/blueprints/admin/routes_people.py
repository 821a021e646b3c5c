"""Administration of users, posts and post holders, and the mail outbox."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select

from scrutiny.blueprints.admin import bp
from scrutiny.blueprints.admin.end_dates import end_date_page
from scrutiny.blueprints.admin.forms import ConfirmForm, HolderForm, PostForm, UserForm
from scrutiny.blueprints.choices import people_with_email_choices
from scrutiny.blueprints.common import (
    commit_or_conflict,
    paginate,
    save,
)
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.extensions import db
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import Post, PostHolding, Role, User, UserRole
from scrutiny.models.scheduling import JobRun
from scrutiny.permissions import require
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.clocks import now
from scrutiny.services.core.errors import DomainError
from scrutiny.services.people import accounts, posts


def _get_or_404(model, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


@bp.route("/users")
def users():
    """Users, searchable and filterable by role and status, paginated in SQL."""
    require("users.view")
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    status = request.args.get("status", "active")
    query = select(User).order_by(User.name)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.name).like(like), User.email.like(like)))
    if role in {r.value for r in Role}:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    page = paginate(query)
    return render_template(
        "admin/users.html", page=page, q=q, role=role, status=status, roles=list(Role)
    )


def _create_user(form: UserForm) -> User:
    """Create the user, and email them an invitation to set a password if asked."""
    user = accounts.create_user(
        db.session, email=form.email.data, name=form.name.data, roles=form.roles.data
    )
    if form.send_invitation.data:
        accounts.request_password_reset(
            db.session,
            user.email,
            now=now(),
            base_url=current_app.config["SCRUTINY_BASE_URL"],
            invitation=True,
        )
    return user


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create a user and, if asked, email them a link to set their password."""
    require("users.manage")
    form = UserForm()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: _create_user(form),
            lambda user: url_for("admin.user", user_id=user.id),
            lambda user: f"{user.name} has been added",
        )
    ):
        return done
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>")
def user(user_id: int):
    """A user's details, roles, posts, committees and history."""
    person = _get_or_404(User, user_id)
    require("users.view", person)
    return render_template(
        "admin/user.html",
        person=person,
        holdings=person.post_holdings,
        history=audit.history_for(db.session, person),
        confirm=ConfirmForm(version=person.version),
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change a user's name, email and roles."""
    person = _get_or_404(User, user_id)
    require("users.manage", person)
    form = UserForm(obj=person if request.method == "GET" else None)
    if request.method == "GET":
        form.roles.data = sorted(r.value for r in person.roles)
        form.version.data = person.version
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this user",
            lambda: accounts.update_user(
                db.session,
                person,
                email=form.email.data,
                name=form.name.data,
                roles=form.roles.data,
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            flash("Changes saved", "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return render_template("admin/user_form.html", form=form, user=person)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_user_active(user_id: int):
    """Deactivate or reactivate a user (never delete)."""
    person = _get_or_404(User, user_id)
    require("users.manage", person)
    form = ConfirmForm()
    make_active = request.form.get("active") == "1"
    if form.validate_on_submit():
        try:
            accounts.set_active(
                person,
                make_active,
                expected_version=form.expected_version(),
                by=current_user._get_current_object(),
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            if commit_or_conflict(form, "this user"):
                flash(
                    f"{person.name} has been {'reactivated' if make_active else 'deactivated'}",
                    "success",
                )
            else:
                flash(form.form_errors[-1], "error")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/posts", endpoint="posts")
def posts_index():
    """Posts with their current holders, paginated."""
    require("posts.view")
    q = request.args.get("q", "").strip()
    query = select(Post).order_by(Post.name)
    if q:
        query = query.where(func.lower(Post.name).like(f"%{q.lower()}%"))
    page = paginate(query)
    holders = posts.current_holder_names(db.session, [p.id for p in page.items], clocks.today())
    return render_template("admin/posts.html", page=page, q=q, holders=holders)


@bp.route("/posts/new", methods=["GET", "POST"])
def new_post():
    """Create a post."""
    require("posts.manage")
    form = PostForm()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: posts.create_post(
                db.session,
                name=form.name.data,
                service=form.service.data,
                description=form.description.data,
            ),
            lambda post: url_for("admin.post", post_id=post.id),
            lambda result: f"{result.name} has been added",
        )
    ):
        return done
    return render_template("admin/post_form.html", form=form, post=None)


@bp.route("/posts/<int:post_id>")
def post(post_id: int):
    """A post's holders over time and its history."""
    require("posts.view")
    item = _get_or_404(Post, post_id)
    return _post_page(item, _holder_form())


def _holder_form() -> HolderForm:
    form = HolderForm()
    form.user_id.choices = people_with_email_choices()
    return form


def _post_page(item: Post, holder_form: HolderForm, status: int = 200):
    """A post's page: its holders, the form adding one, and its history."""
    return (
        render_template(
            "admin/post.html",
            post=item,
            holdings=posts.post_holdings(db.session, item),
            holder_form=holder_form,
            history=audit.history_for(db.session, item),
        ),
        status,
    )


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    """Change a post's details."""
    item = _get_or_404(Post, post_id)
    require("posts.manage", item)
    form = PostForm(obj=item if request.method == "GET" else None)
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this post",
            lambda: posts.update_post(
                db.session,
                item,
                name=form.name.data,
                service=form.service.data,
                description=form.description.data,
                active=form.active.data,
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            flash("Changes saved", "success")
            return redirect(url_for("admin.post", post_id=item.id))
    return render_template("admin/post_form.html", form=form, post=item)


@bp.route("/posts/<int:post_id>/holders", methods=["POST"])
def add_holder(post_id: int):
    """Record a person taking up a post."""
    item = _get_or_404(Post, post_id)
    require("posts.manage", item)
    form = _holder_form()
    if form.validate_on_submit():
        ok, holding = save(
            form,
            "this post",
            lambda: posts.add_holder(
                db.session,
                item,
                user_id=form.user_id.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            ),
        )
        if ok:
            flash(f"{holding.user.name} now holds {item.name}", "success")
            return redirect(url_for("admin.post", post_id=item.id))
    return _post_page(item, form, 400)


@bp.route("/post-holdings/<int:holding_id>/end", methods=["GET", "POST"])
def end_holding(holding_id: int):
    """Record the last day someone held a post."""
    holding = _get_or_404(PostHolding, holding_id)
    require("posts.manage", holding.post)
    return end_date_page(
        holding,
        "this post holding",
        posts.end_holding,
        heading=f"When did {holding.user.name} stop holding {holding.post.name}?",
        back=url_for("admin.post", post_id=holding.post_id),
    )


@bp.route("/outbox")
def outbox():
    """Email waiting, sent and failed, newest first, filterable by status."""
    require("outbox.view")
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if status in {s.value for s in OutboxStatus}:
        query = query.where(OutboxMessage.status == status)
    page = paginate(query)
    return render_template(
        "admin/outbox.html", page=page, status=status, statuses=list(OutboxStatus)
    )


@bp.route("/scheduler")
def scheduler():
    """The last run of each scheduled job, with its summary or error, and recent runs."""
    require("outbox.view")
    from scrutiny.scheduler import JOBS, last_runs

    recent = paginate(select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()))
    return render_template(
        "admin/scheduler.html", last=last_runs(db.session), jobs=list(JOBS), page=recent
    )
