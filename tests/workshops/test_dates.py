"""Dates as people read and plan them (workshops.dates): short dates in Dutch and English, and working days."""

import datetime

import pytest
from django.utils import timezone, translation

from workshops.dates import holiday_name, is_working_day, short_date, short_datetime, working_day_on_or_after

D = datetime.date


@pytest.mark.parametrize("day,dutch,english", [
    (D(2026, 12, 17), "17 dec. 2026", "17 Dec 2026"),
    (D(2026, 3, 12), "12 mrt. 2026", "12 Mar 2026"),
    (D(2026, 5, 4), "4 mei 2026", "4 May 2026"),  # three letters: no abbreviation, no dot
    (D(2026, 6, 14), "14 jun. 2026", "14 Jun 2026"),
    (D(2026, 10, 1), "1 okt. 2026", "1 Oct 2026"),
])
def test_a_short_date_in_each_language(day, dutch, english):
    with translation.override("nl"):
        assert short_date(day) == dutch
    with translation.override("en"):
        assert short_date(day) == english


def test_a_short_date_without_year_and_a_moment_in_the_projects_time_zone():
    with translation.override("nl"):
        assert short_date(D(2026, 12, 17), year=False) == "17 dec."
        # 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
        moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
        assert short_date(moment) == "1 jan. 2027"
        assert short_datetime(moment) == "1 jan. 2027 00:30"
        assert short_date(None) == short_datetime(None) == ""
    assert timezone.get_current_timezone_name() == "Europe/Amsterdam"


@pytest.mark.parametrize("day,expected,why", [
    (D(2026, 12, 11), D(2026, 12, 11), "a Friday stays"),
    (D(2026, 12, 12), D(2026, 12, 14), "Saturday → Monday"),
    (D(2026, 12, 13), D(2026, 12, 14), "Sunday → Monday"),
    (D(2027, 4, 27), D(2027, 4, 28), "Koningsdag (a Tuesday) → Wednesday"),
    (D(2026, 12, 25), D(2026, 12, 28), "Christmas Day (Friday), Boxing Day, a Sunday → Monday"),
    (D(2027, 5, 6), D(2027, 5, 7), "Ascension Day → Friday"),
])
def test_the_first_working_day(day, expected, why):
    assert working_day_on_or_after(day) == expected, why


def test_weekends_only_without_a_holiday_country(settings):
    settings.HOLIDAYS_COUNTRY = ""
    assert is_working_day(D(2027, 4, 27)) and holiday_name(D(2027, 4, 27)) is None
    assert not is_working_day(D(2026, 12, 13))


def test_a_holiday_by_its_name_in_the_readers_language():
    with translation.override("nl"):
        assert holiday_name(D(2027, 4, 27)) == "Koningsdag"
        assert holiday_name(D(2027, 4, 28)) is None
    with translation.override("en"):
        assert holiday_name(D(2027, 4, 27)) == "King's Day"
