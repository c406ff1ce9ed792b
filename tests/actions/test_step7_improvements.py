"""Step 7, improvements in the workshop room: proposing and editing them, moving them on the matrix, owner
and deadline, the room's status decision, who may do what, and the projector."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.matrix import Quadrant
from actions.models import Improvement, Status, StatusChange
from actions.services import improvements as services
from actions.services.status import change_status
from journeys.models import Gap, JourneyTemplate, Stage, Touchpoint
from journeys.services.workshops import workshop_create
from tests.actions.step7_data import guest_client, improvement, room_url, step7_workshop, url
from tests.actors import MEMBER
from tests.db_snapshot import nothing_written
from tests.fixtures import HTMX, messages_of
from workshops.models import Role
from workshops.services import workshop_set_open

# These tests read the English source texts (the browser test reads Dutch).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def data(team, facilitator, owner, member, viewer):
    return step7_workshop(team, facilitator)


@pytest.fixture
def workshop(data):
    return data["workshop"]


def valid_post(data, **changes):
    post = {"title": "Track & trace-link in de bevestigingsmail", "description": "Met de link van de vervoerder",
            "gap": data["gaps"]["delivery"].pk, "touchpoints": [data["mail"].pk], "impact": 5, "effort": 2,
            "kpi": "Klantcontacten over de levering"}
    post.update(changes)
    return {key: value for key, value in post.items() if value is not None}


def days(n):
    return timezone.localdate() + timedelta(days=n)


# --- The room page ------------------------------------------------------------------------------------------

def test_member_sees_the_form_with_gaps_by_dots_the_matrix_and_the_script(client, member, workshop, data):
    improvement(data["journey"], "Bestaand idee", impact=4, effort=2, gap=data["gaps"]["delivery"])
    client.force_login(member)
    html = client.get(room_url(workshop)).content.decode()
    assert 'id="improvement-form"' in html and 'name="title"' in html
    assert "— no gap (a loose idea) —" in html and "Klanten weten niet wanneer het komt" in html
    assert 'class="pic-matrix-mark" data-item=' in html and 'data-movable="true"' in html
    assert 'data-plot-left="78"' in html and 'data-cell="96"' in html  # the grid matrix.js snaps to
    assert "/static/js/matrix.js" in html and "<script>" not in html  # no inline script (CSP)
    assert 'id="improvement-' in html and 'name="impact"' in html  # the number inputs: the accessible path


def test_viewer_and_guest_watch_the_matrix_without_forms(client, viewer, workshop, data):
    improvement(data["journey"], "Bestaand idee", impact=4, effort=2, owner=viewer, deadline=days(3))
    for person in (client, guest_client(workshop)):
        if person is client:
            client.force_login(viewer)
        response = person.get(room_url(workshop))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Bestaand idee" in html and "pic-matrix-mark" in html
        assert 'data-movable' not in html and 'id="improvement-form"' not in html
        assert "matrix.js" not in html and 'name="impact"' not in html
        assert response.context["live_step"]  # their screen follows the team's edits (polled)


def test_empty_workshop_says_what_to_do(client, member, workshop):
    client.force_login(member)
    html = client.get(room_url(workshop)).content.decode()
    assert "No improvements yet. Pick a gap" in html


# --- Proposing -------------------------------------------------------------------------------------------------

def test_member_proposes_an_improvement_for_a_gap(client, member, workshop, data):
    client.force_login(member)
    response = client.post(url("actions:room_improvement_create", workshop), valid_post(data))
    assert response.status_code == 302
    made = Improvement.objects.get()
    assert (made.title, made.impact, made.effort, made.status) == (
        "Track & trace-link in de bevestigingsmail", 5, 2, Status.PROPOSED)
    assert made.gap == data["gaps"]["delivery"] and list(made.touchpoints.all()) == [data["mail"]]
    assert made.kpi == "Klantcontacten over de levering" and made.quadrant == Quadrant.QUICK_WIN
    assert made.created_by.user == member
    assert response.url.endswith(f"#improvement-{made.pk}")


def test_htmx_proposal_answers_a_fresh_form_and_the_board_out_of_band(client, member, workshop, data):
    client.force_login(member)
    response = client.post(url("actions:room_improvement_create", workshop), valid_post(data), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Improvement added." in html and "on the matrix as a quick win" in html
    assert 'id="improvements-board" hx-swap-oob="true"' in html
    assert html.count('class="pic-matrix-mark"') == 1


@pytest.mark.parametrize("changes,field,message", [
    ({"impact": 0}, "impact", "Choose an impact from 1 to 5."),
    ({"impact": 6}, "impact", "Choose an impact from 1 to 5."),
    ({"impact": "veel"}, "impact", "Choose an impact from 1 to 5."),
    ({"impact": None}, "impact", "Choose an impact from 1 to 5."),
    ({"effort": -1}, "effort", "Choose an effort from 1 to 5."),
    ({"effort": 99}, "effort", "Choose an effort from 1 to 5."),
    ({"title": "   "}, "title", "Say in a few words what you would do."),
    ({"title": "x" * 151}, "title", "at most 150 characters"),
    ({"gap": 999999}, "gap", "Choose a gap of this journey."),
    ({"gap": "geen"}, "gap", "Choose a gap of this journey."),
    ({"touchpoints": [999999]}, "touchpoints", "Choose touchpoints of this journey."),
])
def test_invalid_proposals_show_the_error_next_to_the_field_and_save_nothing(client, member, workshop, data,
                                                                             changes, field, message):
    client.force_login(member)
    response = client.post(url("actions:room_improvement_create", workshop), valid_post(data, **changes), **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx: the form comes back with its errors
    form = response.context["improvement_form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Improvement.objects.exists()


def test_a_gap_or_touchpoint_of_another_journey_is_refused(client, member, team, facilitator, workshop, data,
                                                            other_team, outsider):
    elsewhere = workshop_create(team=team, title="Andere reis", facilitator=facilitator,
                                template=JourneyTemplate.FIVE_PHASES)
    foreign_gap = Gap.objects.create(journey=elsewhere.journey, problem="Knelpunt van een andere reis")
    foreign_touchpoint = Touchpoint.objects.create(stage=elsewhere.journey.stages.first(), name="Elders")
    other = workshop_create(team=other_team, title="Bravo", facilitator=outsider, template=JourneyTemplate.BLANK)
    bravo_gap = Gap.objects.create(journey=other.journey, problem="Knelpunt van Bravo")
    ideal_copy = Touchpoint.objects.get(stage__journey=data["ideal"], source=data["mail"])
    client.force_login(member)
    for changes, field in (({"gap": foreign_gap.pk}, "gap"), ({"gap": bravo_gap.pk}, "gap"),
                           ({"touchpoints": [foreign_touchpoint.pk]}, "touchpoints"),
                           ({"touchpoints": [data["mail"].pk, ideal_copy.pk]}, "touchpoints")):
        response = client.post(url("actions:room_improvement_create", workshop), valid_post(data, **changes), **HTMX)
        assert field in response.context["improvement_form"].errors
    assert not Improvement.objects.exists()


def test_the_services_check_the_links_themselves(data, team, facilitator):
    elsewhere = workshop_create(team=team, title="Andere reis", facilitator=facilitator,
                                template=JourneyTemplate.FIVE_PHASES)
    foreign_gap = Gap.objects.create(journey=elsewhere.journey, problem="Elders")
    foreign_touchpoint = Touchpoint.objects.create(stage=elsewhere.journey.stages.first(), name="Elders")
    with pytest.raises(services.ValidationError) as raised:
        services.improvement_create(actor=MEMBER, journey=data["journey"], title="Idee", gap=foreign_gap,
                                    touchpoints=[foreign_touchpoint], impact=7, effort=0)
    assert set(raised.value.message_dict) == {"gap", "touchpoints", "impact", "effort"}
    with pytest.raises(services.ValidationError):
        services.improvement_create(actor=MEMBER, journey=data["ideal"], title="Idee")  # not on the ideal journey
    with pytest.raises(services.ValidationError):
        services.improvement_create(actor=MEMBER, journey=data["journey"], title="Idee", impact=True)  # not a number
    assert not Improvement.objects.exists()


def test_a_proposal_without_htmx_and_with_errors_shows_the_room_with_the_form(client, member, workshop, data):
    client.force_login(member)
    with nothing_written():
        response = client.post(url("actions:room_improvement_create", workshop), valid_post(data, impact=9))
    assert response.status_code == 400
    assert "Choose an impact from 1 to 5." in response.content.decode()
    assert 'id="improvements-board"' in response.content.decode()


# --- The form follows the chosen gap -------------------------------------------------------------------------

def test_choosing_a_gap_suggests_its_impact_and_ticks_its_touchpoints(client, member, workshop, data):
    client.force_login(member)
    response = client.get(url("actions:room_improvement_new", workshop), {
        "refresh": "1", "gap": data["gaps"]["delivery"].pk, "title": "Sms bij verzending", "impact": "3",
        "effort": "2", "suggested": ""}, **HTMX)
    form = response.context["improvement_form"]
    html = response.content.decode()
    assert form.initial["impact"] == 5 and form.suggestion == 5
    assert "Suggested impact: <strong>5</strong> (from the gap's size)" in html
    assert form.initial["title"] == "Sms bij verzending" and form.initial["effort"] == 2  # what was typed stays
    assert form.initial["touchpoints"] == [data["mail"].pk]
    assert f'value="{data["mail"].pk}" checked' in html


def test_an_impact_the_room_changed_stays_when_another_gap_is_chosen(client, member, workshop, data):
    client.force_login(member)
    response = client.get(url("actions:room_improvement_new", workshop), {
        "refresh": "1", "gap": data["gaps"]["sms"].pk, "impact": "2", "suggested": "5",
        "touchpoints": [data["size"].pk]}, **HTMX)
    form = response.context["improvement_form"]
    assert form.initial["impact"] == 2  # typed over the earlier suggestion of 5: the room's number stays
    assert form.suggestion == 3  # the new gap's suggestion is still shown
    assert form.initial["touchpoints"] == [data["size"].pk]  # ticked by hand: kept


def test_propose_for_a_gap_link_and_junk_in_the_query_string(client, member, workshop, data):
    client.force_login(member)
    form = client.get(url("actions:room_improvement_new", workshop), {"gap": data["gaps"]["delivery"].pk},
                      **HTMX).context["improvement_form"]
    assert form.initial == {"gap": data["gaps"]["delivery"].pk, "touchpoints": [data["mail"].pk], "impact": 5,
                            "suggested": 5}
    junk = client.get(url("actions:room_improvement_new", workshop), {"refresh": "1", "gap": "x", "impact": "99",
                                                         "touchpoints": ["a", "7"]}, **HTMX)
    assert junk.status_code == 200
    assert junk.context["improvement_form"].initial["gap"] is None


# --- Editing ---------------------------------------------------------------------------------------------------

def test_member_edits_an_improvement(client, member, workshop, data):
    item = improvement(data["journey"], "Eerste versie", impact=2, effort=2)
    client.force_login(member)
    form = client.get(url("actions:room_improvement_edit", workshop, item), **HTMX).context["improvement_form"]
    assert form.initial["title"] == "Eerste versie"
    response = client.post(url("actions:room_improvement_edit", workshop, item),
                           valid_post(data, title="Tweede versie", gap=data["gaps"]["size"].pk,
                                      touchpoints=[data["size"].pk], impact=4, effort=4), **HTMX)
    assert "Improvement saved." in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.gap, item.impact, item.effort) == ("Tweede versie", data["gaps"]["size"], 4, 4)
    assert list(item.touchpoints.all()) == [data["size"]]


def test_an_invalid_edit_changes_nothing(client, member, workshop, data):
    item = improvement(data["journey"], "Eerste versie", impact=2, effort=2)
    client.force_login(member)
    response = client.post(url("actions:room_improvement_edit", workshop, item),
                           valid_post(data, title="", effort=8), **HTMX)
    assert set(response.context["improvement_form"].errors) == {"title", "effort"}
    item.refresh_from_db()
    assert (item.title, item.effort) == ("Eerste versie", 2)


# --- Moving on the matrix ------------------------------------------------------------------------------------

def test_moving_changes_the_numbers_and_the_quadrant(client, member, workshop, data):
    item = improvement(data["journey"], "Verhuizer", impact=5, effort=1)
    assert item.quadrant == Quadrant.QUICK_WIN
    client.force_login(member)
    response = client.post(url("actions:room_improvement_move", workshop, item), {"impact": 2, "effort": 4}, **HTMX)
    html = response.content.decode()
    item.refresh_from_db()
    assert (item.impact, item.effort, item.quadrant) == (2, 4, Quadrant.THANKLESS_TASK)
    assert f'data-item="{item.pk}" data-quadrant="thankless_task"' in html
    assert 'id="improvement-group-thankless_task"' in html and 'id="improvement-group-quick_win"' not in html
    assert "is now at impact 2, effort 4: thankless task." in html  # announced to screen readers
    assert 'id="improvements-announce" hx-swap-oob="innerHTML"' in html


def test_a_move_off_the_grid_is_refused_on_the_card(client, member, workshop, data):
    item = improvement(data["journey"], "Verhuizer", impact=5, effort=1)
    client.force_login(member)
    for post in ({"impact": 6, "effort": 1}, {"impact": 0, "effort": 1}, {"impact": "", "effort": 1},
                 {"impact": 5, "effort": "x"}):
        response = client.post(url("actions:room_improvement_move", workshop, item), post, **HTMX)
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
        item.refresh_from_db()
        assert (item.impact, item.effort) == (5, 1)
    response = client.post(url("actions:room_improvement_move", workshop, item), {"impact": 9, "effort": 1})
    assert response.status_code == 302 and messages_of(response) == ["Choose an impact from 1 to 5."]


# --- Owner and deadline ----------------------------------------------------------------------------------------

def test_member_gives_an_improvement_an_owner_and_a_deadline(client, member, owner, workshop, data):
    item = improvement(data["journey"])
    client.force_login(member)
    response = client.post(url("actions:room_improvement_assign", workshop, item),
                           {"owner": owner.pk, "deadline": days(14).isoformat()}, **HTMX)
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (owner, days(14))
    html = response.content.decode()
    assert f'<option value="{owner.pk}" selected>' in html and f'value="{days(14).isoformat()}"' in html


@pytest.mark.parametrize("who", ["viewer", "outsider", "nobody"])
def test_the_owner_must_be_a_member_of_the_team_who_may_own_improvements(client, member, viewer, outsider,
                                                                         workshop, data, who):
    item = improvement(data["journey"])
    person = {"viewer": viewer.pk, "outsider": outsider.pk, "nobody": 999999}[who]
    client.force_login(member)
    response = client.post(url("actions:room_improvement_assign", workshop, item),
                           {"owner": person, "deadline": days(3).isoformat()}, **HTMX)
    assert "Choose a member of this team (viewers cannot own improvements)." in response.content.decode()
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (None, None)  # nothing half-saved: not even the good deadline
    with pytest.raises(services.ValidationError):
        services.improvement_assign(improvement=item, owner=viewer, deadline=None)


@pytest.mark.parametrize("deadline,message", [
    ("2026-02-30", "Enter a real date: day, month and year."),
    ("morgen", "Enter a real date: day, month and year."),
    ("-1", "Enter a real date: day, month and year."),
    ("past", "This date has passed. Choose today or a later date."),
    ("far", "Choose a date within the next 10 years."),
])
def test_a_deadline_is_a_real_date_and_not_in_the_past(client, member, owner, workshop, data, deadline, message):
    item = improvement(data["journey"])
    value = {"past": days(-1).isoformat(), "far": days(365 * 11).isoformat()}.get(deadline, deadline)
    client.force_login(member)
    response = client.post(url("actions:room_improvement_assign", workshop, item),
                           {"owner": owner.pk, "deadline": value}, **HTMX)
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (None, None)


def test_a_deadline_that_has_passed_may_stay_and_today_is_fine(client, member, owner, workshop, data):
    item = improvement(data["journey"], deadline=days(-5))
    client.force_login(member)
    client.post(url("actions:room_improvement_assign", workshop, item),
                {"owner": owner.pk, "deadline": days(-5).isoformat()}, **HTMX)
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (owner, days(-5))  # the owner changed; the old date may stay
    client.post(url("actions:room_improvement_assign", workshop, item),
                {"owner": "", "deadline": days(0).isoformat()}, **HTMX)
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (None, days(0))


def test_an_owner_who_left_the_team_stays_until_someone_else_is_chosen(client, member, owner, workshop, data):
    item = improvement(data["journey"], owner=owner)
    owner.memberships.update(role=Role.VIEWER)
    client.force_login(member)
    html = client.get(room_url(workshop)).content.decode()
    assert f'<option value="{owner.pk}" selected>' in html and "(no longer a member)" in html
    client.post(url("actions:room_improvement_assign", workshop, item),
                {"owner": owner.pk, "deadline": days(2).isoformat()}, **HTMX)
    item.refresh_from_db()
    assert (item.owner, item.deadline) == (owner, days(2))


# --- The room's status decision --------------------------------------------------------------------------------

def test_the_room_plans_an_improvement_and_it_is_in_its_history(client, member, workshop, data):
    item = improvement(data["journey"])
    client.force_login(member)
    response = client.post(url("actions:room_improvement_status", workshop, item), {"status": "planned"}, **HTMX)
    item.refresh_from_db()
    assert item.status == Status.PLANNED
    change = StatusChange.objects.get(improvement=item)
    assert (change.old_status, change.new_status, change.changed_by) == ("proposed", "planned", member)
    html = response.content.decode()
    assert "Planned: give it an owner and a deadline before the workshop closes." in html
    client.post(url("actions:room_improvement_status", workshop, item), {"status": "proposed"}, **HTMX)
    item.refresh_from_db()
    assert item.status == Status.PROPOSED and item.status_changes.count() == 2


def test_the_workshop_only_proposes_or_plans(client, member, workshop, data):
    started = improvement(data["journey"], "Al bezig")
    change_status(improvement=started, status=Status.IN_PROGRESS)
    item = improvement(data["journey"])
    client.force_login(member)
    for target, status in ((item, "done"), (item, "in_progress"), (item, ""), (started, "proposed")):
        response = client.post(url("actions:room_improvement_status", workshop, target), {"status": status}, **HTMX)
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    item.refresh_from_db()
    started.refresh_from_db()
    assert (item.status, started.status) == (Status.PROPOSED, Status.IN_PROGRESS)
    assert "In the workshop an improvement is proposed or planned." in client.post(
        url("actions:room_improvement_status", workshop, item), {"status": "done"}, **HTMX).content.decode()
    assert "This improvement is in progress: change it on its own page." in client.post(
        url("actions:room_improvement_status", workshop, started), {"status": "proposed"}, **HTMX).content.decode()


def test_only_a_proposed_improvement_can_be_deleted(client, member, workshop, data):
    proposed = improvement(data["journey"], "Dubbel idee")
    planned = improvement(data["journey"], "Gepland idee", status=Status.PLANNED)
    client.force_login(member)
    response = client.post(url("actions:room_improvement_delete", workshop, planned), **HTMX)
    assert "Only a proposed improvement can be deleted" in response.content.decode()
    response = client.post(url("actions:room_improvement_delete", workshop, proposed), **HTMX)
    assert "Improvement deleted: “Dubbel idee”." in response.content.decode()
    assert list(Improvement.objects.values_list("title", flat=True)) == ["Gepland idee"]


# --- Who may do what -------------------------------------------------------------------------------------------

WRITES = [("actions:room_improvement_create", False), ("actions:room_improvement_edit", True),
          ("actions:room_improvement_move", True), ("actions:room_improvement_assign", True),
          ("actions:room_improvement_status", True), ("actions:room_improvement_delete", True)]


def write_urls(workshop, item):
    return [url(name, workshop, item if with_item else None) for name, with_item in WRITES]


def post_everything(client, workshop, item, data):
    post = {**valid_post(data), "status": "planned", "owner": "", "deadline": days(3).isoformat()}
    return [client.post(address, post) for address in write_urls(workshop, item)]


def snapshot():
    return list(Improvement.objects.order_by("pk").values_list("title", "impact", "effort", "status", "owner",
                                                               "deadline"))


def test_viewer_and_guest_cannot_edit(client, viewer, workshop, data):
    item = improvement(data["journey"])
    before = snapshot()
    client.force_login(viewer)
    assert {response.status_code for response in post_everything(client, workshop, item, data)} == {403}
    assert client.get(url("actions:room_improvement_new", workshop)).status_code == 403
    guest = guest_client(workshop)
    assert {response.status_code for response in post_everything(guest, workshop, item, data)} == {403}
    assert snapshot() == before


def test_outsider_and_anonymous_get_404(client, outsider, workshop, data):
    item = improvement(data["journey"])
    before = snapshot()
    for who in (None, outsider):
        if who:
            client.force_login(who)
        assert {response.status_code for response in post_everything(client, workshop, item, data)} == {404}
        assert client.get(url("actions:room_improvement_board", workshop)).status_code == 404
        assert client.post(url("actions:workshop_close", workshop)).status_code == 404
    assert snapshot() == before


def test_an_improvement_of_another_workshop_is_404_in_this_one(client, member, team, facilitator, workshop, data):
    other = step7_workshop(team, facilitator, title="Tweede workshop")
    theirs = improvement(other["journey"], "Van de andere workshop")
    client.force_login(member)
    with nothing_written():
        for address in write_urls(workshop, theirs)[1:]:
            assert client.post(address, {"impact": 1, "effort": 1, "status": "planned"}).status_code == 404


def test_a_closed_workshop_is_read_only_for_members_but_not_for_facilitators(client, member, facilitator, workshop,
                                                                              data):
    item = improvement(data["journey"], impact=1, effort=1)
    workshop_set_open(workshop=workshop, is_open=False)
    client.force_login(member)
    assert client.post(url("actions:room_improvement_move", workshop, item),
                       {"impact": 5, "effort": 5}).status_code == 403
    assert 'data-movable' not in client.get(room_url(workshop)).content.decode()
    client.force_login(facilitator)
    assert client.post(url("actions:room_improvement_move", workshop, item), {"impact": 5, "effort": 5},
                       **HTMX).status_code == 200
    item.refresh_from_db()
    assert (item.impact, item.effort) == (5, 5)


# --- The projector and the watchers' live body ----------------------------------------------------------------

def test_projector_shows_the_matrix_and_the_improvements_by_quadrant(client, viewer, owner, workshop, data):
    improvement(data["journey"], "Snel gewonnen", impact=5, effort=1, owner=owner, deadline=days(10),
                status=Status.PLANNED)
    improvement(data["journey"], "Groot project", impact=4, effort=5)
    improvement(data["journey"], "Laten vallen", impact=1, effort=1, status=Status.DROPPED)
    client.force_login(viewer)
    response = client.get(url("workshops:projector_live", workshop))
    html = response.content.decode()
    assert html.count('class="pic-matrix-mark"') == 2  # dropped ones are off the matrix
    assert "Laten vallen" not in html
    groups = dict(response.context["groups"])
    assert [item.title for item in groups[Quadrant.QUICK_WIN]] == ["Snel gewonnen"]
    assert [item.title for item in groups[Quadrant.MAJOR_PROJECT]] == ["Groot project"]
    assert owner.name in html and "Planned" in html
    assert "data-movable" not in html


def test_watchers_poll_the_board_and_see_a_new_improvement(client, viewer, workshop, data):
    client.force_login(viewer)
    first = client.get(url("workshops:step_live", workshop), {"seen": "nothing yet"})
    fingerprint = first.context["step_fingerprint"]
    assert client.get(url("workshops:step_live", workshop), {"seen": fingerprint}).status_code == 204
    improvement(data["journey"], "Nieuw op de matrix", impact=4, effort=2)
    changed = client.get(url("workshops:step_live", workshop), {"seen": fingerprint})
    assert changed.status_code == 200 and "Nieuw op de matrix" in changed.content.decode()


def test_the_board_refresh_shows_everyones_changes(client, member, workshop, data):
    client.force_login(member)
    improvement(data["journey"], "Van iemand anders", impact=3, effort=3)
    response = client.get(url("actions:room_improvement_board", workshop), **HTMX)
    assert "Van iemand anders" in response.content.decode() and 'data-movable="true"' in response.content.decode()


def test_stage_order_is_the_journey_order_on_a_card(client, member, workshop, data):
    item = improvement(data["journey"])
    item.touchpoints.set([data["mail"], data["size"]])
    client.force_login(member)
    html = client.get(room_url(workshop)).content.decode()
    assert html.index("Maattabel</li>") < html.index("Bevestigingsmail</li>")  # stage 2 before stage 3
    assert Stage.objects.get(pk=data["size"].stage_id).position < Stage.objects.get(pk=data["mail"].stage_id).position
