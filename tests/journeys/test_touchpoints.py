"""Step 3, touchpoints: stages and touchpoints of the workshop's journey — adding, editing, ordering,
moving between stages and deleting, through the services and the views, and two people changing the board at
once. Who may do it, other journeys' objects, what the room page and the projector show and their queries are in
test_touchpoints_room.py; the shared helpers in touchpoint_support.py."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys.models import Stage, Touchpoint
from journeys.services import touchpoints as services
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER
from tests.db_snapshot import nothing_written
from tests.fixtures import HTMX, at_step
from tests.journeys import touchpoint_support
from tests.journeys.touchpoint_support import add, url, valid_edit
from workshops.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.TOUCHPOINTS)]  # 5 phases: the template's

# The shared fixtures, collected here.
login, stages = touchpoint_support.login, touchpoint_support.stages


def stage_names(journey):
    """Stage names in order, after checking the positions are exactly 0..n-1."""
    stages = list(Stage.objects.filter(journey=journey).order_by("position", "pk"))
    assert [stage.position for stage in stages] == list(range(len(stages)))
    return [stage.name for stage in stages]


def touchpoint_names(stage):
    """Touchpoint names in order, after checking the positions are exactly 0..n-1."""
    touchpoints = list(Touchpoint.objects.filter(stage=stage).order_by("position", "pk"))
    assert [touchpoint.position for touchpoint in touchpoints] == list(range(len(touchpoints)))
    return [touchpoint.name for touchpoint in touchpoints]


# --- Services: positions stay dense, 0..n-1 -----------------------------------------------------------

def test_new_stages_go_to_the_end(workshop):
    services.stage_create(actor=MEMBER, journey=workshop.journey, name="  Nazorg   na  aankoop ")
    assert stage_names(workshop.journey)[-1] == "Nazorg na aankoop"


def test_a_new_stage_repairs_gaps_left_in_the_positions(workshop, stages):
    Stage.objects.filter(pk=stages[1].pk).update(position=40)
    services.stage_create(actor=MEMBER, journey=workshop.journey, name="Nazorg")
    assert stage_names(workshop.journey) == [stages[0].name, stages[2].name, stages[3].name, stages[4].name,
                                             stages[1].name, "Nazorg"]


def test_moving_a_stage_up_and_down_renumbers_densely(workshop, stages):
    names = [stage.name for stage in stages]
    services.stage_move(actor=MEMBER, stage=stages[2], direction="up")
    assert stage_names(workshop.journey) == [names[0], names[2], names[1], names[3], names[4]]
    services.stage_move(actor=MEMBER, stage=stages[2], direction="down")
    services.stage_move(actor=MEMBER, stage=stages[2], direction="down")
    assert stage_names(workshop.journey) == [names[0], names[1], names[3], names[2], names[4]]


def test_a_stage_at_either_end_stays_put(workshop, stages):
    names = [stage.name for stage in stages]
    services.stage_move(actor=MEMBER, stage=stages[0], direction="up")
    services.stage_move(actor=MEMBER, stage=stages[-1], direction="down")
    assert stage_names(workshop.journey) == names


def test_moving_in_an_unknown_direction_is_refused(stages):
    with pytest.raises(ValidationError):
        services.stage_move(actor=MEMBER, stage=stages[0], direction="sideways")
    with pytest.raises(ValidationError):
        services.touchpoint_move(actor=MEMBER, touchpoint=add(stages[0], "Website"), direction="")


def test_deleting_a_stage_takes_its_touchpoints_and_closes_the_gap(workshop, stages):
    doomed = add(stages[1], "Folder")
    services.stage_delete(actor=MEMBER, stage=stages[1])
    assert stage_names(workshop.journey) == [stages[0].name, stages[2].name, stages[3].name, stages[4].name]
    assert not Touchpoint.objects.filter(pk=doomed.pk).exists()


def test_a_new_touchpoint_has_sensible_defaults_and_goes_last(stages):
    add(stages[0], "Website")
    touchpoint = add(stages[0], "Instagram", channel="social")
    assert touchpoint_names(stages[0]) == ["Website", "Instagram"]
    assert (touchpoint.channel, touchpoint.category, touchpoint.media, touchpoint.lane, touchpoint.importance,
            touchpoint.moment_of_truth, touchpoint.target_emotion) == ("social", "digital", "owned", "front", 3,
                                                                       False, None)


def test_touchpoints_reorder_within_their_stage(stages):
    first, second, third = add(stages[0], "A"), add(stages[0], "B"), add(stages[0], "C")
    services.touchpoint_move(actor=MEMBER, touchpoint=third, direction="up")
    assert touchpoint_names(stages[0]) == ["A", "C", "B"]
    services.touchpoint_move(actor=MEMBER, touchpoint=first, direction="down")
    assert touchpoint_names(stages[0]) == ["C", "A", "B"]
    services.touchpoint_move(actor=MEMBER, touchpoint=second, direction="down")  # already last
    assert touchpoint_names(stages[0]) == ["C", "A", "B"]


def test_moving_a_touchpoint_to_another_stage_puts_it_last_there(stages):
    add(stages[0], "A")
    moving = add(stages[0], "B")
    add(stages[0], "C")
    add(stages[1], "X")
    services.touchpoint_update(actor=MEMBER, touchpoint=moving, stage=stages[1], importance=5)
    assert touchpoint_names(stages[0]) == ["A", "C"]
    assert touchpoint_names(stages[1]) == ["X", "B"]
    assert Touchpoint.objects.get(pk=moving.pk).importance == 5


def test_a_touchpoint_cannot_move_to_a_stage_of_another_journey(team, facilitator, stages):
    other = workshop_create(team=team, title="Andere reis", facilitator=facilitator, template="five_phases")
    touchpoint = add(stages[0], "A")
    with pytest.raises(ValidationError) as caught:
        services.touchpoint_update(actor=MEMBER, touchpoint=touchpoint, stage=other.journey.stages.first())
    assert "stage" in caught.value.message_dict
    assert Touchpoint.objects.get(pk=touchpoint.pk).stage_id == stages[0].pk


def test_deleting_a_touchpoint_closes_the_gap(stages):
    add(stages[0], "A")
    second = add(stages[0], "B")
    add(stages[0], "C")
    services.touchpoint_delete(actor=MEMBER, touchpoint=second)
    assert touchpoint_names(stages[0]) == ["A", "C"]


def test_service_validation_catches_what_a_form_would(stages):
    with pytest.raises(ValidationError):
        add(stages[0], "A", importance=6)
    with pytest.raises(ValidationError):
        add(stages[0], "A", channel="pigeon")
    with pytest.raises(ValidationError):
        add(stages[0], "   ")
    assert not Touchpoint.objects.exists()


# --- Stages through the views ---------------------------------------------------------------------------

def test_member_adds_a_stage(login, member, workshop):
    response = login(member).post(url("journeys:tp_stage_add", workshop), {"name": "Nazorg"})
    stage = Stage.objects.get(journey=workshop.journey, name="Nazorg")
    assert response.status_code == 302
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + f"#stage-{stage.pk}"
    assert stage.position == 5


def test_adding_a_stage_with_htmx_answers_the_board(login, member, workshop):
    response = login(member).post(url("journeys:tp_stage_add", workshop), {"name": "Nazorg"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="board-{workshop.journey.pk}"' in body and "Nazorg" in body
    assert 'hx-swap-oob="true"' in body  # the counts follow


def test_a_stage_without_a_name_is_refused_next_to_the_field(login, member, workshop):
    client = login(member)
    response = client.post(url("journeys:tp_stage_add", workshop), {"name": "   "})
    assert response.status_code == 400
    assert response.context["board"].stage_form.errors["name"]
    assert b"field-error" in response.content
    response = client.post(url("journeys:tp_stage_add", workshop), {"name": ""}, **HTMX)
    assert response.status_code == 200
    assert b"field-error" in response.content
    assert Stage.objects.filter(journey=workshop.journey).count() == 5


def test_member_edits_a_stage_inline(login, member, workshop, stages):
    client = login(member)
    edit = url("journeys:tp_stage_edit", workshop, stages[0].pk)
    form = client.get(edit, **HTMX)
    assert form.status_code == 200
    assert f'id="stage-head-{stages[0].pk}"' in form.content.decode() and b'name="scenario"' in form.content
    response = client.post(edit, {"name": "Oriëntatie", "customer_goal": "Ik zoek leuke sokken",
                                  "scenario": "Stefan scrolt 's avonds."}, **HTMX)
    assert response.status_code == 200
    assert "Ik zoek leuke sokken" in response.content.decode()
    stages[0].refresh_from_db()
    assert (stages[0].customer_goal, stages[0].scenario) == ("Ik zoek leuke sokken", "Stefan scrolt 's avonds.")


def test_stage_edit_errors_stay_in_the_fragment(login, member, workshop, stages):
    name = stages[0].name
    response = login(member).post(url("journeys:tp_stage_edit", workshop, stages[0].pk),
                                  {"name": "", "customer_goal": "x" * 201}, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-error"') == 2
    stages[0].refresh_from_db()
    assert (stages[0].name, stages[0].customer_goal) == (name, "")


def test_stage_edit_without_htmx(login, member, workshop, stages):
    client = login(member)
    page = client.get(url("journeys:tp_stage_edit", workshop, stages[0].pk))
    assert page.status_code == 200
    assert "workshops/room.html" in [template.name for template in page.templates]
    assert page.context["board"].stage(stages[0].pk).edit_form is not None
    response = client.post(url("journeys:tp_stage_edit", workshop, stages[0].pk), {"name": ""})
    assert response.status_code == 400
    assert response.context["board"].stage(stages[0].pk).edit_form.errors["name"]
    response = client.post(url("journeys:tp_stage_edit", workshop, stages[0].pk), {"name": "Zoeken"})
    assert response.status_code == 302
    assert Stage.objects.get(pk=stages[0].pk).name == "Zoeken"


def test_cancelling_a_stage_edit_brings_back_its_head(login, member, workshop, stages):
    response = login(member).get(url("journeys:tp_stage_show", workshop, stages[0].pk), **HTMX)
    assert response.status_code == 200
    assert "Edit stage" in response.content.decode()


def test_the_delete_button_says_what_goes_with_the_stage(login, member, workshop, stages):
    add(stages[0], "A")
    add(stages[0], "B")
    response = login(member).get(url("journeys:tp_stage_edit", workshop, stages[0].pk), **HTMX)
    assert f"Delete the stage “{stages[0].name}” and its 2 touchpoints" in response.content.decode()


def test_member_deletes_a_stage(login, member, workshop, stages):
    add(stages[1], "A")
    client = login(member)
    response = client.post(url("journeys:tp_stage_delete", workshop, stages[1].pk))
    assert response.status_code == 302
    assert stage_names(workshop.journey) == [stages[0].name, stages[2].name, stages[3].name, stages[4].name]
    response = client.post(url("journeys:tp_stage_delete", workshop, stages[2].pk), **HTMX)
    assert response.status_code == 200 and f'id="board-{workshop.journey.pk}"' in response.content.decode()
    assert len(stage_names(workshop.journey)) == 3


def test_member_moves_a_stage(login, member, workshop, stages):
    client = login(member)
    response = client.post(url("journeys:tp_stage_move", workshop, stages[1].pk), {"direction": "up"})
    assert response.status_code == 302
    assert stage_names(workshop.journey)[:2] == [stages[1].name, stages[0].name]
    response = client.post(url("journeys:tp_stage_move", workshop, stages[1].pk), {"direction": "down"}, **HTMX)
    assert response.status_code == 200
    assert stage_names(workshop.journey)[:2] == [stages[0].name, stages[1].name]


def test_a_forged_direction_is_an_error_message_not_a_500(login, member, workshop, stages):
    client = login(member)
    response = client.post(url("journeys:tp_stage_move", workshop, stages[1].pk), {"direction": "left"}, follow=True)
    assert response.status_code == 200
    assert "Choose up or down." in [str(message) for message in response.context["messages"]]
    response = client.post(url("journeys:tp_stage_move", workshop, stages[1].pk), {"direction": "left"}, **HTMX)
    assert response.status_code == 200 and "Choose up or down." in response.content.decode()
    touchpoint = add(stages[0], "A")
    response = client.post(url("journeys:tp_move", workshop, touchpoint.pk), {}, **HTMX)
    assert response.status_code == 200 and "Choose up or down." in response.content.decode()
    assert stage_names(workshop.journey)[:2] == [stages[0].name, stages[1].name]


# --- Touchpoints through the views -------------------------------------------------------------------

def test_member_adds_a_touchpoint_with_a_name_and_a_channel(login, member, workshop, stages):
    response = login(member).post(url("journeys:tp_add", workshop, stages[0].pk),
                                  {"name": "Instagram", "channel": "social"})
    touchpoint = Touchpoint.objects.get(stage=stages[0])
    assert response.status_code == 302 and response.url.endswith(f"#tp-{touchpoint.pk}")
    assert (touchpoint.name, touchpoint.channel, touchpoint.importance) == ("Instagram", "social", 3)


def test_adding_with_htmx_answers_the_stage_with_a_fresh_form(login, member, workshop, stages):
    add(stages[0], "Website")
    response = login(member).post(url("journeys:tp_add", workshop, stages[0].pk),
                                  {"name": "Folder", "channel": "letter"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="stage-{stages[0].pk}"' in body
    assert body.index("Website") < body.index("Folder")
    add_form = body[body.index('<details class="tp-add" open>'):]
    assert f'name="name" maxlength="150" autofocus required id="id_add{stages[0].pk}_name"' in add_form
    assert touchpoint_names(stages[0]) == ["Website", "Folder"]


@pytest.mark.parametrize("data,field", [
    ({"name": "", "channel": "website"}, "name"),
    ({"name": "Duif", "channel": "pigeon"}, "channel"),
    ({"name": "x" * 151, "channel": "website"}, "name"),
])
def test_bad_new_touchpoints_are_refused_next_to_the_field(login, member, workshop, stages, data, field):
    client = login(member)
    response = client.post(url("journeys:tp_add", workshop, stages[0].pk), data)
    assert response.status_code == 400
    assert response.context["board"].stage(stages[0].pk).add_form.errors[field]
    response = client.post(url("journeys:tp_add", workshop, stages[0].pk), data, **HTMX)
    assert response.status_code == 200 and b'class="field-error"' in response.content
    assert not Touchpoint.objects.exists()


def test_member_edits_every_field_of_a_touchpoint_inline(login, member, workshop, stages):
    touchpoint = add(stages[0], "Website")
    client = login(member)
    form = client.get(url("journeys:tp_edit", workshop, touchpoint.pk), **HTMX)
    assert form.status_code == 200 and f'id="tp-{touchpoint.pk}"' in form.content.decode()
    assert b'name="target_emotion"' not in form.content  # targets belong to the ideal journey
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), {
        "name": "Winkel in Utrecht", "stage": stages[0].pk, "channel": "store", "category": "physical",
        "media": "paid", "lane": "back", "importance": "5", "moment_of_truth": "on",
    }, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Winkel in Utrecht" in body and "Moment of truth" in body and "tp-card--truth" in body
    touchpoint.refresh_from_db()
    assert (touchpoint.name, touchpoint.channel, touchpoint.category, touchpoint.media, touchpoint.lane,
            touchpoint.importance, touchpoint.moment_of_truth) == ("Winkel in Utrecht", "store", "physical", "paid",
                                                                   "back", 5, True)


@pytest.mark.parametrize("overrides,field,message", [
    ({"importance": "0"}, "importance", "greater than or equal to 1"),
    ({"importance": "6"}, "importance", "less than or equal to 5"),
    ({"importance": "veel"}, "importance", "Enter a whole number"),
    ({"category": "telepathic"}, "category", "Select a valid choice"),
    ({"media": "stolen"}, "media", "Select a valid choice"),
    ({"lane": "side"}, "lane", "Select a valid choice"),
    ({"channel": "pigeon"}, "channel", "Select a valid choice"),
    ({"name": " "}, "name", "required"),
    ({"stage": "999999"}, "stage", "Choose a stage of this journey."),
    ({"stage": "drie"}, "stage", "Choose a stage of this journey."),
])
def test_bad_touchpoint_edits_are_refused_next_to_the_field(login, member, workshop, stages, overrides, field,
                                                             message):
    touchpoint = add(stages[0], "Website", importance=2)
    client = login(member)
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk),
                           valid_edit(touchpoint, **overrides), **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'id="id_tp{touchpoint.pk}_{field}_error"' in response.content.decode()
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), valid_edit(touchpoint, **overrides))
    assert response.status_code == 400
    assert response.context["board"].touchpoint(touchpoint.pk).edit_form.errors[field]
    touchpoint.refresh_from_db()
    assert (touchpoint.name, touchpoint.importance, touchpoint.stage_id) == ("Website", 2, stages[0].pk)


def test_a_stage_of_another_journey_is_a_form_error(login, member, team, facilitator, outsider, other_team, workshop,
                                                    stages):
    touchpoint = add(stages[0], "Website")
    same_team = workshop_create(team=team, title="Andere reis", facilitator=facilitator, template="five_phases")
    other = workshop_create(team=other_team, title="Bravo", facilitator=outsider, template="five_phases")
    client = login(member)
    for stage in (same_team.journey.stages.first(), other.journey.stages.first()):
        response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), valid_edit(touchpoint, stage=stage.pk),
                               **HTMX)
        assert response.status_code == 200
        assert "Choose a stage of this journey." in response.content.decode()
    assert Touchpoint.objects.get(pk=touchpoint.pk).stage_id == stages[0].pk


def test_moving_to_another_stage_with_the_edit_form_swaps_the_board(login, member, workshop, stages):
    add(stages[1], "Review")
    touchpoint = add(stages[0], "Website")
    response = login(member).post(url("journeys:tp_edit", workshop, touchpoint.pk),
                                  valid_edit(touchpoint, stage=stages[1].pk), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#board-{workshop.journey.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    assert touchpoint_names(stages[1]) == ["Review", "Website"]
    assert touchpoint_names(stages[0]) == []


def test_edit_without_htmx_shows_the_form_on_the_room_page(login, member, workshop, stages):
    touchpoint = add(stages[0], "Website")
    response = login(member).get(url("journeys:tp_edit", workshop, touchpoint.pk))
    assert response.status_code == 200
    assert response.context["board"].touchpoint(touchpoint.pk).edit_form is not None
    assert f'action="{url("journeys:tp_edit", workshop, touchpoint.pk)}"' in response.content.decode()


def test_edit_without_htmx_at_another_step_shows_the_form_on_its_own_page(login, member, workshop, stages):
    touchpoint = add(stages[0], "Website")
    at_step(workshop, Step.EMOTIONS)
    client = login(member)
    response = client.get(url("journeys:tp_edit", workshop, touchpoint.pk))
    assert response.status_code == 200
    assert response.templates[0].name == "journeys/partials/touchpoints_page.html"
    assert '<div class="tp-page" hx-disable>' in response.content.decode()  # plain forms: no fragments to swap
    with nothing_written():
        response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), valid_edit(touchpoint, importance="9"))
    assert response.status_code == 400
    assert "less than or equal to 5" in response.content.decode()
    response = client.post(url("journeys:tp_edit", workshop, touchpoint.pk), valid_edit(touchpoint, name="Site"))
    assert response.status_code == 302 and response.url.endswith(f"#tp-{touchpoint.pk}")


def test_cancelling_an_edit_brings_back_the_card(login, member, workshop, stages):
    touchpoint = add(stages[0], "Website")
    response = login(member).get(url("journeys:tp_show", workshop, touchpoint.pk), **HTMX)
    assert response.status_code == 200
    assert f'<article class="tp-card tp-card--front" id="tp-{touchpoint.pk}"' in response.content.decode()


def test_member_deletes_and_reorders_touchpoints(login, member, workshop, stages):
    first, second, third = add(stages[0], "A"), add(stages[0], "B"), add(stages[0], "C")
    client = login(member)
    response = client.post(url("journeys:tp_move", workshop, third.pk), {"direction": "up"}, **HTMX)
    assert response.status_code == 200 and f'id="stage-{stages[0].pk}"' in response.content.decode()
    assert touchpoint_names(stages[0]) == ["A", "C", "B"]
    response = client.post(url("journeys:tp_move", workshop, first.pk), {"direction": "down"})
    assert response.status_code == 302
    assert touchpoint_names(stages[0]) == ["C", "A", "B"]
    response = client.post(url("journeys:tp_delete", workshop, first.pk), **HTMX)
    assert response.status_code == 200
    assert touchpoint_names(stages[0]) == ["C", "B"]
    response = client.post(url("journeys:tp_delete", workshop, second.pk), follow=True)
    assert "Deleted the touchpoint “B”." in [str(message) for message in response.context["messages"]]
    assert touchpoint_names(stages[0]) == ["C"]


# --- Two people at once -------------------------------------------------------------------------------------

@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_moving_something_deleted_a_moment_ago_is_a_message(stages):
    touchpoint = add(stages[0], "A")
    Touchpoint.objects.filter(pk=touchpoint.pk).delete()
    with pytest.raises(ValidationError, match="Someone else just deleted this"):
        services.touchpoint_move(actor=MEMBER, touchpoint=touchpoint, direction="up")
    with pytest.raises(ValidationError, match="Someone else just deleted this"):
        services.touchpoint_update(actor=MEMBER, touchpoint=touchpoint, name="B")
    assert not Touchpoint.objects.exists()  # not saved again as a new row
    Stage.objects.filter(pk=stages[1].pk).delete()
    with pytest.raises(ValidationError, match="Someone else just deleted this"):
        services.stage_move(actor=MEMBER, stage=stages[1], direction="up")
    with pytest.raises(ValidationError, match="Someone else just deleted this"):
        services.stage_update(actor=MEMBER, stage=stages[1], name="B")


def test_a_card_deleted_while_answering_brings_the_whole_board(login, member, workshop, stages, monkeypatch):
    from journeys.views import touchpoints as views

    touchpoint = add(stages[0], "A")
    load = views.board_for

    def deleted_meanwhile(room, journey):
        Touchpoint.objects.filter(pk=touchpoint.pk).delete()
        return load(room, journey)

    monkeypatch.setattr(views, "board_for", deleted_meanwhile)
    response = login(member).get(url("journeys:tp_edit", workshop, touchpoint.pk), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#board-{workshop.journey.pk}"
    assert f'id="board-{workshop.journey.pk}"' in response.content.decode()
