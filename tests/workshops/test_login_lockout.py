"""Login brute force (django-axes): five wrong passwords for one email address from one IP address
lock that pair for 15 minutes, on the login page itself, without telling who has an account."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

MESSAGE = "Too many failed login attempts. Wait 15 minutes and try again."
with translation.override("nl"):  # Dutch is the default language of the page
    LOCKED = translation.gettext(MESSAGE)


def attempt(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("workshops:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail(client, email, times, ip="203.0.113.7"):
    return [attempt(client, email, "wrong-password", ip) for _ in range(times)]


def test_four_failures_still_let_the_right_password_in(client, member, password):
    for response in fail(client, member.email, 4):
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert attempt(client, member.email, password).status_code == 302


def test_fifth_failure_locks_and_the_right_password_is_refused(client, member, password):
    *_, fifth = fail(client, member.email, 5)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED in page and 'name="password"' in page  # the login page with the message, not a bare 403
    refused = attempt(client, member.email, password)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_message_in_english(client, member):
    client.cookies["klantreis_language"] = "en"
    *_, fifth = fail(client, member.email, 5)
    assert MESSAGE in fifth.content.decode()


def test_lockout_ends_after_fifteen_minutes(client, member, password):
    fail(client, member.email, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, member.email, password).status_code == 302


def test_trying_during_the_lockout_starts_the_fifteen_minutes_again(client, member, password):
    start = timezone.now()
    fail(client, member.email, 5)
    with time_machine.travel(start + timedelta(minutes=14)):
        assert attempt(client, member.email, password).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16)):
        assert attempt(client, member.email, password).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16 + 16)):
        assert attempt(client, member.email, password).status_code == 302


def test_unknown_address_gets_the_same_answers(client, member):
    known = fail(client, member.email, 5)
    unknown = fail(client, "nobody@alfa.example", 5)
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [200, 200, 200, 200, 429]
    assert LOCKED in unknown[-1].content.decode()


def test_lock_is_per_address_and_ip(client, member, viewer, password):
    fail(client, member.email, 5)
    assert attempt(client, member.email, password, ip="198.51.100.9").status_code == 302  # another IP
    client.logout()
    assert attempt(client, viewer.email, password).status_code == 302  # another account from the same IP


def test_capitals_in_the_address_count_towards_the_same_lock(client, member, password):
    fail(client, member.email.upper(), 3)
    fail(client, member.email, 2)
    assert attempt(client, member.email, password).status_code == 429


def test_success_resets_the_count(client, member, password):
    fail(client, member.email, 4)
    assert attempt(client, member.email, password).status_code == 302
    client.logout()
    for response in fail(client, member.email, 4):
        assert response.status_code == 200
    assert attempt(client, member.email, password).status_code == 302


def test_attempts_are_recorded_for_the_admin(client, member, admin_client):
    fail(client, member.email, 2)
    record = AccessAttempt.objects.get()
    assert record.username == member.email and record.failures_since_start == 2
    assert admin_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
