"""OParl views: the system, the body, paginated lists (with modified_since) and single objects."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import current_app, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from scrutiny.blueprints import params
from scrutiny.blueprints.oparl import bp
from scrutiny.blueprints.oparl.openapi import description
from scrutiny.extensions import db
from scrutiny.models.committees import Committee, Membership
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.meetings import ReportDocument as Document
from scrutiny.models.people import User
from scrutiny.services.public import oparl

PER_PAGE = 20
MAX_PER_PAGE = 100


class ApiError(Exception):
    """An error answered as OParl-style JSON."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return _json({"type": "error", "message": error.message}, error.status)


def _json(payload: dict, status: int = 200):
    response = jsonify(payload)
    response.status_code = status
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _site() -> oparl.Site:
    web = current_app.config["SCRUTINY_BASE_URL"].rstrip("/")
    return oparl.Site(
        api=f"{web}/oparl/v1", web=web, council=current_app.config["SCRUTINY_COUNCIL_NAME"]
    )


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    value = params.parse_int(text, minimum=low, maximum=high)
    if value is None:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}")
    return value


def _since() -> datetime | None:
    text = request.args.get("modified_since")
    if text is None:
        return None
    try:
        # an unencoded "+01:00" arrives as " 01:00"
        moment = datetime.fromisoformat(text.replace(" ", "+"))
    except ValueError:
        raise ApiError(400, "'modified_since' must be an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _page(rows: list[dict], total: int, page: int, per_page: int) -> dict:
    pages = max(1, math.ceil(total / per_page))
    args = {k: v for k, v in request.args.items() if k != "page"}

    def link(number: int) -> str:
        query = urlencode({**args, "page": number})
        return f"{_site().web}{request.path}?{query}"

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    pagination = {
        "totalElements": total,
        "elementsPerPage": per_page,
        "currentPage": page,
        "totalPages": pages,
    }
    return {"data": rows, "pagination": pagination, "links": links}


def _list(query, model, serialise):
    """One page of `query`'s rows (filtered by modified_since) as an OParl list."""
    page = _int_arg("page", 1, 1, 1_000_000)
    per_page = _int_arg("limit", PER_PAGE, 1, MAX_PER_PAGE)
    since = _since()
    if since is not None:
        query = query.where(model.updated_at >= since)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(
        query.order_by(model.id).limit(per_page).offset((page - 1) * per_page)
    )
    return _json(_page([serialise(r) for r in rows], total, page, per_page))


def _lists():
    site = _site()
    return {
        "organizations": (
            oparl.public_committees().options(
                selectinload(Committee.memberships), selectinload(Committee.parent)
            ),
            Committee,
            lambda c: oparl.organization(site, c),
        ),
        "people": (oparl.public_people(), User, lambda u: oparl.person(site, u, _memberships(u))),
        "memberships": (
            oparl.public_memberships(),
            Membership,
            lambda m: oparl.membership(site, m),
        ),
        "meetings": (
            oparl.public_meetings().options(selectinload(Meeting.committee)),
            Meeting,
            lambda m: oparl.meeting(site, db.session, m),
        ),
        "agenda-items": (
            oparl.public_items().options(selectinload(AgendaItem.documents)),
            AgendaItem,
            lambda i: oparl.agenda_item(site, i),
        ),
        "papers": (
            oparl.public_papers().options(selectinload(AgendaItem.documents)),
            AgendaItem,
            lambda i: oparl.paper(site, i),
        ),
        "consultations": (oparl.public_papers(), AgendaItem, lambda i: oparl.consultation(site, i)),
        "files": (oparl.public_files(), Document, lambda d: oparl.file(site, d)),
    }


def _memberships(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            oparl.public_memberships().where(Membership.user_id == user.id).order_by(Membership.id)
        )
    )


@bp.route("/")
@bp.route("/system")
def system():
    """The System object, where OParl clients start."""
    return _json(oparl.system(_site()))


@bp.route("/bodies")
def bodies():
    """The list of bodies: this council alone."""
    return _json(_page([oparl.body(_site())], 1, 1, PER_PAGE))


@bp.route("/body/<body_id>")
def body(body_id: str):
    """The council as a Body."""
    if body_id != str(oparl.BODY_ID):
        raise ApiError(404, "No such body")
    return _json(oparl.body(_site()))


@bp.route("/body/<body_id>/<kind>")
def body_list(body_id: str, kind: str):
    """A paginated list of the body's objects of one kind; `modified_since` filters."""
    if body_id != str(oparl.BODY_ID) or kind not in oparl.LISTS:
        raise ApiError(404, "No such list")
    if kind == "locations":
        return _locations()
    return _list(*_lists()[kind])


def _locations():
    page = _int_arg("page", 1, 1, 1_000_000)
    per_page = _int_arg("limit", PER_PAGE, 1, MAX_PER_PAGE)
    rows = oparl.venues(db.session, _since())
    chunk = rows[(page - 1) * per_page : page * per_page]
    return _json(
        _page([oparl.location(_site(), v, m) for v, m in chunk], len(rows), page, per_page)
    )


@bp.route("/organization/<committee_id>/meetings")
def organization_meetings(committee_id: str):
    """A paginated list of one committee's public meetings."""
    committee = _one(oparl.public_committees(), Committee, _number(committee_id))
    query = oparl.public_meetings().where(Meeting.committee_id == committee.id)
    site = _site()
    return _list(query, Meeting, lambda m: oparl.meeting(site, db.session, m))


def _number(key: str) -> int:
    value = params.parse_int(key, minimum=1, maximum=params.MAX_ID)
    if value is None:
        raise ApiError(404, "Not found, or not public")
    return value


def _one(query, model, key: int):
    row = db.session.scalar(query.where(model.id == key))
    if row is None:
        raise ApiError(404, "Not found, or not public")
    return row


def _person(site: oparl.Site, number: int) -> dict:
    user = _one(oparl.public_people(), User, number)
    return oparl.person(site, user, _memberships(user))


#: kind -> (site, id) -> the public object as OParl JSON (404 when not public).
_SINGLE = {
    "organization": lambda site, n: oparl.organization(
        site, _one(oparl.public_committees(), Committee, n)
    ),
    "person": _person,
    "membership": lambda site, n: oparl.membership(
        site, _one(oparl.public_memberships(), Membership, n)
    ),
    "meeting": lambda site, n: oparl.meeting(
        site, db.session, _one(oparl.public_meetings(), Meeting, n)
    ),
    "agendaitem": lambda site, n: oparl.agenda_item(
        site, _one(oparl.public_items(), AgendaItem, n)
    ),
    "paper": lambda site, n: oparl.paper(site, _one(oparl.public_papers(), AgendaItem, n)),
    "consultation": lambda site, n: oparl.consultation(
        site, _one(oparl.public_papers(), AgendaItem, n)
    ),
    "file": lambda site, n: oparl.file(site, _one(oparl.public_files(), Document, n)),
}


def _location(site: oparl.Site, key: str) -> dict:
    venues = oparl.venues(db.session)
    found = [oparl.location(site, v, m) for v, m in venues if oparl.location_key(v) == key]
    if not found:
        raise ApiError(404, "No such location")
    return found[0]


@bp.route("/<kind>/<key>")
def single(kind: str, key: str):
    """One object by kind and id (404 for anything not public)."""
    site = _site()
    if kind == "location":
        return _json(_location(site, key))
    number = _number(key)
    build = _SINGLE.get(kind)
    if build is None:
        raise ApiError(404, "No such kind of object")
    return _json(build(site, number))


@bp.route("/<path:anything>")
def unknown(anything: str):
    """Any other path under the API answers in JSON too."""
    raise ApiError(404, "No such resource")


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return _json(description(_site().web))
