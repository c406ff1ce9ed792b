"""The team action plan: every role of the team reads it, GET filters and sort are validated (a bad value is
a message, never a 500), and the CSV export carries the same rows in the same order, ready for Excel."""

import csv
import io

import pytest
from django.urls import reverse

from actions.models import Status
from tests.factories import MembershipFactory, UserFactory
from workshops.models import Role

from .plan_data import days, improvement, journey_of, many_improvements

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team, owner, facilitator, member, viewer):
    """Five improvements of two journeys in every quadrant and several statuses (titles say which)."""
    for person in (owner, facilitator, member, viewer):
        person.language = "en"
        person.save(update_fields=["language"])
    journey, gap, touchpoints = journey_of(team, facilitator)
    other, _gap, _tps = journey_of(team, facilitator, title="Retourneren")
    items = {
        "quick": improvement(journey, "Bezorgmoment tonen", owner=member, deadline=days(10), status=Status.PLANNED,
                             impact=5, effort=1, gap=gap, touchpoints=touchpoints, kpi="Vragen over levering"),
        "major": improvement(journey, "Nieuwe webshop", owner=owner, deadline=days(90), status=Status.IN_PROGRESS,
                             impact=5, effort=5),
        "fill": improvement(journey, "aanpassen footer", status=Status.PROPOSED, impact=1, effort=1),
        "thankless": improvement(other, "Formulier herschrijven", owner=member, deadline=days(-3),
                                 status=Status.DONE, impact=2, effort=4),
        "dropped": improvement(other, "=HYPERLINK(\"http://evil\")", owner=facilitator, status=Status.DROPPED,
                               impact=2, effort=2),
    }
    return {"journey": journey, "other": other, "items": items}


def rows(response):
    return [int(pk) for pk in __import__("re").findall(r'data-improvement="(\d+)"', response.content.decode())]


def pks(plan, *names):
    return [plan["items"][name].pk for name in names]


def get(client, team, **params):
    return client.get(reverse("actions:action_plan", args=[team.slug]), params)


@pytest.mark.parametrize("persona", ["owner", "facilitator", "member", "viewer"])
def test_every_role_reads_the_plan(client, team, plan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = get(client, team)
    assert response.status_code == 200
    assert len(rows(response)) == 5


def test_outsider_gets_404(client, team, plan, outsider):
    client.force_login(outsider)
    assert get(client, team).status_code == 404
    assert client.get(reverse("actions:action_plan_csv", args=[team.slug])).status_code == 404


def test_default_order_is_by_deadline_with_the_undated_last(client, team, plan, member):
    client.force_login(member)
    assert rows(get(client, team)) == pks(plan, "thankless", "quick", "major", "fill", "dropped")


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "planned"}, ["quick"]),
    ({"status": "open"}, ["quick", "major", "fill"]),
    ({"quadrant": "quick_win"}, ["quick"]),
    ({"quadrant": "major_project"}, ["major"]),
    ({"quadrant": "fill_in"}, ["fill", "dropped"]),
    ({"quadrant": "thankless_task"}, ["thankless"]),
    ({"owner": "none"}, ["fill"]),
    ({"status": "open", "quadrant": "fill_in"}, ["fill"]),
])
def test_filters(client, team, plan, member, params, expected):
    client.force_login(member)
    response = get(client, team, **params)
    assert response.status_code == 200
    assert rows(response) == pks(plan, *expected)
    assert "filtered" in response.content.decode()


def test_filter_by_owner_and_journey(client, team, plan, member):
    client.force_login(member)
    assert rows(get(client, team, owner=member.pk)) == pks(plan, "thankless", "quick")
    assert rows(get(client, team, journey=plan["other"].pk)) == pks(plan, "thankless", "dropped")


@pytest.mark.parametrize(("sort", "order", "expected"), [
    ("deadline", "desc", ["major", "quick", "thankless", "fill", "dropped"]),
    ("title", "asc", ["dropped", "fill", "quick", "thankless", "major"]),
    ("title", "desc", ["major", "thankless", "quick", "fill", "dropped"]),
    ("impact", "desc", ["quick", "major", "thankless", "dropped", "fill"]),
    ("impact", "asc", ["fill", "thankless", "dropped", "quick", "major"]),
    ("effort", "asc", ["quick", "fill", "dropped", "thankless", "major"]),
    ("status", "asc", ["fill", "quick", "major", "thankless", "dropped"]),
    ("status", "desc", ["dropped", "thankless", "major", "quick", "fill"]),
    ("owner", "asc", ["dropped", "thankless", "quick", "major", "fill"]),
])
def test_sort(client, team, plan, member, sort, order, expected):
    # Owners: Fenna Facilitator < Mo Member < Olga Owner; ties by deadline (none last), then by creation.
    client.force_login(member)
    assert rows(get(client, team, sort=sort, order=order)) == pks(plan, *expected)


def test_a_sort_link_turns_the_current_order_round_and_keeps_the_filters(client, team, plan, member):
    client.force_login(member)
    body = get(client, team, status="open", sort="impact", order="desc").content.decode()
    assert 'aria-sort="descending"' in body
    assert "?status=open&amp;sort=impact&amp;order=asc" in body
    assert "?status=open&amp;sort=deadline&amp;order=asc" in body
    assert reverse("actions:action_plan_csv", args=[team.slug]) + "?status=open&amp;sort=impact&amp;order=desc" in body


@pytest.mark.parametrize("params", [
    {"status": "finished"}, {"quadrant": "quick"}, {"owner": "abc"}, {"owner": "999999"}, {"journey": "x"},
    {"journey": "999999"}, {"sort": "password"}, {"order": "sideways"}, {"status": ["planned", "<script>"]},
])
def test_bad_filter_values_are_reported_and_left_out(client, team, plan, member, params):
    client.force_login(member)
    response = get(client, team, **params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Some filters in the address could not be used" in body
    assert 'class="field-error"' in body
    assert len(rows(response)) in (5, 1)  # the bad filter is left out; a valid first value may still apply


def test_someone_of_another_team_is_no_owner_to_filter_on(client, team, plan, member, outsider):
    client.force_login(member)
    body = get(client, team, owner=outsider.pk).content.decode()
    assert "This person is not in the team." in body
    assert outsider.name not in body


def test_a_journey_of_another_team_is_refused(client, team, plan, member, other_team, outsider):
    foreign, _gap, _tps = journey_of(other_team, outsider, title="Geheime reis van Bravo")
    client.force_login(member)
    body = get(client, team, journey=foreign.pk).content.decode()
    assert "This journey is not one of the team&#x27;s." in body
    assert "Geheime reis van Bravo" not in body


def test_empty_plan_and_empty_filter_results(client, team, member, plan):
    client.force_login(member)
    response = get(client, team, status="in_progress", owner="none")
    assert "No improvements match these filters." in response.content.decode()


def test_team_page_links_to_the_plan(client, team, member):
    client.force_login(member)
    team_page = client.get(reverse("workshops:team_detail", args=[team.slug])).content.decode()
    assert reverse("actions:action_plan", args=[team.slug]) in team_page


# --- CSV -------------------------------------------------------------------------------------------------

def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_the_same_rows_and_order_as_the_page(client, team, plan, member):
    client.force_login(member)
    response = client.get(reverse("actions:action_plan_csv", args=[team.slug]), {"status": "open", "sort": "impact",
                                                                          "order": "desc"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="action-plan-team-alfa-')
    header, *data = csv_rows(response)
    assert header == ["Title", "Description", "Journey", "Gap", "Touchpoints", "Quadrant", "Impact", "Effort", "Owner",
                      "Deadline", "Status", "KPI", "Link"]
    assert [row[0] for row in data] == ["Bezorgmoment tonen", "Nieuwe webshop", "aanpassen footer"]
    quick = dict(zip(header, data[0], strict=True))
    assert quick == {
        "Title": "Bezorgmoment tonen", "Description": "", "Journey": plan["journey"].title,
        "Gap": "Klanten weten niet wanneer hun bestelling komt", "Touchpoints": "Oriëntatie: Website, Aankoop: "
        "Bevestigingsmail", "Quadrant": "quick win", "Impact": "5", "Effort": "1", "Owner": member.name,
        "Deadline": days(10).isoformat(), "Status": "Planned", "KPI": "Vragen over levering",
        "Link": "http://testserver" + reverse("actions:improvement_detail",
                                              args=[team.slug, plan["items"]["quick"].pk]),
    }


def test_csv_defuses_formulas(client, team, plan, member):
    client.force_login(member)
    _header, *data = csv_rows(client.get(reverse("actions:action_plan_csv", args=[team.slug]), {"status": "dropped"}))
    assert data[0][0] == "'=HYPERLINK(\"http://evil\")"


def test_csv_in_dutch_for_a_dutch_user(client, team, plan, member):
    member.language = "nl"
    member.save(update_fields=["language"])
    client.force_login(member)
    response = client.get(reverse("actions:action_plan_csv", args=[team.slug]))
    header, *_data = csv_rows(response)
    assert header[:3] == ["Titel", "Beschrijving", "Klantreis"]


def test_csv_with_a_bad_filter_shows_the_page_with_the_message(client, team, plan, viewer):
    client.force_login(viewer)
    response = client.get(reverse("actions:action_plan_csv", args=[team.slug]), {"quadrant": "nonsense"})
    assert response.status_code == 400
    assert "This quadrant does not exist." in response.content.decode()


# --- Queries ---------------------------------------------------------------------------------------------

def test_page_and_csv_queries_do_not_grow_with_the_plan(client, team, facilitator, member,
                                                        django_assert_num_queries):
    journey, gap, touchpoints = journey_of(team, facilitator)
    for _n in range(3):
        MembershipFactory(team=team, user=UserFactory(), role=Role.MEMBER)
    improvement(journey, "Eén", owner=member, deadline=days(2), gap=gap, touchpoints=touchpoints)
    client.force_login(member)
    page = reverse("actions:action_plan", args=[team.slug])
    export = reverse("actions:action_plan_csv", args=[team.slug])
    params = {"status": "open", "sort": "owner"}

    def check():
        # 1 session, 2 user, 3 the team with my role, 4 the members (owner filter), 5 the journeys (journey
        # filter), 6 how many match (the pages), 7 the page's improvements (journey, gap, owner joined),
        # 8 the teams for the top bar
        with django_assert_num_queries(8):
            assert client.get(page, params).status_code == 200
        # 1–5 as above, 6 the improvements, 7 their touchpoints with stages (prefetched)
        with django_assert_num_queries(7):
            assert client.get(export, params).status_code == 200

    check()
    many_improvements(journey, member, gap, touchpoints, count=60)
    journey_of(team, facilitator, title="Nog een klantreis")
    check()


def test_a_long_plan_comes_in_pages_that_keep_the_filters(client, team, facilitator, member):
    """50 rows a page (PLAN_PAGE_SIZE): the page costs the same for 60 or 6,000 improvements. The links
    keep the filters and the sort; a page number that is not one shows the nearest page, never an error.
    The CSV still has every row."""
    from actions.views.plan import PLAN_PAGE_SIZE

    journey, gap, touchpoints = journey_of(team, facilitator)
    for n in range(PLAN_PAGE_SIZE + 12):
        improvement(journey, f"Verbetering {n:03d}", owner=member, deadline=days(n), status=Status.PLANNED)
    improvement(journey, "Al klaar", owner=member, status=Status.DONE)
    client.force_login(member)
    first = get(client, team, status="open", sort="title")
    assert len(rows(first)) == PLAN_PAGE_SIZE
    html = first.content.decode()
    assert __import__("re").search(rf"1–{PLAN_PAGE_SIZE} (of|van) {PLAN_PAGE_SIZE + 12}", html)
    next_link = __import__("re").search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "status=open" in next_link and "sort=title" in next_link and "page=2" in next_link
    second = client.get(next_link)
    assert len(rows(second)) == 12
    assert 'rel="prev"' in second.content.decode() and 'rel="next"' not in second.content.decode()
    assert not set(rows(first)) & set(rows(second))
    # sorted by title across pages: page 2 holds the last twelve
    titles = __import__("re").findall(r'>Verbetering (\d{3})<', second.content.decode())
    assert titles == [f"{n:03d}" for n in range(PLAN_PAGE_SIZE, PLAN_PAGE_SIZE + 12)]
    for bad in ("x", "0", "-1", "999", "1e9"):
        response = get(client, team, status="open", page=bad)
        assert response.status_code == 200
        assert len(rows(response)) in (PLAN_PAGE_SIZE, 12)
    export = client.get(reverse("actions:action_plan_csv", args=[team.slug]), {"status": "open", "page": "2"})
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1 + PLAN_PAGE_SIZE + 12
