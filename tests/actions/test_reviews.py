"""The quarterly review's rules: the cycle (default every 3 months, month-end safe, validated), one open review
per journey (also when two facilitators start at once), scores during a review land in its round and not in
the baseline (members and guests), walking improvements keeps their history tied to the review, and
finishing moves the next review date on and closes the room."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from actions.models import Improvement, Review, ReviewCycle, Status, StatusChange
from actions.selectors.reviews import review_of
from actions.services import reviews as services
from journeys.models import EmotionRating, Measurement, MeasurementKind, Touchpoint
from journeys.selectors import baseline_measurement, room_rounds, scoring_measurement
from tests.actors import acting
from tests.fixtures import HTMX
from workshops.dates import short_date, working_day_on_or_after
from workshops.models import Participant, Step, Workshop
from workshops.room_views import room_version

from .review_data import guest, ran_workshop, score, touchpoints_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture(autouse=True)
def _english_services():
    """These tests read the English source texts of the services' messages (Dutch is the default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(team, facilitator, member):
    return ran_workshop(team, facilitator, member)


def open_improvement(workshop, status=Status.PLANNED):
    return Improvement.objects.filter(journey=workshop.journey, status=status).first()


# --- The cycle ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day,months,expected", [
    ("2026-11-30", 3, "2027-02-28"),  # no 30 February: the month's last day
    ("2027-11-30", 3, "2028-02-29"),  # a leap year
    ("2026-01-31", 1, "2026-02-28"),
    ("2026-08-31", 1, "2026-09-30"),
    ("2026-10-15", 3, "2027-01-15"),  # across the year
    ("2026-03-15", 24, "2028-03-15"),
    ("2026-12-31", 12, "2027-12-31"),
])
def test_months_are_added_month_end_safe(day, months, expected):
    assert services.add_months(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_a_new_cycle_is_every_three_months_from_the_start(workshop):
    # 30 November + 3 months is Sunday 28 February 2027: the review is on the Monday after.
    cycle = services.ensure_review_cycle(workshop.journey, start=datetime.date(2026, 11, 30))
    assert (cycle.cadence_months, cycle.next_due) == (3, datetime.date(2027, 3, 1))
    again = services.ensure_review_cycle(workshop.journey, start=datetime.date(2027, 5, 1))
    assert again.pk == cycle.pk and again.next_due == datetime.date(2027, 3, 1), "an existing cycle stays"
    assert services.ensure_review_cycle(Workshop.objects.get(pk=workshop.pk).journey).pk == cycle.pk


def test_a_new_cycle_starts_today_by_default(workshop):
    cycle = services.ensure_review_cycle(workshop.journey)
    assert cycle.next_due == services.next_review_date(timezone.localdate(), 3)


@pytest.mark.parametrize("cadence,next_due,field", [
    (0, "in a month", "cadence_months"),
    (25, "in a month", "cadence_months"),
    ("3", "in a month", "cadence_months"),  # the service wants a number, not text
    (True, "in a month", "cadence_months"),
    (3, "yesterday", "next_due"),
    (3, "in six years", "next_due"),
    (3, "2026-03-31", "next_due"),  # text, not a date
])
def test_the_cycle_refuses_what_is_out_of_range(workshop, cadence, next_due, field):
    today = timezone.localdate()
    dates = {"in a month": working_day_on_or_after(today + datetime.timedelta(days=30)),
             "yesterday": today - datetime.timedelta(days=1),
             "in six years": services.add_months(today, 72)}
    with pytest.raises(ValidationError) as refused:
        services.update_cycle(journey=workshop.journey, cadence_months=cadence, next_due=dates.get(next_due, next_due))
    assert set(refused.value.message_dict) == {field}
    assert not ReviewCycle.objects.exists(), "nothing half-saved"


def test_the_cycle_is_created_or_changed(workshop):
    due = working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=10))
    cycle = services.update_cycle(journey=workshop.journey, cadence_months=24, next_due=due)
    assert (cycle.cadence_months, cycle.next_due) == (24, due)
    services.update_cycle(journey=workshop.journey, cadence_months=1,
                          next_due=working_day_on_or_after(timezone.localdate()))
    assert ReviewCycle.objects.get().cadence_months == 1


# --- Review dates land on working days -------------------------------------------------------------------

def test_a_weekend_or_holiday_date_is_refused_with_the_next_working_day(workshop):
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10), tick=False):
        with pytest.raises(ValidationError) as refused:  # Sunday 13 December 2026
            services.update_cycle(journey=workshop.journey, cadence_months=3, next_due=datetime.date(2026, 12, 13))
        assert refused.value.message_dict == {"next_due": [
            "13 December 2026 is Sunday: choose a working day, e.g. Monday 14 December 2026."]}
        with pytest.raises(ValidationError) as refused:
            services.update_cycle(journey=workshop.journey, cadence_months=3, next_due=datetime.date(2027, 4, 27))
        assert refused.value.message_dict["next_due"] == [
            "27 April 2027 is King's Day: choose a working day, e.g. Wednesday 28 April 2027."]
        with translation.override("nl"):
            with pytest.raises(ValidationError) as refused:
                services.update_cycle(journey=workshop.journey, cadence_months=3,
                                      next_due=datetime.date(2026, 12, 12))
            assert refused.value.message_dict["next_due"] == [
                "12 december 2026 valt op zaterdag: kies een werkdag, bijv. maandag 14 december 2026."]
    assert not ReviewCycle.objects.exists(), "nothing saved"


def test_a_cycle_keeps_a_weekend_date_it_already_has(workshop):
    """A date saved before review dates had to be working days stays when only the cadence changes."""
    ReviewCycle.objects.create(journey=workshop.journey, next_due=datetime.date(2027, 3, 14))  # a Sunday
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10), tick=False):
        cycle = services.update_cycle(journey=workshop.journey, cadence_months=6, next_due=datetime.date(2027, 3, 14))
    assert (cycle.cadence_months, cycle.next_due) == (6, datetime.date(2027, 3, 14))


@pytest.mark.parametrize("held_on,cadence,next_due", [
    (datetime.date(2026, 3, 13), 3, datetime.date(2026, 6, 15)),  # + 3 months: Saturday 13 June → Monday
    (datetime.date(2026, 5, 14), 3, datetime.date(2026, 8, 14)),  # Friday 14 August: a working day already
    (datetime.date(2027, 1, 27), 3, datetime.date(2027, 4, 28)),  # Tuesday 27 April: Koningsdag → Wednesday
    (datetime.date(2026, 10, 25), 2, datetime.date(2026, 12, 28)),  # Christmas, Boxing Day, Sunday → Monday 28th
])
def test_finishing_a_review_moves_the_next_one_to_a_working_day(workshop, facilitator, held_on, cadence, next_due):
    with time_machine.travel(datetime.datetime.combine(held_on, datetime.time(10)), tick=False):
        services.update_cycle(journey=workshop.journey, cadence_months=cadence,
                              next_due=working_day_on_or_after(held_on))
        review = services.start_review(workshop=workshop, actor=acting(facilitator))
        services.finish_review(review=review)
    assert ReviewCycle.objects.get().next_due == next_due


# --- Starting -------------------------------------------------------------------------------------------

def test_starting_a_review_opens_a_round_and_the_room(workshop, facilitator):
    closed_at = workshop.closed_at
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IMPROVEMENTS,
                                                   step_ends_at=timezone.now() + datetime.timedelta(minutes=5))
    workshop.refresh_from_db()
    review = services.start_review(workshop=workshop, actor=acting(facilitator))

    today = timezone.localdate()
    assert review.is_open and review.held_on == today and review.started_by == facilitator
    measurement = review.measurement
    assert (measurement.kind, measurement.taken_on) == (MeasurementKind.REVIEW, today)
    assert measurement.label == "", "named on every page by its number and date, in the reader's language"
    stored = Workshop.objects.get(pk=workshop.pk)
    assert (stored.step, stored.is_open, stored.step_ends_at) == (Step.EMOTIONS, True, None)
    assert stored.closed_at == closed_at, "the workshop keeps the day it closed"
    assert ReviewCycle.objects.get(journey=workshop.journey).next_due == services.next_review_date(today, 3)
    assert scoring_measurement(workshop.journey) == measurement
    assert scoring_measurement(workshop.journey).open_review == review


def test_only_one_review_at_a_time(workshop, facilitator):
    first = services.start_review(workshop=workshop, actor=acting(facilitator))
    with pytest.raises(ValidationError, match="already in progress"):
        services.start_review(workshop=workshop, actor=acting(facilitator))
    assert Review.objects.count() == 1 and Measurement.objects.filter(kind=MeasurementKind.REVIEW).count() == 1
    services.finish_review(review=first)
    second = services.start_review(workshop=workshop, actor=acting(facilitator))
    with translation.override("en"):
        named = review_of(workshop.journey, second.pk).name
        assert named == f"Review 2 ({short_date(timezone.localdate())})", "a second round that day: its own number"


def test_a_journey_without_touchpoints_has_nothing_to_review(team, facilitator, member):
    workshop = ran_workshop(team, facilitator, member)
    Touchpoint.objects.filter(stage__journey=workshop.journey).delete()
    with pytest.raises(ValidationError, match="no touchpoints"):
        services.start_review(workshop=workshop, actor=acting(facilitator))
    assert not Review.objects.exists() and not Measurement.objects.filter(kind=MeasurementKind.REVIEW).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections need PostgreSQL")
def test_two_facilitators_starting_at_once_get_one_review(team, facilitator, member, owner):
    workshop = ran_workshop(team, facilitator, member)
    barrier = threading.Barrier(2)
    outcomes = []

    def start(person):
        translation.activate("en")  # a thread starts in the default language (Dutch)
        try:
            barrier.wait()
            services.start_review(workshop=Workshop.objects.get(pk=workshop.pk), actor=acting(person))
            outcomes.append("started")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(person,)) for person in (facilitator, owner)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["A review of this journey is already in progress. Finish it first.", "started"]
    assert Review.objects.count() == 1
    assert Measurement.objects.filter(kind=MeasurementKind.REVIEW).count() == 1, "the refused one left nothing"


# --- Scoring in the review's round ----------------------------------------------------------------------

def baseline_scores(workshop):
    return sorted(EmotionRating.objects.filter(measurement=baseline_measurement(workshop.journey))
                  .values_list("participant_id", "touchpoint_id", "score"))


def test_scores_during_a_review_land_in_its_round_not_in_the_baseline(client, workshop, facilitator, member):
    before = baseline_scores(workshop)
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    first, second, _third = touchpoints_of(workshop)

    client.force_login(member)
    assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200  # a member enters the room
    assert score(client, workshop, first, 4, **HTMX).status_code == 200
    visitor = guest(workshop)  # a guest joins with the join code, as in the workshop
    assert score(visitor, workshop, second, -3).status_code == 302

    in_round = sorted(EmotionRating.objects.filter(measurement=review.measurement)
                      .values_list("participant__display_name", "touchpoint_id", "score"))
    assert in_round == sorted([(member.name, first.pk, 4), ("Gerda Gast", second.pk, -3)])
    assert baseline_scores(workshop) == before, "the baseline stays as it was"

    # Scoring again replaces the score in the round; the guest's earlier baseline self does not exist.
    score(visitor, workshop, second, 1)
    assert EmotionRating.objects.get(measurement=review.measurement, participant=visitor.participant).score == 1


def test_after_the_review_the_room_is_closed_to_guests_again(workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    visitor = guest(workshop)
    first = touchpoints_of(workshop)[0]
    assert score(visitor, workshop, first, 2).status_code == 302
    services.finish_review(review=review)
    assert score(visitor, workshop, first, -5).status_code == 403
    assert EmotionRating.objects.get(participant=visitor.participant).score == 2
    assert not Workshop.objects.get(pk=workshop.pk).is_open


def test_the_room_shows_the_review_banner_and_its_round(client, workshop, facilitator, member):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    client.force_login(member)
    score(client, workshop, touchpoints_of(workshop)[0], 5)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    body = page.content.decode()
    assert "Review in progress — score the journey as it is today" in body
    assert page.context["emotions"].measurement == review.measurement
    assert page.context["emotions"].scored == 1, "my scores of this round, not of the baseline"
    assert reverse("actions:review_detail",
                   args=[workshop.pk, review.pk]) not in body, "members get no facilitator link"
    client.force_login(facilitator)
    assert reverse("actions:review_detail", args=[workshop.pk, review.pk]) in client.get(
        reverse("workshops:room", args=[workshop.pk])).content.decode()
    projector = client.get(reverse("workshops:projector", args=[workshop.pk])).content.decode()
    assert "Review in progress" in projector
    assert "Deelnemer 1" not in projector, "the projector lists this round's people, not the workshop's"
    assert "Mo Member" in projector


def test_screens_in_the_room_follow_a_review_starting_and_finishing(workshop, facilitator):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.EMOTIONS, is_open=True)
    workshop.refresh_from_db()
    before = room_version(workshop)
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    during = room_version(Workshop.objects.select_related("journey").get(pk=workshop.pk))
    assert during != before, "already at the emotions step and open: the round tells the screens to reload"
    services.finish_review(review=review)
    assert room_version(Workshop.objects.select_related("journey").get(pk=workshop.pk)) not in (before, during)


# --- Walking the improvements ---------------------------------------------------------------------------

def test_walking_an_improvement_records_the_change_with_the_review(workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    item = open_improvement(workshop, Status.IN_PROGRESS)
    change = services.walk_improvement(review=review, improvement=item, status=Status.DONE,
                                       comment="  Live sinds maart  ", actor=acting(facilitator))
    assert (change.old_status, change.new_status, change.comment, change.review, change.changed_by) == (
        Status.IN_PROGRESS, Status.DONE, "Live sinds maart", review, facilitator)
    assert Improvement.objects.get(pk=item.pk).status == Status.DONE
    assert list(review.walked.all()) == [item]


def test_keeping_the_status_still_counts_as_walked_through(workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    item = open_improvement(workshop, Status.PLANNED)
    assert services.walk_improvement(review=review, improvement=item, status=Status.PLANNED,
                                     actor=acting(facilitator)) is None
    assert not StatusChange.objects.exists()
    assert list(review.walked.all()) == [item]
    noted = services.walk_improvement(review=review, improvement=item, status=Status.PLANNED, comment="Loopt",
                                      actor=acting(facilitator))
    assert (noted.old_status, noted.new_status, noted.review) == (Status.PLANNED, Status.PLANNED, review)
    assert review.walked.count() == 1


@pytest.mark.parametrize("status,comment,field", [
    (Status.PLANNED, "", "status"),  # the proposed one has no owner or deadline
    ("finished", "", "status"),
    (Status.DONE, "x" * 501, "comment"),
])
def test_walking_refuses_what_breaks_the_rules(workshop, facilitator, status, comment, field):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    item = open_improvement(workshop, Status.PROPOSED)
    with pytest.raises(ValidationError) as refused:
        services.walk_improvement(review=review, improvement=item, status=status, comment=comment,
                                  actor=acting(facilitator))
    assert field in refused.value.message_dict
    assert Improvement.objects.get(pk=item.pk).status == Status.PROPOSED
    assert not StatusChange.objects.exists() and not review.walked.exists(), "nothing half-saved"


def test_walking_refuses_a_finished_review_and_another_journeys_improvement(team, workshop, facilitator, member):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    other = ran_workshop(team, facilitator, member, title="Ander traject")
    foreign = open_improvement(other, Status.PLANNED)
    with pytest.raises(ValidationError, match="another journey"):
        services.walk_improvement(review=review, improvement=foreign, status=Status.DONE, actor=acting(facilitator))
    services.finish_review(review=review)
    with pytest.raises(ValidationError, match="finished"):
        services.walk_improvement(review=review, improvement=open_improvement(workshop), status=Status.DONE,
                                  actor=acting(facilitator))
    assert not StatusChange.objects.exists()


# --- Finishing ------------------------------------------------------------------------------------------

def test_finishing_moves_the_next_review_on_and_closes_the_room(workshop, facilitator):
    services.update_cycle(journey=workshop.journey, cadence_months=2,
                          next_due=working_day_on_or_after(timezone.localdate()))
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    finished = services.finish_review(review=review, notes="  Levering scoort beter  ")
    assert finished.finished_at is not None and finished.notes == "Levering scoort beter"
    assert not Review.objects.get(pk=review.pk).is_open
    assert ReviewCycle.objects.get().next_due == services.next_review_date(review.held_on, 2)
    stored = Workshop.objects.get(pk=workshop.pk)
    assert not stored.is_open and stored.closed_at == workshop.closed_at
    assert scoring_measurement(workshop.journey) is None  # the baseline stays as the reviews compare with it
    with pytest.raises(ValidationError, match="finished"):
        services.finish_review(review=review)


def test_finishing_with_too_long_notes_changes_nothing(workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    due = ReviewCycle.objects.get().next_due
    with pytest.raises(ValidationError) as refused:
        services.finish_review(review=review, notes="x" * 5001)
    assert set(refused.value.message_dict) == {"notes"}
    assert Review.objects.get(pk=review.pk).is_open and ReviewCycle.objects.get().next_due == due
    assert Workshop.objects.get(pk=workshop.pk).is_open


def test_a_review_round_without_a_review_row_counts_as_finished(workshop):
    """Rounds imported or drawn for the pictures have no Review: they were held, so no round takes scores (the
    baseline neither) until a review starts; the room shows the baseline."""
    Measurement.objects.create(journey=workshop.journey, kind=MeasurementKind.REVIEW, taken_on=timezone.localdate())
    rounds = room_rounds(workshop.journey)
    assert rounds.scoring is None and rounds.locked
    assert rounds.shown == baseline_measurement(workshop.journey) and rounds.shown.open_review is None
    assert Participant.objects.filter(workshop=workshop).count() == 2
