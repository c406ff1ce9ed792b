"""The improvement page: everything about one improvement with its history; members and up change its status
(planned and in progress need an owner and a deadline) and details (the owner must be in the team); viewers
read; outsiders get 404. Nothing is half-saved, and the page's queries are fixed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from actions.models import Improvement, Status, StatusChange
from actions.services.plan import improvement_set_status
from actions.services.status import change_status
from tests.actors import acting
from tests.db_snapshot import nothing_written
from tests.factories import MembershipFactory, UserFactory
from workshops.models import Membership, Role

from .plan_data import days, improvement, journey_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(team, owner, facilitator, member, viewer):
    for person in (owner, facilitator, member, viewer):
        person.language = "en"
        person.save(update_fields=["language"])


@pytest.fixture
def item(team, facilitator, member):
    journey, gap, touchpoints = journey_of(team, facilitator)
    return improvement(journey, "Bezorgmoment tonen in de bevestigingsmail", owner=member, deadline=days(20),
                       status=Status.PROPOSED, impact=5, effort=2, gap=gap, touchpoints=touchpoints,
                       kpi="Vragen over levering")


def url(name, item):
    return reverse(name, args=[item.journey.team.slug, item.pk])


def edit_data(item, **changes):
    data = {"title": item.title, "description": item.description, "impact": item.impact, "effort": item.effort,
            "kpi": item.kpi, "owner": item.owner_id or "", "deadline": item.deadline.isoformat() if item.deadline
            else ""}
    data.update(changes)
    return data


def fresh(item):
    return Improvement.objects.get(pk=item.pk)


# --- Reading ---------------------------------------------------------------------------------------------

def test_page_shows_fields_quadrant_gap_touchpoints_and_history(client, item, member, facilitator):
    change_status(improvement=item, status=Status.PLANNED, actor=acting(facilitator), comment="Afgesproken in het MT")
    client.force_login(member)
    response = client.get(url("actions:improvement_detail", item))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (item.title, "quick win", "Klanten weten niet wanneer hun bestelling komt", "Website",
                 "Bevestigingsmail", "Vragen over levering", member.name, "Fenna Facilitator",
                 "Afgesproken in het MT", "in 2 weeks", "5 / 5", "2 / 5"):
        assert text in body, text
    assert 'action="' + url("actions:improvement_status", item) in body
    assert 'action="' + url("actions:improvement_edit", item) in body


def test_viewer_reads_without_forms_and_may_not_post(client, item, viewer):
    client.force_login(viewer)
    body = client.get(url("actions:improvement_detail", item)).content.decode()
    assert item.title in body
    assert url("actions:improvement_status", item) not in body and url("actions:improvement_edit", item) not in body
    assert "Members of the team change its status and details." in body
    with nothing_written():
        assert client.post(url("actions:improvement_status", item), {"status": "done"}).status_code == 403
        assert client.post(url("actions:improvement_edit", item), edit_data(item, title="Anders")).status_code == 403


def test_outsider_gets_404_everywhere(client, item, outsider):
    client.force_login(outsider)
    assert client.get(url("actions:improvement_detail", item)).status_code == 404
    with nothing_written():
        assert client.post(url("actions:improvement_status", item), {"status": "done"}).status_code == 404
        assert client.post(url("actions:improvement_edit", item), edit_data(item)).status_code == 404


def test_wrong_team_in_the_address_is_404(client, item, outsider, other_team, member):
    MembershipFactory(team=other_team, user=member, role=Role.OWNER)
    client.force_login(member)
    assert client.get(reverse("actions:improvement_detail", args=[other_team.slug, item.pk])).status_code == 404


# --- Status ---------------------------------------------------------------------------------------------

def test_status_change_with_a_comment_is_kept_in_the_history(client, item, member):
    client.force_login(member)
    response = client.post(url("actions:improvement_status", item), {"status": "planned", "comment": "  Budget rond  "})
    assert response.status_code == 302 and response.url.endswith("#history")
    assert fresh(item).status == Status.PLANNED
    change = StatusChange.objects.get(improvement=item)
    assert (change.old_status, change.new_status, change.comment, change.changed_by) == (
        "proposed", "planned", "Budget rond", member)
    body = client.get(response.url).content.decode()
    assert "Status changed to “Planned”." in body and "Budget rond" in body


def test_the_whole_way_and_a_comment_without_a_change(client, item, member):
    client.force_login(member)
    for status in ("planned", "in_progress", "done"):
        assert client.post(url("actions:improvement_status", item), {"status": status}).status_code == 302
    assert client.post(url("actions:improvement_status", item),
                       {"status": "done", "comment": "Gemeten: -30%"}).status_code == 302
    history = list(StatusChange.objects.filter(improvement=item).values_list("old_status", "new_status", "comment"))
    assert history == [("proposed", "planned", ""), ("planned", "in_progress", ""), ("in_progress", "done", ""),
                       ("done", "done", "Gemeten: -30%")]
    assert "commented" in client.get(url("actions:improvement_detail", item)).content.decode()


@pytest.mark.parametrize("status", ["planned", "in_progress"])
@pytest.mark.parametrize(("has_owner", "has_deadline", "message"), [
    (False, True, "Give it an owner first"),
    (True, False, "Give it a deadline first"),
    (False, False, "Give it an owner and a deadline first"),
])
def test_planned_and_in_progress_need_an_owner_and_a_deadline(client, item, member, status, has_owner, has_deadline,
                                                               message):
    Improvement.objects.filter(pk=item.pk).update(owner=member if has_owner else None,
                                                  deadline=days(5) if has_deadline else None)
    client.force_login(member)
    response = client.post(url("actions:improvement_status", item), {"status": status, "comment": "Kan dit?"})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'id="id_status_error"' in body
    assert "Kan dit?" in body  # what was typed stays
    assert fresh(item).status == Status.PROPOSED
    assert not StatusChange.objects.filter(improvement=item).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"status": "finished"}, "Choose one of the statuses."),
    ({}, "Choose one of the statuses."),
    ({"status": "proposed"}, "It already has this status."),
    ({"status": "done", "comment": "x" * 501}, "at most 500 characters"),
])
def test_bad_status_posts_are_refused_next_to_the_field(client, item, member, data, message):
    client.force_login(member)
    response = client.post(url("actions:improvement_status", item), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(item).status == Status.PROPOSED and not StatusChange.objects.exists()


def test_the_owner_deadline_rule_is_checked_on_the_locked_row(item, member):
    """A form that loaded the improvement with an owner cannot plan it after someone removed the owner."""
    Improvement.objects.filter(pk=item.pk).update(owner=None)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        improvement_set_status(improvement=item, status=Status.PLANNED, actor=acting(member))
    assert "Give it an owner first" in error.value.message_dict["status"][0]
    assert fresh(item).status == Status.PROPOSED


# --- Editing --------------------------------------------------------------------------------------------

def test_edit_saves_every_field(client, item, member, facilitator):
    client.force_login(member)
    data = edit_data(item, title="  Bezorgmoment   in de mail ", description="Met tijdvak van 2 uur.", impact="3",
                     effort="4", kpi="Calls per order", owner=facilitator.pk, deadline=days(40).isoformat())
    response = client.post(url("actions:improvement_edit", item), data)
    assert response.status_code == 302
    saved = fresh(item)
    assert (saved.title, saved.description, saved.impact, saved.effort, saved.kpi, saved.owner, saved.deadline) == (
        "Bezorgmoment in de mail", "Met tijdvak van 2 uur.", 3, 4, "Calls per order", facilitator, days(40))
    assert saved.quadrant == "major_project"
    assert "The improvement has been saved." in client.get(response.url).content.decode()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "   "}, "title", "Give the improvement a title."),
    ({"title": "x" * 151}, "title", "at most 150 characters"),
    ({"impact": "6"}, "impact", "Choose a number from 1 to 5."),
    ({"effort": "0"}, "effort", "Choose a number from 1 to 5."),
    ({"effort": "veel"}, "effort", "Choose a number from 1 to 5."),
    ({"kpi": "k" * 151}, "kpi", "at most 150 characters"),
    ({"deadline": "31-02-2027"}, "deadline", "Enter a date"),
    ({"deadline": "2020-01-01"}, "deadline", "This date has passed."),
    ({"deadline": "2999-01-01"}, "deadline", "Choose a date within the next 10 years."),
    ({"owner": "abc"}, "owner", "Choose a member of this team."),
    ({"owner": "999999"}, "owner", "Choose a member of this team."),
])
def test_bad_edits_are_refused_next_to_the_field_and_nothing_is_saved(client, item, member, changes, field, message):
    client.force_login(member)
    with nothing_written():
        response = client.post(url("actions:improvement_edit", item),
                               edit_data(item, **{"kpi": "Nieuwe KPI", **changes}))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and message in body
    assert "<details class=\"card edit-card\" id=\"edit\" open>" in body


def test_the_owner_must_be_a_member_of_the_team(client, item, member, viewer, outsider):
    client.force_login(member)
    for person in (viewer, outsider):
        with nothing_written():
            response = client.post(url("actions:improvement_edit", item), edit_data(item, owner=person.pk))
        assert response.status_code == 400
        assert "Choose a member of this team." in response.content.decode()
    assert outsider.name not in client.get(url("actions:improvement_detail", item)).content.decode()


def test_an_owner_who_left_stays_until_changed(client, item, member, facilitator):
    Membership.objects.filter(team=item.journey.team, user=member).delete()
    client.force_login(facilitator)
    body = client.get(url("actions:improvement_detail", item)).content.decode()
    assert f"{member.name} (no longer a member)" in body
    assert client.post(url("actions:improvement_edit", item), edit_data(item, kpi="Andere KPI")).status_code == 302
    assert fresh(item).owner == member and fresh(item).kpi == "Andere KPI"


def test_an_old_deadline_may_stay_but_not_be_set(client, item, member):
    Improvement.objects.filter(pk=item.pk).update(deadline=days(-10))
    item.refresh_from_db()
    client.force_login(member)
    assert client.post(url("actions:improvement_edit", item), edit_data(item, kpi="Nog steeds")).status_code == 302
    assert client.post(url("actions:improvement_edit", item),
                       edit_data(item, deadline=days(-9).isoformat())).status_code == 400


@pytest.mark.parametrize("status", ["planned", "in_progress"])
def test_a_planned_improvement_keeps_its_owner_and_deadline(client, item, member, status):
    Improvement.objects.filter(pk=item.pk).update(status=status)
    client.force_login(member)
    response = client.post(url("actions:improvement_edit", item), edit_data(item, owner="", deadline=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "A planned or started improvement needs an owner." in body
    assert "A planned or started improvement needs a deadline." in body
    assert fresh(item).owner == member and fresh(item).deadline == days(20)


def test_a_proposed_improvement_may_lose_its_owner_and_deadline(client, item, member):
    client.force_login(member)
    assert client.post(url("actions:improvement_edit", item), edit_data(item, owner="", deadline="")).status_code == 302
    assert fresh(item).owner is None and fresh(item).deadline is None


# --- Queries --------------------------------------------------------------------------------------------

def test_page_queries_do_not_grow_with_history_touchpoints_or_team(client, item, member, facilitator, team,
                                                                   django_assert_num_queries):
    client.force_login(member)
    detail = url("actions:improvement_detail", item)

    def check():
        # 1 session, 2 user, 3 the improvement (journey, team, workshop, gap, owner, proposer joined; my role),
        # 4 touchpoints with stages, 5 the history with who changed it and the review, 6 the members who may own it
        # (edit form), 7 the teams for the top bar
        with django_assert_num_queries(7):
            assert client.get(detail).status_code == 200

    check()
    for n in range(12):
        change_status(improvement=item, status=[Status.PLANNED, Status.IN_PROGRESS][n % 2], actor=acting(facilitator),
                      comment=f"Stap {n}")
        MembershipFactory(team=team, user=UserFactory(), role=Role.MEMBER)
    stage = item.journey.stages.last()
    item.touchpoints.add(*[stage.touchpoints.create(name=f"Contact {n}", position=10 + n) for n in range(8)])
    check()
