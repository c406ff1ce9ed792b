"""Step 5, the ideal journey: copying the current journey once (also when two ask at the same time),
editing the copy with the touchpoints step's views, target emotions next to the current scores, and the
journey health hints."""

import threading
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from journeys.models import EmotionRating, Journey, JourneyTemplate, Stage, Touchpoint
from journeys.selectors import EmotionStats, baseline_measurement
from journeys.services import touchpoints as tp_services
from journeys.services.ideal import ideal_journey_create, journey_health_hints, touchpoint_set_target
from tests.actors import MEMBER
from tests.db_snapshot import nothing_written
from tests.factories import WorkshopFactory
from tests.fixtures import HTMX, new_guest_client
from workshops.models import Participant, Step, User, Workshop

pytestmark = pytest.mark.django_db



@pytest.fixture
def login(client):
    """``login(user)``, in English: the assertions read our English source texts."""

    def _login(user):
        User.objects.filter(pk=user.pk).update(language="en")
        client.force_login(user)
        return client

    return _login


def make_workshop(team, facilitator, title="Nieuwe abonnees"):
    """A workshop at the ideal step whose current journey has touchpoints in its first three stages."""
    workshop = WorkshopFactory(team=team, title=title, facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES,
                               step=Step.IDEAL)
    stages = list(workshop.journey.stages.order_by("position"))
    tp_services.touchpoint_create(actor=MEMBER, stage=stages[0], name="Instagram", channel="social")
    tp_services.touchpoint_create(actor=MEMBER, stage=stages[1], name="Website", channel="website")
    tp_services.touchpoint_create(actor=MEMBER,
                                  stage=stages[2], name="Eerste levering", channel="letter", moment_of_truth=True)
    return workshop


@pytest.fixture
def workshop(team, facilitator):
    return make_workshop(team, facilitator)


@pytest.fixture
def ideal(workshop):
    return ideal_journey_create(actor=MEMBER, journey=workshop.journey)[0]


def ideal_touchpoint(ideal, name):
    return Touchpoint.objects.select_related("stage").get(stage__journey=ideal, name=name)


def rate(workshop, touchpoint, *scores):
    """Scores for ``touchpoint`` in the workshop's baseline, one per new participant."""
    measurement = baseline_measurement(workshop.journey)
    for score in scores:
        participant = Participant.objects.create(workshop=workshop, display_name=f"Deelnemer {score}")
        EmotionRating.objects.create(measurement=measurement, touchpoint=touchpoint, participant=participant,
                                     score=score)


def url(name, workshop, *args):
    return reverse(name, args=[workshop.pk, *args])


# --- Starting the ideal journey ------------------------------------------------------------------------

def test_the_step_offers_to_copy_the_current_journey(login, member, workshop):
    body = login(member).get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "Copy the current journey into an ideal one" in body
    assert f'action="{url("journeys:ideal_create", workshop)}"' in body


def test_viewers_and_guests_wait_for_the_ideal(client, login, viewer, workshop):
    for who in (login(viewer), new_guest_client(workshop, language="en")):
        body = who.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
        assert "Copy the current journey" not in body
        assert "The facilitator will start the ideal journey in a moment." in body
        assert who.post(url("journeys:ideal_create", workshop)).status_code == 403
    assert not Journey.objects.filter(ideal_of=workshop.journey).exists()


def test_member_copies_the_current_journey_into_an_ideal(login, member, workshop):
    response = login(member).post(url("journeys:ideal_create", workshop))
    assert response.status_code == 302 and response.url == reverse("workshops:room", args=[workshop.pk])
    ideal = Journey.objects.get(ideal_of=workshop.journey)
    assert ideal.title == "Nieuwe abonnees — ideal"
    copies = Touchpoint.objects.filter(stage__journey=ideal).select_related("source")
    assert sorted((copy.name, copy.source.name) for copy in copies) == [
        ("Eerste levering", "Eerste levering"), ("Instagram", "Instagram"), ("Website", "Website")]
    assert Stage.objects.filter(journey=ideal).count() == 5


def test_a_second_click_does_not_make_a_second_ideal(login, member, workshop):
    client = login(member)
    client.post(url("journeys:ideal_create", workshop))
    response = client.post(url("journeys:ideal_create", workshop), follow=True)
    assert response.status_code == 200
    assert "The ideal journey already exists: here it is." in [str(m) for m in response.context["messages"]]
    assert Journey.objects.filter(ideal_of=workshop.journey).count() == 1


def test_the_service_returns_the_existing_ideal_the_second_time(workshop):
    first, created = ideal_journey_create(actor=MEMBER, journey=workshop.journey)
    second, created_again = ideal_journey_create(actor=MEMBER, journey=workshop.journey)
    assert (created, created_again) == (True, False)
    assert second.pk == first.pk
    assert Touchpoint.objects.filter(stage__journey=first).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_people_copying_at_the_same_moment_get_one_ideal(team, facilitator):
    """Two requests in two database connections, released together: the row lock makes one wait."""
    workshop = make_workshop(team, facilitator)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def copy():
        try:
            barrier.wait(timeout=10)
            ideal, created = ideal_journey_create(actor=MEMBER, journey=Journey.objects.get(pk=workshop.journey_id))
            results.append((ideal.pk, created))
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=copy) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(created for _pk, created in results) == [False, True]
    assert len({pk for pk, _created in results}) == 1
    assert Journey.objects.filter(ideal_of=workshop.journey).count() == 1
    assert Touchpoint.objects.filter(stage__journey__ideal_of=workshop.journey).count() == 3


@pytest.mark.parametrize("persona", ["owner", "facilitator", "member"])
def test_members_and_up_start_the_ideal_and_set_targets(client, workshop, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(url("journeys:ideal_create", workshop)).status_code == 302
    ideal = Journey.objects.get(ideal_of=workshop.journey)
    touchpoint = ideal_touchpoint(ideal, "Website")
    assert client.post(url("journeys:ideal_target", workshop, touchpoint.pk),
                       {"target_emotion": "4"}).status_code == 302
    assert client.post(url("journeys:ideal_stage_add", workshop), {"name": "Nazorg"}).status_code == 302
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion == 4
    assert Stage.objects.filter(journey=ideal, name="Nazorg").exists()


def test_outsiders_and_strangers_get_404_on_the_ideal(client, outsider, workshop, ideal):
    touchpoint = ideal_touchpoint(ideal, "Website")
    client.force_login(outsider)
    for who in (client, Client()):
        assert who.post(url("journeys:ideal_create", workshop)).status_code == 404
        assert who.post(url("journeys:ideal_target", workshop, touchpoint.pk),
                        {"target_emotion": "4"}).status_code == 404
        assert who.post(url("journeys:ideal_stage_add", workshop), {"name": "Nazorg"}).status_code == 404
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion is None
    assert Stage.objects.filter(journey=ideal).count() == 5


def test_a_closed_workshop_keeps_its_ideal_as_it_is(client, member, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    client.force_login(member)
    assert client.post(url("journeys:ideal_create", workshop)).status_code == 403
    assert not Journey.objects.filter(ideal_of=workshop.journey).exists()


# --- Editing the ideal with the touchpoints step's views ------------------------------------------------

def test_the_step_shows_the_ideal_board_with_hints(login, member, workshop, ideal):
    body = login(member).get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert f'id="board-{ideal.pk}"' in body and f'id="board-{workshop.journey.pk}"' not in body
    assert f'id="hints-{ideal.pk}"' in body
    assert body.count('class="ideal-target"') == 3
    assert f'action="{url("journeys:ideal_stage_add", workshop)}"' in body


def test_member_edits_an_ideal_touchpoint_including_its_target(login, member, workshop, ideal):
    touchpoint = ideal_touchpoint(ideal, "Website")
    client = login(member)
    form = client.get(url("journeys:tp_edit", workshop, touchpoint.pk), **HTMX)
    assert b'name="target_emotion"' in form.content
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), {
        "name": "Website met maatadvies", "stage": touchpoint.stage_id, "channel": "website", "category": "digital",
        "media": "owned", "lane": "front", "importance": "4", "target_emotion": "3"}, **HTMX)
    assert response.status_code == 200
    touchpoint.refresh_from_db()
    assert (touchpoint.name, touchpoint.target_emotion) == ("Website met maatadvies", 3)
    assert Touchpoint.objects.get(stage__journey=workshop.journey, name="Website").target_emotion is None


def test_the_ideal_edit_form_offers_only_the_ideals_stages(login, member, workshop, ideal):
    touchpoint = ideal_touchpoint(ideal, "Website")
    client = login(member)
    current_stage = workshop.journey.stages.first()
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), {
        "name": "Website", "stage": current_stage.pk, "channel": "website", "category": "digital",
        "media": "owned", "lane": "front", "importance": "3"}, **HTMX)
    assert "Choose a stage of this journey." in response.content.decode()
    assert Touchpoint.objects.get(pk=touchpoint.pk).stage.journey_id == ideal.pk


def test_a_touchpoint_added_to_the_ideal_is_new_in_the_ideal(login, member, workshop, ideal):
    stage = Stage.objects.get(journey=ideal, position=2)
    client = login(member)
    response = client.post(url("journeys:tp_add", workshop, stage.pk),
                           {"name": "Track & trace per sms", "channel": "phone"}, **HTMX)
    assert response.status_code == 200
    added = Touchpoint.objects.get(stage=stage, name="Track & trace per sms")
    assert added.source is None
    assert "New in the ideal" in response.content.decode()
    assert f'id="hints-{ideal.pk}" hx-swap-oob="true"' in response.content.decode()


def test_member_adds_a_stage_to_the_ideal_and_removes_touchpoints(login, member, workshop, ideal):
    client = login(member)
    assert client.post(url("journeys:ideal_stage_add", workshop), {"name": "Nazorg"}).status_code == 302
    assert Stage.objects.filter(journey=ideal, name="Nazorg", position=5).exists()
    assert not Stage.objects.filter(journey=workshop.journey, name="Nazorg").exists()
    client.post(url("journeys:tp_delete", workshop, ideal_touchpoint(ideal, "Instagram").pk))
    assert not Touchpoint.objects.filter(stage__journey=ideal, name="Instagram").exists()
    assert Touchpoint.objects.filter(stage__journey=workshop.journey, name="Instagram").exists()


def test_adding_a_stage_to_an_ideal_that_does_not_exist_is_404(login, member, workshop):
    client = login(member)
    with nothing_written():
        assert client.post(url("journeys:ideal_stage_add", workshop), {"name": "Nazorg"}).status_code == 404


def test_another_workshops_ideal_is_404(login, member, team, facilitator, outsider, other_team, workshop, ideal):
    client = login(member)
    for foreign_workshop in (make_workshop(team, facilitator, "Andere"), make_workshop(other_team, outsider, "Bravo")):
        foreign = ideal_journey_create(actor=MEMBER, journey=foreign_workshop.journey)[0]
        touchpoint = ideal_touchpoint(foreign, "Website")
        stage = touchpoint.stage
        assert client.post(url("journeys:ideal_target", workshop, touchpoint.pk),
                           {"target_emotion": "2"}).status_code == 404
        assert client.post(url("journeys:tp_edit", workshop, touchpoint.pk), {"name": "X"}).status_code == 404
        assert client.post(url("journeys:tp_delete", workshop, touchpoint.pk)).status_code == 404
        assert client.post(url("journeys:tp_add", workshop, stage.pk),
                           {"name": "X", "channel": "app"}).status_code == 404
        assert client.post(url("journeys:tp_stage_delete", workshop, stage.pk)).status_code == 404
        assert Touchpoint.objects.filter(stage__journey=foreign).count() == 3
        assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion is None


# --- Target emotions ------------------------------------------------------------------------------------

def test_member_sets_and_clears_a_target_emotion(login, member, workshop, ideal):
    touchpoint = ideal_touchpoint(ideal, "Website")
    client = login(member)
    response = client.post(url("journeys:ideal_target", workshop, touchpoint.pk), {"target_emotion": "-2"}, **HTMX)
    assert response.status_code == 200
    assert f'id="tp-{touchpoint.pk}"' in response.content.decode()
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion == -2
    response = client.post(url("journeys:ideal_target", workshop, touchpoint.pk), {"target_emotion": "5"})
    assert response.status_code == 302 and response.url.endswith(f"#tp-{touchpoint.pk}")
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion == 5
    client.post(url("journeys:ideal_target", workshop, touchpoint.pk), {"target_emotion": ""})
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion is None


@pytest.mark.parametrize("value,message", [
    ("6", "less than or equal to 5"), ("-6", "greater than or equal to -5"), ("heel blij", "Enter a whole number"),
    ("2.5", "Enter a whole number"),
])
def test_a_target_outside_minus_5_to_plus_5_is_refused(login, member, workshop, ideal, value, message):
    touchpoint = ideal_touchpoint(ideal, "Website")
    client = login(member)
    response = client.post(url("journeys:ideal_target", workshop, touchpoint.pk), {"target_emotion": value}, **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode() and 'class="field-error"' in response.content.decode()
    response = client.post(url("journeys:ideal_target", workshop, touchpoint.pk), {"target_emotion": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion is None


def test_a_current_journeys_touchpoint_has_no_target(login, member, workshop, ideal):
    current = Touchpoint.objects.get(stage__journey=workshop.journey, name="Website")
    assert login(member).post(url("journeys:ideal_target", workshop, current.pk),
                              {"target_emotion": "3"}).status_code == 404
    with pytest.raises(Exception, match="ideal journey"):
        touchpoint_set_target(actor=MEMBER, touchpoint=current, target_emotion=3)
    assert Touchpoint.objects.get(pk=current.pk).target_emotion is None


def test_viewers_and_guests_may_not_set_targets(login, viewer, workshop, ideal):
    touchpoint = ideal_touchpoint(ideal, "Website")
    for who in (login(viewer), new_guest_client(workshop, language="en")):
        assert who.post(url("journeys:ideal_target", workshop, touchpoint.pk),
                        {"target_emotion": "3"}).status_code == 403
        body = who.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
        assert 'class="ideal-target"' not in body and "tp-card-actions" not in body
    assert Touchpoint.objects.get(pk=touchpoint.pk).target_emotion is None


def test_cards_show_the_current_mean_the_target_and_the_difference(login, member, workshop, ideal):
    current = Touchpoint.objects.get(stage__journey=workshop.journey, name="Eerste levering")
    rate(workshop, current, -3, -2)
    touchpoint_set_target(actor=MEMBER, touchpoint=ideal_touchpoint(ideal, "Eerste levering"), target_emotion=3)
    body = login(member).get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    card = body[body.index(f'id="tp-{ideal_touchpoint(ideal, "Eerste levering").pk}"'):]
    card = card[:card.index("</article>")]
    assert "−2.5" in card and "2 scores" in card  # the mean of −3 and −2, with a real minus sign
    assert "Difference: <strong>+5.5</strong>" in card
    website = body[body.index(f'id="tp-{ideal_touchpoint(ideal, "Website").pk}"'):]
    assert "no scores yet" in website[:website.index("</article>")]


def test_the_step_works_without_any_scores(login, member, viewer, workshop, ideal):
    for who in (member, viewer):
        response = login(who).get(reverse("workshops:room", args=[workshop.pk]))
        assert response.status_code == 200
        assert response.content.decode().count("no scores yet") == 3


# --- Health hints, each both ways -------------------------------------------------------------------------

def tp(name, target=None, *, truth=False, source=None, importance=3):
    return SimpleNamespace(name=name, target_emotion=target, moment_of_truth=truth, source_id=source,
                           importance=importance, pk=name)


def stats(mean):
    return EmotionStats(count=3, mean=mean, minimum=-5, maximum=5, stdev=1.0)


def codes(touchpoints, current=None):
    return [hint.code for hint in journey_health_hints(touchpoints, current or {})]


def involved(touchpoints, code, current=None):
    hint = next(hint for hint in journey_health_hints(touchpoints, current or {}) if hint.code == code)
    return [touchpoint.name for touchpoint in hint.touchpoints]


def test_hint_a_moment_of_truth_with_a_negative_target():
    journey = [tp("A", 2), tp("Levering", -1, truth=True), tp("Z", 4)]
    assert "negative_moment_of_truth" in codes(journey)
    assert involved(journey, "negative_moment_of_truth") == ["Levering"]
    assert "negative_moment_of_truth" not in codes([tp("A", 2), tp("Levering", 0, truth=True), tp("Z", 4)])
    assert "negative_moment_of_truth" not in codes([tp("A", 2), tp("Levering", -1), tp("Z", 4)])


def test_hint_a_moment_of_truth_without_a_target_that_is_negative_now():
    journey = [tp("A", 2), tp("Levering", truth=True, source=7), tp("Z", 4)]
    assert "negative_moment_of_truth" in codes(journey, {7: stats(-1.5)})
    assert "negative_moment_of_truth" not in codes(journey, {7: stats(0.5)})
    assert "negative_moment_of_truth" not in codes(journey, {})  # no scores: nothing to say
    assert "negative_moment_of_truth" not in codes([tp("A", 2), tp("Levering", 2, truth=True, source=7),
                                                    tp("Z", 4)], {7: stats(-3)})  # the target lifts it


def test_hint_a_journey_that_ends_on_a_neutral_or_negative_note():
    assert "ends_low" in codes([tp("A", 3), tp("B", 4), tp("Einde", 0)])
    assert involved([tp("A", 3), tp("Einde", -2)], "ends_low") == ["Einde"]
    assert "ends_low" not in codes([tp("A", 3), tp("B", 4), tp("Einde", 2)])
    assert "ends_low" not in codes([tp("A", 3), tp("Einde")])  # no target at the end yet


def test_hint_a_journey_that_ends_far_below_its_peak():
    journey = [tp("A", 1), tp("Piek", 5), tp("Einde", 2)]
    assert "ends_low" in codes(journey)
    assert involved(journey, "ends_low") == ["Einde", "Piek"]
    assert "ends_low" not in codes([tp("A", 1), tp("Piek", 5), tp("Einde", 3)])  # two below: fine


def test_hint_an_ideal_without_contrast():
    assert "flat" in codes([tp("A", 3), tp("B", 4), tp("C", 3)])
    assert "flat" not in codes([tp("A", 2), tp("B", 4), tp("C", 3)])  # a gap of two is contrast
    assert "flat" not in codes([tp("A", 3), tp("B"), tp("C", 3)])  # not all targets set yet
    assert "flat" not in codes([tp("A", 3)])  # one touchpoint is no line


def test_hint_more_than_twenty_touchpoints():
    twenty = [tp(f"T{n}", n % 5 - 1, importance=3) for n in range(20)]
    assert "too_many" not in codes(twenty)
    twenty_one = [*twenty, tp("Folder", 2, importance=1), tp("Kaartje", 1, importance=2, truth=True)]
    assert "too_many" in codes(twenty_one)
    assert involved(twenty_one, "too_many") == ["Folder"]  # the least important, not a moment of truth


def test_no_hints_for_a_healthy_ideal():
    assert codes([tp("A", 1), tp("B", -1), tp("Kern", 4, truth=True), tp("Einde", 3)]) == []


def test_hints_show_on_the_step_and_follow_a_new_target(login, member, workshop, ideal):
    client = login(member)
    for name, target in [("Instagram", 2), ("Website", 2), ("Eerste levering", 2)]:
        touchpoint_set_target(actor=MEMBER, touchpoint=ideal_touchpoint(ideal, name), target_emotion=target)
    body = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert 'data-hint="flat"' in body
    response = client.post(url("journeys:ideal_target", workshop, ideal_touchpoint(ideal, "Eerste levering").pk),
                           {"target_emotion": "-1"}, **HTMX)
    body = response.content.decode()
    hints = body[body.index(f'id="hints-{ideal.pk}" hx-swap-oob="true"'):]
    assert 'data-hint="negative_moment_of_truth"' in hints and 'data-hint="ends_low"' in hints
    assert 'data-hint="flat"' not in hints


def test_a_friendly_note_when_there_is_nothing_to_say(login, member, workshop, ideal):
    client = login(member)
    assert "Give each touchpoint a target emotion" in client.get(reverse("workshops:room",
                                                                         args=[workshop.pk])).content.decode()
    for name, target in [("Instagram", 1), ("Website", -1), ("Eerste levering", 4)]:
        touchpoint_set_target(actor=MEMBER, touchpoint=ideal_touchpoint(ideal, name), target_emotion=target)
    assert "No hints" in client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()


# --- The projector ------------------------------------------------------------------------------------------

def test_projector_waits_for_the_ideal(login, facilitator, workshop):
    body = login(facilitator).get(reverse("workshops:projector_live", args=[workshop.pk])).content.decode()
    assert "Soon: we design the ideal journey" in body


def test_projector_shows_the_ideal_map_with_targets_and_hints(login, facilitator, workshop, ideal):
    current = Touchpoint.objects.get(stage__journey=workshop.journey, name="Eerste levering")
    rate(workshop, current, -4)
    touchpoint_set_target(actor=MEMBER, touchpoint=ideal_touchpoint(ideal, "Eerste levering"), target_emotion=-1)
    body = login(facilitator).get(reverse("workshops:projector_live", args=[workshop.pk])).content.decode()
    assert body.count('class="pj-stage"') == 5
    assert "−4" in body and "−1" in body
    assert 'data-hint="negative_moment_of_truth"' in body
    assert "<form" not in body


# --- A fixed number of queries, whatever the journey's size --------------------------------------------------

def fill_with_ideal(workshop, stages, per_stage, raters=3):
    """A current journey of ``stages`` × ``per_stage`` touchpoints, each scored by ``raters`` participants,
    and its ideal copy with targets."""
    journey = workshop.journey
    Stage.objects.filter(journey=journey).delete()
    made = Stage.objects.bulk_create(Stage(journey=journey, position=i, name=f"Fase {i}") for i in range(stages))
    touchpoints = Touchpoint.objects.bulk_create(
        Touchpoint(stage=stage, position=j, name=f"Contact {stage.position}.{j}", moment_of_truth=j == 0)
        for stage in made for j in range(per_stage)
    )
    people = [Participant.objects.create(workshop=workshop, display_name=f"P{n}") for n in range(raters)]
    measurement = baseline_measurement(journey)
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=person, score=(n + i) % 11 - 5)
        for i, touchpoint in enumerate(touchpoints) for n, person in enumerate(people)
    )
    ideal = ideal_journey_create(actor=MEMBER, journey=journey)[0]
    Touchpoint.objects.filter(stage__journey=ideal).update(target_emotion=2)
    return ideal


# Room page at the ideal step as a member (the same for every size):
#  1 session, 2 user, 3 the workshop with journey, team and my role, 4 my participant row,
#  5 the ideal journey, 6 its stages, 7 their touchpoints, 8 the baseline measurement,
#  9 the emotion stats per touchpoint, 10 whether an ideal exists (the room's version, so screens
#  waiting for the ideal reload when it appears), 11 the teams for the team switcher (base.html)
ROOM_QUERIES = 11
# Projector's live part: the same without the team switcher
PROJECTOR_LIVE_QUERIES = 10


@pytest.mark.parametrize("size", [(2, 2), (10, 25)])
def test_room_page_queries_do_not_grow_with_the_ideal(login, member, workshop, size, django_assert_num_queries):
    fill_with_ideal(workshop, *size)
    client = login(member)
    client.get(reverse("workshops:room", args=[workshop.pk]))  # first visit makes the member a participant
    with django_assert_num_queries(ROOM_QUERIES):
        response = client.get(reverse("workshops:room", args=[workshop.pk]))
    body = response.content.decode()
    assert body.count('class="ideal-target"') == size[0] * size[1]
    assert "3 scores" in body


@pytest.mark.parametrize("size", [(2, 2), (10, 25)])
def test_projector_queries_do_not_grow_with_the_ideal(login, facilitator, workshop, size,
                                                      django_assert_num_queries):
    fill_with_ideal(workshop, *size)
    client = login(facilitator)
    client.get(reverse("workshops:room", args=[workshop.pk]))
    with django_assert_num_queries(PROJECTOR_LIVE_QUERIES):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.content.decode().count('class="pj-card ') == size[0] * size[1]
