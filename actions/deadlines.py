"""A deadline in words ("in 3 days", "2 days overdue") as seen on a date, for the follow-up pages. No query:
the selectors read the improvements, this shapes their deadlines."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workshops.dates import short_date

DUE_SOON_DAYS = 14  # "due soon" on My improvements: within two weeks


def today():
    return timezone.localdate()


@dataclass(frozen=True)
class Due:
    """How an improvement's deadline stands: ``kind`` is overdue, today, soon (within DUE_SOON_DAYS), later,
    none (no deadline) or closed (done or dropped: the date no longer presses)."""

    kind: str
    days: int | None
    text: str
    date: str


def _distance(days):
    """A number of days as a count of days, weeks or months, the way people say it."""
    if days < 14:
        return "days", days
    if days < 60:
        return "weeks", days // 7
    return "months", days // 30


def _in_words(days):
    unit, count = _distance(abs(days))
    if days > 0:
        text = {
            "days": ngettext("in %(count)s day", "in %(count)s days", count),
            "weeks": ngettext("in %(count)s week", "in %(count)s weeks", count),
            "months": ngettext("in %(count)s month", "in %(count)s months", count),
        }[unit]
    else:
        text = {
            "days": ngettext("%(count)s day overdue", "%(count)s days overdue", count),
            "weeks": ngettext("%(count)s week overdue", "%(count)s weeks overdue", count),
            "months": ngettext("%(count)s month overdue", "%(count)s months overdue", count),
        }[unit]
    return text % {"count": count}


def due(improvement, *, on):
    """The Due of ``improvement``'s deadline as seen ``on`` a date (in the active language)."""
    deadline = improvement.deadline
    if deadline is None:
        return Due("none", None, _("no deadline"), "")
    date = short_date(deadline)
    days = (deadline - on).days
    if not improvement.is_open:
        return Due("closed", days, date, date)
    if days == 0:
        return Due("today", 0, _("today"), date)
    if days == 1:
        return Due("soon", 1, _("tomorrow"), date)
    if days < 0:
        return Due("overdue", days, _in_words(days), date)
    return Due("soon" if days <= DUE_SOON_DAYS else "later", days, _in_words(days), date)


def with_due(improvements, *, on=None):
    """``improvements`` as a list, each with its ``due``."""
    on = on or today()
    improvements = list(improvements)
    for improvement in improvements:
        improvement.due = due(improvement, on=on)
    return improvements
