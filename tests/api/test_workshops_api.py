"""Workshops and participants through the API: create through the service (journey and baseline made), roles
(viewers read, facilitators run workshops, members add participants), scoping, validation, pinned queries."""

import pytest

from journeys.models import Measurement
from journeys.services.workshops import workshop_create
from tests.api.conftest import patch, post, token_for, used_token
from tests.db_snapshot import nothing_written
from tests.factories import MembershipFactory, TeamFactory
from workshops.models import Participant, Role, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(title="Nieuwe abonnee", facilitator="owner")]


def test_a_facilitator_creates_a_workshop_with_its_journey_and_baseline(client, team, facilitator):
    response = post(client, "/api/v1/workshops/", {"team": team.pk, "title": "  Offerte  aanvragen ",
                                                   "template": "subscription", "scheduled_for": "2030-05-01"},
                    token_for(facilitator))
    assert response.status_code == 201, response.json()
    body = response.json()
    workshop = Workshop.objects.select_related("journey").get(pk=body["id"])
    assert body["title"] == workshop.title == "Offerte aanvragen" and body["journey"] == workshop.journey_id
    assert body["join_code"] == workshop.join_code and body["my_role"] == "facilitator"
    assert workshop.journey.template == "subscription" and workshop.journey.stages.count() > 0
    assert workshop.facilitator == facilitator
    assert Measurement.objects.get(journey=workshop.journey).kind == "baseline"


@pytest.mark.parametrize("data, field", [
    ({"title": "   "}, "title"),
    ({"title": "X", "template": "nonsense"}, "template"),
    ({"title": "X", "scheduled_for": "31-02-2030"}, "scheduled_for"),
    ({"title": "X", "votes_per_participant": 0}, "votes_per_participant"),
])
def test_bad_workshop_input_is_a_field_error_and_nothing_is_made(client, team, owner, data, field):
    response = post(client, "/api/v1/workshops/", {"team": team.pk, **data}, token_for(owner))
    assert response.status_code == 400 and field in response.json()
    assert not Workshop.objects.exists()


def test_members_and_viewers_cannot_create_workshops_and_a_foreign_team_does_not_exist(client, team, member, viewer,
                                                                                       outsider, other_team):
    for person in (member, viewer):
        assert post(client, "/api/v1/workshops/", {"team": team.pk, "title": "X"},
                    token_for(person)).status_code == 403
    response = post(client, "/api/v1/workshops/", {"team": team.pk, "title": "X"}, token_for(outsider))
    assert response.status_code == 400 and "team" in response.json()
    assert not Workshop.objects.filter(team=team).exists()


def test_update_title_date_and_dots_but_not_the_team(client, workshop, facilitator, other_team, member, viewer):
    url = f"/api/v1/workshops/{workshop.pk}/"
    MembershipFactory(team=other_team, user=facilitator, role=Role.OWNER)
    response = patch(client, url, {"title": "Anders", "votes_per_participant": 7, "scheduled_for": "2030-01-02",
                                   "team": other_team.pk}, token_for(facilitator))
    assert response.status_code == 200, response.json()
    workshop.refresh_from_db()
    assert (workshop.title, workshop.votes_per_participant, str(workshop.scheduled_for)) == (
        "Anders", 7, "2030-01-02")
    assert workshop.team_id != other_team.pk
    assert patch(client, url, {"votes_per_participant": 21}, token_for(facilitator)).status_code == 400
    assert patch(client, url, {"title": "Weg"}, token_for(member)).status_code == 403
    assert client.delete(url, **token_for(facilitator)).status_code == 405


def test_viewers_read_without_the_join_code_and_outsiders_get_404(client, workshop, viewer, member, outsider):
    url = f"/api/v1/workshops/{workshop.pk}/"
    assert client.get(url, **token_for(viewer)).json()["join_code"] is None
    assert client.get(url, **token_for(member)).json()["join_code"] == workshop.join_code
    stranger = used_token(client, outsider)
    assert client.get(url, **stranger).status_code == 404
    with nothing_written():
        assert patch(client, url, {"title": "Gekaapt"}, stranger).status_code == 404
    assert client.get("/api/v1/workshops/", **stranger).json()["results"] == []


def test_workshops_filter_by_team_and_order_by_title(client, team, owner):
    other = TeamFactory(name="Team Charlie", slug="team-charlie")
    MembershipFactory(team=other, user=owner, role=Role.OWNER)
    for title in ("Bravo", "Alfa"):
        workshop_create(team=team, title=title, facilitator=owner, template="blank")
    workshop_create(team=other, title="Charlie", facilitator=owner, template="blank")
    auth = token_for(owner)
    titles = [w["title"] for w in client.get(f"/api/v1/workshops/?team={team.pk}&ordering=title", **auth)
              .json()["results"]]
    assert titles == ["Alfa", "Bravo"]
    assert client.get("/api/v1/workshops/?ordering=-title", **auth).json()["results"][0]["title"] == "Charlie"


def test_members_add_participants_viewers_cannot_and_a_foreign_workshop_does_not_exist(client, workshop, member,
                                                                                      viewer, outsider):
    response = post(client, "/api/v1/participants/", {"workshop": workshop.pk, "display_name": " Sanne  KS "},
                    token_for(member))
    assert response.status_code == 201, response.json()
    assert response.json()["display_name"] == "Sanne KS" and response.json()["user"] is None
    assert post(client, "/api/v1/participants/", {"workshop": workshop.pk, "display_name": "V"},
                token_for(viewer)).status_code == 403
    response = post(client, "/api/v1/participants/", {"workshop": workshop.pk, "display_name": "O"},
                    token_for(outsider))
    assert response.status_code == 400 and "workshop" in response.json()
    assert post(client, "/api/v1/participants/", {"workshop": workshop.pk, "display_name": "  "},
                token_for(member)).status_code == 400
    assert list(Participant.objects.values_list("display_name", flat=True)) == ["Sanne KS"]
    participant = Participant.objects.get()
    assert client.get(f"/api/v1/participants/{participant.pk}/", **token_for(outsider)).status_code == 404
    assert client.get(f"/api/v1/participants/?workshop={workshop.pk}", **token_for(viewer)).json()["count"] == 1


def test_a_closed_workshop_takes_no_new_participants(client, workshop, member):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    response = post(client, "/api/v1/participants/", {"workshop": workshop.pk, "display_name": "Laat"},
                    token_for(member))
    assert response.status_code == 400 and "workshop" in response.json()


@pytest.mark.parametrize("size", [1, 8])
def test_list_queries_do_not_grow(client, team, owner, size, django_assert_num_queries):
    for number in range(size):
        workshop = workshop_create(team=team, title=f"W{number}", facilitator=owner, template="blank")
        Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"P{i}") for i in range(3))
    auth = token_for(owner)
    client.get("/api/v1/teams/", **auth)  # the token's "last used" is written once a minute: not in the count
    # the token (with its user), the count, the page
    with django_assert_num_queries(3):
        assert client.get("/api/v1/workshops/", **auth).json()["count"] == size
    with django_assert_num_queries(3):
        assert client.get("/api/v1/participants/", **auth).json()["count"] == 3 * size


def test_an_update_goes_through_the_service_which_tidies_the_title_as_create_does(client, workshop, facilitator):
    """The update is one service call (``workshop_update``): a blank title is refused and nothing changes, and a
    title's white space is tidied as when the workshop was made."""
    url = f"/api/v1/workshops/{workshop.pk}/"
    refused = patch(client, url, {"title": "   "}, token_for(facilitator))
    assert refused.status_code == 400 and "title" in refused.json()
    workshop.refresh_from_db()
    assert workshop.title == "Nieuwe abonnee"
    assert patch(client, url, {"title": "  Offerte   aanvragen ", "votes_per_participant": 9},
                 token_for(facilitator)).status_code == 200
    workshop.refresh_from_db()
    assert (workshop.title, workshop.votes_per_participant) == ("Offerte aanvragen", 9)
