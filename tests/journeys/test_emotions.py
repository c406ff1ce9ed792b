"""Step 4, emotions: scoring and writing notes — who may score and write roses, buds and thorns, what is
refused, and one score per participant per touchpoint per round. What the scores add up to (the numbers, the
curve, progress, the projector and its queries) is in test_emotions_results.py; the shared helpers in
emotion_support.py."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys.models import EmotionRating, Note
from journeys.selectors import baseline_measurement
from journeys.services.emotions import emotion_rating_save, note_create
from tests.actors import GUEST
from tests.fixtures import HTMX, join_room
from tests.journeys import emotion_support
from tests.journeys.emotion_support import add_note, make_workshop, score, touchpoints_of
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db

# The shared fixtures (a workshop at the emotions step of its own), collected here.
workshop, touchpoints, measurement = (emotion_support.workshop, emotion_support.touchpoints,
                                      emotion_support.measurement)


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
