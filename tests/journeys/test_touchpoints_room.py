"""Step 3, touchpoints, around the board: stages and touchpoints of other journeys are not there, who may do
which write (members and up; viewers and guests read; outsiders get 404; a closed workshop), what the room page
and the projector show, and a fixed number of queries whatever the journey's size. Editing the board itself:
test_touchpoints.py."""

import pytest
from django.test import Client
from django.urls import reverse

from journeys.models import Stage, Touchpoint
from journeys.services.workshops import workshop_create
from tests.fixtures import HTMX, at_step, new_guest_client
from tests.journeys import touchpoint_support
from tests.journeys.touchpoint_support import add, url, valid_edit
from workshops.models import Step, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.TOUCHPOINTS)]  # 5 phases: the template's

# The shared fixtures, collected here.
login, stages = touchpoint_support.login, touchpoint_support.stages


# --- Objects of other journeys are not there -------------------------------------------------------------

def test_stages_and_touchpoints_of_other_journeys_are_404(login, member, team, facilitator, outsider, other_team,
                                                         workshop):
    same_team = workshop_create(team=team, title="Andere reis", facilitator=facilitator, template="five_phases")
    other_team_workshop = workshop_create(team=other_team, title="Bravo", facilitator=outsider, template="five_phases")
    client = login(member)
    for foreign in (same_team, other_team_workshop):
        stage = foreign.journey.stages.first()
        touchpoint = add(stage, "Vreemd")
        for name, pk in [("journeys:tp_stage_show", stage.pk), ("journeys:tp_stage_edit", stage.pk),
                         ("journeys:tp_show", touchpoint.pk), ("journeys:tp_edit", touchpoint.pk)]:
            assert client.get(url(name, workshop, pk)).status_code == 404, name
        for name, pk, data in [
            ("journeys:tp_stage_edit", stage.pk, {"name": "Gekaapt"}), ("journeys:tp_stage_delete", stage.pk, {}),
            ("journeys:tp_stage_move", stage.pk, {"direction": "down"}),
            ("journeys:tp_add", stage.pk, {"name": "X", "channel": "app"}),
            ("journeys:tp_edit", touchpoint.pk, valid_edit(touchpoint, name="Gekaapt")),
            ("journeys:tp_delete", touchpoint.pk, {}),
            ("journeys:tp_move", touchpoint.pk, {"direction": "up"}),
        ]:
            assert client.post(url(name, workshop, pk), data).status_code == 404, name
        assert Stage.objects.get(pk=stage.pk).name != "Gekaapt"
        assert Touchpoint.objects.filter(stage=stage).count() == 1
        assert Touchpoint.objects.get(pk=touchpoint.pk).name == "Vreemd"


# --- Who may do what ----------------------------------------------------------------------------------------

def write_requests(workshop, stage, touchpoint):
    """Every write of this step (name, url, data), each of which changes something when allowed."""
    return [
        ("journeys:tp_stage_add", url("journeys:tp_stage_add", workshop), {"name": "Nazorg"}),
        ("journeys:tp_stage_edit", url("journeys:tp_stage_edit", workshop, stage.pk), {"name": "Hernoemd"}),
        ("journeys:tp_stage_move", url("journeys:tp_stage_move", workshop, stage.pk), {"direction": "down"}),
        ("journeys:tp_add", url("journeys:tp_add", workshop, stage.pk), {"name": "Nieuw", "channel": "app"}),
        ("journeys:tp_edit", url("journeys:tp_edit", workshop, touchpoint.pk), valid_edit(touchpoint, name="Hernoemd")),
        ("journeys:tp_move", url("journeys:tp_move", workshop, touchpoint.pk), {"direction": "down"}),
        ("journeys:tp_delete", url("journeys:tp_delete", workshop, touchpoint.pk), {}),
        ("journeys:tp_stage_delete", url("journeys:tp_stage_delete", workshop, stage.pk), {}),
    ]


def snapshot(journey):
    return (list(Stage.objects.filter(journey=journey).order_by("pk").values_list("pk", "name", "position")),
            list(Touchpoint.objects.filter(stage__journey=journey).order_by("pk").values_list("pk", "name",
                                                                                                  "position")))


@pytest.fixture
def filled(workshop, stages):
    """Touchpoints in the first stage, so every write has something to change."""
    return [add(stages[0], "Website"), add(stages[0], "Chat")]


@pytest.mark.parametrize("persona", ["owner", "facilitator", "member"])
def test_members_and_up_may_do_every_write(client, workshop, stages, filled, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name, target, data in write_requests(workshop, stages[0], filled[0]):
        before = snapshot(workshop.journey)
        response = client.post(target, data)
        assert response.status_code == 302, name
        assert snapshot(workshop.journey) != before, f"{name} changed nothing"


def test_viewers_and_guests_read_but_may_not_write(client, viewer, workshop, stages, filled):
    client.force_login(viewer)
    guest = new_guest_client(workshop, language="en")
    before = snapshot(workshop.journey)
    for who in (client, guest):
        page = who.get(reverse("workshops:room", args=[workshop.pk]))
        assert page.status_code == 200
        assert "Website" in page.content.decode()
        assert b"tp-card-actions" not in page.content and b"tp-add" not in page.content
        assert who.get(url("journeys:tp_show", workshop, filled[0].pk), **HTMX).status_code == 200
        assert who.get(url("journeys:tp_stage_show", workshop, stages[0].pk), **HTMX).status_code == 200
        assert who.get(url("journeys:tp_edit", workshop, filled[0].pk)).status_code == 403
        assert who.get(url("journeys:tp_stage_edit", workshop, stages[0].pk)).status_code == 403
        for name, target, data in write_requests(workshop, stages[0], filled[0]):
            assert who.post(target, data).status_code == 403, name
    assert snapshot(workshop.journey) == before


def test_outsiders_and_strangers_get_404(client, outsider, workshop, stages, filled):
    client.force_login(outsider)
    before = snapshot(workshop.journey)
    for who in (client, Client()):
        assert who.get(url("journeys:tp_show", workshop, filled[0].pk)).status_code == 404
        assert who.get(url("journeys:tp_edit", workshop, filled[0].pk)).status_code == 404
        for name, target, data in write_requests(workshop, stages[0], filled[0]):
            assert who.post(target, data).status_code == 404, name
    assert snapshot(workshop.journey) == before


def test_a_closed_workshop_is_read_only_except_for_its_facilitators(client, member, facilitator, workshop, stages,
                                                                   filled):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    client.force_login(member)
    assert client.post(url("journeys:tp_add", workshop, stages[0].pk),
                       {"name": "X", "channel": "app"}).status_code == 403
    client.force_login(facilitator)
    assert client.post(url("journeys:tp_add", workshop, stages[0].pk),
                       {"name": "X", "channel": "app"}).status_code == 302


def test_get_on_a_write_url_is_405(login, member, workshop, stages, filled):
    client = login(member)
    assert client.get(url("journeys:tp_delete", workshop, filled[0].pk)).status_code == 405
    assert client.get(url("journeys:tp_stage_add", workshop)).status_code == 405


# --- What the room page and the projector show -----------------------------------------------------------

def test_room_page_shows_the_journey_as_columns_with_cards(login, member, workshop, stages):
    add(stages[0], "Instagram-advertentie", channel="social", media="paid", importance=4)
    add(stages[2], "Eerste levering", channel="letter", category="physical", moment_of_truth=True, importance=5)
    add(stages[2], "Magazijn", channel="other", lane="back")
    response = login(member).get(reverse("workshops:room", args=[workshop.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="tp-stage"') == 5
    assert "Instagram-advertentie" in body and "Social media" in body and "Paid" in body
    assert body.count("tp-card--truth") == 1 and "Moment of truth" in body
    assert "tp-card--back" in body and "Back stage" in body
    assert 'aria-label="4 of 5"' in body and 'aria-label="5 of 5"' in body
    summary = body[body.index('class="tp-summary"'):]
    assert "<strong>5</strong> stages" in summary and "<strong>3</strong> touchpoints" in summary
    assert "<strong>1</strong> moment of truth" in summary


def test_projector_shows_the_map_with_counts_and_moments_of_truth(login, facilitator, workshop, stages):
    add(stages[0], "Instagram-advertentie", channel="social")
    add(stages[2], "Eerste levering", moment_of_truth=True)
    client = login(facilitator)
    for page in (reverse("workshops:projector", args=[workshop.pk]),
                 reverse("workshops:projector_live", args=[workshop.pk])):
        body = client.get(page).content.decode()
        assert body.count('class="pj-stage"') == 5
        assert "Instagram-advertentie" in body
        assert body.count("pj-card--truth") == 1
        assert "<strong>2</strong> touchpoints" in body
        assert "tp-card-actions" not in body and "<form" not in body.split("projector-live")[-1]


def test_empty_journey_invites_the_first_stage(login, member, team, facilitator):
    blank = at_step(workshop_create(team=team, title="Leeg", facilitator=facilitator, template="blank"),
                    Step.TOUCHPOINTS)
    body = login(member).get(reverse("workshops:room", args=[blank.pk])).content.decode()
    assert "The first stage" in body


# --- A fixed number of queries, whatever the journey's size --------------------------------------------------

def fill(journey, stages, per_stage):
    """``stages`` stages of ``per_stage`` touchpoints each, replacing the template's."""
    Stage.objects.filter(journey=journey).delete()
    made = Stage.objects.bulk_create(Stage(journey=journey, position=i, name=f"Fase {i}") for i in range(stages))
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=stage, position=j, name=f"Contact {stage.position}.{j}", moment_of_truth=j == 0)
        for stage in made for j in range(per_stage)
    )


# Room page as a member (the same for every size):
#  1 session, 2 user, 3 the workshop with journey, team and my role (access.get_for_user),
#  4 my participant row (access.room_for), 5 the stages, 6 their touchpoints (journey_stages),
#  7 the teams for the team switcher (base.html)
ROOM_QUERIES = 7
# Projector's live part: 1 session, 2 user, 3 workshop, 4 participant, 5 stages, 6 touchpoints
PROJECTOR_LIVE_QUERIES = 6


@pytest.mark.parametrize("size", [(2, 2), (10, 25)])
def test_room_page_queries_do_not_grow_with_the_journey(login, member, workshop, size, django_assert_num_queries):
    fill(workshop.journey, *size)
    client = login(member)
    client.get(reverse("workshops:room", args=[workshop.pk]))  # first visit makes the member a participant
    with django_assert_num_queries(ROOM_QUERIES):
        response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.content.decode().count('class="tp-card ') == size[0] * size[1]


@pytest.mark.parametrize("size", [(2, 2), (10, 25)])
def test_projector_queries_do_not_grow_with_the_journey(login, facilitator, workshop, size,
                                                        django_assert_num_queries):
    fill(workshop.journey, *size)
    client = login(facilitator)
    client.get(reverse("workshops:room", args=[workshop.pk]))
    with django_assert_num_queries(PROJECTOR_LIVE_QUERIES):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.content.decode().count('class="pj-card ') == size[0] * size[1]
