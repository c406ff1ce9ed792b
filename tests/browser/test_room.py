"""The workshop room in a browser: a facilitator creates a workshop and leads; a guest on a phone
joins with the code and follows the room as it moves; the projector shows the same step."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from workshops.models import Participant, Workshop


def test_facilitator_leads_and_a_guest_on_a_phone_follows(new_page, log_in, facilitator, password, shot,
                                                          browser_errors):
    browser_errors.allow(r"/state/.*status of 404", reason="the shut-out guest's poll is answered 404 + HX-Redirect")
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshop_new", args=[facilitator.current_team.slug]))
    page.locator("input[name=title]").fill("Nieuwe abonnees 2027")
    page.locator("input[name=template][value=subscription]").check()
    shot(page, "room-01-new-workshop")
    page.locator("main form button[type=submit]").click()
    workshop = Workshop.objects.get(title="Nieuwe abonnees 2027")
    expect(page).to_have_url(re.compile(reverse("room", args=[workshop.pk]) + "$"))
    expect(page.locator(".stepper-step.is-current")).to_contain_text("Scope")
    page.locator(".join-details summary").click()
    expect(page.locator(".join-panel .join-code")).to_have_text(workshop.join_code)
    shot(page, "room-02-facilitator-scope-join-code")

    guest = new_page(phone=True)
    guest.goto(reverse("join_code", args=[workshop.join_code]))
    expect(guest.locator("input[name=code]")).to_have_value(workshop.join_code)
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    shot(guest, "room-03-phone-join")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator(".badge--guest")).to_be_visible()
    expect(guest.locator(".room-meta")).to_contain_text("Gerda Gast")
    assert Participant.objects.filter(workshop=workshop, user__isnull=True, display_name="Gerda Gast").exists()
    shot(guest, "room-04-phone-guest-scope")

    # The facilitator moves the room on and starts a countdown; the guest's screen follows by itself.
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator(".stepper-step.is-current")).to_contain_text("Data")
    page.locator("#countdown-minutes").fill("5")
    page.locator(".countdown-form button").click()
    expect(page.locator(".countdown time")).to_have_text(re.compile(r"^[45]:\d\d$"))
    expect(guest.locator(".stepper-step.is-current")).to_contain_text("Data", timeout=10_000)
    expect(guest.locator(".countdown time")).to_have_text(re.compile(r"^[45]:\d\d$"), timeout=10_000)
    shot(guest, "room-05-phone-guest-follows-to-data")
    shot(page, "room-06-facilitator-data-countdown")

    projector = new_page()
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("projector", args=[workshop.pk]))
    expect(projector.locator(".projector-join strong")).to_have_text(workshop.join_code)
    expect(projector.locator(".stepper-step.is-current")).to_contain_text("Data")
    shot(projector, "room-07-projector")

    # Closing the workshop: the guest's screen reloads and shows it is closed.
    page.locator(".facilitator-bar form[action$='/open/'] button").click()
    expect(guest.locator(".closed-flag")).to_be_visible(timeout=10_000)
    # Renewing the join code sends the guest back to the join page.
    page.locator(".join-details summary").click()
    page.locator(".join-panel form button").click()
    expect(guest).to_have_url(re.compile(reverse("join") + "$"), timeout=10_000)
