"""iCalendar feeds of meetings that calendar clients can subscribe to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.services.core.text_safety import calendar_text

#: Meetings have no end time in the data; calendars show them as this long.
DEFAULT_LENGTH = timedelta(hours=2)


def _description(meeting: Meeting, link: str, cancelled: bool) -> str:
    """The event's notes: what the meeting is, its state, and where the agenda is."""
    kind = "Meeting" if meeting.formal else "Informal meeting"
    lines = [f"{kind} of {meeting.committee.name}."]
    if cancelled:
        lines.append(f"Cancelled. {meeting.cancelled_reason or ''}".strip())
    elif meeting.is_public:
        lines.append("The agenda is published.")
    else:
        lines.append("The agenda is not yet published.")
    lines.append(f"Agenda, papers and minutes: {link}")
    return "\n".join(lines)


def meetings_calendar(
    meetings: Iterable[Meeting], *, name: str, base_url: str, host: str, now: datetime
) -> bytes:
    """An RFC 5545 calendar with one event per meeting (cancelled ones marked so)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Scrutiny//Council meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_text(name))
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + DEFAULT_LENGTH)
        event.add("summary", calendar_text(meeting.committee.name))
        if meeting.venue:
            event.add("location", calendar_text(meeting.venue))
        link = f"{base_url.rstrip('/')}/meetings/{meeting.id}"
        event.add("url", link)
        event.add("sequence", meeting.version)
        cancelled = meeting.status == MeetingStatus.CANCELLED
        event.add("description", calendar_text(_description(meeting, link, cancelled)))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
