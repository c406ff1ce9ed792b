"""The guest join code is eight characters: guessing is held back by 10 attempts per address per
minute in the shared cache (tests/workshops/test_room.py has the basic 11th-attempt case)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from journeys.models import JourneyTemplate
from workshops.models import Participant
from workshops.room_views import JOIN_ATTEMPTS_PER_MINUTE
from workshops.services import workshop_create

pytestmark = pytest.mark.django_db

with translation.override("nl"):
    LIMITED = translation.gettext("Too many attempts. Wait a minute and try again.")


@pytest.fixture
def workshop(team, facilitator):
    return workshop_create(team=team, title="Nieuwe abonnees", facilitator=facilitator,
                           template=JourneyTemplate.BLANK)


def join(client, code, ip="203.0.113.7", name="Gast Gerda"):
    return client.post(reverse("join"), {"code": code, "display_name": name}, REMOTE_ADDR=ip)


def use_up(client, ip="203.0.113.7"):
    for _ in range(JOIN_ATTEMPTS_PER_MINUTE):
        response = join(client, "WRONG999", ip)
        assert response.status_code == 400 and LIMITED not in response.content.decode()


def test_the_eleventh_attempt_is_refused_with_a_message(client, workshop):
    assert JOIN_ATTEMPTS_PER_MINUTE == 10
    use_up(client)
    refused = join(client, "WRONG999")
    assert refused.status_code == 429
    assert LIMITED in refused.content.decode() and 'name="code"' in refused.content.decode()


def test_the_right_code_is_refused_too_while_limited(client, workshop):
    use_up(client)
    refused = join(client, workshop.join_code)
    assert refused.status_code == 429 and LIMITED in refused.content.decode()
    assert not Participant.objects.filter(user__isnull=True).exists()
    assert "room" not in refused.get("Location", "")


def test_successful_joins_count_too(client, workshop):
    """A correct code costs an attempt as well: otherwise one known code would reset the budget."""
    for number in range(JOIN_ATTEMPTS_PER_MINUTE):
        assert join(client, workshop.join_code, name=f"Gast {number}").status_code == 302
    assert join(client, workshop.join_code, name="Gast 11").status_code == 429


def test_every_address_has_its_own_budget(client, workshop):
    use_up(client, ip="203.0.113.7")
    assert join(client, "WRONG999", ip="203.0.113.7").status_code == 429
    welcome = join(client, workshop.join_code, ip="198.51.100.9")
    assert welcome.status_code == 302 and welcome.url == reverse("room", args=[workshop.pk])


def test_looking_at_the_join_page_costs_nothing(client, workshop):
    for _ in range(JOIN_ATTEMPTS_PER_MINUTE + 5):
        assert client.get(reverse("join"), REMOTE_ADDR="203.0.113.7").status_code == 200
    assert join(client, workshop.join_code).status_code == 302


def test_the_budget_lives_in_the_shared_cache(client, workshop):
    use_up(client)
    key = "join-attempts:203.0.113.7"
    assert cache.get(key) == JOIN_ATTEMPTS_PER_MINUTE
    cache.delete(key)  # what the minute's expiry does
    assert join(client, workshop.join_code).status_code == 302
