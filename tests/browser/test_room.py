"""The workshop room in a browser: a facilitator creates a workshop and leads; a guest on a phone
joins with the code and follows the room as it moves; the projector shows the same step."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from journeys.services.workshops import workshop_create
from workshops.models import Participant, Workshop


def test_facilitator_leads_and_a_guest_on_a_phone_follows(new_page, log_in, facilitator, password, shot,
                                                          browser_errors):
    browser_errors.allow(r"/state/.*status of 404", reason="the shut-out guest's poll is answered 404 + HX-Redirect")
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("journeys:workshop_new", args=[facilitator.current_team.slug]))
    page.locator("input[name=title]").fill("Nieuwe abonnees 2027")
    page.locator("input[name=template][value=subscription]").check()
    shot(page, "room-01-new-workshop")
    page.locator("main form button[type=submit]").click()
    workshop = Workshop.objects.get(title="Nieuwe abonnees 2027")
    expect(page).to_have_url(re.compile(reverse("workshops:room", args=[workshop.pk]) + "$"))
    expect(page.locator(".stepper-step.is-current")).to_contain_text("Scope")
    page.locator(".join-details summary").click()
    expect(page.locator(".join-panel .join-code")).to_have_text(workshop.join_code)
    shot(page, "room-02-facilitator-scope-join-code")

    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
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
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".projector-join strong")).to_have_text(workshop.join_code)
    expect(projector.locator(".stepper-step.is-current")).to_contain_text("Data")
    shot(projector, "room-07-projector")

    # Closing the workshop: the guest's screen reloads and shows it is closed.
    page.locator(".facilitator-bar form[action$='/open/'] button").click()
    expect(guest.locator(".closed-flag")).to_be_visible(timeout=10_000)
    # Renewing the join code sends the guest back to the join page.
    page.locator(".join-details summary").click()
    page.locator(".join-panel form button").click()
    page.locator("#renew-code-dialog button[value=confirm]").click()
    expect(guest).to_have_url(re.compile(reverse("workshops:join") + "$"), timeout=10_000)


def test_the_join_code_popover_closes_when_left_and_a_new_code_is_asked_for_first(new_page, log_in, facilitator,
                                                                                  password, shot):
    """The popover with the join code lies over the persona card: a click outside or Escape closes it (Escape
    puts focus back on its summary). "Renew the code" shuts every guest out, so it asks first: Cancel keeps the
    code, confirming renews it."""
    workshop = workshop_create(team=facilitator.current_team, title="Sokken bestellen", facilitator=facilitator,
                               template="five_phases")
    code = workshop.join_code
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    summary, panel = page.locator(".join-details > summary"), page.locator(".join-panel")

    summary.click()
    expect(panel).to_be_visible()
    shot(page, "room-08-join-popover-open")
    page.locator(".room-head h1").click()  # anywhere outside
    expect(panel).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(".join-panel form button")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(summary).to_be_focused()

    # Renewing asks first; Cancel keeps the code (and the popover, with focus back on the button).
    summary.click()
    renew = page.locator(".join-panel form button")
    renew.click()
    dialog = page.locator("#renew-code-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(code)
    expect(dialog.locator("button[value=cancel]")).to_be_focused()  # the safe answer is the one Enter gives
    shot(page, "room-09-renew-code-confirm")
    dialog.locator("button[value=cancel]").click()
    expect(dialog).to_be_hidden()
    expect(renew).to_be_focused()
    expect(panel).to_be_visible()
    assert Workshop.objects.get(pk=workshop.pk).join_code == code
    renew.click()
    page.keyboard.press("Escape")  # Escape answers the question (no), it does not close the popover under it
    expect(dialog).to_be_hidden()
    expect(panel).to_be_visible()
    assert Workshop.objects.get(pk=workshop.pk).join_code == code

    renew.click()
    dialog.locator("button[value=confirm]").click()
    expect(page.locator(".message--success")).to_be_visible()
    renewed = Workshop.objects.get(pk=workshop.pk).join_code
    assert renewed != code
    expect(page.locator(".join-code-inline")).to_have_text(renewed)


def test_the_join_code_popover_on_a_phone(new_page, log_in, facilitator, password, shot):
    workshop = workshop_create(team=facilitator.current_team, title="Sokken bestellen", facilitator=facilitator,
                               template="five_phases")
    page = new_page(phone=True)
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    page.locator(".join-details > summary").click()
    panel = page.locator(".join-panel")
    expect(panel).to_be_visible()
    box, width = panel.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the popover runs off the phone's screen"
    shot(page, "room-10-phone-join-popover")
    page.locator(".join-panel form button").click()
    expect(page.locator("#renew-code-dialog")).to_be_visible()
    shot(page, "room-11-phone-renew-code-confirm")
    page.locator("#renew-code-dialog button[value=cancel]").click()
    page.locator(".stepper").tap()  # a tap outside closes it too
    expect(panel).to_be_hidden()
