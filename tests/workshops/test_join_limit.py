"""Joining as a guest: wrong codes (guessing) are limited per client address, people with the right code are
not — a room behind one office NAT, or behind the production proxy, joins at once. Both limits count in fixed
minutes of the clock, so the waiting time on the page (and in Retry-After) is the true one."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from journeys.models import JourneyTemplate
from journeys.services.workshops import workshop_create
from workshops.join_limits import GUEST_JOINS_PER_WORKSHOP_PER_MINUTE, WRONG_CODES_PER_MINUTE
from workshops.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(template=JourneyTemplate.BLANK)]

# Five seconds into a minute of the clock: 55 seconds are left of it.
MINUTE_STARTED = datetime(2026, 11, 24, 9, 30, 0, tzinfo=UTC)
NOW = MINUTE_STARTED + timedelta(seconds=5)


WRONG_CODES = ("Too many wrong codes from your network. Wait %(seconds)d second and try again.",
               "Too many wrong codes from your network. Wait %(seconds)d seconds and try again.")
CROWDED = ("Very many people are joining this workshop at once. Wait %(seconds)d second and try again.",
           "Very many people are joining this workshop at once. Wait %(seconds)d seconds and try again.")


def in_dutch(message, seconds):
    with translation.override("nl"):
        text = translation.ngettext(*message, seconds) % {"seconds": seconds}
    assert text not in {english % {"seconds": seconds} for english in message}  # translated
    return text


def wrong_codes_message(seconds):
    return in_dutch(WRONG_CODES, seconds)


def crowded_message(seconds):
    return in_dutch(CROWDED, seconds)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def join(client, code, ip="203.0.113.7", name="Gast Gerda", **headers):
    return client.post(reverse("workshops:join"), {"code": code, "display_name": name}, REMOTE_ADDR=ip, **headers)


def use_up(client, ip="203.0.113.7", **headers):
    for _ in range(WRONG_CODES_PER_MINUTE):
        response = join(client, "WRONG999", ip, **headers)
        assert response.status_code == 400 and "Wait" not in response.content.decode()


def test_sixty_guests_from_one_address_join_within_a_minute(client, workshop, clock):
    for number in range(60):
        response = join(client, workshop.join_code, name=f"Gast {number}")
        assert response.status_code == 302 and response.url == reverse("workshops:room", args=[workshop.pk]), number
        clock.shift(0.5)
    assert Participant.objects.filter(workshop=workshop, user__isnull=True).count() == 60


def test_twenty_wrong_codes_from_one_address_are_still_refused(client, workshop, clock):
    answers = [join(client, "WRONG999") for _ in range(20)]

    assert [answer.status_code for answer in answers] == [400] * 10 + [429] * 10
    refused = answers[-1]
    page = refused.content.decode()
    assert wrong_codes_message(55) in page and 'name="code"' in page
    assert refused["Retry-After"] == "55"


def test_while_refused_the_right_code_is_refused_too(client, workshop, clock):
    """Else the answer would tell a guesser which code is right."""
    use_up(client)
    refused = join(client, workshop.join_code)
    assert refused.status_code == 429 and wrong_codes_message(55) in refused.content.decode()
    assert not Participant.objects.exists()


def test_the_wait_shown_is_the_true_one_and_trying_does_not_make_it_longer(client, workshop, clock):
    use_up(client)
    clock.move_to(MINUTE_STARTED + timedelta(seconds=59))
    last_second = join(client, workshop.join_code)
    assert last_second.status_code == 429 and last_second["Retry-After"] == "1"
    assert wrong_codes_message(1) in last_second.content.decode()  # "1 seconde": the singular
    clock.move_to(MINUTE_STARTED + timedelta(seconds=60))  # the minute it said
    assert join(client, workshop.join_code).status_code == 302


def test_the_message_in_english(client, workshop, clock):
    client.cookies["klantreis_language"] = "en"
    use_up(client)
    refused = join(client, "WRONG999")
    assert "Too many wrong codes from your network. Wait 55 seconds and try again." in refused.content.decode()


def test_only_a_code_no_workshop_has_counts(client, workshop, clock):
    """Form mistakes (no name, a code of the wrong shape) show no workshop, so they tell a guesser nothing."""
    for _ in range(WRONG_CODES_PER_MINUTE + 5):
        assert join(client, workshop.join_code, name="").status_code == 400
        assert join(client, "", name="Gast").status_code == 400
    assert join(client, workshop.join_code).status_code == 302


def test_every_address_has_its_own_count(client, workshop, clock):
    use_up(client, ip="203.0.113.7")
    assert join(client, "WRONG999", ip="203.0.113.7").status_code == 429
    welcome = join(client, workshop.join_code, ip="198.51.100.9")
    assert welcome.status_code == 302 and welcome.url == reverse("workshops:room", args=[workshop.pk])


def test_looking_at_the_join_page_costs_nothing(client, workshop, clock):
    for _ in range(WRONG_CODES_PER_MINUTE + 5):
        assert client.get(reverse("workshops:join"), REMOTE_ADDR="203.0.113.7").status_code == 200
    assert join(client, workshop.join_code).status_code == 302


def test_the_count_lives_in_the_shared_cache(client, workshop, clock):
    use_up(client)
    minute = int(NOW.timestamp() // 60)
    key = f"join-wrong-codes:203.0.113.7:{minute}"
    assert cache.get(key) == WRONG_CODES_PER_MINUTE
    cache.delete(key)  # what another web worker sees: the same count, gone here too
    assert join(client, workshop.join_code).status_code == 302


# --- Behind a proxy ----------------------------------------------------------------------------------

def test_a_forwarded_for_header_is_ignored_unless_the_proxy_is_trusted(client, workshop, clock):
    """By default nobody escapes the limit by making up a new X-Forwarded-For for every try."""
    for number in range(WRONG_CODES_PER_MINUTE):
        assert join(client, "WRONG999", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").status_code == 400
    assert join(client, "WRONG999", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_every_visitor_has_their_own_count(client, workshop, clock, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    proxy = "10.0.0.5"
    use_up(client, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert join(client, "WRONG999", proxy, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 429
    # a guesser's made-up hop to the left of the one the proxy wrote changes nothing
    assert join(client, "WRONG999", proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20").status_code == 429
    # another visitor through the same proxy
    assert join(client, workshop.join_code, proxy, HTTP_X_FORWARDED_FOR="198.51.100.21").status_code == 302


# --- A workshop's joins ------------------------------------------------------------------------------

def test_a_script_with_the_code_cannot_fill_the_workshop_without_end(client, workshop, team, facilitator, clock):
    for number in range(GUEST_JOINS_PER_WORKSHOP_PER_MINUTE):
        assert join(client, workshop.join_code, ip=f"198.51.100.{number % 250}", name=f"G{number}").status_code == 302

    refused = join(client, workshop.join_code, ip="192.0.2.1")

    assert refused.status_code == 429 and refused["Retry-After"] == "55"
    assert crowded_message(55) in refused.content.decode()
    assert Participant.objects.filter(workshop=workshop).count() == GUEST_JOINS_PER_WORKSHOP_PER_MINUTE
    other = workshop_create(team=team, title="Andere workshop", facilitator=facilitator,
                            template=JourneyTemplate.BLANK)
    assert join(client, other.join_code, ip="192.0.2.1").status_code == 302  # each workshop counts its own
    clock.move_to(MINUTE_STARTED + timedelta(seconds=60))
    assert join(client, workshop.join_code, ip="192.0.2.1").status_code == 302
