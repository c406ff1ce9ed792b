"""A user's calendar feed as iCalendar (RFC 5545): an all-day event per deadline of an open improvement they
own, and per next review date of the journeys of their teams.

UIDs are stable (one per improvement, one per journey's review cycle), so a calendar app moves an event when
a deadline or review date changes instead of adding a second one, and drops it when it leaves the feed.
Texts are in the active language: the caller activates the user's.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from .selectors import follow_up

PRODID = "-//Klantreis//Follow-up calendar//EN"
REFRESH = timedelta(hours=1)  # how often calendar apps that honour it fetch the feed again (RFC 7986)


def _uid(kind, pk):
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'klantreis'}"


def _absolute(path):
    return settings.SITE_URL + path


def _all_day(event, day):
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline is a date, not a busy day


def _deadline_event(improvement):
    journey = improvement.journey
    url = _absolute(reverse("actions:improvement_detail", args=[journey.team.slug, improvement.pk]))
    lines = [
        f"{journey.team.name} · {journey.title}",
        f"{_('Status')}: {improvement.get_status_display()}",
        f"{_('Quadrant')}: {improvement.quadrant.label}",
    ]
    if improvement.kpi:
        lines.append(f"{_('KPI')}: {improvement.kpi}")
    lines.append(url)
    event = Event()
    event.add("uid", _uid("improvement", improvement.pk))
    event.add("dtstamp", improvement.updated_at)
    event.add("last-modified", improvement.updated_at)
    event.add("summary", _("Deadline: %(title)s") % {"title": improvement.title})
    event.add("description", "\n".join(lines))
    event.add("url", url)
    _all_day(event, improvement.deadline)
    return event


def _review_event(cycle, now):
    journey = cycle.journey
    workshop = getattr(journey, "workshop", None)
    if workshop is not None:
        url = _absolute(reverse("actions:journey_reviews", args=[workshop.pk]))
    else:
        url = _absolute(reverse("actions:action_plan", args=[journey.team.slug]))
    every = ngettext("Reviewed every month", "Reviewed every %(count)s months", cycle.cadence_months) % {
        "count": cycle.cadence_months}
    event = Event()
    event.add("uid", _uid("review-cycle", cycle.pk))
    event.add("dtstamp", now)
    event.add("summary", _("Review: %(journey)s") % {"journey": journey.title})
    event.add("description", "\n".join([journey.team.name, every, url]))
    event.add("url", url)
    _all_day(event, cycle.next_due)
    return event


def calendar_for(user):
    """The feed of ``user`` as bytes — three queries: deadlines, review cycles (and the caller's feed row)."""
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Klantreis: %(name)s") % {"name": user.name})
    calendar.add("x-wr-caldesc", _("Deadlines of your improvements and review dates of your teams' journeys"))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # Outlook's name for the same; an X- property is plain text
    for improvement in follow_up.feed_deadlines(user):
        calendar.add_component(_deadline_event(improvement))
    for cycle in follow_up.feed_reviews(user):
        calendar.add_component(_review_event(cycle, now))
    return calendar.to_ical()
