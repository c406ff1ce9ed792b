"""The calendar feed: a secret address per user (made, renewed, stopped on a page linked from the profile),
serving ICS with the deadlines of the open improvements they own and the review dates of their teams'
journeys — all-day events with stable UIDs and links back, in their language; 404 to any other address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from actions.models import CalendarFeed, Status
from tests.factories import MembershipFactory, TeamFactory
from workshops.models import Membership, Role

from .plan_data import days, improvement, journey_of, many_improvements, review_cycle

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("actions:calendar_settings")


def feed_path(feed):
    return reverse("actions:calendar_feed", kwargs={"token": feed.token})


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def world(team, owner, facilitator, member, viewer, outsider, other_team):
    journey, gap, touchpoints = journey_of(team, facilitator)
    items = {
        "planned": improvement(journey, "Bezorgmoment tonen", owner=member, deadline=days(10), status=Status.PLANNED,
                               impact=5, effort=5, kpi="Vragen over levering"),
        "late": improvement(journey, "Retourlabel", owner=member, deadline=days(-3), status=Status.IN_PROGRESS),
        "undated": improvement(journey, "Zonder datum", owner=member),
        "done": improvement(journey, "Al klaar", owner=member, deadline=days(5), status=Status.DONE),
        "dropped": improvement(journey, "Geschrapt", owner=member, deadline=days(6), status=Status.DROPPED),
        "others": improvement(journey, "Van Olga", owner=owner, deadline=days(7), status=Status.PLANNED),
    }
    cycle = review_cycle(journey, due_in_days=45)
    foreign_journey, _gap, _tps = journey_of(other_team, outsider, title="Geheime reis van Bravo")
    foreign_cycle = review_cycle(foreign_journey, due_in_days=20)
    improvement(foreign_journey, "Geheim van Bravo", owner=outsider, deadline=days(4), status=Status.PLANNED)
    return {"journey": journey, "items": items, "cycle": cycle, "foreign_cycle": foreign_cycle}


# --- The settings page ----------------------------------------------------------------------------------

def test_page_needs_a_login(client):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("workshops:login"))
    assert client.post(reverse("actions:calendar_renew")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_profile_links_to_the_page(client, member):
    client.force_login(member)
    assert SETTINGS_URL in client.get(reverse("workshops:profile")).content.decode()


def test_create_show_renew_and_revoke(client, member, world):
    client.force_login(member)
    body = client.get(SETTINGS_URL).content.decode()
    assert "calendar-url" not in body and reverse("actions:calendar_renew") in body

    response = client.post(reverse("actions:calendar_renew"))
    assert response.status_code == 302 and response.url == SETTINGS_URL
    feed = CalendarFeed.objects.get(user=member)
    address = "http://testserver" + feed_path(feed)
    body = client.get(SETTINGS_URL).content.decode()
    assert f'value="{address}"' in body
    assert "webcal://testserver" + feed_path(feed) in body
    assert client.get(feed_path(feed)).status_code == 200

    client.post(reverse("actions:calendar_renew"))
    renewed = CalendarFeed.objects.get(user=member)
    assert renewed.token != feed.token
    assert client.get(feed_path(feed)).status_code == 404
    assert client.get(feed_path(renewed)).status_code == 200

    client.post(reverse("actions:calendar_revoke"))
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert client.get(feed_path(renewed)).status_code == 404
    assert "calendar-url" not in client.get(SETTINGS_URL).content.decode()


def test_page_gets_are_not_posts(client, member):
    client.force_login(member)
    assert client.get(reverse("actions:calendar_renew")).status_code == 405
    assert client.get(reverse("actions:calendar_revoke")).status_code == 405
    assert not CalendarFeed.objects.exists()


# --- The feed -------------------------------------------------------------------------------------------

def test_feed_has_my_open_deadlines_and_my_teams_review_dates(client, member, world, settings):
    settings.SITE_URL = "https://klantreis.example.com"
    feed = CalendarFeed.objects.create(user=member)
    calendar, found = events(client.get(feed_path(feed)))
    items = world["items"]
    assert set(found) == {f"improvement-{items['planned'].pk}@klantreis.example.com",
                          f"improvement-{items['late'].pk}@klantreis.example.com",
                          f"review-cycle-{world['cycle'].pk}@klantreis.example.com"}
    planned = found[f"improvement-{items['planned'].pk}@klantreis.example.com"]
    assert planned.decoded("DTSTART") == days(10)
    assert planned["DTSTART"].params.get("VALUE") == "DATE"  # all day
    assert planned.decoded("DTEND") == days(11)
    assert "Bezorgmoment tonen" in str(planned["SUMMARY"])
    assert str(planned["URL"]) == "https://klantreis.example.com" + reverse(
        "actions:improvement_detail", args=["team-alfa", items["planned"].pk])
    assert "Vragen over levering" in str(planned["DESCRIPTION"])
    review = found[f"review-cycle-{world['cycle'].pk}@klantreis.example.com"]
    assert review.decoded("DTSTART") == days(45)
    assert str(review["URL"]) == "https://klantreis.example.com" + reverse(
        "actions:journey_reviews", args=[world["journey"].workshop.pk])
    assert world["journey"].title in str(review["SUMMARY"])
    assert str(calendar["VERSION"]) == "2.0" and "Klantreis" in str(calendar["PRODID"])
    assert member.name in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert b"Bravo" not in client.get(feed_path(feed)).content


def test_uids_stay_when_dates_move_and_the_address_is_renewed(client, member, world):
    feed = CalendarFeed.objects.create(user=member)
    _calendar, before = events(client.get(feed_path(feed)))
    item = world["items"]["planned"]
    type(item).objects.filter(pk=item.pk).update(deadline=days(12))
    feed.token = "a-new-token-for-this-test-only-0123456789"
    feed.save()
    _calendar, after = events(client.get(feed_path(feed)))
    assert set(before) == set(after)
    moved = next(event for uid, event in after.items() if uid.startswith(f"improvement-{item.pk}@"))
    assert moved.decoded("DTSTART") == days(12)


def test_feed_follows_my_teams(client, member, world, team):
    feed = CalendarFeed.objects.create(user=member)
    team_c = TeamFactory(name="Team Charlie")
    MembershipFactory(team=team_c, user=member, role=Role.VIEWER)
    journey_c, _gap, _tps = journey_of(team_c, None, title="Charlie's reis")
    cycle_c = review_cycle(journey_c, due_in_days=60)
    _calendar, found = events(client.get(feed_path(feed)))
    assert any(uid.startswith(f"review-cycle-{cycle_c.pk}@") for uid in found)

    Membership.objects.filter(team=team, user=member).delete()  # left team Alfa: its dates leave the feed
    _calendar, found = events(client.get(feed_path(feed)))
    assert [uid.split("@")[0] for uid in found] == [f"review-cycle-{cycle_c.pk}"]


@pytest.mark.parametrize(("language", "quadrant"), [("en", "major project"), ("nl", "groot project")])
def test_feed_speaks_the_language_of_its_owner(client, member, world, language, quadrant):
    member.language = language
    member.save(update_fields=["language"])
    feed = CalendarFeed.objects.create(user=member)
    client.cookies["klantreis_language"] = "en" if language == "nl" else "nl"  # the reader's browser does not count
    _calendar, found = events(client.get(feed_path(feed)))
    uid = f"improvement-{world['items']['planned'].pk}@testserver"
    planned = found[uid]
    assert quadrant in str(planned["DESCRIPTION"])


@pytest.mark.parametrize("token", ["", "wrong", "x" * 43, "../../etc/passwd"])
def test_a_wrong_address_is_404(client, member, world, token):
    CalendarFeed.objects.create(user=member)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_deactivated_account_has_no_feed(client, member, world):
    feed = CalendarFeed.objects.create(user=member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get(feed_path(feed)).status_code == 404


def test_the_feed_needs_no_login_and_is_not_cached_publicly(client, member, world):
    feed = CalendarFeed.objects.create(user=member)
    response = client.get(feed_path(feed))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert client.post(feed_path(feed)).status_code == 405


def test_feed_queries_do_not_grow(client, team, member, facilitator, world, django_assert_num_queries):
    feed = CalendarFeed.objects.create(user=member)

    def check():
        # 1 the feed with its user, 2 my open deadlines (journey, team, workshop joined), 3 my teams' review cycles
        with django_assert_num_queries(3):
            assert client.get(feed_path(feed)).status_code == 200

    check()
    journey, gap, touchpoints = journey_of(team, facilitator, title="Nog een reis")
    many_improvements(journey, member, gap, touchpoints, count=60)
    review_cycle(journey, due_in_days=10)
    for n in range(5):
        other, _gap, _tps = journey_of(team, facilitator, title=f"Reis {n}")
        review_cycle(other, due_in_days=n * 30)
    check()


def test_settings_page_queries_are_fixed(client, member, world, django_assert_num_queries):
    client.force_login(member)
    client.post(reverse("actions:calendar_renew"))
    # 1 session, 2 user, 3 my feed, 4 how many deadlines, 5 how many review dates, 6 the teams for the top bar
    with django_assert_num_queries(6):
        assert client.get(SETTINGS_URL).status_code == 200


def test_review_dates_and_deadlines_far_behind_still_show_while_open(client, member, world):
    item = world["items"]["late"]
    type(item).objects.filter(pk=item.pk).update(deadline=days(0) - timedelta(days=400))
    feed = CalendarFeed.objects.create(user=member)
    _calendar, found = events(client.get(feed_path(feed)))
    assert any(uid.startswith(f"improvement-{item.pk}@") for uid in found)
