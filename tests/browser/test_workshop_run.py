"""A whole workshop in a browser, from scope to gaps: one facilitator on a laptop and three guests, each in
their own browser context (one on a phone), with the projector open beside them.

The facilitator creates the workshop from the 5-phases template and leads the room; the guests join with
the code and follow by themselves (their screens reload when the room moves on); they score every
touchpoint and spread their dots; the projector shows the scores and the ranked gaps. Every step is
photographed (var/screenshots/run-NN-<step>-<who>.png) for the facilitator, a guest and the projector.

Elements are found by names, values, ids, hrefs and classes, which do not change with the language.

Three smaller tests below pin bugs this run brought to light (fixed since).
"""

import re
from urllib.parse import quote

from django.db.models import Sum
from django.urls import reverse
from playwright.sync_api import expect

from journeys import models as journey_models
from journeys.selectors import baseline_measurement
from journeys.services.emotions import emotion_rating_save
from journeys.services.ideal import ideal_journey_create
from journeys.services.touchpoints import touchpoint_create
from journeys.services.workshops import workshop_create
from tests.actors import GUEST, MEMBER
from tests.browser.conftest import ACTION_TIMEOUT_MS
from workshops.models import Participant, Step, Workshop
from workshops.room_views import room_version
from workshops.services import participant_for_member

POLL = 10_000  # what arrives by polling (room 3 s, projector 3 s, scope and data 5 s) gets this long

# (stage position, name, channel); the last one becomes a moment of truth.
TOUCHPOINTS = [
    (0, "Zoeken op Google", "search"),
    (0, "Offerteformulier op de website", "website"),
    (1, "Telefoontje van sales", "phone"),
    (1, "Offerte per e-mail", "email"),
]
# Every guest scores every touchpoint, differently. Means: +2, −3, −1, 0.
GUESTS = [  # (display name, on a phone, scores in journey order)
    ("Anouk Appel", True, [2, -3, -1, 1]),
    ("Bram de Boer", False, [3, -4, 0, -1]),
    ("Cas Claassen", False, [1, -2, -2, 0]),
]
MEANS = {name: sum(scores[index] for _n, _p, scores in GUESTS) // len(GUESTS)  # whole numbers here
         for index, (_s, name, _c) in enumerate(TOUCHPOINTS)}
assert MEANS == {"Zoeken op Google": 2, "Offerteformulier op de website": -3, "Telefoontje van sales": -1,
                 "Offerte per e-mail": 0}
# Target emotions in the ideal journey: three of them 2 or more above the mean now (gap suggestions).
TARGETS = {"Zoeken op Google": 3, "Offerteformulier op de website": 2, "Telefoontje van sales": 2,
           "Offerte per e-mail": 4}
THORN = "Ik moest drie keer mijn adres intypen"


def css(score):
    """The id suffix of a score's radio button: −3 → m3, +2 → p2, 0 → p0."""
    return f"m{-score}" if score < 0 else f"p{score}"


def top(page):
    """Full-page screenshots of a scrolled page show the sticky top bar half-way down: scroll up first."""
    page.evaluate("window.scrollTo(0, 0)")


def reloaded_at_the_rooms_version(page, workshop):
    """Wait until ``page`` has reloaded at the room's current version (its room poll asks with it): from then on it
    does not reload by itself. A watcher's live step body (step_live) can show the new state before that reload."""
    workshop.refresh_from_db()
    poll = f"{reverse('workshops:room_state', args=[workshop.pk])}?version={quote(room_version(workshop))}"
    expect(page.locator(f"[hx-get='{poll}']")).to_have_count(1, timeout=ACTION_TIMEOUT_MS)


def test_a_facilitator_and_three_guests_run_a_workshop_from_scope_to_gaps(
    new_page, log_in, facilitator, password, shot
):
    def photo(page, name):
        top(page)
        shot(page, name)

    # --- 1. The facilitator creates the workshop from the 5-phases template ----------------------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("journeys:workshop_new", args=[facilitator.current_team.slug]))
    page.locator("input[name=title]").fill("Offertes 2027")
    page.locator("input[name=template][value=five_phases]").check()
    page.locator("main form button[type=submit]").click()
    workshop = Workshop.objects.get(title="Offertes 2027")
    journey = workshop.journey
    room_url = reverse("workshops:room", args=[workshop.pk])
    expect(page).to_have_url(re.compile(re.escape(room_url) + "$"))
    expect(page.locator(".stepper-step.is-current .stepper-number")).to_have_text("1")
    stages = list(journey_models.Stage.objects.filter(journey=journey).order_by("position"))
    assert len(stages) == 5

    projector = new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})  # a projector's full HD
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".projector-join strong")).to_have_text(workshop.join_code)

    # --- 2. Three guests join, each in their own context -----------------------------------------------
    guests = []
    for name, phone, _scores in GUESTS:
        guest = new_page(phone=phone)
        guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
        expect(guest.locator("input[name=code]")).to_have_value(workshop.join_code)
        guest.locator("input[name=display_name]").fill(name)
        guest.locator("main form button[type=submit]").click()
        expect(guest).to_have_url(re.compile(re.escape(room_url) + "$"))
        expect(guest.locator(".badge--guest")).to_be_visible()
        expect(guest.locator(".room-meta")).to_contain_text(name)
        guests.append(guest)
    phone_guest, laptop_guest, _third = guests
    assert sorted(Participant.objects.filter(workshop=workshop, user__isnull=True)
                  .values_list("display_name", flat=True)) == sorted(name for name, _p, _s in GUESTS)

    # --- 3. Scope: the customer's goal and a persona; the guests read them --------------------------------
    scope = page.locator("#scope-journey")
    scope.locator("input[name=title]").fill("Offerte aanvragen")
    scope.locator("input[name=customer_goal]").fill("Ik wil snel een offerte")
    scope.locator("input[name=end_point]").fill("De offerte staat in mijn mailbox")
    scope.locator("button[type=submit]").click()
    expect(page.locator("#scope-journey .saved-note")).to_be_visible()
    new_persona = page.locator("#scope-persona form[action$='/scope/persona/new/']")
    new_persona.locator("input[name=new-persona-name]").fill("Drukke Daan")
    new_persona.locator("input[name=new-persona-archetype]").fill("de haastige ondernemer")
    new_persona.locator("textarea[name=new-persona-goals]").fill("Vandaag nog weten wat het kost")
    new_persona.locator("button[type=submit]").click()
    expect(page.locator("#scope-persona .scope-persona-name")).to_have_text("Drukke Daan")
    journey.refresh_from_db()
    assert journey.customer_goal == "Ik wil snel een offerte"
    assert journey.persona == journey_models.Persona.objects.get(name="Drukke Daan")
    photo(page, "run-01-scope-facilitator")

    for guest in guests:  # read-only, refreshed by polling
        expect(guest.locator(".scope-goal")).to_contain_text("Ik wil snel een offerte", timeout=POLL)
        expect(guest.locator(".scope-persona-name")).to_have_text("Drukke Daan", timeout=POLL)
        expect(guest.locator(".step-body form")).to_have_count(0)
    photo(phone_guest, "run-02-scope-guest-phone")
    expect(projector.locator(".scope-goal-big")).to_have_text("“Ik wil snel een offerte”", timeout=POLL)
    photo(projector, "run-03-scope-projector")

    # --- 4. Data: one figure and one quote --------------------------------------------------------------
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator(".stepper-step.is-current .stepper-number")).to_have_text("2")
    figure = page.locator("#data-figure")
    figure.locator("input[name=figure-metric]").fill("Afhakers op het offerteformulier")
    figure.locator("input[name=figure-value]").fill("42")
    figure.locator("input[name=figure-unit]").fill("%")
    figure.locator("select[name=figure-source]").select_option("web_analytics")
    figure.locator("button[type=submit]").click()
    expect(page.locator("#data-figure .saved-note")).to_be_visible()
    quote = page.locator("#data-quote")
    quote.locator("textarea[name=quote-quote]").fill("Ik wil gewoon een prijs, geen belafspraak.")
    quote.locator("select[name=quote-source]").select_option("interview")
    quote.locator("button[type=submit]").click()
    expect(page.locator("#data-evidence .evidence-item")).to_have_count(2)
    assert journey_models.Evidence.objects.filter(journey=journey).count() == 2
    photo(page, "run-04-data-facilitator")

    for guest in guests:
        expect(guest.locator("#data-evidence .evidence-item")).to_have_count(2, timeout=POLL)
        expect(guest.locator("#data-figure")).to_have_count(0)
    photo(laptop_guest, "run-05-data-guest-laptop")
    expect(projector.locator(".data-projector-quote blockquote")).to_contain_text("geen belafspraak", timeout=POLL)
    expect(projector.locator(".data-count strong")).to_have_text(["1", "1"])
    photo(projector, "run-06-data-projector")

    # --- 5. Touchpoints: four in two stages, one a moment of truth ----------------------------------------
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator(".tp-stage:not(.tp-stage--new)")).to_have_count(5)
    for position, name, channel in TOUCHPOINTS:
        column = page.locator(f"#stage-{stages[position].pk}")
        count = column.locator(".tp-card").count()
        if not column.locator(".tp-add[open]").count():
            column.locator(".tp-add > summary").click()
        column.locator(".tp-add input[name=name]").fill(name)
        column.locator(".tp-add select[name=channel]").select_option(channel)
        column.locator(".tp-add button[type=submit]").click()
        expect(column.locator(".tp-card")).to_have_count(count + 1)
    touchpoints = list(journey_models.Touchpoint.objects.filter(stage__journey=journey)
                       .order_by("stage__position", "position"))
    assert [tp.name for tp in touchpoints] == [name for _p, name, _c in TOUCHPOINTS]
    offer_mail = touchpoints[-1]
    card = page.locator(f"#tp-{offer_mail.pk}")
    card.locator("a[hx-get$='/edit/']").click()
    card.locator("form.tp-form input[name=moment_of_truth]").check()
    card.locator("form.tp-form select[name=importance]").select_option("5")
    card.locator("form.tp-form button[type=submit]").click()
    expect(page.locator(f"#tp-{offer_mail.pk}")).to_have_class(re.compile(r"\btp-card--truth\b"))
    offer_mail.refresh_from_db()
    assert (offer_mail.moment_of_truth, offer_mail.importance) == (True, 5)
    photo(page, "run-07-touchpoints-facilitator")

    expect(projector.locator(".pj-card")).to_have_count(4, timeout=POLL)
    expect(projector.locator(".pj-card--truth")).to_have_count(1)
    photo(projector, "run-09-touchpoints-projector")
    # A guest's board follows the team's edits by itself (the live step body, polled every 5 s).
    expect(phone_guest.locator(".tp-card")).to_have_count(4, timeout=POLL)
    expect(phone_guest.locator(".tp-add")).to_have_count(0)
    photo(phone_guest, "run-08-touchpoints-guest-phone")

    # --- 6. Emotions: every guest scores every touchpoint; one writes a thorn -------------------------------
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator(".em-tp-card")).to_have_count(4)
    for guest in guests:
        expect(guest.locator(".em-tp-card")).to_have_count(4, timeout=POLL)
    photo(phone_guest, "run-10-emotions-guest-phone-first")

    # The phone guest: one touchpoint at a time, "next" in between; a thorn at the second.
    scores = GUESTS[0][2]
    for index, (touchpoint, score) in enumerate(zip(touchpoints, scores, strict=True)):
        current = phone_guest.locator(".em-tp-card.is-current")
        expect(current).to_have_id(f"tp-{touchpoint.pk}")
        current.locator(f"label[for=score-{touchpoint.pk}-{css(score)}]").click()
        expect(current.locator(".saved-note")).to_be_visible()
        expect(phone_guest.locator("#emotions-progress progress")).to_have_attribute("value", str(index + 1))
        if index == 1:
            notes = phone_guest.locator(f"#notes-{touchpoint.pk}")
            notes.locator(f"label[for=kind-{touchpoint.pk}-thorn]").click()
            notes.locator("input[name=text]").fill(THORN)
            notes.locator(".em-note-form button[type=submit]").click()
            expect(notes.locator(".em-note--thorn")).to_contain_text(THORN)
            photo(phone_guest, "run-11-emotions-guest-phone-thorn")
        if index < len(touchpoints) - 1:
            current.locator("a[rel=next]").click()
    # The laptop guests see every touchpoint at once.
    for guest, (_name, _phone, scores) in zip(guests[1:], GUESTS[1:], strict=True):
        for touchpoint, score in zip(touchpoints, scores, strict=True):
            card = guest.locator(f"#tp-{touchpoint.pk}")
            card.locator(f"label[for=score-{touchpoint.pk}-{css(score)}]").click()
            expect(card.locator(".saved-note")).to_be_visible()
            expect(card.locator(f"#score-{touchpoint.pk}-{css(score)}")).to_be_checked()
    photo(laptop_guest, "run-12-emotions-guest-laptop")

    ratings = journey_models.EmotionRating.objects.filter(touchpoint__stage__journey=journey)
    assert ratings.count() == len(GUESTS) * len(touchpoints)
    for name, _phone, scores in GUESTS:
        person = Participant.objects.get(workshop=workshop, display_name=name)
        assert [ratings.get(participant=person, touchpoint=tp).score for tp in touchpoints] == scores
    assert list(journey_models.Note.objects.filter(touchpoint__stage__journey=journey).values_list("kind", "text")) == [
        ("thorn", THORN)]

    # The projector: 12 scores, everyone 4/4; the facilitator leads and did not score, so is not counted.
    expect(projector.locator("#projector-scorers-title")).to_contain_text(
        str(len(GUESTS) * len(touchpoints)), timeout=POLL)
    expect(projector.locator(".em-projector-curve .pic-curve-marker--current")).to_have_count(4)
    scorers = projector.locator(".em-scorer")
    for name, _phone, _scores in GUESTS:
        expect(scorers.filter(has_text=name).locator(".em-scorer-count")).to_have_text(f"{len(touchpoints)}/"
                                                                                       f"{len(touchpoints)}")
        expect(scorers.filter(has_text=name)).to_have_class(re.compile(r"\bis-done\b"))
    expect(scorers).to_have_count(len(GUESTS))
    expect(scorers.filter(has_text=facilitator.name)).to_have_count(0)
    expect(projector.locator("#projector-scorers-title")).to_contain_text(f"{len(GUESTS)} van {len(GUESTS)} klaar")
    photo(projector, "run-14-emotions-projector")
    page.reload()  # the facilitator's own page shows the room's statistics after a reload
    expect(page.locator(f"#tp-{touchpoints[0].pk} .em-tp-stats div:last-child dd")).to_have_text("3")
    photo(page, "run-13-emotions-facilitator")

    # --- 7. Ideal journey: a copy, with target emotions ----------------------------------------------------
    page.locator(".facilitator-bar button[value=next]").click()
    expect(page.locator(".stepper-step.is-current .stepper-number")).to_have_text("5")
    for guest in guests:
        expect(guest.locator(".ideal-start")).to_be_visible(timeout=POLL)
    page.locator(f"form[action='{reverse('journeys:ideal_create', args=[workshop.pk])}'] button").click()
    ideal = journey_models.Journey.objects.get(ideal_of=journey)
    copies = {tp.source_id: tp for tp in journey_models.Touchpoint.objects.filter(stage__journey=ideal)}
    for touchpoint in touchpoints:
        copy = copies[touchpoint.pk]
        target = str(TARGETS[touchpoint.name])
        page.locator(f"#tp-{copy.pk} select[name=target_emotion]").select_option(target)
        # The card comes back from the server (htmx) with the difference between the target and now.
        difference = TARGETS[touchpoint.name] - MEANS[touchpoint.name]
        expect(page.locator(f"#tp-{copy.pk} .ideal-difference")).to_contain_text(f"+{difference}")
        expect(page.locator(f"#tp-{copy.pk} select[name=target_emotion]")).to_have_value(target)
    form_copy = copies[touchpoints[1].pk]  # −3 now, +2 wanted
    expect(page.locator(f"#tp-{form_copy.pk} .ideal-score.is-negative")).to_have_text("−3")
    expect(page.locator(f"#tp-{form_copy.pk} .ideal-difference")).to_contain_text("+5")
    ideal_touchpoints = journey_models.Touchpoint.objects.filter(stage__journey=ideal)
    assert {tp.name: tp.target_emotion for tp in ideal_touchpoints} == TARGETS
    photo(page, "run-15-ideal-facilitator")
    expect(projector.locator(".pj-journey--ideal .pj-card")).to_have_count(4, timeout=POLL)
    expect(projector.locator(".pj-emotion strong")).to_have_text(["+3", "+2", "+2", "+4"], timeout=POLL)
    photo(projector, "run-17-ideal-projector")
    expect(phone_guest.locator(f"#hints-{ideal.pk}")).to_be_visible(timeout=POLL)  # follows by itself
    # The hints may have come with the guest's live step body (every 5 s), before its room poll (every 3 s) reloads
    # the page for the ideal's creation: wait for that reload, or the photo below would race it.
    reloaded_at_the_rooms_version(phone_guest, workshop)
    expect(phone_guest.locator(".ideal-target")).to_have_count(0)
    photo(phone_guest, "run-16-ideal-guest-phone")

    # --- 8. Gaps: two gaps from suggestions; every guest spreads three dots; the projector ranks ------------
    page.locator(".facilitator-bar button[value=next]").click()
    suggestions = page.locator("#gap-suggestions")
    expect(suggestions.locator(".gap-suggestion")).to_have_count(4)  # 3 differences ≥ 2, 1 thorn
    suggestions.locator(f"a.gap-write[href$='touchpoint={form_copy.pk}']").click()
    form = page.locator("#gap-form")
    expect(form.locator(".gap-origin--delta")).to_be_visible()
    expect(form.locator(f"input[name=touchpoints][value='{touchpoints[1].pk}']")).to_be_checked()
    form.locator("input[name=problem]").fill("Klanten weten niet wanneer ze hun offerte krijgen")
    form.locator("button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(1)
    page.locator("#gap-suggestions .gap-suggestion--thorn .gap-write").click()
    expect(page.locator("#gap-form .gap-origin--thorn")).to_be_visible()
    page.locator("#gap-form input[name=problem]").fill("Klanten moeten hun gegevens steeds opnieuw invullen")
    page.locator("#gap-form button[type=submit]").click()
    expect(page.locator(".gap-item")).to_have_count(2)
    waiting, retyping = (journey_models.Gap.objects.get(journey=journey, origin=origin)
                         for origin in (journey_models.GapOrigin.DELTA, journey_models.GapOrigin.THORN))
    page.locator("#id_votes_per_participant").fill("3")
    page.locator("#gap-dots-setting button").click()
    expect(page.locator("#gap-dots")).to_have_attribute("data-left", "3")
    photo(page, "run-18-gaps-facilitator")

    dots = {"Anouk Appel": (2, 1), "Bram de Boer": (3, 0), "Cas Claassen": (1, 2)}  # (waiting, retyping)
    for guest, (name, _phone, _scores) in zip(guests, GUESTS, strict=True):
        expect(guest.locator("#gap-list")).to_be_visible(timeout=POLL)  # reloaded at the new step
        expect(guest.locator("#gap-form")).to_have_count(0)
        # "Update" brings the gaps written since the guest's screen reloaded. Wait for its answer: arriving
        # after a dot, it would put back the list as it was before that dot.
        with guest.expect_response(re.compile(re.escape(reverse("journeys:gap_list", args=[workshop.pk])) + "$")):
            guest.locator("#gap-list .card-head a").click()
        expect(guest.locator(".gap-item")).to_have_count(2)
        expect(guest.locator("#gap-dots")).to_have_attribute("data-left", "3")
        if guest is phone_guest:
            photo(guest, "run-19-gaps-guest-phone-before")
        for gap, count in zip((waiting, retyping), dots[name], strict=True):
            row = guest.locator(f"#gap-{gap.pk}")
            for placed in range(1, count + 1):
                row.locator(".gap-vote-add").click()
                expect(row.locator(".gap-mine")).to_have_text(str(placed))
        expect(guest.locator("#gap-dots")).to_have_attribute("data-left", "0")
    photo(phone_guest, "run-20-gaps-guest-phone-voted")

    votes = journey_models.GapVote.objects.filter(gap__journey=journey)
    assert votes.aggregate(total=Sum("dots"))["total"] == 9
    assert votes.filter(gap=waiting).aggregate(total=Sum("dots"))["total"] == 6
    assert votes.filter(gap=retyping).aggregate(total=Sum("dots"))["total"] == 3
    assert votes.values("participant").distinct().count() == 3

    rows = projector.locator(".gaps-projector-row")
    expect(rows).to_have_count(2, timeout=POLL)
    expect(rows.first.locator(".gaps-projector-problem")).to_have_text(waiting.problem, timeout=POLL)
    expect(rows.first.locator(".gaps-projector-total")).to_contain_text("6", timeout=POLL)
    expect(rows.first.locator(".gaps-projector-dots .dot")).to_have_count(6)
    expect(rows.nth(1).locator(".gaps-projector-total")).to_contain_text("3")
    expect(projector.locator(".gaps-projector-summary strong")).to_have_text("3")
    expect(projector.locator(".gaps-projector-summary")).to_contain_text("3 van 3 deelnemers")  # not the facilitator
    photo(projector, "run-21-gaps-projector")
    assert Workshop.objects.get(pk=workshop.pk).step == Step.GAPS




def test_a_guest_waiting_for_the_ideal_journey_sees_it_once_the_facilitator_copies_it(new_page, facilitator):
    """Creating the ideal changes the room's version at the ideal step, so waiting screens reload."""
    workshop = workshop_create(team=facilitator.current_team, title="Offertes 2027", facilitator=facilitator,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    touchpoint_create(actor=MEMBER, stage=workshop.journey.stages.order_by("position").first(), name="Offerteformulier")
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IDEAL)
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    guest.locator("input[name=display_name]").fill("Anouk Appel")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator(".ideal-start")).to_be_visible()  # "the facilitator will start … in a moment"
    ideal, _created = ideal_journey_create(actor=MEMBER, journey=workshop.journey)  # what the facilitator's button does
    # Within two room polls (3 s each) and the reload they trigger.
    expect(guest.locator(f"#hints-{ideal.pk}")).to_be_visible(timeout=7_000)




def test_the_ideal_journeys_cards_fit_their_stage_columns_on_a_laptop(new_page, log_in, facilitator, password):
    """The target row (label, select, button) must not push a card under the next stage's column."""
    workshop = workshop_create(team=facilitator.current_team, title="Offertes 2027", facilitator=facilitator,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    touchpoint_create(actor=MEMBER, stage=workshop.journey.stages.order_by("position").first(), name="Zoeken op Google",
                      channel="search")
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IDEAL)
    ideal_journey_create(actor=MEMBER, journey=workshop.journey)
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    card = page.locator(".tp-card").first
    expect(card.locator("select[name=target_emotion]")).to_be_visible()
    card_right = card.evaluate("card => card.getBoundingClientRect().right")
    column_right = card.evaluate("card => card.closest('.tp-stage').getBoundingClientRect().right")
    assert card_right <= column_right




def test_the_emotions_projector_fits_a_full_hd_screen(new_page, log_in, facilitator, password):
    """Nobody scrolls a projector: the curve and the scorers' progress fit 1920x1080."""
    workshop = workshop_create(team=facilitator.current_team, title="Offertes 2027", facilitator=facilitator,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    stages = list(workshop.journey.stages.order_by("position"))
    touchpoints = [touchpoint_create(actor=MEMBER, stage=stages[position], name=name, channel=channel)
                   for position, name, channel in TOUCHPOINTS]
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.EMOTIONS)
    participant_for_member(workshop=workshop, user=facilitator)
    measurement = baseline_measurement(workshop.journey)
    for name, _phone, scores in GUESTS:
        guest = Participant.objects.create(workshop=workshop, display_name=name)
        for touchpoint, score in zip(touchpoints, scores, strict=True):
            emotion_rating_save(actor=GUEST,
                                measurement=measurement, touchpoint=touchpoint, participant=guest, score=score)
    projector = new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".em-scorer")).to_have_count(len(GUESTS))  # not the facilitator, who leads
    assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
