"""Step 4, emotions: what the scores add up to — the numbers per touchpoint and the curve, each participant's
progress and the phone's one-at-a-time view, the projector, and a fixed number of queries for the room page and
the projector whatever the size of the room. Scoring and notes: test_emotions.py."""

import math
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from journeys.models import EmotionRating, Note
from journeys.numbers import decimal, signed
from journeys.pictures import PROJECTOR_SCALE, emotion_curve
from journeys.selectors import baseline_measurement, emotion_stats, journey_stages
from journeys.services.emotions import emotion_rating_save
from tests.actors import GUEST
from tests.fixtures import HTMX, join_room
from tests.journeys import emotion_support
from tests.journeys.emotion_support import make_workshop, score, touchpoints_of
from workshops.models import Participant

pytestmark = pytest.mark.django_db

# The shared fixtures (a workshop at the emotions step of its own), collected here.
workshop, touchpoints, measurement = (emotion_support.workshop, emotion_support.touchpoints,
                                      emotion_support.measurement)


# --- The numbers ----------------------------------------------------------------------------------

def scored_room(workshop, touchpoints, measurement, table):
    """``table``: {participant name: [score per touchpoint or None]}."""
    people = {}
    for name, scores in table.items():
        people[name] = Participant.objects.create(workshop=workshop, display_name=name)
        for touchpoint, value in zip(touchpoints, scores, strict=True):
            if value is not None:
                emotion_rating_save(actor=GUEST,
                                    measurement=measurement, touchpoint=touchpoint, participant=people[name],
                                    score=value)
    return people


def test_stats_per_touchpoint_match_the_hand_computed_numbers(client, viewer, workshop, touchpoints, measurement):
    scored_room(workshop, touchpoints, measurement, {
        "Ann": [-3, 1, None], "Bas": [0, 1, None], "Cor": [2, 2, None], "Dex": [5, None, None],
    })
    stats = emotion_stats(measurement)
    first = stats[touchpoints[0].pk]
    # −3, 0, 2, 5: mean 1; deviations −4, −1, 1, 4; population variance 34 / 4 = 8.5
    assert (first.count, first.mean, first.minimum, first.maximum) == (4, 1.0, -3, 5)
    assert first.stdev == round(math.sqrt(8.5), 2) == 2.92
    second = stats[touchpoints[1].pk]
    # 1, 1, 2: mean 4/3; variance ((−1/3)² · 2 + (2/3)²) / 3 = 2/9
    assert (second.count, second.mean, second.minimum, second.maximum) == (3, 1.33, 1, 2)
    assert second.stdev == round(math.sqrt(2 / 9), 2) == 0.47
    assert touchpoints[2].pk not in stats

    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()  # Dutch: decimal commas
    first_row = re.search(rf'<tr data-touchpoint="{touchpoints[0].pk}">(.*?)</tr>', page, re.S).group(1)
    # The curve's table: number, mean, lowest, highest, number of scores (the cards show the spread σ).
    assert re.findall(r'class="pic-num">([^<]*)<', first_row) == ["1", "+1", "−3", "+5", "4"]
    second_row = re.search(rf'<tr data-touchpoint="{touchpoints[1].pk}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="pic-num">([^<]*)<', second_row) == ["2", "+1.3", "+1", "+2", "3"]
    third_row = re.search(rf'<tr data-touchpoint="{touchpoints[2].pk}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="pic-num">([^<]*)<', third_row) == ["3", "—", "—", "—", "0"]


def test_stats_are_shown_to_everyone_only_once_there_are_scores(client, viewer, workshop, touchpoints, measurement):
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "em-tp-stats-empty" in page and "pic-curve" not in page
    assert "The curve appears as soon as the first scores come in." in page
    scored_room(workshop, touchpoints, measurement, {"Ann": [3, None, None]})
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert page.count('class="em-tp-stats"') == 1 and "pic-curve" in page


# --- The curve ------------------------------------------------------------------------------------

@pytest.fixture
def five_touchpoints(team, facilitator):
    workshop = make_workshop(team, facilitator, stages=2, touchpoints=5, title="Vijf")
    return workshop, touchpoints_of(workshop), baseline_measurement(workshop.journey)


def curve_for(workshop, **options):
    measurement = baseline_measurement(workshop.journey)
    return emotion_curve(journey_stages(workshop.journey), emotion_stats(measurement), **options)


def test_curve_has_one_point_per_scored_touchpoint_and_none_for_the_others(five_touchpoints):
    workshop, touchpoints, measurement = five_touchpoints
    scored_room(workshop, touchpoints, measurement, {"Ann": [5, 1, None, -5, 0], "Bas": [5, -1, None, -3, None]})
    curve = curve_for(workshop, show_counts=True)
    markers = curve.current.markers
    assert [marker.touchpoint_id for marker in markers] == [touchpoints[i].pk for i in (0, 1, 3, 4)]
    assert len(curve.columns) == 5 and curve.columns[2].stats is None
    y = {marker.touchpoint_id: float(marker.y) for marker in markers}
    zero = next(float(line.y) for line in curve.grid if line.is_zero)
    assert y[touchpoints[0].pk] == float(curve.plot_top)  # +5: the top of the plot
    assert y[touchpoints[1].pk] == zero  # mean 0 sits on the zero line
    assert y[touchpoints[3].pk] == pytest.approx(zero + (float(curve.plot_bottom) - zero) * 4 / 5)  # −4
    assert [marker.count for marker in markers] == ["n=2", "n=2", "n=2", "n=1"]
    # The line breaks at the unscored touchpoint: two runs, (1, 2) and (4, 5).
    assert curve.current.path.count("M") == 2 and curve.current.path.count("L") == 2
    assert len(curve.band_paths) == 2
    # Stages label their own touchpoints, in journey order.
    assert [stage.name for stage in curve.stages] == ["Fase 1", "Fase 2"]
    assert float(curve.stages[0].x) == float(curve.plot_left)


def test_the_room_draws_the_shared_curve_with_title_desc_markers_and_counts(client, viewer, five_touchpoints):
    workshop, touchpoints, measurement = five_touchpoints
    scored_room(workshop, touchpoints, measurement, {"Ann": [4, 2, None, -3, None], "Bas": [2, None, None, -4, None]})
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    section = re.search(r'<section class="card emotions-curve".*?</section>', page, re.S).group(0)
    svg = re.search(r"<svg [^>]*class=\"pic pic-curve\".*?</svg>", section, re.S).group(0)
    points = re.findall(r'class="pic-curve-marker pic-curve-marker--current" data-touchpoint="(\d+)"', svg)
    assert points == [str(touchpoints[i].pk) for i in (0, 1, 3)]
    assert re.findall(r"n=(\d+)</text>", svg) == ["2", "1", "2"]
    assert 'role="img"' in svg and "<title id=\"emotion-curve-title\">" in svg and "<desc" in svg
    assert "3 of 5 touchpoints scored" in svg
    assert "Lowest now: Contact 4 (−3.5)" in svg and "Highest now: Contact 1 (+3)" in svg
    assert "<script" not in svg
    # The same numbers as a table under it.
    assert section.count('<tr data-touchpoint=') == 5
    # Coordinates stay numbers in Dutch too (no decimal commas in geometry).
    with translation.override("nl"):
        dutch = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    svg = re.search(r"<svg [^>]*class=\"pic pic-curve\".*?</svg>", dutch, re.S).group(0)
    for attribute in re.findall(r' (?:x|y|cx|cy|r|x1|x2|y1|y2|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", attribute), attribute


def test_the_projector_curve_is_drawn_larger(five_touchpoints):
    workshop, touchpoints, measurement = five_touchpoints
    scored_room(workshop, touchpoints, measurement, {"Ann": [1, 2, 3, 4, 5]})
    small, large = curve_for(workshop), curve_for(workshop, scale=PROJECTOR_SCALE)
    assert large.scale.font > small.scale.font and large.scale.marker > small.scale.marker
    assert float(large.height) > float(small.height)


# --- Progress and the phone's one-at-a-time view --------------------------------------------------

def test_each_participant_sees_their_own_progress_and_starts_at_the_first_unscored(client, member, workshop,
                                                                                     touchpoints, measurement):
    scored_room(workshop, touchpoints, measurement, {"Ann": [1, 1, 1]})
    client.force_login(member)
    score(client, workshop, touchpoints[0], "3", **HTMX)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert (page.context["emotions"].scored, page.context["emotions"].total) == (1, 3)
    body = page.content.decode()
    assert "<strong>1 of 3</strong> scored" in body
    assert re.findall(r'class="em-tp-card is-current" id="tp-(\d+)"', body) == [str(touchpoints[1].pk)]


@pytest.mark.parametrize("tp,expected", [("3", 2), ("1", 0), ("99", 0), ("abc", 0), ("-1", 0)])
def test_the_phone_shows_the_touchpoint_asked_for(client, member, workshop, touchpoints, tp, expected):
    client.force_login(member)
    body = client.get(reverse("workshops:room", args=[workshop.pk]), {"tp": tp}).content.decode()
    assert re.findall(r'class="em-tp-card is-current" id="tp-(\d+)"', body) == [str(touchpoints[expected].pk)]
    assert body.count('class="emotion-stage has-current"') == 1


def test_a_journey_without_touchpoints_says_where_to_add_them(client, member, team, facilitator):
    empty = make_workshop(team, facilitator, touchpoints=0, title="Leeg")
    client.force_login(member)
    page = client.get(reverse("workshops:room", args=[empty.pk]))
    assert page.status_code == 200
    assert "No touchpoints to score yet" in page.content.decode()
    client.force_login(facilitator)
    assert client.get(reverse("workshops:projector_live", args=[empty.pk])).status_code == 200


# --- The projector --------------------------------------------------------------------------------

def test_projector_shows_everyones_progress_guests_included(client, viewer, guest_client, workshop, touchpoints,
                                                            measurement):
    scored_room(workshop, touchpoints, measurement, {"Sanne": [2, -1, 4]})
    score(guest_client, workshop, touchpoints[1], "-2", **HTMX)
    client.force_login(viewer)
    response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    scorers = re.findall(r'<span class="em-scorer-name">([^<]+)</span>.*?<span class="em-scorer-count">([^<]+)</span>',
                         body, re.S)
    assert scorers == [("Gerda Gast", "1/3"), ("Sanne", "3/3")]
    assert "4 scores" in body and "1 of 2 done" in body
    assert body.count('pic-curve-marker--current"') == 3
    assert 'id="emotion-curve-large-title"' in body
    page = client.get(reverse("workshops:projector", args=[workshop.pk]))
    assert page.status_code == 200 and 'class="em-scorer-name">Gerda Gast<' in page.content.decode()


# --- Query counts: the same for a small and a large room -------------------------------------------

def populated(team, facilitator, member, *, touchpoints, participants, title):
    """A workshop where ``participants`` guests (and the member) scored every touchpoint and wrote notes."""
    workshop = make_workshop(team, facilitator, stages=5 if touchpoints > 5 else 2, touchpoints=touchpoints,
                             title=title)
    measurement = baseline_measurement(workshop.journey)
    points = touchpoints_of(workshop)
    guests = Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"Gast {i}")
                                             for i in range(participants))
    people = [*guests, Participant.objects.create(workshop=workshop, user=member, display_name=member.name)]
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=measurement, touchpoint=point, participant=person, score=(i + j) % 11 - 5)
        for i, person in enumerate(people) for j, point in enumerate(points)
    )
    Note.objects.bulk_create(Note(touchpoint=point, participant=person, kind="thorn", text="Au")
                             for person in people[:participants] for point in points[:2])
    return workshop


@pytest.mark.parametrize("touchpoints,participants", [(3, 2), (25, 30)])
def test_room_page_queries_do_not_grow_with_the_room(client, team, facilitator, member, django_assert_num_queries,
                                                     touchpoints, participants):
    workshop = populated(team, facilitator, member, touchpoints=touchpoints, participants=participants,
                         title=f"{touchpoints}x{participants}")
    client.force_login(member)
    # 1 session, 2 user, 3 workshop with journey, team and my role, 4 my participant, 5 the room's version
    # (which round is scored: a review starting or finishing reloads every screen), 6 stages, 7 their
    # touchpoints, 8 the round scored (baseline or open review), 9 its statistics, 10 my scores,
    # 11 the notes with their authors, 12 the team switcher's teams.
    with django_assert_num_queries(12):
        response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('pic-curve-marker--current"') == touchpoints
    assert response.context["emotions"].scored == touchpoints


@pytest.mark.parametrize("touchpoints,participants", [(3, 2), (25, 30)])
def test_guest_room_page_queries_do_not_grow_with_the_room(team, facilitator, member, django_assert_num_queries,
                                                           touchpoints, participants):
    workshop = populated(team, facilitator, member, touchpoints=touchpoints, participants=participants,
                         title=f"{touchpoints}x{participants}")
    guest = Client()
    join_room(guest, workshop)
    # 1 session, 2 my participant with its workshop, journey and team, 3 the room's version (the round
    # scored), 4 stages, 5 touchpoints, 6 the round scored, 7 statistics, 8 my scores, 9 notes with authors.
    with django_assert_num_queries(9):
        assert guest.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200


@pytest.mark.parametrize("touchpoints,participants", [(3, 2), (25, 30)])
def test_projector_live_queries_do_not_grow_with_the_room(client, team, facilitator, member,
                                                          django_assert_num_queries, touchpoints, participants):
    workshop = populated(team, facilitator, member, touchpoints=touchpoints, participants=participants,
                         title=f"{touchpoints}x{participants}")
    client.force_login(facilitator)
    # 1 session, 2 user, 3 workshop with journey, team and my role, 4 my participant, 5 the room's version
    # (the round scored), 6 stages, 7 touchpoints, 8 the round scored (baseline or open review), 9 statistics,
    # 10 participants with their number of scores.
    with django_assert_num_queries(10):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    body = response.content.decode()
    assert body.count('class="em-scorer-name"') == participants + 1
    assert f"{touchpoints}/{touchpoints}" in body


def test_spread_is_rounded_not_cut():
    with translation.override("nl"):
        assert decimal(0.47) == "0,5" and signed(1.33) == "+1,3" and signed(-3.45, 0) == "−3"


def test_a_large_journey_shows_the_stage_being_scored_and_folds_the_others(client, team, facilitator, member):
    """Over FULL_PAGE_TOUCHPOINTS touchpoints, the page has the score cards of the current stage only (where
    ?tp= points, else the first touchpoint I have not scored) and a link per other stage; up to it, every card."""
    from journeys.steps.emotions import FULL_PAGE_TOUCHPOINTS

    workshop = make_workshop(team, facilitator, stages=3, touchpoints=45)
    assert 45 > FULL_PAGE_TOUCHPOINTS
    tps = touchpoints_of(workshop)
    stages = list(workshop.journey.stages.order_by("position"))
    client.force_login(member)
    url = reverse("workshops:room", args=[workshop.pk])
    for tp in tps[:15]:  # stage 1 scored: the page opens at stage 2
        assert score(client, workshop, tp, 1, **HTMX).status_code == 200
    body = client.get(url).content.decode()
    cards = re.findall(r'<article class="em-tp-card[^"]*" id="tp-(\d+)"', body)
    assert cards == [str(tp.pk) for tp in tps[15:30]]
    folded = re.findall(r'class="emotion-stage-folded" data-stage="(\d+)"', body)
    assert folded == [str(stages[0].pk), str(stages[2].pk)]
    assert 'href="?tp=1#stage-' in body and 'href="?tp=31#stage-' in body
    assert "15 of 15 scored" in body and "0 of 15 scored" in body  # the member reads English
    # ?tp= opens the stage it points into, and still counts every touchpoint
    body = client.get(url, {"tp": "40"}).content.decode()
    assert re.findall(r'<article class="em-tp-card[^"]*" id="tp-(\d+)"', body) == [str(tp.pk) for tp in tps[30:]]
    assert 'value="15"' in body and 'max="45"' in body  # the progress bar: 15 of 45
    # a journey at the limit shows every card
    small = make_workshop(team, facilitator, stages=3, touchpoints=FULL_PAGE_TOUCHPOINTS, title="Klein")
    body = client.get(reverse("workshops:room", args=[small.pk])).content.decode()
    assert len(re.findall(r'<article class="em-tp-card', body)) == FULL_PAGE_TOUCHPOINTS
    assert "emotion-stage-folded" not in body
