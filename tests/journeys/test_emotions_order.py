"""Quick changes of mind (the arrow keys send a score per press) arriving out of order: the page's last choice
stays stored, whichever request arrives last — in one process, from two threads with their own database
connections (SQLite and PostgreSQL alike), and through the room's view. The API, which sends no choice number,
writes as before."""

import threading

import pytest
from django.db import connections
from django.urls import reverse

from journeys.models import EmotionRating
from journeys.selectors import baseline_measurement
from journeys.services.emotions import ChoiceOrder, emotion_rating_save
from tests.actors import GUEST
from tests.fixtures import HTMX
from workshops.models import Participant

from .emotion_support import make_workshop, touchpoints_of

PAGE, OTHER_PAGE = "a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"


@pytest.fixture
def room(team, facilitator):
    workshop = make_workshop(team, facilitator, title="Snel van gedachten")
    touchpoint = touchpoints_of(workshop)[0]
    person = Participant.objects.create(workshop=workshop, display_name="Sanne")
    person.workshop = workshop
    return baseline_measurement(workshop.journey), touchpoint, person


def save(room, score, order=None, comment=""):
    measurement, touchpoint, person = room
    return emotion_rating_save(actor=GUEST,
                               measurement=measurement, touchpoint=touchpoint, participant=person, score=score,
                               comment=comment, order=order)


def stored(room):
    measurement, touchpoint, person = room
    rating = EmotionRating.objects.get(measurement=measurement, touchpoint=touchpoint, participant=person)
    return rating.score, rating.comment


# --- The rule, one request after the other ---------------------------------------------------------------

@pytest.mark.django_db
def test_an_older_choice_arriving_late_is_acknowledged_and_not_saved(room):
    assert save(room, 1, ChoiceOrder(PAGE, 1)).score == 1
    assert save(room, 3, ChoiceOrder(PAGE, 3), "derde").score == 3
    late = save(room, 2, ChoiceOrder(PAGE, 2), "tweede")  # sent before the third, arriving after it
    assert (late.score, late.comment) == (3, "derde")  # what is stored, so the answer can show it
    assert stored(room) == (3, "derde")
    assert save(room, 3, ChoiceOrder(PAGE, 3)).score == 3  # the same request twice (a retry): no change
    assert save(room, -4, ChoiceOrder(PAGE, 4)).score == -4
    assert EmotionRating.objects.count() == 1


@pytest.mark.django_db
def test_the_first_score_arriving_after_a_later_one_is_not_saved_either(room):
    save(room, 5, ChoiceOrder(PAGE, 2))
    assert save(room, -5, ChoiceOrder(PAGE, 1)).score == 5
    assert stored(room) == (5, "")


@pytest.mark.django_db
def test_another_page_wins_whatever_its_numbers(room):
    """Two tabs, a reload or a phone beside the laptop: nothing orders their choices, the last to arrive wins."""
    save(room, 4, ChoiceOrder(PAGE, 40))
    assert save(room, -1, ChoiceOrder(OTHER_PAGE, 1)).score == -1
    assert save(room, 2, ChoiceOrder(PAGE, 41)).score == 2


@pytest.mark.django_db
def test_a_score_without_a_number_is_saved_and_keeps_the_pages_order(room):
    """The API and a form without script send no number: saved as they come. A page's older choice that still
    arrives after them remains older than the one that page sent last."""
    save(room, 1, ChoiceOrder(PAGE, 5))
    assert save(room, -2).score == -2
    assert save(room, 3, ChoiceOrder(PAGE, 4)).score == -2
    assert save(room, 3, ChoiceOrder(PAGE, 6)).score == 3


# --- The rule across database connections ----------------------------------------------------------------

def in_threads(*jobs, together=False):
    """Run each job in its own thread (its own database connection): one after the other in the order given,
    or released at the same moment (``together``). Returns the exceptions they raised."""
    errors, barrier = [], threading.Barrier(len(jobs))

    def run(job):
        try:
            if together:
                barrier.wait(timeout=30)
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    if together:
        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        for job in jobs:
            thread = threading.Thread(target=run, args=(job,))
            thread.start()
            thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_connections_delivering_a_pages_choices_in_the_wrong_order_keep_the_later(room):
    """Request 2 reaches one web worker and is saved; request 1, sent before it, reaches another and is saved
    after it — for the first score of a touchpoint (the INSERT) and for a change (the conditional UPDATE)."""
    assert in_threads(lambda: save(room, 4, ChoiceOrder(PAGE, 2)), lambda: save(room, -3, ChoiceOrder(PAGE, 1))) == []
    assert stored(room) == (4, "")
    assert in_threads(lambda: save(room, -1, ChoiceOrder(PAGE, 4)), lambda: save(room, 5, ChoiceOrder(PAGE, 3))) == []
    assert stored(room) == (-1, "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_score", [False, True], ids=["change", "first score"])
def test_a_burst_of_choices_racing_on_many_connections_keeps_the_highest_number(room, first_score):
    """Twelve presses arriving at the same moment, on twelve connections, in whatever order the database lets
    them in: the twelfth choice stays, on a touchpoint scored before or not yet."""
    if not first_score:
        save(room, 0, ChoiceOrder(PAGE, 1))
    scores = {number: (number * 7) % 11 - 5 for number in range(2, 14)}
    jobs = [lambda number=number: save(room, scores[number], ChoiceOrder(PAGE, number), f"keuze {number}")
            for number in reversed(scores)]
    assert in_threads(*jobs, together=True) == []
    assert stored(room) == (scores[13], "keuze 13")
    assert EmotionRating.objects.count() == 1


# --- Through the room -------------------------------------------------------------------------------

def post_score(client, workshop, touchpoint, value, **order):
    return client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoint.pk]),
                       {"score": value, "comment": "", "tp": "1", **order}, **HTMX)


@pytest.mark.django_db
def test_the_rooms_answer_to_a_late_choice_shows_the_score_stored(client, member, room):
    _measurement, touchpoint, person = room
    workshop = person.workshop
    client.force_login(member)
    assert post_score(client, workshop, touchpoint, "2", page_id=PAGE, seq="7").status_code == 200
    late = post_score(client, workshop, touchpoint, "-5", page_id=PAGE, seq="6")
    body = late.content.decode()
    assert late.status_code == 200
    assert f'id="score-{touchpoint.pk}-p2" checked' in body and f'id="score-{touchpoint.pk}-m5" checked' not in body
    assert "Saved: +2" in body
    assert EmotionRating.objects.get(participant__user=member).score == 2


@pytest.mark.django_db
@pytest.mark.parametrize("order", [
    {"page_id": PAGE}, {"seq": "3"}, {"page_id": "not-hex-at-all!", "seq": "3"}, {"page_id": PAGE, "seq": "0"},
    {"page_id": PAGE, "seq": "-1"}, {"page_id": PAGE, "seq": "2147483648"}, {"page_id": PAGE, "seq": "drie"},
    {"page_id": "a" * 33, "seq": "3"},
])
def test_a_malformed_choice_number_is_refused_with_a_message_and_nothing_saved(client, member, room, order):
    _measurement, touchpoint, person = room
    workshop = person.workshop
    client.force_login(member)
    response = post_score(client, workshop, touchpoint, "3", **order)
    assert response.status_code == 200
    assert "reload the page and score again" in response.content.decode()
    assert not EmotionRating.objects.exists()
