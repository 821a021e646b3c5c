"""Gathering a plan's highlight-report data, or several plans' executive summary, for a period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, ActionStatus, ActionUpdate, Rag
from scrutiny.models.plans import ServicePlan
from scrutiny.services.actions.actions import (
    RAG_ORDER,
    latest_updates,
    overall_rag,
)
from scrutiny.services.actions.due_revisions import revisions_between
from scrutiny.services.core.clocks import format_day, local_zone, to_local
from scrutiny.services.core.errors import DomainError
from scrutiny.services.plans import indicators
from scrutiny.services.recommendations.response_deadlines import add_months

HIGHLIGHT, SUMMARY = "highlight", "summary"

TREND_LABELS = {"improving": "Improving", "stable": "Stable", "declining": "Declining"}
COUNT_KEYS = ("red", "amber", "green", "blue", "none")
_COUNT_WORDS = (
    ("blue", "complete"),
    ("green", "on track (green)"),
    ("amber", "at risk (amber)"),
    ("red", "off track (red)"),
    ("none", "not yet updated"),
)


@dataclass(frozen=True)
class Period:
    """A reporting period: whole local days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def _whole_months(self) -> int | None:
        """Months covered when the period runs from a 1st to a month's last day, else None."""
        if self.start.day != 1 or (self.end + timedelta(days=1)).day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (whole months stay whole)."""
        end = self.start - timedelta(days=1)
        months = self._whole_months
        if months is not None:
            return Period(add_months(self.start, -months), end)
        return Period(end - timedelta(days=self.days - 1), end)

    def next(self) -> Period:
        """The period of the same length just after this one (whole months stay whole)."""
        start = self.end + timedelta(days=1)
        months = self._whole_months
        if months is not None:
            return Period(start, add_months(start, months) - timedelta(days=1))
        return Period(start, start + timedelta(days=self.days - 1))

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[from, to) in UTC for comparing stored timestamps with local days."""
        zone = local_zone()
        start = datetime.combine(self.start, time(), tzinfo=zone)
        end = datetime.combine(self.end + timedelta(days=1), time(), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def label(self) -> str:
        return f"{format_day(self.start)} to {format_day(self.end)}"

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def check_period(start: date | None, end: date | None) -> Period:
    """The period, or a DomainError naming the field to correct."""
    if start is None:
        raise DomainError("Enter the date the period starts", field="period_start")
    if end is None:
        raise DomainError("Enter the date the period ends", field="period_end")
    if end < start:
        raise DomainError("The end of the period must be on or after its start", field="period_end")
    if (end - start).days > 3 * 366:
        raise DomainError("A report covers at most three years", field="period_end")
    return Period(start, end)


def last_full_quarter(today: date) -> Period:
    """The last calendar quarter (which are also the financial quarters) that has ended."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - timedelta(days=1)
    return Period(date(end.year, end.month - 2, 1), end)


# --- gathering -----------------------------------------------------------------------------


def _plan_actions(session: Session, plan: ServicePlan) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .where(Action.plan_id == plan.id)
            .options(selectinload(Action.owner_posts))
            .order_by(Action.priority_id, Action.position, Action.id)
        )
    )


def _updates_in(session: Session, action_ids: list[int], period: Period) -> list[ActionUpdate]:
    """The updates made in the period, oldest first."""
    if not action_ids:
        return []
    start, end = period.utc_bounds()
    return list(
        session.scalars(
            select(ActionUpdate)
            .where(
                ActionUpdate.action_id.in_(action_ids),
                ActionUpdate.created_at >= start,
                ActionUpdate.created_at < end,
            )
            .order_by(ActionUpdate.created_at, ActionUpdate.id)
        )
    )


def _last_per_action(updates: list[ActionUpdate]) -> dict[int, ActionUpdate]:
    """Each action's last update among `updates` (which are oldest first)."""
    return {u.action_id: u for u in updates}


def _score(updates: list[ActionUpdate]) -> float | None:
    """The mean RAG (red 0 .. blue 3) of each action's last update in a period."""
    last = _last_per_action(updates)
    if not last:
        return None
    return sum(RAG_ORDER[Rag(u.rag)] for u in last.values()) / len(last)


def period_trend(current: list[ActionUpdate], previous: list[ActionUpdate]) -> str | None:
    """'improving', 'stable' or 'declining': this period's RAGs against the previous period's
    (each action counted once, by its last update in each); None without updates in both."""
    now, before = _score(current), _score(previous)
    if now is None or before is None:
        return None
    if abs(now - before) < 1e-9:
        return "stable"
    return "improving" if now > before else "declining"


def _counts(actions: list[Action], today: date) -> dict[str, int]:
    counter = Counter(a.latest_rag or "none" for a in actions)
    result = {key: counter[key] for key in COUNT_KEYS}
    result["overdue"] = sum(1 for a in actions if a.is_overdue(today))
    result["total"] = len(actions)
    return result


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def reason_from_counts(counts: dict[str, int], overdue_in: list[str]) -> str:
    """A first draft of the reason for the status, from the RAG counts."""
    total = counts["total"]
    if not total:
        return "The plan has no actions yet."
    parts = [f"{counts[key]} {words}" for key, words in _COUNT_WORDS if counts[key]]
    text = f"Of {total} action{'s' if total != 1 else ''}: {_join(parts)}."
    overdue = counts["overdue"]
    if overdue:
        text += f" {overdue} {'is' if overdue == 1 else 'are'} overdue"
        text += f" ({'; '.join(overdue_in)})." if overdue_in else "."
    return text


def _plain(rag: str | None) -> str | None:
    """A RAG as a plain string for JSON."""
    return str(rag) if rag else None


def _action_row(action: Action, priorities: dict[int, str]) -> dict:
    due = action.due
    return {
        "action_id": action.id,
        "reference": action.reference or "",
        "description": action.description,
        "priority": priorities.get(action.priority_id, ""),
        "owners": ", ".join(p.name for p in action.owner_posts),
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "due_label": due.label,
        "rag": action.latest_rag,
    }


def _revision_row(revision, update: ActionUpdate | None) -> dict:
    """A due-date revision as the highlight report's slippage shows it (seed 001)."""
    return {
        "original_due": format_day(revision.action.original_due_on) or "No date",
        "from_due": format_day(revision.old_due_on) or "No date",
        "to_due": format_day(revision.new_due_on) or "No date",
        "revised_on": format_day(to_local(revision.revised_at).date()),
        "revised_by": revision.revised_by.name,
        "reason": revision.reason,
        "remedial": update.next_steps if update else "",
    }


@dataclass(frozen=True)
class _Plan:
    """A plan's actions as a highlight report reads them, as at `today`."""

    actions: list[Action]
    latest: dict[int, ActionUpdate]
    priorities: dict[int, str]
    today: date

    @property
    def by_id(self) -> dict[int, Action]:
        return {a.id: a for a in self.actions}

    @property
    def open_actions(self) -> list[Action]:
        return [a for a in self.actions if a.is_open]

    def row(self, action: Action) -> dict:
        """The columns every list of actions in the report shares."""
        return _action_row(action, self.priorities)


def _achievements(plan: _Plan, current: list[ActionUpdate]) -> list[dict]:
    """Actions completed (or turned blue) by an update in the period, in order of completion."""
    completing = [u for u in current if u.rag == Rag.BLUE or u.status == ActionStatus.COMPLETE]
    by_id, rows = plan.by_id, []
    for update in _last_per_action(completing).values():
        completed_on = to_local(update.created_at).date()
        rows.append(
            plan.row(by_id[update.action_id])
            | {
                "completed_on": completed_on.isoformat(),
                "completed_label": format_day(completed_on),
                "narrative": update.narrative,
            }
        )
    return sorted(rows, key=lambda row: (row["completed_on"], row["action_id"]))


def _slippage(plan: _Plan) -> list[dict]:
    """Open actions overdue as at today, longest overdue first, with their latest update."""
    overdue = (a for a in plan.open_actions if a.is_overdue(plan.today))
    rows = []
    for action in sorted(overdue, key=lambda a: (a.due_on, a.id)):
        update = plan.latest.get(action.id)
        rows.append(
            plan.row(action)
            | {
                "days_overdue": (plan.today - action.due_on).days,
                "narrative": update.narrative if update else "",
                "remedial": update.next_steps if update else "",
            }
        )
    return rows


def _due_revisions(session: Session, plan: _Plan, period: Period) -> list[dict]:
    """Due dates revised in the period, with the reason and the remedial action."""
    start_at, end_at = period.utc_bounds()
    by_id = plan.by_id
    return [
        plan.row(by_id[r.action_id]) | _revision_row(r, plan.latest.get(r.action_id))
        for r in revisions_between(session, list(by_id), start_at, end_at)
    ]


def _milestones(plan: _Plan, following: Period) -> list[dict]:
    """Open actions due in the next period, soonest first."""
    due_next = (a for a in plan.open_actions if following.contains(a.due_on))
    rows = []
    for action in sorted(due_next, key=lambda a: (a.due_on, a.id)):
        update = plan.latest.get(action.id)
        rows.append(
            plan.row(action)
            | {
                "planned_completion": action.due.label,
                "progress": update.narrative if update else "",
                "next_steps": update.next_steps if update else "",
            }
        )
    return rows


def _next_actions(plan: _Plan, current: list[ActionUpdate]) -> list[dict]:
    """ "Further actions for next period" from each open action's last update in the period."""
    by_id = plan.by_id
    return [
        plan.row(by_id[u.action_id]) | {"next_steps": u.next_steps}
        for u in _last_per_action(current).values()
        if u.next_steps and by_id[u.action_id].is_open
    ]


def _by_priority(plan: _Plan) -> list[dict]:
    """Each priority's RAG and counts, then actions without a priority (if any)."""
    rows = []
    for priority_id, title in [*plan.priorities.items(), (None, "Actions without a priority")]:
        group = [a for a in plan.actions if a.priority_id == priority_id]
        if priority_id is None and not group:
            continue
        rows.append(
            {
                "title": title,
                "rag": _plain(overall_rag(group, plan.latest, plan.today)),
                "counts": _counts(group, plan.today),
            }
        )
    return rows


def _indicator_rows(session: Session, plan: ServicePlan) -> list[dict]:
    """The plan's KPI table as it stands: target, current and previous value, direction."""
    rows = []
    for k in indicators.indicators_of(session, plan):
        met = indicators.meets_target(k)
        rows.append(
            {
                "name": k.name,
                "target": indicators.show_value(k.target, k.unit),
                "current": indicators.show_value(k.current_value, k.unit),
                "previous": indicators.show_value(k.previous_value, k.unit),
                "measured_label": format_day(k.measured_on) if k.measured_on else "",
                "direction": indicators.direction(k),
                "on_target": met,
                "higher_is_better": k.higher_is_better,
            }
        )
    return rows


def _plan_header(plan: ServicePlan) -> dict:
    """The plan's own details at the head of the report."""
    return {
        "id": plan.id,
        "title": plan.title,
        "service": plan.service,
        "directorate": plan.directorate,
        "owner": plan.owner_post.name if plan.owner_post else "",
        "committee": plan.committee.name if plan.committee else "",
        "period_label": plan.period_label,
    }


def gather_highlight(
    session: Session, plan: ServicePlan, start: date, end: date, today: date
) -> dict:
    """Everything a plan's highlight report shows for the period, as plain JSON data.

    Overdue and the latest RAGs are as at `today`; achievements, trend and next steps come from
    the updates made within the period, and due-date revisions (slippage) from those made in it;
    milestones are open actions due in the next period; the KPIs are the plan's table as it is.
    """
    period = check_period(start, end)
    actions = _plan_actions(session, plan)
    ids = [a.id for a in actions]
    data = _Plan(
        actions, latest_updates(session, ids), {p.id: p.title for p in plan.priorities}, today
    )
    current = _updates_in(session, ids, period)
    following = period.next()
    by_priority = _by_priority(data)
    totals = _counts(actions, today)
    overdue_in = [row["title"] for row in by_priority if row["counts"]["overdue"]]
    return {
        "kind": HIGHLIGHT,
        "plan": _plan_header(plan),
        "period": period.as_dict(),
        "previous_period": period.previous().as_dict(),
        "next_period": following.as_dict(),
        "as_at": today.isoformat(),
        "as_at_label": format_day(today),
        "overall_rag": _plain(overall_rag(actions, data.latest, today)),
        "trend": period_trend(current, _updates_in(session, ids, period.previous())),
        "reason": reason_from_counts(totals, overdue_in),
        "totals": totals,
        "by_priority": by_priority,
        "achievements": _achievements(data, current),
        "slippage": _slippage(data),
        "due_revisions": _due_revisions(session, data, period),
        "milestones": _milestones(data, following),
        "next_actions": _next_actions(data, current),
        "indicators": _indicator_rows(session, plan),
        "updates_in_period": len(current),
    }


def gather_summary(
    session: Session, plans: list[ServicePlan], start: date, end: date, today: date
) -> dict:
    """An executive summary's data: one row per plan (status, trend, generated reason)."""
    period = check_period(start, end)
    rows = []
    for plan in sorted(plans, key=lambda p: (p.title, p.id)):
        data = gather_highlight(session, plan, start, end, today)
        rows.append(
            {
                "plan_id": plan.id,
                "title": plan.title,
                "service": plan.service,
                "rag": data["overall_rag"],
                "trend": data["trend"],
                "reason": data["reason"],
                "totals": data["totals"],
                "achievements": len(data["achievements"]),
                "slippage": len(data["slippage"]),
                "milestones": len(data["milestones"]),
            }
        )
    return {
        "kind": SUMMARY,
        "period": period.as_dict(),
        "next_period": period.next().as_dict(),
        "as_at": today.isoformat(),
        "as_at_label": format_day(today),
        "plans": rows,
        "overall_rag": _worst([row["rag"] for row in rows]),
        "trend": _overall_trend([row["trend"] for row in rows]),
    }


def _worst(rags: list[str | None]) -> str | None:
    known = [Rag(r) for r in rags if r]
    return min(known, key=RAG_ORDER.__getitem__).value if known else None


def _overall_trend(trends: list[str | None]) -> str | None:
    score = sum({"improving": 1, "declining": -1}.get(t or "", 0) for t in trends)
    if not any(trends):
        return None
    return "improving" if score > 0 else "declining" if score < 0 else "stable"


def overview_from_rows(rows: list[dict]) -> str:
    """A first draft of the summary's overview: how many plans have each status."""
    if not rows:
        return "No plans are included."
    counter = Counter(row["rag"] or "none" for row in rows)
    words = {
        "red": "red",
        "amber": "amber",
        "green": "green",
        "blue": "complete (blue)",
        "none": "without actions",
    }
    parts = [f"{counter[key]} {words[key]}" for key in ("red", "amber", "green", "blue", "none")]
    parts = [p for p in parts if not p.startswith("0 ")]
    total = len(rows)
    return f"Of {total} plan{'s' if total != 1 else ''}: {_join(parts)}."
