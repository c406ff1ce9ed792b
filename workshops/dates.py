"""Dates as people read and plan them: short dates in the active language, and working days.

Short dates. Django's ``j M Y`` writes "17 Dec 2026" in Dutch too (its ``M`` capitalises the month and has no
dot); Dutch writes "17 dec. 2026", and "17 mei 2026" (a month of three letters is not abbreviated). The
abbreviations are translations of our own (context "abbreviated month"), so each language writes them its way.

Working days. Dates the app plans itself — the next review — land on a working day: Monday to Friday, not a
public holiday of ``settings.HOLIDAYS_COUNTRY`` (the ``holidays`` library; "NL" by default, empty for weekends
only). A team does not meet on a Sunday or on Koningsdag.
"""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext_lazy

MONTHS_SHORT = [
    pgettext_lazy("abbreviated month", "Jan"), pgettext_lazy("abbreviated month", "Feb"),
    pgettext_lazy("abbreviated month", "Mar"), pgettext_lazy("abbreviated month", "Apr"),
    pgettext_lazy("abbreviated month", "May"), pgettext_lazy("abbreviated month", "Jun"),
    pgettext_lazy("abbreviated month", "Jul"), pgettext_lazy("abbreviated month", "Aug"),
    pgettext_lazy("abbreviated month", "Sep"), pgettext_lazy("abbreviated month", "Oct"),
    pgettext_lazy("abbreviated month", "Nov"), pgettext_lazy("abbreviated month", "Dec"),
]
SATURDAY = 5
WORKING_DAY_SEARCH = 14  # no country has a fortnight of holidays in a row: a bound, not a limit anyone meets


def short_date(value, *, year=True):
    """"17 dec. 2026" (Dutch) or "17 Dec 2026" (English); without the year "17 dec.". A datetime is shown on
    its local day. None gives ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{value.day} {MONTHS_SHORT[value.month - 1]}"
    return f"{text} {value.year}" if year else text


def short_datetime(value):
    """"17 dec. 2026 14:05": a moment in the project's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{short_date(local)} {formats.time_format(local, 'H:i')}"


@lru_cache(maxsize=64)
def _holidays(country, year, language="en_US"):
    return holidays.country_holidays(country, years=year, language=language) if country else {}


def holiday_name(day):
    """The name of the public holiday on ``day`` (Dutch names for Dutch, else English), or None."""
    language = "nl" if translation.get_language() == "nl" else "en_US"
    return _holidays(settings.HOLIDAYS_COUNTRY, day.year, language).get(day)


def is_working_day(day):
    return day.weekday() < SATURDAY and day not in _holidays(settings.HOLIDAYS_COUNTRY, day.year)


def working_day_on_or_after(day):
    """``day`` itself when people work that day, else the first working day after it."""
    for offset in range(WORKING_DAY_SEARCH):
        candidate = day + datetime.timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    return day
