"""Follow-up in a browser, in Dutch (the default language): My improvements, the improvement page (status with
a comment, the owner/deadline rule, editing), the team action plan (filters, sort, CSV) and the calendar feed.

Elements are found by ids, field names, link targets and data attributes, which do not change with the language.
Screenshots at laptop and phone width go to var/screenshots/follow-up-*.png.
"""

import csv
import io
import re

from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from actions.models import CalendarFeed, Improvement, Status, StatusChange
from tests.actions.plan_data import days, improvement, journey_of, review_cycle


def top(page):
    """Full-page screenshots with the sticky top bar where it belongs."""
    page.evaluate("window.scrollTo(0, 0)")
    return page


def team_plan(team, owner, facilitator, member):
    """A journey with improvements in every group of My improvements (the member owns most of them)."""
    journey, gap, touchpoints = journey_of(team, facilitator, title="Sokken bestellen")
    other, _gap, _tps = journey_of(team, facilitator, title="Retourneren zonder gedoe")
    items = {
        "late": improvement(journey, "Bezorgmoment tonen in de bevestigingsmail", owner=member, deadline=days(-2),
                            status=Status.IN_PROGRESS, impact=5, effort=2, gap=gap, touchpoints=touchpoints,
                            kpi="Vragen over levering (−30%)"),
        "soon": improvement(other, "Retourlabel standaard in het pakket", owner=member, deadline=days(3),
                            status=Status.PLANNED, impact=4, effort=4),
        "later": improvement(journey, "Maattabel per merk", owner=member, deadline=days(45), status=Status.PLANNED,
                             impact=2, effort=1),
        "proposed": improvement(journey, "Chat op de productpagina", owner=member, impact=3, effort=5, gap=gap),
        "done": improvement(other, "Retourformulier korter", owner=member, deadline=days(-20), status=Status.DONE,
                            impact=3, effort=1),
        "olga": improvement(journey, "Nieuwe webshop", owner=owner, deadline=days(120), status=Status.PLANNED,
                            impact=5, effort=5),
        "nobody": improvement(other, "Sms bij vertraging", impact=4, effort=2),
    }
    review_cycle(journey, due_in_days=30)
    return journey, items


def test_owner_sees_their_improvements_moves_one_along_and_edits_it(new_page, log_in, team, owner, facilitator,
                                                                    member, password, shot, browser_errors):
    browser_errors.allow(r"/improvements/\d+/status/.*status of 400",
                         reason="a refused status change answers 400 with the form and the reason next to the field")
    _journey, items = team_plan(team, owner, facilitator, member)

    # --- My improvements, from the main navigation -----------------------------------------------------
    page = new_page()
    log_in(page, member.email, password)
    page.locator("[data-testid=nav-my-improvements]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("actions:my_improvements")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("[data-group=overdue] .improvement-row-title")).to_have_text([items["late"].title])
    expect(page.locator("[data-group=soon] .improvement-row-title")).to_have_text([items["soon"].title])
    expect(page.locator("[data-group=planned] .improvement-row-title")).to_have_text([items["later"].title])
    expect(page.locator("[data-group=proposed] .improvement-row-title")).to_have_text([items["proposed"].title])
    expect(page.locator("[data-group=overdue] .due--overdue")).to_have_text("2 dagen te laat")
    expect(page.locator("[data-group=soon] .due--soon")).to_have_text("over 3 dagen")
    expect(page.locator("main")).not_to_contain_text(items["olga"].title)
    closed = page.locator("[data-group=closed]")
    expect(closed.locator(".improvement-row-title")).to_be_hidden()  # folded away
    closed.locator("summary").click()
    expect(closed.locator(".improvement-row-title")).to_have_text([items["done"].title])
    shot(top(page), "follow-up-01-my-improvements")

    # --- The improvement page --------------------------------------------------------------------------
    page.locator("[data-group=proposed] .improvement-row-title").click()
    expect(page).to_have_url(re.compile(reverse("actions:improvement_detail", args=[team.slug, items["proposed"].pk])))
    expect(page.locator("h1")).to_have_text(items["proposed"].title)
    expect(page.locator(".improvement-gap")).to_contain_text("Klanten weten niet wanneer hun bestelling komt")

    # Planning it without a deadline is refused, next to the status
    status_form = page.locator("form.status-form")
    status_form.locator("input[name=status][value=planned]").check()
    status_form.locator("textarea[name=comment]").fill("Akkoord in het MT")
    status_form.locator("button[type=submit]").click()
    expect(page.locator("#id_status_error")).to_be_visible()
    expect(page.locator("form.status-form textarea[name=comment]")).to_have_value("Akkoord in het MT")
    assert Improvement.objects.get(pk=items["proposed"].pk).status == Status.PROPOSED
    shot(top(page), "follow-up-02-status-refused")

    # … so the member opens "edit", gives it a deadline, and plans it
    edit = page.locator("details#edit")
    expect(edit).to_have_attribute("open", "")  # opened for them, where the deadline is set
    edit.locator("input[name=deadline]").fill(days(21).isoformat())
    edit.locator("input[name=kpi]").fill("Conversie productpagina")
    edit.locator("button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    saved = Improvement.objects.get(pk=items["proposed"].pk)
    assert saved.deadline == days(21) and saved.kpi == "Conversie productpagina"

    status_form = page.locator("form.status-form")
    status_form.locator("input[name=status][value=planned]").check()
    status_form.locator("textarea[name=comment]").fill("Akkoord in het MT")
    status_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile("#history$"))
    expect(page.locator(".history-item").first).to_contain_text("Akkoord in het MT")
    expect(page.locator(".improvement-badges .status-badge--planned")).to_be_visible()
    change = StatusChange.objects.get(improvement=items["proposed"])
    assert (change.old_status, change.new_status, change.changed_by) == ("proposed", "planned", member)
    shot(top(page), "follow-up-03-improvement")

    # --- The same page on a phone ----------------------------------------------------------------------
    phone = new_page(phone=True)
    log_in(phone, member.email, password)
    phone.goto(reverse("actions:improvement_detail", args=[team.slug, items["late"].pk]))
    expect(phone.locator(".touchpoint-chips li")).to_have_count(2)
    shot(top(phone), "follow-up-04-improvement-phone")
    expect(phone.locator("[data-testid=nav-my-improvements]")).to_be_hidden()  # on a phone: in the user menu
    phone.locator(".user-menu summary").click()
    phone.locator(f".user-menu a[href='{reverse('actions:my_improvements')}']").click()
    expect(phone.locator("[data-group=overdue]")).to_be_visible()
    shot(top(phone), "follow-up-05-my-improvements-phone")


def test_viewer_reads_the_action_plan_filters_sorts_and_exports(new_page, log_in, team, owner, facilitator,
                                                                member, viewer, password, shot):
    journey, items = team_plan(team, owner, facilitator, member)
    page = new_page()
    log_in(page, viewer.email, password)
    page.goto(reverse("workshops:team_detail", args=[team.slug]))
    page.locator(f".subnav a[href='{reverse('actions:action_plan', args=[team.slug])}']").click()
    rows = page.locator(".plan-table tbody tr")
    expect(rows).to_have_count(len(items))
    shot(top(page), "follow-up-06-action-plan")

    # Filter: the member's open improvements of one journey
    filters = page.locator("form.plan-filters")
    filters.locator("select[name=status]").select_option("open")
    filters.locator("select[name=owner]").select_option(str(member.pk))
    filters.locator("select[name=journey]").select_option(str(journey.pk))
    filters.locator("button[type=submit]").click()
    expect(rows).to_have_count(3)
    expect(page.locator(".plan-title a")).to_have_text([items["late"].title, items["later"].title,
                                                         items["proposed"].title])  # by deadline, undated last

    # Sort by impact (high first), then the other way round
    page.locator(".plan-table thead a", has_text=re.compile("Impact")).click()
    expect(page.locator("th[aria-sort=descending]")).to_be_visible()
    expect(page.locator(".plan-title a").first).to_have_text(items["late"].title)
    page.locator(".plan-table thead a", has_text=re.compile("Impact")).click()
    expect(page.locator("th[aria-sort=ascending]")).to_be_visible()
    expect(page.locator(".plan-title a").first).to_have_text(items["later"].title)
    expect(page.locator("select[name=owner]")).to_have_value(str(member.pk))  # the filters stayed
    shot(top(page), "follow-up-07-action-plan-filtered")

    # The export: the same three rows in the same order, for Excel
    with page.expect_download() as download_info:
        page.locator("a.plan-export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("\ufeff")
    header, *data = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert [row[0] for row in data] == [items["later"].title, items["proposed"].title, items["late"].title]

    # A bad value in the address: a message, the rest still works
    page.goto(reverse("actions:action_plan", args=[team.slug]) + "?status=klaarrr&quadrant=quick_win")
    expect(page.locator(".plan-filters .form-errors")).to_be_visible()
    expect(page.locator("#id_status_error")).to_be_visible()
    expect(rows).to_have_count(3)  # the quick wins: late, soon, nobody

    # The viewer reads an improvement but cannot change it
    page.goto(reverse("actions:improvement_detail", args=[team.slug, items["late"].pk]))
    expect(page.locator("form.status-form")).to_have_count(0)
    expect(page.locator("details#edit")).to_have_count(0)

    # On a phone the table becomes cards
    phone = new_page(phone=True)
    log_in(phone, viewer.email, password)
    phone.goto(reverse("actions:action_plan", args=[team.slug]))
    expect(phone.locator(".plan-table tbody tr")).to_have_count(len(items))
    expect(phone.locator(".plan-table thead")).to_be_hidden()
    shot(top(phone), "follow-up-08-action-plan-phone")


def test_calendar_feed_is_made_copied_renewed_and_stopped(new_page, log_in, team, owner, facilitator, member,
                                                          password, shot, live_server, settings):
    settings.SITE_URL = live_server.url
    _journey, items = team_plan(team, owner, facilitator, member)
    context_page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page = context_page
    log_in(page, member.email, password)
    page.goto(reverse("workshops:profile"))
    page.locator(f"a[href='{reverse('actions:calendar_settings')}']").click()
    expect(page.locator("#calendar-url")).to_have_count(0)
    shot(top(page), "follow-up-09-calendar-empty")
    page.locator(f"form[action='{reverse('actions:calendar_renew')}'] button").click()

    address = page.locator("#calendar-url")
    expect(address).to_have_value(re.compile(r"^http://.+/calendar/[\w-]+\.ics$"))
    first = address.input_value()
    page.locator("[data-copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == first
    shot(top(page), "follow-up-10-calendar")

    feed = Calendar.from_ical(page.request.get(first).body())
    summaries = sorted(str(event["SUMMARY"]) for event in feed.walk("VEVENT"))
    assert len(summaries) == 4  # late, soon and later deadlines, and the review date
    assert any(items["soon"].title in summary for summary in summaries)

    page.locator(f"form[action='{reverse('actions:calendar_renew')}'] button").click()
    expect(address).not_to_have_value(first)
    assert page.request.get(first).status == 404
    assert page.request.get(address.input_value()).status == 200

    page.locator(f"form[action='{reverse('actions:calendar_revoke')}'] button").click()
    expect(page.locator("#calendar-url")).to_have_count(0)
    assert not CalendarFeed.objects.filter(user=member).exists()

    phone = new_page(phone=True)
    log_in(phone, member.email, password)
    phone.goto(reverse("actions:calendar_settings"))
    phone.locator(f"form[action='{reverse('actions:calendar_renew')}'] button").click()
    expect(phone.locator("#calendar-url")).to_be_visible()
    shot(top(phone), "follow-up-11-calendar-phone")


def test_many_overdue_show_the_most_pressing_and_lead_to_the_action_plan(new_page, log_in, team, facilitator, member,
                                                                         password, shot, monkeypatch):
    """An owner of more overdue improvements than a group shows sees the longest overdue ones, how many there
    are, and a link to all of them on the team's action plan."""
    from actions.selectors import follow_up

    monkeypatch.setattr(follow_up, "OPEN_SHOWN", 3)
    journey, _gap, _tps = journey_of(team, facilitator, title="Sokken bestellen")
    for n in range(5):
        improvement(journey, f"Achterstand {n + 1}", owner=member, deadline=days(-10 + n), status=Status.PLANNED,
                    impact=4, effort=2)

    page = new_page()
    log_in(page, member.email, password)
    page.locator("[data-testid=nav-my-improvements]").click()
    overdue = page.locator("[data-group=overdue]")
    expect(overdue.locator(".count-pill")).to_have_text("5")
    expect(overdue.locator(".improvement-row-title")).to_have_text(["Achterstand 1", "Achterstand 2", "Achterstand 3"])
    more = overdue.locator("[data-testid=overdue-more]")
    expect(more).to_contain_text("De 3 meest dringende van 5.")
    shot(top(page), "follow-up-12-my-improvements-more")

    more.locator("a").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("actions:action_plan", args=[team.slug])) + r"\?owner="))
    expect(page.locator("main")).to_contain_text("Achterstand 5")
    expect(page.locator("main")).to_contain_text("Achterstand 1")
