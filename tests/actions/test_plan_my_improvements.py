"""My improvements: the open improvements I own across all my teams — overdue, due soon, then by status —
with done and dropped folded away; deadlines in words; a fixed number of queries."""

import pytest
from django.urls import reverse

from actions.deadlines import due
from actions.models import Status
from actions.selectors.follow_up import my_improvements
from tests.factories import MembershipFactory, TeamFactory
from workshops.models import Membership, Role

from .plan_data import days, improvement, journey_of, many_improvements

pytestmark = pytest.mark.django_db

URL = reverse("actions:my_improvements")


@pytest.fixture
def english(member):
    member.language = "en"
    member.save(update_fields=["language"])
    return member


def titles(items):
    return [item.title for item in items]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("workshops:login"))


def test_groups_overdue_due_soon_by_status_and_closed(team, facilitator, member, owner):
    journey, _gap, _tps = journey_of(team, facilitator)
    improvement(journey, "Te laat", owner=member, deadline=days(-2), status=Status.IN_PROGRESS)
    improvement(journey, "Vandaag", owner=member, deadline=days(0), status=Status.PLANNED)
    improvement(journey, "Over twee weken", owner=member, deadline=days(14), status=Status.PLANNED)
    improvement(journey, "Over een maand", owner=member, deadline=days(30), status=Status.PLANNED)
    improvement(journey, "Zonder deadline", owner=member, status=Status.PROPOSED)
    improvement(journey, "Klaar", owner=member, deadline=days(-40), status=Status.DONE)
    improvement(journey, "Geschrapt", owner=member, status=Status.DROPPED)
    improvement(journey, "Van iemand anders", owner=owner, deadline=days(-3), status=Status.PLANNED)
    improvement(journey, "Van niemand", deadline=days(1))

    groups = my_improvements(member)

    assert titles(groups.overdue.items) == ["Te laat"]
    assert titles(groups.due_soon.items) == ["Vandaag", "Over twee weken"]
    assert [(status, titles(group.items)) for status, group in groups.by_status] == [
        (Status.PROPOSED, ["Zonder deadline"]), (Status.PLANNED, ["Over een maand"])]
    assert sorted(titles(groups.closed.items)) == ["Geschrapt", "Klaar"]
    assert [group.total for group in (groups.overdue, groups.due_soon, groups.closed)] == [1, 2, 2]
    assert groups.open_count == 5
    # Each row knows how its deadline stands (the same rule as the groups, which SQL applies).
    assert [item.due.kind for item in groups.due_soon.items] == ["today", "soon"]


def test_every_team_of_mine_and_none_i_left(team, facilitator, member):
    journey_a, _gap, _tps = journey_of(team, facilitator)
    team_b = TeamFactory(name="Team Bravo B")
    MembershipFactory(team=team_b, user=member, role=Role.VIEWER)
    journey_b, _gap, _tps = journey_of(team_b, None, title="Retour bij Bravo")
    team_c = TeamFactory(name="Team Charlie")
    journey_c, _gap, _tps = journey_of(team_c, None, title="Oude klantreis")
    improvement(journey_a, "In Alfa", owner=member, deadline=days(3), status=Status.PLANNED)
    improvement(journey_b, "In Bravo", owner=member, deadline=days(5), status=Status.PLANNED)
    improvement(journey_c, "In een team dat ik verliet", owner=member, deadline=days(4), status=Status.PLANNED)

    assert titles(my_improvements(member).due_soon.items) == ["In Alfa", "In Bravo"]

    Membership.objects.filter(team=team_b, user=member).delete()
    assert titles(my_improvements(member).due_soon.items) == ["In Alfa"]


def test_page_shows_each_row_with_team_journey_quadrant_deadline_and_status(client, team, facilitator, english):
    journey, _gap, _tps = journey_of(team, facilitator)
    late = improvement(journey, "Bezorgmoment tonen", owner=english, deadline=days(-2), status=Status.IN_PROGRESS,
                       impact=5, effort=2)
    soon = improvement(journey, "Retourlabel meesturen", owner=english, deadline=days(3), status=Status.PLANNED,
                       impact=4, effort=4)
    improvement(journey, "Oud idee", owner=english, status=Status.DONE)
    client.force_login(english)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "2 days overdue" in body and "in 3 days" in body
    assert "quick win" in body and "major project" in body
    assert "Team Alfa" in body and journey.title in body
    for item in (late, soon):
        assert reverse("actions:improvement_detail", args=[team.slug, item.pk]) in body
    assert '<details class="card follow-group follow-group--closed"' in body  # done and dropped: folded
    assert "Oud idee" in body
    assert 'data-testid="nav-my-improvements"' in body


def test_page_without_improvements_explains_where_they_come_from(client, english):
    client.force_login(english)
    body = client.get(URL).content.decode()
    assert "You do not own any improvements yet." in body
    assert reverse("actions:action_plan", args=["team-alfa"]) in body


@pytest.mark.parametrize(("offset", "text", "kind"), [
    (-1, "1 day overdue", "overdue"),
    (-2, "2 days overdue", "overdue"),
    (-20, "2 weeks overdue", "overdue"),
    (-90, "3 months overdue", "overdue"),
    (0, "today", "today"),
    (1, "tomorrow", "soon"),
    (3, "in 3 days", "soon"),
    (14, "2 weeks", "soon"),
    (15, "in 2 weeks", "later"),
    (61, "in 2 months", "later"),
])
def test_deadline_in_words(offset, text, kind, settings):
    from django.utils import translation

    class Item:
        deadline = days(offset)
        is_open = True

    with translation.override("en"):
        stood = due(Item, on=days(0))
    assert stood.kind == kind and text in stood.text


def test_a_closed_improvement_shows_its_date_not_a_countdown():
    from django.utils import translation

    class Item:
        deadline = days(-5)
        is_open = False

    with translation.override("en"):
        stood = due(Item, on=days(0))
    assert stood.kind == "closed" and "overdue" not in stood.text


def _count(django_assert_num_queries, client, expected):
    # 1 session, 2 user, 3 the totals per group, 4 the open rows shown (team, journey joined), 5 the closed rows
    # shown, 6 the teams for the top bar
    with django_assert_num_queries(expected):
        assert client.get(URL).status_code == 200


def test_queries_do_not_grow_with_the_improvements(client, team, facilitator, member, django_assert_num_queries):
    journey, gap, touchpoints = journey_of(team, facilitator)
    client.force_login(member)
    _count(django_assert_num_queries, client, 6)  # nothing yet: the same queries
    improvement(journey, "Eén", owner=member, deadline=days(2), status=Status.PLANNED)
    _count(django_assert_num_queries, client, 6)
    improvement(journey, "Klaar", owner=member, status=Status.DONE)
    _count(django_assert_num_queries, client, 6)
    many_improvements(journey, member, gap, touchpoints, count=60)
    _count(django_assert_num_queries, client, 6)


def test_done_and_dropped_show_the_most_recent_ones_and_say_how_many(client, team, facilitator, english):
    """Finished improvements pile up quarter after quarter: the page lists the CLOSED_SHOWN most recently
    changed and counts them all, so it does not grow with years of history."""
    from django.utils import timezone

    from actions.models import Improvement
    from actions.selectors.follow_up import CLOSED_SHOWN

    journey, _gap, _tps = journey_of(team, facilitator)
    for n in range(CLOSED_SHOWN + 5):
        item = improvement(journey, f"Klaar {n:02d}", owner=english, status=Status.DONE)
        Improvement.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timezone.timedelta(days=n))
    groups = my_improvements(english)
    assert groups.closed.total == CLOSED_SHOWN + 5
    assert titles(groups.closed.items) == [f"Klaar {n:02d}" for n in range(CLOSED_SHOWN)]
    client.force_login(english)
    body = client.get(URL).content.decode()
    assert f'<span class="count-pill">{CLOSED_SHOWN + 5}</span>' in body
    assert "Klaar 00" in body and f"Klaar {CLOSED_SHOWN + 4:02d}" not in body
    assert f"The {CLOSED_SHOWN} most recently changed" in body


def test_each_open_group_shows_the_most_pressing_and_links_to_the_rest(client, team, facilitator, english):
    """Someone who owns hundreds of open improvements sees, per group, the OPEN_SHOWN with the nearest deadline
    and the group's total, and links to their improvements on the team's action plan: the page does not grow."""
    from actions.selectors.follow_up import OPEN_SHOWN

    journey, _gap, _tps = journey_of(team, facilitator)
    for n in range(OPEN_SHOWN + 3):
        improvement(journey, f"Te laat {n:02d}", owner=english, deadline=days(-1 - n), status=Status.PLANNED)
    for n in range(OPEN_SHOWN + 1):
        improvement(journey, f"Later {n:02d}", owner=english, deadline=days(30 + n), status=Status.PLANNED)
    improvement(journey, "Bijna", owner=english, deadline=days(2), status=Status.IN_PROGRESS)

    groups = my_improvements(english)

    oldest_first = [f"Te laat {n:02d}" for n in reversed(range(OPEN_SHOWN + 3))]
    assert titles(groups.overdue.items) == oldest_first[:OPEN_SHOWN]  # the longest overdue first
    assert (groups.overdue.total, groups.overdue.more) == (OPEN_SHOWN + 3, 3)
    (status, planned), = groups.by_status
    assert status == Status.PLANNED
    assert titles(planned.items) == [f"Later {n:02d}" for n in range(OPEN_SHOWN)]
    assert planned.total == OPEN_SHOWN + 1
    assert titles(groups.due_soon.items) == ["Bijna"] and groups.due_soon.more == 0
    assert groups.open_count == 2 * OPEN_SHOWN + 5

    client.force_login(english)
    body = client.get(URL).content.decode()
    assert body.count('class="improvement-row ') == 2 * OPEN_SHOWN + 1
    assert f'<span class="count-pill">{OPEN_SHOWN + 3}</span>' in body
    assert f"The {OPEN_SHOWN} most pressing of {OPEN_SHOWN + 3}." in body
    plan = reverse("actions:action_plan", args=[team.slug])
    assert f'href="{plan}?owner={english.pk}&amp;status=open"' in body  # the overdue ones, on the action plan
    assert f'href="{plan}?owner={english.pk}&amp;status=planned"' in body
    assert 'data-testid="soon-more"' not in body  # a group shown whole says nothing more
    # The link leads to the action plan filtered to them.
    page = client.get(f"{plan}?owner={english.pk}&status=open")
    assert page.status_code == 200 and "Te laat 00" in page.content.decode()
