"""The room writes through the services that keep the rule of a closed workshop (see
tests/api/test_closed_workshop_writes.py), handing them the writer's role: its facilitators still change every
part of a closed workshop in the room, members cannot (403 at the door, as before)."""

import pytest
from django.urls import reverse

from tests.api.test_closed_workshop_writes import close, snapshot, world  # noqa: F401 - the fixture
from tests.journeys.test_touchpoints import valid_edit

pytestmark = pytest.mark.django_db


def room_writes(w):
    """(name, url, data) of every write of the room's steps that changes a closed workshop's content."""
    def url(name, *args):
        return reverse(name, args=[w.workshop.pk, *args])

    return [
        ("scope_update", url("scope_update"), {"title": "Een offerte", "customer_goal": "Ik vraag een offerte aan"}),
        ("scope_persona_choose", url("scope_persona_choose"), {"persona": w.persona.pk}),
        ("scope_persona_create", url("scope_persona_create"), {"new-persona-name": "Starter"}),
        ("evidence_figure_create", url("evidence_figure_create"),
         {"figure-attach_to": "journey", "figure-source": "crm", "figure-metric": "Conversie", "figure-value": "12,5"}),
        ("evidence_quote_create", url("evidence_quote_create"),
         {"quote-attach_to": "journey", "quote-source": "interview", "quote-quote": "Niemand belde"}),
        ("evidence_delete", url("evidence_delete", w.evidence.pk), {}),
        ("tp_stage_add", url("tp_stage_add"), {"name": "Nazorg"}),
        ("tp_stage_edit", url("tp_stage_edit", w.stage.pk), {"name": "Zoeken"}),
        ("tp_stage_move", url("tp_stage_move", w.stage.pk), {"direction": "down"}),
        ("tp_add", url("tp_add", w.stage.pk), {"name": "Chat", "channel": "app"}),
        ("tp_edit", url("tp_edit", w.touchpoint.pk), valid_edit(w.touchpoint, name="Site")),
        ("tp_move", url("tp_move", w.touchpoint.pk), {"direction": "down"}),
        ("tp_delete", url("tp_delete", w.touchpoint.pk), {}),
        ("tp_stage_delete", url("tp_stage_delete", w.stage.pk), {}),
        ("ideal_stage_add", url("ideal_stage_add"), {"name": "Nazorg"}),
        ("ideal_target", url("ideal_target", w.ideal_touchpoint.pk), {"target_emotion": 4}),
        ("gap_create", url("gap_create"), {"problem": "Geen status", "origin": "team"}),
        ("gap_edit", url("gap_edit", w.gap.pk), {"problem": "Een offerte duurt maanden"}),
        ("gap_delete", url("gap_delete", w.gap.pk), {}),
        ("room_improvement_create", url("room_improvement_create"), {"title": "Bellen", "impact": 3, "effort": 3}),
        ("room_improvement_edit", url("room_improvement_edit", w.improvement.pk),
         {"title": "Offerte binnen een dag", "gap": w.other_gap.pk, "touchpoints": [w.touchpoint.pk], "impact": 3,
          "effort": 3}),
        ("room_improvement_delete", url("room_improvement_delete", w.improvement.pk), {}),
    ]


NAMES = ["scope_update", "scope_persona_choose", "scope_persona_create", "evidence_figure_create",
         "evidence_quote_create", "evidence_delete", "tp_stage_add", "tp_stage_edit", "tp_stage_move", "tp_add",
         "tp_edit", "tp_move", "tp_delete", "tp_stage_delete", "ideal_stage_add", "ideal_target", "gap_create",
         "gap_edit", "gap_delete", "room_improvement_create", "room_improvement_edit", "room_improvement_delete"]


def the_write(w, name):
    return next((url, data) for listed, url, data in room_writes(w) if listed == name)


def test_every_room_write_is_tried(world):  # noqa: F811
    assert [name for name, _url, _data in room_writes(world)] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_its_facilitators_still_change_a_closed_workshop_in_the_room(client, world, facilitator, name):  # noqa: F811
    close(world)
    url, data = the_write(world, name)
    client.force_login(facilitator)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert snapshot() != before


@pytest.mark.parametrize("name", NAMES)
def test_a_member_changes_nothing_of_a_closed_workshop_in_the_room(client, world, member, name):  # noqa: F811
    close(world)
    url, data = the_write(world, name)
    client.force_login(member)
    before = snapshot()
    assert client.post(url, data).status_code == 403
    assert snapshot() == before
