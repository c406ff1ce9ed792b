"""Steps 1 and 2 in a browser: a facilitator on a laptop sets the scope (goal, persona, departments)
and collects evidence (a figure, a quote, a CSV import with a preview); a member on a phone adds a
quote; a guest on a phone follows; the projector shows both steps in big type.

Elements are found by ids, names and classes (the interface is Dutch by default)."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import Evidence, Journey, JourneyTemplate, Persona, Touchpoint
from journeys.services.workshops import workshop_create
from tests.browser.conftest import ACTION_TIMEOUT_MS

GOOD_CSV = ("\ufeffmetriek;waarde;eenheid;bron;fase;contactmoment;toelichting\n"
            "Conversie;12,5;%;webanalyse;{stage};;Google Analytics\n"
            "Bezoekers per maand;1240;bezoekers;crm;;Offerteformulier;\n").encode()
BAD_CSV = b"metric,value,unit,source\nConversie,veel,%,crm\nBezoek,3,,onderbuik\n"


def top(page):
    """Full-page screenshots of a scrolled page show the sticky top bar half-way down: scroll up first."""
    page.evaluate("window.scrollTo(0, 0)")


def room_url(workshop):
    return reverse("workshops:room", args=[workshop.pk])


def make_workshop(team, facilitator):
    workshop = workshop_create(team=team, title="Offertes 2027", facilitator=facilitator,
                               template=JourneyTemplate.FIVE_PHASES)
    stage = workshop.journey.stages.order_by("position").first()
    Touchpoint.objects.create(stage=stage, name="Offerteformulier", position=1)
    return workshop, stage


def test_scope_and_data_for_facilitator_member_guest_and_projector(new_page, log_in, team, facilitator, member,
                                                                   password, shot):
    workshop, first_stage = make_workshop(team, facilitator)

    # --- Scope, facilitator on a laptop ---------------------------------------------------------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(room_url(workshop))
    scope = page.locator("#scope-journey")
    scope.locator("input[name=title]").fill("Offerte aanvragen")
    scope.locator("input[name=customer_goal]").fill("Offertetraject")
    scope.locator("input[name=end_point]").fill("De offerte staat in mijn mailbox")
    scope.locator("input[name=departments]").fill("sales, marketing,  IT, Sales")
    scope.locator("button[type=submit]").click()
    expect(page.locator("#scope-journey .saved-note")).to_be_visible()
    expect(page.locator("#scope-journey .scope-goal-hint")).to_contain_text("Offertetraject")
    expect(page.locator("#scope-journey .scope-chip")).to_have_count(3)
    expect(page.locator("#scope-journey input[name=departments]")).to_have_value("sales, marketing, IT")
    top(page)
    shot(page, "step-scope-01-laptop-goal-hint")
    page.locator("#scope-journey input[name=customer_goal]").fill("Ik vraag een offerte aan")
    page.locator("#scope-journey button[type=submit]").click()
    expect(page.locator("#scope-journey .saved-note")).to_be_visible()
    expect(page.locator("#scope-journey .scope-goal-hint")).to_have_count(0)
    assert Journey.objects.get(pk=workshop.journey_id).customer_goal == "Ik vraag een offerte aan"

    # A new persona (the form is open: the team has none yet), then an edit.
    persona_card = page.locator("#scope-persona")
    new_form = persona_card.locator("form[action$='/scope/persona/new/']")
    expect(new_form).to_be_visible()
    new_form.locator("input[name=new-persona-name]").fill("   ")  # blank passes the browser, not the server
    new_form.locator("button[type=submit]").click()
    expect(page.locator("#id_new-persona-name_error")).to_be_visible()
    new_form = page.locator("#scope-persona form[action$='/scope/persona/new/']")
    new_form.locator("input[name=new-persona-name]").fill("Drukke Daan")
    new_form.locator("input[name=new-persona-archetype]").fill("de haastige ondernemer")
    new_form.locator("textarea[name=new-persona-description]").fill("Runt een installatiebedrijf met vijf man.")
    new_form.locator("textarea[name=new-persona-goals]").fill("Vandaag nog weten wat het kost")
    new_form.locator("textarea[name=new-persona-frustrations]").fill("Terugbelverzoeken die blijven liggen")
    new_form.locator("button[type=submit]").click()
    expect(page.locator("#scope-persona .scope-persona-name")).to_have_text("Drukke Daan")
    expect(page.locator("#scope-persona select[name=persona]")).to_have_value(str(Persona.objects.get().pk))
    page.locator("#scope-persona details.scope-persona-details summary").first.click()
    page.locator("#scope-persona textarea[name=persona-goals]").fill("Binnen een uur een prijs")
    page.locator(f"#scope-persona form[action$='/scope/persona/{Persona.objects.get().pk}/'] button").click()
    expect(page.locator("#scope-persona .scope-persona-fact--goals dd")).to_have_text("Binnen een uur een prijs")
    top(page)
    shot(page, "step-scope-02-laptop-persona")

    # --- Scope, a guest on a phone: reads, no forms ---------------------------------------------------
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator(".badge--guest")).to_be_visible()
    expect(guest.locator(".scope-goal")).to_contain_text("Ik vraag een offerte aan")
    expect(guest.locator(".scope-persona-name")).to_have_text("Drukke Daan")
    expect(guest.locator(".step-body form")).to_have_count(0)
    top(guest)
    shot(guest, "step-scope-03-phone-guest")

    # --- Scope, a member on a phone: the same forms, one column ---------------------------------------
    phone = new_page(phone=True)
    log_in(phone, member.email, password)
    phone.goto(room_url(workshop))
    expect(phone.locator("#scope-journey input[name=customer_goal]")).to_have_value("Ik vraag een offerte aan")
    top(phone)
    shot(phone, "step-scope-04-phone-member")

    # --- Scope on the projector -----------------------------------------------------------------------
    projector = new_page()
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".scope-goal-big")).to_have_text("“Ik vraag een offerte aan”")
    expect(projector.locator(".scope-persona-card--projector .scope-persona-name")).to_have_text("Drukke Daan")
    expect(projector.locator(".scope-projector .scope-chip")).to_have_count(3)
    top(projector)
    shot(projector, "step-scope-05-projector")

    # --- Data: the facilitator moves the room on ------------------------------------------------------
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator("#data-evidence")).to_be_visible()
    figure = page.locator("#data-figure")
    figure.locator("input[name=figure-metric]").fill("  ")
    figure.locator("input[name=figure-value]").fill("veel")
    figure.locator("button[type=submit]").click()  # messages beside the fields
    expect(page.locator("#id_figure-metric_error")).to_be_visible()
    expect(page.locator("#id_figure-value_error")).to_be_visible()
    figure = page.locator("#data-figure")
    figure.locator("input[name=figure-metric]").fill("Afhakers op het formulier")
    figure.locator("input[name=figure-value]").fill("37,5")
    figure.locator("input[name=figure-unit]").fill("%")
    touchpoint = Touchpoint.objects.get(name="Offerteformulier")
    figure.locator("select[name=figure-attach_to]").select_option(f"touchpoint-{touchpoint.pk}")
    figure.locator("select[name=figure-source]").select_option("web_analytics")
    figure.locator("button[type=submit]").click()
    expect(page.locator("#data-figure .saved-note")).to_be_visible()
    expect(page.locator("#data-evidence .evidence-value")).to_have_text("37,5\u00a0%")
    expect(page.locator("#data-evidence .evidence-touchpoint-title")).to_contain_text("Offerteformulier")

    quote = page.locator("#data-quote")
    quote.locator("textarea[name=quote-quote]").fill("Ik wil gewoon een prijs, geen belafspraak.")
    quote.locator("select[name=quote-source]").select_option("interview")
    quote.locator("input[name=quote-source_detail]").fill("Klantinterview 3")
    quote.locator("button[type=submit]").click()
    expect(page.locator("#data-evidence .evidence-quote")).to_have_count(1)
    expect(page.locator("#data-evidence .data-badge--quote")).to_contain_text("1")

    # A member on a phone adds a quote, and deletes it again. The phone follows the room to the data step by
    # itself: it reloads when the step changes (a goto here would race that reload). Once it is there nothing
    # reloads it any more, so a reload then is safe — it brings the facilitator's quote (the data step is not
    # live: a member's page shows what there was when it loaded).
    expect(phone.locator("#data-evidence")).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    phone.reload()
    expect(phone.locator("#data-evidence .evidence-quote")).to_have_count(1)
    phone.locator("#data-quote textarea[name=quote-quote]").fill("Te veel velden.")
    phone.locator("#data-quote button[type=submit]").click()
    expect(phone.locator("#data-evidence .evidence-quote")).to_have_count(2)
    top(phone)
    shot(phone, "step-data-01-phone-member")
    phone.locator("#data-evidence .evidence-item--quote:has-text('Te veel velden') .evidence-delete button").click()
    expect(phone.locator("#data-evidence .evidence-quote")).to_have_count(1)
    assert Evidence.objects.count() == 2
    # … and checks a file on the phone: the preview table scrolls sideways inside its card.
    phone.locator("#data-import input[name=file]").set_input_files(
        files=[{"name": "fout.csv", "mimeType": "text/csv", "buffer": BAD_CSV}])
    phone.locator("#data-import form.data-import-upload button[type=submit]").click()
    expect(phone.locator("#data-import .data-import-row--error")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out of the page
    top(phone)
    shot(phone, "step-data-07-phone-import-errors")

    # --- CSV import: a bad file first (a preview with errors, no import button), then a good one ----
    page.locator("#data-import input[name=file]").set_input_files(
        files=[{"name": "fout.csv", "mimeType": "text/csv", "buffer": BAD_CSV}])
    page.locator("#data-import form.data-import-upload button[type=submit]").click()
    expect(page.locator("#data-import .data-import-row--error")).to_have_count(2)
    expect(page.locator("#data-import .data-import-problems").first).to_contain_text("value")
    expect(page.locator("#data-import form[action$='/import/confirm/']")).to_have_count(0)
    top(page)
    shot(page, "step-data-02-laptop-import-errors")

    page.locator("#data-import input[name=file]").set_input_files(
        files=[{"name": "cijfers.csv", "mimeType": "text/csv",
                "buffer": GOOD_CSV.replace(b"{stage}", first_stage.name.encode())}])
    page.locator("#data-import form.data-import-upload button[type=submit]").click()
    expect(page.locator("#data-import .data-import-row--ok")).to_have_count(2)
    top(page)
    shot(page, "step-data-03-laptop-import-preview")
    assert Evidence.objects.count() == 2  # nothing saved by the preview
    page.locator("#data-import form[action$='/import/confirm/'] button").click()
    expect(page.locator("#data-import .message--success")).to_be_visible()
    expect(page.locator("#data-evidence .evidence-item--figure")).to_have_count(3)
    expect(page.locator("#data-evidence .evidence-value[title='1\u00a0240\u00a0bezoekers']")).to_have_count(1)
    assert Evidence.objects.count() == 4

    # The example file downloads.
    with page.expect_download() as download:
        page.locator(
            f"#data-import a[href='{reverse('journeys:evidence_import_example', args=[workshop.pk])}']").click()
    assert download.value.suggested_filename == "klantreis-cijfers-voorbeeld.csv"
    top(page)
    shot(page, "step-data-04-laptop")

    # --- The guest follows to the data step and reads ----------------------------------------------
    expect(guest.locator("#data-evidence")).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    # The guest's evidence list polls every 5 s: more than expect()'s default wait.
    expect(guest.locator("#data-evidence .evidence-item")).to_have_count(4, timeout=ACTION_TIMEOUT_MS)
    expect(guest.locator("#data-figure")).to_have_count(0)
    expect(guest.locator(".evidence-delete")).to_have_count(0)
    top(guest)
    shot(guest, "step-data-05-phone-guest")

    # --- The projector follows too ----------------------------------------------------------------------
    expect(projector.locator(".data-projector")).to_be_visible(timeout=10_000)
    expect(projector.locator(".data-count strong").first).to_have_text("3")
    expect(projector.locator(".data-projector-quote")).to_have_count(1)
    expect(projector.locator(".data-projector-quote blockquote")).to_contain_text("geen belafspraak")
    top(projector)
    shot(projector, "step-data-06-projector")
    assert re.search(r"/w/\d+/projector/$", projector.url)
