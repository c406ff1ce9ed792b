"""Reminder emails in a real browser: a member turns a kind off on their settings page (reached from the profile),
and someone follows the unsubscribe link of a reminder they received, without being logged in.

Elements are found by what does not change with the language (input names, link targets, data attributes).
"""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import ReminderKind, ReminderOptOut
from actions.reminders import send_batch
from tests.actions.reminder_support import improvement, journey_for
from tests.factories import PASSWORD


def test_a_member_turns_the_weekly_digest_off_in_their_settings(new_page, log_in, member, shot):
    ReminderOptOut.objects.create(user=member, kind=ReminderKind.REVIEW_SOON)
    page = new_page()
    log_in(page, member.email, PASSWORD)
    page.goto(reverse("workshops:profile"))
    shot(page, "reminders-00-profile")
    page.locator(f"main a[href='{reverse('actions:reminder_settings')}']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("actions:reminder_settings")) + "$"))

    boxes = page.locator(".reminder-kind input[type=checkbox]")
    expect(boxes).to_have_count(len(ReminderKind.values))
    for kind in ReminderKind.values:
        box = page.locator(f"input[name={kind}]")
        if kind == ReminderKind.REVIEW_SOON:
            expect(box).not_to_be_checked()
        else:
            expect(box).to_be_checked()
    shot(page, "reminders-01-settings")

    # The whole row is the label: a click on the explanation ticks the box too.
    page.locator(f".reminder-kind[data-kind={ReminderKind.OVERDUE_DIGEST}] small").click()
    page.locator(f".reminder-kind[data-kind={ReminderKind.REVIEW_SOON}] strong").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator(f"input[name={ReminderKind.OVERDUE_DIGEST}]")).not_to_be_checked()
    expect(page.locator(f"input[name={ReminderKind.REVIEW_SOON}]")).to_be_checked()
    shot(page, "reminders-02-settings-saved")
    assert set(ReminderOptOut.objects.filter(user=member).values_list("kind", flat=True)) == {
        ReminderKind.OVERDUE_DIGEST}


def test_the_settings_page_fits_a_phone(new_page, log_in, member, shot):
    page = new_page(phone=True)
    log_in(page, member.email, PASSWORD)
    page.goto(reverse("actions:reminder_settings"))
    expect(page.locator(".reminder-kind")).to_have_count(len(ReminderKind.values))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    shot(page, "reminders-03-settings-phone")


def test_the_unsubscribe_link_of_a_received_reminder_works_without_logging_in(
    new_page, live_server, settings, team, member, facilitator, mailoutbox, shot
):
    settings.SITE_URL = live_server.url  # the emailed link must point at this live server
    journey = journey_for(team, facilitator)
    improvement(journey, "Retourlabel in de doos", owner=member, deadline=timezone.localdate() + timedelta(days=7))
    send_batch(ReminderKind.DEADLINE_WEEK, timezone.localdate())
    [email] = mailoutbox
    link = re.search(r"https?://\S+/accounts/reminders/unsubscribe/\S+?/", email.body).group(0)
    assert link == email.extra_headers["List-Unsubscribe"].strip("<>")

    page = new_page()  # another browser: not logged in
    page.goto(link)
    card = page.locator(".reminder-unsubscribe")
    expect(card).to_have_attribute("data-state", "confirm")
    expect(card).to_contain_text(member.email)
    shot(page, "reminders-04-unsubscribe-confirm")
    assert not ReminderOptOut.objects.exists()  # opening the link changed nothing

    card.locator("form button[type=submit]").click()
    expect(card).to_have_attribute("data-state", "done")
    shot(page, "reminders-05-unsubscribed")
    assert list(ReminderOptOut.objects.values_list("user", "kind")) == [(member.pk, ReminderKind.DEADLINE_WEEK)]

    card.locator("button[name=undo]").click()
    expect(card).to_have_attribute("data-state", "undone")
    shot(page, "reminders-06-undone")
    assert not ReminderOptOut.objects.exists()
