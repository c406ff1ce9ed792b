"""Thirty participants tapping at the same moment lose nothing, and never make a second score.

Real threads with their own database connections, released together by a barrier. PostgreSQL only:
SQLite lets one writer in at a time, so there is no race to lose there (the scoring-twice test in
test_emotions.py covers the upsert itself on both databases).
"""

import threading

import pytest
from django.db import connection, connections

from journeys.models import EmotionRating, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services.emotions import emotion_rating_save
from journeys.services.workshops import workshop_create
from tests.actors import GUEST
from workshops.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 30
TOUCHPOINTS = 6


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: SQLite serialises all writers, so nothing can race there")


@pytest.fixture
def room(team, facilitator):
    workshop = workshop_create(team=team, title="Dertig tegelijk", facilitator=facilitator, template="blank")
    stage = Stage.objects.create(journey=workshop.journey, position=0, name="Alles")
    Touchpoint.objects.bulk_create(Touchpoint(stage=stage, position=i, name=f"Contact {i + 1}")
                                   for i in range(TOUCHPOINTS))
    touchpoints = list(Touchpoint.objects.filter(stage=stage).select_related("stage").order_by("position"))
    people = [Participant.objects.create(workshop=workshop, display_name=f"Deelnemer {i + 1}")
              for i in range(PEOPLE)]
    for person in people:
        person.workshop = workshop  # loaded once here, not by thirty threads
    return baseline_measurement(workshop.journey), touchpoints, people


def run_together(jobs):
    """Start one thread per job, release them at the same moment, and return the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a scoring thread hung"
    return errors


def expected_score(person_index, touchpoint_index):
    return (person_index + 2 * touchpoint_index) % 11 - 5


def scores_of(measurement, person):
    return dict(EmotionRating.objects.filter(measurement=measurement, participant=person)
                .values_list("touchpoint_id", "score"))


def test_thirty_participants_scoring_every_touchpoint_at_once_lose_nothing(room):
    measurement, touchpoints, people = room

    def scorer(index, person):
        def job():
            for position, touchpoint in enumerate(touchpoints):
                emotion_rating_save(actor=GUEST, measurement=measurement, touchpoint=touchpoint, participant=person,
                                    score=expected_score(index, position), comment=f"{person} over {touchpoint}")
        return job

    errors = run_together([scorer(index, person) for index, person in enumerate(people)])
    assert errors == []
    assert EmotionRating.objects.filter(measurement=measurement).count() == PEOPLE * TOUCHPOINTS
    for index, person in enumerate(people):
        assert scores_of(measurement, person) == {
            touchpoint.pk: expected_score(index, position) for position, touchpoint in enumerate(touchpoints)
        }
    assert EmotionRating.objects.get(participant=people[7], touchpoint=touchpoints[2]).comment == \
        "Deelnemer 8 over Contact 3"


def test_thirty_participants_rescoring_the_same_touchpoint_at_once_keep_one_score_each_the_last(room):
    measurement, touchpoints, people = room
    target = touchpoints[3]
    for person in people:
        emotion_rating_save(actor=GUEST, measurement=measurement, touchpoint=target, participant=person, score=0)

    def rescorer(index, person):
        def job():
            for value in (5, -5, 3, expected_score(index, 3)):  # changing one's mind, quickly
                emotion_rating_save(actor=GUEST,
                                    measurement=measurement, touchpoint=target, participant=person, score=value)
        return job

    errors = run_together([rescorer(index, person) for index, person in enumerate(people)])
    assert errors == []
    assert EmotionRating.objects.filter(measurement=measurement).count() == PEOPLE
    for index, person in enumerate(people):
        assert scores_of(measurement, person) == {target.pk: expected_score(index, 3)}


def test_the_same_participant_scoring_twice_at_the_same_instant_gets_one_score(room):
    """Two taps of one person arriving together: with a read-then-write, both would see "no score yet"
    and the second insert would fail on the unique constraint (or, without it, make a duplicate)."""
    measurement, touchpoints, people = room
    target, tappers = touchpoints[0], people[:10]

    def tap(person, value):
        return lambda: emotion_rating_save(actor=GUEST,
                                           measurement=measurement, touchpoint=target, participant=person, score=value)

    errors = run_together([tap(person, value) for person in tappers for value in (-2, 1, 4)])
    assert errors == []
    assert EmotionRating.objects.filter(measurement=measurement).count() == len(tappers)
    for person in tappers:
        assert set(scores_of(measurement, person)) == {target.pk}
        assert scores_of(measurement, person)[target.pk] in (-2, 1, 4)
