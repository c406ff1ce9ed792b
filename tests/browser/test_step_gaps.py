"""Step 6 (gaps) in a browser, in Dutch (the default language).

The facilitator turns a thorn and a large difference into gaps (the form fills in from the suggestion;
a problem worded as a solution gets a hint while typing), gives everyone three dots; a guest on a phone
spreads their dots with + and −; the projector shows the ranking. Elements are found by ids, classes and
field names, which do not change with the language.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import EmotionRating, Gap, GapOrigin, GapVote, JourneyTemplate, Note, NoteKind, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from workshops.models import Participant, Step


def gaps_workshop(team, facilitator):
    """A webshop journey at the gaps step: a thorn, one large difference and one touchpoint new in the ideal."""
    workshop = workshop_create(team=team, title="Sokken bestellen", facilitator=facilitator,
                               template=JourneyTemplate.FIVE_PHASES)
    workshop.step = Step.GAPS
    workshop.save(update_fields=["step"])
    stages = list(Stage.objects.filter(journey=workshop.journey).order_by("position"))
    names = {0: ["Instagram-advertentie", "Zoekresultaat"], 1: ["Productpagina", "Maattabel"],
             2: ["Betaalpagina", "Bevestigingsmail"], 3: ["Pakket openen"], 4: ["Review-verzoek"]}
    touchpoints = {}
    for position, stage_names in names.items():
        for n, name in enumerate(stage_names):
            touchpoints[name] = Touchpoint.objects.create(stage=stages[position], name=name, position=n,
                                                          importance=5 if name == "Bevestigingsmail" else 3)
    scorers = [Participant.objects.create(workshop=workshop, display_name=f"Scorer {n}") for n in range(3)]
    measurement = baseline_measurement(workshop.journey)
    for name, score in (("Bevestigingsmail", -2), ("Maattabel", 0), ("Betaalpagina", 2)):
        EmotionRating.objects.bulk_create(
            EmotionRating(measurement=measurement, touchpoint=touchpoints[name], participant=p, score=score)
            for p in scorers
        )
    ideal = journey_copy(source=workshop.journey, title="Sokken bestellen — ideaal", ideal=True)
    Touchpoint.objects.filter(stage__journey=ideal, source=touchpoints["Bevestigingsmail"]).update(target_emotion=3)
    Touchpoint.objects.filter(stage__journey=ideal, source=touchpoints["Maattabel"]).update(target_emotion=3)
    Touchpoint.objects.create(stage=Stage.objects.get(journey=ideal, position=2), name="Track & trace per sms",
                              position=3, target_emotion=4)
    Note.objects.create(touchpoint=touchpoints["Bevestigingsmail"], kind=NoteKind.THORN,
                        text="De bevestiging komt pas na een dag", participant=scorers[0])
    return workshop, touchpoints


def test_facilitator_writes_gaps_a_guest_on_a_phone_votes_and_the_projector_ranks(
    new_page, log_in, facilitator, team, password, shot
):
    workshop, touchpoints = gaps_workshop(team, facilitator)
    room_url = reverse("workshops:room", args=[workshop.pk])

    # --- The facilitator, on a laptop, starts from the thorn ----------------------------------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(room_url)
    suggestions = page.locator("#gap-suggestions")
    # Bevestigingsmail (−2 → +3) and Maattabel (0 → +3), Track & trace (new), one thorn
    expect(suggestions.locator(".gap-suggestion")).to_have_count(4)
    expect(suggestions.locator(".gap-suggestion--thorn")).to_contain_text("De bevestiging komt pas na een dag")
    shot(page, "step-gaps-01-facilitator-suggestions")

    suggestions.locator(".gap-suggestion--thorn .gap-write").click()
    form = page.locator("#gap-form")
    expect(form.locator(".gap-origin--thorn")).to_be_visible()
    expect(form.locator(f"input[name=touchpoints][value='{touchpoints['Bevestigingsmail'].pk}']")).to_be_checked()
    expect(form.locator("textarea[name=description]")).to_have_value(re.compile("De bevestiging komt pas na een dag"))
    problem = form.locator("input[name=problem]")
    # htmx attaches the field's listeners while it settles the swapped form: type only after that.
    expect(page.locator(".htmx-settling, .htmx-added")).to_have_count(0)
    problem.fill("We moeten de mail meteen versturen")
    expect(form.locator("#gap-problem-hint .gap-hint")).to_be_visible()  # the gentle hint, while typing
    shot(page, "step-gaps-02-solution-hint")
    problem.fill("Klanten weten na het bestellen niet of hun bestelling gelukt is")
    expect(form.locator("#gap-problem-hint .gap-hint")).to_have_count(0)
    form.locator("button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(1)
    expect(form.locator(".gap-saved")).to_be_visible()
    expect(form.locator("input[name=problem]")).to_have_value("")  # ready for the next gap
    thorn_gap = Gap.objects.get(origin=GapOrigin.THORN)
    expect(page.locator(f"#gap-{thorn_gap.pk} .gap-problem")).to_have_text(thorn_gap.problem)
    expect(page.locator("#gap-suggestions .gap-suggestion--thorn .gap-used")).to_be_visible()

    # … then from the delta, and one written by hand without a problem first (the error sits by the field)
    page.locator("#gap-suggestions .gap-suggestion--importance-3 .gap-write").click()
    expect(page.locator("#gap-form .gap-origin--delta")).to_be_visible()
    page.locator("#gap-form input[name=problem]").fill("Klanten vinden hun maat niet")
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(2)
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator("#gap-form #id_problem_error")).to_be_visible()
    page.locator("#gap-form input[name=problem]").fill("Klanten weten niet wanneer hun sokken komen")
    page.locator(f"#gap-form input[name=touchpoints][value='{touchpoints['Pakket openen'].pk}']").check()
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(3)

    # The facilitator gives everyone three dots.
    page.locator("#id_votes_per_participant").fill("3")
    page.locator("#gap-dots-setting button").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#gap-dots")).to_have_attribute("data-left", "3")
    shot(page, "step-gaps-03-facilitator-three-gaps")

    # Editing a gap loads it into the form.
    sizes = Gap.objects.get(problem="Klanten vinden hun maat niet")
    page.locator(f"#gap-{sizes.pk} .gap-actions a").click()
    expect(page.locator("#gap-form input[name=problem]")).to_have_value("Klanten vinden hun maat niet")
    page.locator("#gap-form input[name=problem]").fill("Klanten vinden hun maat niet in de maattabel")
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator(f"#gap-{sizes.pk} .gap-problem")).to_have_text("Klanten vinden hun maat niet in de maattabel")

    # --- A guest on a phone spreads three dots ---------------------------------------------------------
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator(".badge--guest")).to_be_visible()
    expect(guest.locator("#gap-form")).to_have_count(0)  # guests vote, they do not write gaps
    socks = Gap.objects.get(problem="Klanten weten niet wanneer hun sokken komen")
    shot(guest, "step-gaps-04-phone-guest-before-voting")
    row = guest.locator(f"#gap-{socks.pk}")
    row.locator(".gap-vote-add").click()
    expect(row.locator(".gap-mine")).to_have_text("1")
    row.locator(".gap-vote-add").click()
    expect(row.locator(".gap-mine")).to_have_text("2")
    guest.locator(f"#gap-{thorn_gap.pk} .gap-vote-add").click()
    expect(guest.locator("#gap-dots")).to_have_attribute("data-left", "0")
    expect(row.locator(".gap-vote-add")).to_have_css("pointer-events", "none")  # no dots left: + is spent
    shot(guest, "step-gaps-05-phone-guest-no-dots-left")
    guest.locator(f"#gap-{thorn_gap.pk} .gap-vote-remove").click()
    expect(guest.locator(f"#gap-{thorn_gap.pk} .gap-mine")).to_have_text("0")
    expect(guest.locator("#gap-dots")).to_have_attribute("data-left", "1")
    guest_participant = Participant.objects.get(workshop=workshop, display_name="Gerda Gast")
    assert list(GapVote.objects.filter(participant=guest_participant).values_list("gap", "dots")) == [(socks.pk, 2)]
    # "Update" brings the list in ranked order.
    guest.locator("#gap-list .card-head a").click()
    expect(guest.locator(".gap-item").first).to_have_attribute("id", f"gap-{socks.pk}")
    shot(guest, "step-gaps-06-phone-guest-ranked")

    # --- The facilitator votes too, then the projector ranks --------------------------------------------
    page.goto(room_url)
    page.locator(f"#gap-{thorn_gap.pk} .gap-vote-add").click()
    expect(page.locator(f"#gap-{thorn_gap.pk} .gap-total strong")).to_have_text("1")
    projector = new_page()
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    rows = projector.locator(".gaps-projector-row")
    expect(rows).to_have_count(3)
    expect(rows.first.locator(".gaps-projector-problem")).to_have_text(socks.problem)
    expect(rows.first.locator(".gaps-projector-dots .dot")).to_have_count(2)
    expect(projector.locator(".gaps-projector-summary strong")).to_have_text("2")
    # The guest moves a dot from the socks to the thorn's gap: the projector follows by itself (polling).
    guest.locator(f"#gap-{thorn_gap.pk} .gap-vote-add").click()
    expect(guest.locator(f"#gap-{thorn_gap.pk} .gap-total strong")).to_have_text("2")
    row.locator(".gap-vote-remove").click()
    expect(row.locator(".gap-total strong")).to_have_text("1")
    expect(rows.first.locator(".gaps-projector-problem")).to_have_text(thorn_gap.problem, timeout=10_000)
    shot(projector, "step-gaps-07-projector")


def test_facilitator_on_a_phone_writes_a_gap_and_sees_suggestions(new_page, log_in, facilitator, team, password,
                                                                  shot):
    workshop, touchpoints = gaps_workshop(team, facilitator)
    page = new_page(phone=True)
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    shot(page, "step-gaps-08-phone-facilitator")
    page.locator("#gap-suggestions .gap-suggestion--importance-5 .gap-write").click()
    expect(page.locator("#gap-form .gap-origin--delta")).to_be_visible()
    expect(page.locator(f"#gap-form input[name=touchpoints][value='{touchpoints['Bevestigingsmail'].pk}']")
           ).to_be_checked()
    page.locator("#gap-form input[name=problem]").fill("Klanten twijfelen of hun betaling gelukt is")
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(1)
    expect(page.locator("#gap-suggestions .gap-suggestion--importance-5 .gap-used")).to_be_visible()
    shot(page, "step-gaps-09-phone-facilitator-after-writing")
