"""Each person's reminder settings (one checkbox per kind) and the unsubscribe link in every reminder."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import ReminderKind, ReminderOptOut
from actions.reminders import due, send_batch, unsubscribe_token
from tests.actions.reminder_support import improvement, journey_for
from tests.db_snapshot import nothing_written

SETTINGS = reverse("actions:reminder_settings")


def unsubscribe_url(user, kind):
    return reverse("actions:reminder_unsubscribe", args=[unsubscribe_token(user.pk, kind)])


def checked_kinds(page):
    html = page.content.decode()
    return {kind for kind in ReminderKind.values
            if re.search(rf'<input type="checkbox" name="{kind}"[^>]* checked', html)}


def opted_out(user):
    return set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))


# --- Settings ----------------------------------------------------------------------------------------------

def test_the_settings_page_ticks_every_kind_not_turned_off(login, member, django_assert_num_queries):
    ReminderOptOut.objects.create(user=member, kind=ReminderKind.OVERDUE_DIGEST)
    client = login(member)
    # 1 session, 2 user, 3 the user's opt-outs, 4 the team switcher's teams
    with django_assert_num_queries(4):
        page = client.get(SETTINGS)
    assert page.status_code == 200
    assert checked_kinds(page) == set(ReminderKind.values) - {ReminderKind.OVERDUE_DIGEST}
    assert member.email in page.content.decode()


def test_saving_turns_kinds_off_and_on_for_me_only(login, member, owner):
    ReminderOptOut.objects.create(user=member, kind=ReminderKind.REVIEW_SOON)
    ReminderOptOut.objects.create(user=owner, kind=ReminderKind.DEADLINE_WEEK)
    client = login(member)
    response = client.post(SETTINGS, {ReminderKind.DEADLINE_WEEK: "on", ReminderKind.REVIEW_SOON: "on",
                                      ReminderKind.REVIEW_TODAY: "on"})
    assert response.status_code == 302 and response.url == SETTINGS
    assert opted_out(member) == {ReminderKind.DEADLINE_TOMORROW, ReminderKind.OVERDUE_DIGEST}
    assert opted_out(owner) == {ReminderKind.DEADLINE_WEEK}  # someone else's settings are theirs
    page = client.get(SETTINGS)
    assert checked_kinds(page) == {ReminderKind.DEADLINE_WEEK, ReminderKind.REVIEW_SOON, ReminderKind.REVIEW_TODAY}

    client.post(SETTINGS, {kind: "on" for kind in ReminderKind.values})
    assert opted_out(member) == set()


def test_the_settings_page_needs_a_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response.url.startswith(reverse("workshops:login"))


def test_the_profile_links_to_the_reminder_settings(login, member):
    assert f'href="{SETTINGS}"' in login(member).get(reverse("workshops:profile")).content.decode()


# --- Unsubscribe -------------------------------------------------------------------------------------------

def test_opening_the_link_asks_first_and_changes_nothing(client, member):
    page = client.get(unsubscribe_url(member, ReminderKind.DEADLINE_WEEK))
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode() and member.email in page.content.decode()
    assert opted_out(member) == set()  # a mail scanner opening the link turns nothing off


def test_confirming_turns_only_that_kind_off_and_undo_turns_it_on(client, member):
    url = unsubscribe_url(member, ReminderKind.DEADLINE_WEEK)
    done = client.post(url)
    assert done.status_code == 200 and 'data-state="done"' in done.content.decode()
    assert opted_out(member) == {ReminderKind.DEADLINE_WEEK}
    assert client.post(url).status_code == 200 and opted_out(member) == {ReminderKind.DEADLINE_WEEK}  # twice: same
    undone = client.post(url, {"undo": "1"})
    assert 'data-state="undone"' in undone.content.decode() and opted_out(member) == set()


def test_mail_providers_one_click_post_needs_no_csrf_token(member):
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(unsubscribe_url(member, ReminderKind.REVIEW_TODAY),
                                "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert opted_out(member) == {ReminderKind.REVIEW_TODAY}


def forged(token, how, user):
    payload, signature = token.split(":")
    if how == "signature":
        return f"{payload}:{signature[:-2]}{'BB' if signature.endswith('AA') else 'AA'}"
    if how == "other user":  # someone else's id under this token's signature
        other = signing.b64_encode(json.dumps([user.pk + 1000, ReminderKind.DEADLINE_WEEK],
                                              separators=(",", ":")).encode()).decode()
        return f"{other}:{signature}"
    return "niet-eens-een-token"


@pytest.mark.parametrize("how", ["signature", "other user", "garbage"])
def test_a_forged_link_is_refused(client, member, how):
    url = reverse("actions:reminder_unsubscribe", args=[forged(unsubscribe_token(member.pk, ReminderKind.DEADLINE_WEEK),
                                                       how, member)])
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert not ReminderOptOut.objects.exists()


def test_the_link_of_someone_deleted_is_refused(client, member):
    url = unsubscribe_url(member, ReminderKind.DEADLINE_WEEK)
    member.delete()
    with nothing_written():
        assert client.post(url).status_code == 400


def test_the_page_speaks_the_recipients_language(client, member):
    member.language = "en"
    member.save()
    page = client.get(unsubscribe_url(member, ReminderKind.DEADLINE_WEEK))  # a visitor without a cookie: Dutch
    assert '<html lang="en">' in page.content.decode() and page["Content-Language"] == "en"
    assert "Deadline in 7 days" in page.content.decode()


def test_the_link_in_a_sent_email_turns_that_kind_off(client, team, member, facilitator, mailoutbox):
    journey = journey_for(team, facilitator)
    day = timezone.localdate()
    improvement(journey, "Eerste", owner=member, deadline=day + timedelta(days=7))
    send_batch(ReminderKind.DEADLINE_WEEK, day)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link.removeprefix("http://testserver")).status_code == 200

    improvement(journey, "Tweede", owner=member, deadline=day + timedelta(days=6))
    improvement(journey, "Morgen", owner=member, deadline=day + timedelta(days=1))
    assert due(ReminderKind.DEADLINE_WEEK, day) == []
    assert [reminder.context["title"] for reminder in due(ReminderKind.DEADLINE_TOMORROW, day)] == ["Morgen"]
