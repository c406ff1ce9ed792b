"""Step 4, emotions: who may score and write notes, what is refused, the numbers and the curve,
and a fixed number of queries for the room page and the projector whatever the size of the room."""

import math
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from journeys.models import EmotionRating, Note, Stage, Touchpoint
from journeys.numbers import decimal, signed
from journeys.pictures import PROJECTOR_SCALE, emotion_curve
from journeys.selectors import baseline_measurement, emotion_stats, journey_stages
from journeys.services.emotions import emotion_rating_save, note_create
from tests.actors import GUEST
from tests.factories import WorkshopFactory
from tests.fixtures import join_room
from workshops.models import Participant, Step, Workshop

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_workshop(team, facilitator, *, stages=2, touchpoints=3, title="Nieuwe abonnees"):
    """A workshop at the emotions step with ``touchpoints`` spread over ``stages`` stages, in order."""
    workshop = WorkshopFactory(team=team, title=title, facilitator=facilitator, step=Step.EMOTIONS)
    made = Stage.objects.bulk_create(Stage(journey=workshop.journey, position=i, name=f"Fase {i + 1}")
                                     for i in range(stages))
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=made[i * stages // touchpoints], position=i, name=f"Contact {i + 1}")
        for i in range(touchpoints)
    )
    return workshop


def touchpoints_of(workshop):
    return list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position", "position"))


@pytest.fixture
def workshop(team, facilitator):
    return make_workshop(team, facilitator)


@pytest.fixture
def touchpoints(workshop):
    return touchpoints_of(workshop)


@pytest.fixture
def measurement(workshop):
    return baseline_measurement(workshop.journey)


def score(client, workshop, touchpoint, value, comment="", **extra):
    return client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoint.pk]),
                       {"score": value, "comment": comment, "tp": "1"}, **extra)


def add_note(client, workshop, touchpoint, kind="thorn", text="Te lang wachten", **extra):
    return client.post(reverse("journeys:emotion_note_add", args=[workshop.pk, touchpoint.pk]),
                       {"kind": kind, "text": text}, **extra)


def ratings():
    return list(EmotionRating.objects.order_by("pk").values_list("participant__display_name", "touchpoint__name",
                                                                  "score", "comment"))


# --- Who may score ---------------------------------------------------------------------------------

def test_member_scores_with_htmx_and_gets_the_fragment_back(client, member, workshop, touchpoints):
    client.force_login(member)
    response = score(client, workshop, touchpoints[0], "-2", "Onduidelijke prijs", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="saved-note"' in body
    assert f'id="score-{touchpoints[0].pk}"' in body
    assert 'id="emotions-progress" role="status" hx-swap-oob="true"' in body  # my progress follows
    assert 'id="emotions-curve"' in body and "pic-curve-marker--current" in body  # and so does the curve
    rating = EmotionRating.objects.get()
    assert (rating.participant.user, rating.touchpoint, rating.score, rating.comment) == (
        member, touchpoints[0], -2, "Onduidelijke prijs")
    assert rating.measurement == baseline_measurement(workshop.journey)


def test_member_who_never_opened_the_room_becomes_a_participant_by_scoring(client, member, workshop, touchpoints):
    client.force_login(member)
    assert not Participant.objects.filter(user=member).exists()
    score(client, workshop, touchpoints[1], "4", **HTMX)
    assert Participant.objects.get(user=member).ratings.get().score == 4


def test_guest_scores(guest_client, workshop, touchpoints):
    response = score(guest_client, workshop, touchpoints[2], "5", "Top!", **HTMX)
    assert response.status_code == 200
    assert ratings() == [("Gerda Gast", touchpoints[2].name, 5, "Top!")]


def test_facilitator_scores_without_htmx_and_is_sent_back_to_the_touchpoint(client, facilitator, workshop,
                                                                              touchpoints):
    client.force_login(facilitator)
    response = score(client, workshop, touchpoints[1], "1")
    assert response.status_code == 302
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + f"?tp=1#tp-{touchpoints[1].pk}"
    assert EmotionRating.objects.get().score == 1
    odd = client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoints[1].pk]),
                      {"score": "2", "tp": "2#x?y=1"})
    assert odd.url == reverse("workshops:room", args=[workshop.pk]) + f"#tp-{touchpoints[1].pk}"


def test_viewer_cannot_score_or_write_notes(client, viewer, workshop, touchpoints):
    client.force_login(viewer)
    assert score(client, workshop, touchpoints[0], "3", **HTMX).status_code == 403
    assert add_note(client, workshop, touchpoints[0], **HTMX).status_code == 403
    assert not EmotionRating.objects.exists() and not Note.objects.exists()
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "em-score-form" not in page and "em-note-form" not in page
    assert "viewers do not score" in page


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_outsiders_get_404(client, who, request, workshop, touchpoints):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    note = Note.objects.create(touchpoint=touchpoints[0], kind="rose", text="Fijn")
    assert score(client, workshop, touchpoints[0], "3", **HTMX).status_code == 404
    assert add_note(client, workshop, touchpoints[0], **HTMX).status_code == 404
    assert client.post(reverse("journeys:emotion_note_delete", args=[workshop.pk, note.pk]), **HTMX).status_code == 404
    assert not EmotionRating.objects.exists() and Note.objects.count() == 1


def test_guest_of_another_workshop_gets_404(client, workshop, touchpoints, other_team, outsider):
    other = make_workshop(other_team, outsider, title="Workshop B")
    join_room(client, other)
    assert score(client, workshop, touchpoints[0], "3", **HTMX).status_code == 404
    assert add_note(client, workshop, touchpoints[0], **HTMX).status_code == 404
    assert not EmotionRating.objects.exists() and not Note.objects.exists()


def test_a_touchpoint_of_another_journey_is_404_even_in_the_same_team(client, member, team, facilitator, workshop):
    elsewhere = touchpoints_of(make_workshop(team, facilitator, title="Andere workshop"))[0]
    client.force_login(member)
    assert score(client, workshop, elsewhere, "3", **HTMX).status_code == 404
    assert add_note(client, workshop, elsewhere, **HTMX).status_code == 404
    for missing in (999_999, 10**30):
        url = reverse("journeys:emotion_score", args=[workshop.pk, missing])
        assert client.post(url, {"score": "1"}, **HTMX).status_code == 404
    assert not EmotionRating.objects.exists() and not Note.objects.exists()


def test_the_write_urls_take_only_posts(client, member, workshop, touchpoints):
    client.force_login(member)
    assert client.get(reverse("journeys:emotion_score", args=[workshop.pk, touchpoints[0].pk])).status_code == 405
    assert client.get(reverse("journeys:emotion_note_add", args=[workshop.pk, touchpoints[0].pk])).status_code == 405


def test_closed_workshop_refuses_guests_and_members_but_the_facilitator_still_sees_and_scores(
    client, guest_client, member, facilitator, workshop, touchpoints
):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    assert score(guest_client, workshop, touchpoints[0], "3", **HTMX).status_code == 403
    assert add_note(guest_client, workshop, touchpoints[0], **HTMX).status_code == 403
    client.force_login(member)
    assert score(client, workshop, touchpoints[0], "3", **HTMX).status_code == 403
    assert not EmotionRating.objects.exists() and not Note.objects.exists()

    guest_page = guest_client.get(reverse("workshops:room", args=[workshop.pk]))
    assert guest_page.status_code == 200
    assert "em-score-form" not in guest_page.content.decode()
    assert "The workshop is closed" in guest_page.content.decode()

    client.force_login(facilitator)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert page.status_code == 200
    assert "em-score-form" in page.content.decode()  # facilitators may still fill in after closing
    assert score(client, workshop, touchpoints[0], "3", **HTMX).status_code == 200
    assert client.get(reverse("workshops:projector_live", args=[workshop.pk])).status_code == 200


def test_guest_whose_join_code_was_renewed_is_shut_out(guest_client, workshop, touchpoints):
    from workshops.services import workshop_renew_join_code

    workshop_renew_join_code(workshop=workshop)
    assert score(guest_client, workshop, touchpoints[0], "3", **HTMX).status_code == 404
    assert not EmotionRating.objects.exists()


# --- Bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["6", "-6", "99", "abc", "", "2.5", "+", "1e1"])
def test_a_score_outside_the_scale_is_explained_in_the_fragment(client, member, workshop, touchpoints, value):
    client.force_login(member)
    response = score(client, workshop, touchpoints[0], value, "Mijn toelichting", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a score from −5 to +5." in body
    assert f'aria-describedby="score-{touchpoints[0].pk}-error"' in body
    assert 'value="Mijn toelichting"' in body  # what was typed is kept
    assert "saved-note" not in body
    assert not EmotionRating.objects.exists()


def test_a_missing_score_is_explained(client, member, workshop, touchpoints):
    client.force_login(member)
    response = client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoints[0].pk]), {}, **HTMX)
    assert response.status_code == 200
    assert "Choose a score from −5 to +5." in response.content.decode()
    assert not EmotionRating.objects.exists()


def test_a_comment_over_300_characters_is_refused_and_the_old_score_kept(client, member, workshop, touchpoints):
    client.force_login(member)
    score(client, workshop, touchpoints[0], "2", "kort", **HTMX)
    response = score(client, workshop, touchpoints[0], "-4", "x" * 301, **HTMX)
    assert response.status_code == 200
    assert "Keep the comment to 300 characters" in response.content.decode()
    assert ratings() == [("Mo Member", touchpoints[0].name, 2, "kort")]
    score(client, workshop, touchpoints[0], "-4", "y" * 300, **HTMX)
    assert EmotionRating.objects.get().comment == "y" * 300


def test_bad_input_without_htmx_comes_back_as_a_message(client, member, workshop, touchpoints):
    client.force_login(member)
    response = score(client, workshop, touchpoints[0], "11")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{touchpoints[0].name}: Choose a score from −5 to +5."]
    assert not EmotionRating.objects.exists()


@pytest.mark.parametrize("bad", [6, -6, "3", 2.0, True, None])
def test_the_service_refuses_anything_but_a_whole_number_on_the_scale(workshop, touchpoints, measurement, bad):
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    with pytest.raises(ValidationError) as error:
        emotion_rating_save(actor=GUEST,
                            measurement=measurement, touchpoint=touchpoints[0], participant=guest, score=bad)
    assert "score" in error.value.error_dict
    assert not EmotionRating.objects.exists()


def test_the_service_refuses_a_touchpoint_or_participant_of_another_workshop(team, facilitator, workshop,
                                                                              touchpoints, measurement):
    other = make_workshop(team, facilitator, title="Ander")
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    stranger = Participant.objects.create(workshop=other, display_name="Vreemde")
    with pytest.raises(ValidationError):
        emotion_rating_save(actor=GUEST,
                            measurement=measurement, touchpoint=touchpoints_of(other)[0], participant=guest, score=1)
    with pytest.raises(ValidationError):
        emotion_rating_save(actor=GUEST,
                            measurement=measurement, touchpoint=touchpoints[0], participant=stranger, score=1)
    with pytest.raises(ValidationError):
        note_create(actor=GUEST, touchpoint=touchpoints_of(other)[0], participant=guest, kind="rose", text="Hoi")
    assert not EmotionRating.objects.exists() and not Note.objects.exists()


# --- One score per participant per touchpoint per round -------------------------------------------

def test_scoring_again_updates_the_one_score(client, member, workshop, touchpoints):
    """On both databases: the upsert replaces score and comment, and never makes a second row."""
    client.force_login(member)
    score(client, workshop, touchpoints[0], "2", "eerst", **HTMX)
    first = EmotionRating.objects.get()
    score(client, workshop, touchpoints[0], "-3", "toch niet", **HTMX)
    score(client, workshop, touchpoints[1], "0", **HTMX)
    assert ratings() == [("Mo Member", touchpoints[0].name, -3, "toch niet"),
                         ("Mo Member", touchpoints[1].name, 0, "")]
    again = EmotionRating.objects.get(touchpoint=touchpoints[0])
    assert again.pk == first.pk and again.updated_at >= first.updated_at


def test_the_service_upserts_and_returns_the_saved_score(workshop, touchpoints, measurement):
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    emotion_rating_save(actor=GUEST, measurement=measurement, touchpoint=touchpoints[0], participant=guest, score=1,
                        comment="  met spaties  ")
    saved = emotion_rating_save(actor=GUEST,
                                measurement=measurement, touchpoint=touchpoints[0], participant=guest, score=-5)
    assert (saved.score, saved.comment) == (-5, "")
    assert list(EmotionRating.objects.values_list("score", "comment")) == [(-5, "")]


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


# --- Notes ----------------------------------------------------------------------------------------

def test_guest_and_member_add_notes_listed_with_their_kind(client, guest_client, member, workshop, touchpoints):
    response = add_note(guest_client, workshop, touchpoints[0], "rose", "  Heldere   uitleg ", **HTMX)
    assert response.status_code == 200
    assert "Heldere uitleg" in response.content.decode()
    client.force_login(member)
    add_note(client, workshop, touchpoints[0], "bud", "Chat toevoegen", **HTMX)
    add_note(client, workshop, touchpoints[0], "thorn", "Geen prijs", **HTMX)
    assert list(Note.objects.order_by("pk").values_list("participant__display_name", "kind", "text")) == [
        ("Gerda Gast", "rose", "Heldere uitleg"), ("Mo Member", "bud", "Chat toevoegen"),
        ("Mo Member", "thorn", "Geen prijs")]
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    notes = re.search(rf'id="notes-{touchpoints[0].pk}".*?</ul>', page, re.S).group(0)
    assert re.findall(r'class="em-note em-note--(\w+)"', notes) == ["rose", "bud", "thorn"]
    assert notes.count("em-note-delete") == 2  # only my own two notes have a delete button
    assert "✿" in notes and "✶" in notes


@pytest.mark.parametrize("data,message", [
    ({"kind": "tulip", "text": "Hoi"}, "Choose rose, bud or thorn."),
    ({"text": "Hoi"}, "Choose rose, bud or thorn."),
    ({"kind": "rose", "text": "   "}, "Write the note first."),
    ({"kind": "rose", "text": "x" * 301}, "Keep the note to 300 characters"),
])
def test_a_bad_note_is_explained_and_not_saved(client, member, workshop, touchpoints, data, message):
    client.force_login(member)
    url = reverse("journeys:emotion_note_add", args=[workshop.pk, touchpoints[0].pk])
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Note.objects.exists()
    plain = client.post(url, data)
    assert plain.status_code == 302
    assert message in str(list(get_messages(plain.wsgi_request))[0])


def test_a_participant_deletes_only_their_own_notes(client, guest_client, member, workshop, touchpoints):
    client.force_login(member)
    add_note(client, workshop, touchpoints[0], "thorn", "Van Mo", **HTMX)
    add_note(guest_client, workshop, touchpoints[0], "rose", "Van Gerda", **HTMX)
    mine, theirs = Note.objects.get(text="Van Mo"), Note.objects.get(text="Van Gerda")
    refused = client.post(reverse("journeys:emotion_note_delete", args=[workshop.pk, theirs.pk]), **HTMX)
    assert refused.status_code == 403
    response = client.post(reverse("journeys:emotion_note_delete", args=[workshop.pk, mine.pk]), **HTMX)
    assert response.status_code == 200
    assert "Van Mo" not in response.content.decode() and "Van Gerda" in response.content.decode()
    assert list(Note.objects.values_list("text", flat=True)) == ["Van Gerda"]
    assert guest_client.post(reverse("journeys:emotion_note_delete", args=[workshop.pk, theirs.pk])).status_code == 302
    assert not Note.objects.exists()


def test_a_note_of_another_journey_cannot_be_deleted_from_this_room(client, member, team, facilitator, workshop):
    other = make_workshop(team, facilitator, title="Ander")
    author = Participant.objects.create(workshop=other, display_name="Iemand")
    note = Note.objects.create(touchpoint=touchpoints_of(other)[0], participant=author, kind="rose", text="Daar")
    client.force_login(member)
    assert client.post(reverse("journeys:emotion_note_delete", args=[workshop.pk, note.pk]), **HTMX).status_code == 404
    assert Note.objects.exists()


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
