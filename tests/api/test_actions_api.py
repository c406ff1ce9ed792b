"""Improvements (and the matrix), review cycles and reviews through the API: the services' rules (scales, same
journey, owner in the team, planned needs owner and deadline, history kept), roles, scoping, throttling and
pinned queries."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys.models import Gap, Measurement, Touchpoint
from journeys.services.workshops import workshop_create
from tests.api.conftest import patch, post, token_for
from tests.cache_support import clear_cache
from workshops.api_auth import PrincipalThrottle
from workshops.dates import working_day_on_or_after

pytestmark = pytest.mark.django_db

IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def journey(team, owner):
    return workshop_create(team=team, title="Nieuwe abonnee", facilitator=owner, template="five_phases").journey


@pytest.fixture
def foreign_journey(other_team, outsider):
    return workshop_create(team=other_team, title="Bravo", facilitator=outsider, template="five_phases").journey


@pytest.fixture
def gap(journey):
    return Gap.objects.create(journey=journey, problem="Wachten op de offerte")


@pytest.fixture
def touchpoint(journey):
    return Touchpoint.objects.create(stage=journey.stages.first(), name="Offerteformulier")


def test_a_member_proposes_plans_and_assigns_in_one_request(client, journey, gap, touchpoint, member, owner):
    response = post(client, "/api/v1/improvements/", {
        "journey": journey.pk, "gap": gap.pk, "touchpoints": [touchpoint.pk], "title": " Offerte  binnen 1 dag ",
        "impact": 5, "effort": 2, "kpi": "doorlooptijd", "owner": owner.pk, "deadline": IN_A_MONTH,
        "status": "planned", "comment": "Afgesproken"}, token_for(member))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Offerte binnen 1 dag" and body["quadrant"] == "quick_win" and body["status"] == "planned"
    assert body["touchpoints"] == [touchpoint.pk] and body["owner"] == owner.pk and "comment" not in body
    change = StatusChange.objects.get(improvement_id=body["id"])
    assert (change.old_status, change.new_status, change.comment, change.changed_by) == (
        "proposed", "planned", "Afgesproken", member)


@pytest.mark.parametrize("data, field", [
    ({"impact": 6}, "impact"), ({"effort": 0}, "effort"), ({"title": "  "}, "title"),
    ({"status": "planned"}, "status"),  # planned needs an owner and a deadline
    ({"deadline": "2000-01-01"}, "deadline"),
    ({"status": "sleeping"}, "status"),
])
def test_bad_improvements_are_field_errors_and_nothing_is_saved(client, journey, member, data, field):
    response = post(client, "/api/v1/improvements/", {"journey": journey.pk, "title": "Idee", **data},
                    token_for(member))
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Improvement.objects.exists() and not StatusChange.objects.exists()


def test_the_owner_must_be_a_member_of_the_team(client, journey, member, viewer, outsider):
    response = post(client, "/api/v1/improvements/", {"journey": journey.pk, "title": "Idee", "owner": viewer.pk},
                    token_for(member))
    assert response.status_code == 400 and "owner" in response.json()
    response = post(client, "/api/v1/improvements/", {"journey": journey.pk, "title": "Idee", "owner": outsider.pk},
                    token_for(member))
    assert response.status_code == 400 and "owner" in response.json()  # a stranger "does not exist"
    assert not Improvement.objects.exists()


def test_gap_and_touchpoints_of_another_journey_or_team_are_refused(client, team, owner, journey, member,
                                                                    foreign_journey):
    other = workshop_create(team=team, title="Andere reis", facilitator=owner, template="five_phases").journey
    other_gap = Gap.objects.create(journey=other, problem="Elders")
    other_touchpoint = Touchpoint.objects.create(stage=other.stages.first(), name="Elders")
    foreign_gap = Gap.objects.create(journey=foreign_journey, problem="Bravo")
    auth = token_for(member)
    for data, field in (({"gap": other_gap.pk}, "gap"), ({"touchpoints": [other_touchpoint.pk]}, "touchpoints"),
                        ({"gap": foreign_gap.pk}, "gap")):
        response = post(client, "/api/v1/improvements/", {"journey": journey.pk, "title": "Idee", **data}, auth)
        assert response.status_code == 400 and field in response.json(), response.json()
    response = post(client, "/api/v1/improvements/", {"journey": foreign_journey.pk, "title": "Idee"}, auth)
    assert response.status_code == 400 and "journey" in response.json()
    assert not Improvement.objects.exists()


def test_status_changes_keep_history_and_planned_needs_owner_and_deadline(client, journey, member, owner):
    improvement = Improvement.objects.create(journey=journey, title="Idee")
    url, auth = f"/api/v1/improvements/{improvement.pk}/", token_for(member)
    response = patch(client, url, {"status": "in_progress"}, auth)
    assert response.status_code == 400 and "status" in response.json()
    response = patch(client, url, {"status": "in_progress", "owner": owner.pk, "deadline": IN_A_MONTH,
                                   "impact": 4, "effort": 4}, auth)
    assert response.status_code == 200, response.json()
    assert response.json()["quadrant"] == "major_project"
    response = patch(client, url, {"owner": None}, auth)  # a started one keeps its owner
    assert response.status_code == 400 and "owner" in response.json()
    response = patch(client, url, {"status": "done", "comment": "Live sinds maandag"}, auth)
    assert response.status_code == 200
    assert list(StatusChange.objects.filter(improvement=improvement).values_list("new_status", "comment")) == [
        ("in_progress", ""), ("done", "Live sinds maandag")]
    improvement.refresh_from_db()
    assert (improvement.status, improvement.owner, improvement.impact) == ("done", owner, 4)


def test_roles_on_improvements(client, journey, member, viewer, outsider):
    improvement = Improvement.objects.create(journey=journey, title="Idee")
    url = f"/api/v1/improvements/{improvement.pk}/"
    assert client.get(url, **token_for(viewer)).status_code == 200
    assert patch(client, url, {"title": "Nee"}, token_for(viewer)).status_code == 403
    assert post(client, "/api/v1/improvements/", {"journey": journey.pk, "title": "Nee"},
                token_for(viewer)).status_code == 403
    assert client.get(url, **token_for(outsider)).status_code == 404
    assert patch(client, url, {"title": "Nee"}, token_for(outsider)).status_code == 404
    assert client.delete(url, **token_for(outsider)).status_code == 404
    assert client.delete(url, **token_for(viewer)).status_code == 403
    assert Improvement.objects.get().title == "Idee"
    assert client.delete(url, **token_for(member)).status_code == 204
    assert not Improvement.objects.exists()


def test_a_planned_improvement_is_dropped_not_deleted(client, journey, member):
    improvement = Improvement.objects.create(journey=journey, title="Idee", owner=member, deadline=IN_A_MONTH,
                                             status="planned")
    response = client.delete(f"/api/v1/improvements/{improvement.pk}/", **token_for(member))
    assert response.status_code == 400 and Improvement.objects.exists()


def test_filters_and_ordering(client, journey, gap, member, owner):
    Improvement.objects.create(journey=journey, title="Snel", impact=5, effort=1, owner=owner, deadline=IN_A_MONTH,
                               status="planned", gap=gap)
    Improvement.objects.create(journey=journey, title="Groot", impact=5, effort=5)
    Improvement.objects.create(journey=journey, title="Klein", impact=1, effort=1)
    auth = token_for(member)

    def titles(query):
        response = client.get(f"/api/v1/improvements/?{query}", **auth)
        assert response.status_code == 200, response.json()
        return [item["title"] for item in response.json()["results"]]

    assert titles("quadrant=quick_win") == ["Snel"]
    assert titles("status=planned") == ["Snel"]
    assert titles(f"owner={owner.pk}") == ["Snel"]
    assert titles(f"gap={gap.pk}") == ["Snel"]
    assert titles(f"journey={journey.pk}&ordering=-effort,title") == ["Groot", "Klein", "Snel"]
    assert titles("ordering=title") == ["Groot", "Klein", "Snel"]
    assert client.get("/api/v1/improvements/?quadrant=nowhere", **auth).status_code == 400


def test_the_matrix_of_a_journey(client, journey, member, outsider, foreign_journey, django_assert_num_queries):
    for title, impact, effort in (("A", 5, 1), ("B", 4, 2), ("C", 3, 3), ("D", 2, 5), ("E", 1, 1)):
        Improvement.objects.create(journey=journey, title=title, impact=impact, effort=effort)
    auth = token_for(member)
    client.get("/api/v1/teams/", **auth)
    with django_assert_num_queries(3):  # the token, the journey (scoped), its improvements
        response = client.get(f"/api/v1/improvements/matrix/?journey={journey.pk}", **auth)
    assert response.status_code == 200
    quadrants = {q["quadrant"]: [(i["title"], i["impact"], i["effort"]) for i in q["improvements"]]
                 for q in response.json()["quadrants"]}
    assert quadrants == {"quick_win": [("A", 5, 1), ("B", 4, 2)], "major_project": [("C", 3, 3)],
                         "thankless_task": [("D", 2, 5)], "fill_in": [("E", 1, 1)]}
    assert client.get(f"/api/v1/improvements/matrix/?journey={foreign_journey.pk}", **auth).status_code == 404
    assert client.get("/api/v1/improvements/matrix/?journey=abc", **auth).status_code == 400
    assert client.get("/api/v1/improvements/matrix/", **auth).status_code == 400
    assert client.get(f"/api/v1/improvements/matrix/?journey={journey.pk}",
                      **token_for(outsider)).status_code == 404


def test_review_cycles_facilitators_change_them_through_the_service(client, journey, facilitator, member, outsider):
    cycle = ReviewCycle.objects.create(journey=journey, next_due=IN_A_MONTH)
    url = f"/api/v1/review-cycles/{cycle.pk}/"
    assert client.get(url, **token_for(member)).json()["cadence_months"] == 3
    assert patch(client, url, {"cadence_months": 6}, token_for(member)).status_code == 403
    assert client.get(url, **token_for(outsider)).status_code == 404
    response = patch(client, url, {"cadence_months": 25}, token_for(facilitator))
    assert response.status_code == 400 and "cadence_months" in response.json()
    response = patch(client, url, {"next_due": "2001-01-01"}, token_for(facilitator))
    assert response.status_code == 400 and "next_due" in response.json()
    sunday = working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=40))
    sunday += datetime.timedelta(days=6 - sunday.weekday())
    response = patch(client, url, {"next_due": sunday.isoformat()}, token_for(facilitator))
    assert response.status_code == 400 and "kies een werkdag" in response.json()["next_due"][0]  # Dutch by default
    response = patch(client, url, {"cadence_months": 6, "journey": 999}, token_for(facilitator))
    assert response.status_code == 200 and response.json()["journey"] == journey.pk
    cycle.refresh_from_db()
    assert cycle.cadence_months == 6
    assert client.delete(url, **token_for(facilitator)).status_code == 405


def test_reviews_are_read_only_with_what_was_walked(client, journey, member, viewer, outsider):
    improvement = Improvement.objects.create(journey=journey, title="Idee")
    review = Review.objects.create(journey=journey, held_on="2030-03-01", notes="Goed gesprek",
                                   measurement=Measurement.objects.create(journey=journey, kind="review",
                                                                          taken_on="2030-03-01"))
    review.walked.add(improvement)
    body = client.get(f"/api/v1/reviews/?journey={journey.pk}", **token_for(viewer)).json()["results"]
    assert [(r["id"], r["notes"], r["walked"]) for r in body] == [(review.pk, "Goed gesprek", [improvement.pk])]
    assert client.get(f"/api/v1/reviews/{review.pk}/", **token_for(outsider)).status_code == 404
    assert patch(client, f"/api/v1/reviews/{review.pk}/", {"notes": "x"}, token_for(member)).status_code == 405


@pytest.mark.parametrize("size", [1, 6])
def test_list_queries_do_not_grow(client, journey, gap, member, owner, size, django_assert_num_queries):
    touchpoints = Touchpoint.objects.bulk_create(
        Touchpoint(stage=journey.stages.first(), name=f"T{i}", position=i) for i in range(3))
    for number in range(size):
        improvement = Improvement.objects.create(journey=journey, gap=gap, title=f"I{number}", owner=owner)
        improvement.touchpoints.set(touchpoints)
        review = Review.objects.create(
            journey=journey, held_on="2030-03-01", finished_at=timezone.now(),
            measurement=Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01"))
        review.walked.add(improvement)
    ReviewCycle.objects.create(journey=journey, next_due=IN_A_MONTH)
    auth = token_for(member)
    client.get("/api/v1/teams/", **auth)
    # the token, the count, the page, the touchpoints of the page's improvements
    with django_assert_num_queries(4):
        assert client.get("/api/v1/improvements/", **auth).json()["count"] == size
    with django_assert_num_queries(4):  # the token, the count, the page, what each review walked
        assert client.get("/api/v1/reviews/", **auth).json()["count"] == size
    with django_assert_num_queries(3):  # the token, the count, the page
        assert client.get("/api/v1/review-cycles/", **auth).json()["count"] == 1


def test_throttling_is_per_token_and_per_user(client, member, owner, monkeypatch):
    monkeypatch.setattr(PrincipalThrottle, "THROTTLE_RATES", {"principal": "3/minute"})
    clear_cache()
    first, second = token_for(member), token_for(member)
    for _ in range(3):
        assert client.get("/api/v1/improvements/", **first).status_code == 200
    assert client.get("/api/v1/improvements/", **first).status_code == 429
    assert client.get("/api/v1/improvements/", **second).status_code == 200  # its own budget
    client.force_login(owner)
    for _ in range(3):
        assert client.get("/api/v1/improvements/").status_code == 200
    response = client.get("/api/v1/improvements/")
    assert response.status_code == 429 and "Retry-After" in response.headers
    client.force_login(member)  # the session of another user: its own budget
    assert client.get("/api/v1/improvements/").status_code == 200
