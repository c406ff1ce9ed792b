"""Step 4, emotions, in a browser: the facilitator scores on a laptop (htmx, no reload), a guest on a phone
goes through the touchpoints one at a time, the projector shows the curve and everyone's progress, and a
closed workshop turns the guest's screen read-only."""

import random
import re
import time
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import EmotionRating, Note, Touchpoint
from journeys.numbers import signed
from journeys.selectors import baseline_measurement
from journeys.services.emotions import emotion_rating_save
from journeys.services.workshops import workshop_create
from tests.actors import GUEST
from workshops.models import Participant, Step, Workshop

TOUCHPOINTS = [  # (stage position, name, moment of truth)
    (0, "Instagram-advertentie", False),
    (0, "Vergelijkingssite", False),
    (1, "Productpagina met prijzen", True),
    (1, "Chat met klantenservice", False),
    (2, "Bestelformulier", True),
    (3, "Welkomstmail", False),
    (3, "Eerste levering aan de deur", True),
]


def emotions_workshop(facilitator):
    workshop = workshop_create(team=facilitator.current_team, title="Nieuwe abonnees", facilitator=facilitator,
                               template="subscription")
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.EMOTIONS)
    stages = list(workshop.journey.stages.order_by("position"))
    touchpoints = [Touchpoint.objects.create(stage=stages[stage], name=name, position=index, moment_of_truth=mot)
                   for index, (stage, name, mot) in enumerate(TOUCHPOINTS)]
    # Two colleagues already scored part of the journey (the last touchpoint stays unscored).
    measurement = baseline_measurement(workshop.journey)
    for name, scores in (("Sanne", [2, -1, 3, -4, -2, 4]), ("Joris", [4, 1, 1, -2, -5, 2])):
        person = Participant.objects.create(workshop=workshop, display_name=name)
        for touchpoint, score in zip(touchpoints, scores, strict=False):
            emotion_rating_save(actor=GUEST,
                                measurement=measurement, touchpoint=touchpoint, participant=person, score=score)
    Note.objects.create(touchpoint=touchpoints[3], participant=person, kind="thorn", text="Wachttijd van 12 minuten")
    return workshop, touchpoints


def test_scoring_on_a_laptop_and_a_phone_with_the_projector(new_page, log_in, facilitator, password, shot):
    workshop, touchpoints = emotions_workshop(facilitator)
    first, fourth, last = touchpoints[0], touchpoints[3], touchpoints[-1]
    room_url = reverse("workshops:room", args=[workshop.pk])

    # --- The facilitator, on a laptop: every touchpoint, grouped by stage --------------------------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(room_url)
    expect(page.locator(".emotion-stage")).to_have_count(4)
    expect(page.locator(".em-tp-card")).to_have_count(len(TOUCHPOINTS))
    for card in page.locator(".em-tp-card").all():
        expect(card).to_be_visible()  # on a laptop, all at once
    expect(page.locator(".pic-curve-marker--current")).to_have_count(6)  # the seventh touchpoint has no score yet
    expect(page.locator("#emotions-progress")).to_contain_text("0")
    shot(page, "step-emotions-01-laptop-before")

    card = page.locator(f"#tp-{first.pk}")
    card.locator(f"label[for=score-{first.pk}-p3]").click()  # one tap saves (htmx, no reload)
    expect(card.locator(".saved-note")).to_contain_text("+3")
    expect(card.locator(f"#score-{first.pk}-p3")).to_be_checked()
    expect(page.locator("#emotions-progress")).to_contain_text("1")
    expect(card.locator(".em-tp-stats")).to_contain_text("3")  # now three scores: Sanne, Joris and me
    me = Participant.objects.get(workshop=workshop, user=facilitator)
    assert EmotionRating.objects.get(participant=me, touchpoint=first).score == 3

    card.locator("input[name=comment]").fill("Mooie beelden, maar wat kost het?")
    with page.expect_response(re.compile(r"/score/$")):
        card.locator(".em-score-form button[type=submit]").click()
    expect(card.locator(".saved-note")).to_be_visible()
    expect(card.locator("input[name=comment]")).to_have_value("Mooie beelden, maar wat kost het?")
    rating = EmotionRating.objects.get(participant=me, touchpoint=first)
    assert (rating.score, rating.comment) == (3, "Mooie beelden, maar wat kost het?")

    # Scoring the last touchpoint adds its point to the curve at once.
    last_card = page.locator(f"#tp-{last.pk}")
    last_card.locator(f"label[for=score-{last.pk}-m2]").click()
    expect(last_card.locator(".saved-note")).to_be_visible()
    expect(page.locator(".pic-curve-marker--current")).to_have_count(7)

    # A rose, then deleting it again; the colleague's thorn has no delete button for me.
    notes = page.locator(f"#notes-{fourth.pk}")
    expect(notes.locator(".em-note--thorn")).to_contain_text("Wachttijd van 12 minuten")
    expect(notes.locator(".em-note--thorn .em-note-delete")).to_have_count(0)
    notes.locator("input[name=text]").fill("Snel antwoord")
    notes.locator("button[type=submit]").click()  # no kind chosen: explained next to the field
    expect(notes.locator(".field-error")).to_be_visible()
    notes.locator(f"label[for=kind-{fourth.pk}-rose]").click()
    notes.locator("input[name=text]").fill("Snel en vriendelijk antwoord")
    notes.locator(".em-note-form button[type=submit]").click()
    expect(notes.locator(".em-note--rose")).to_contain_text("Snel en vriendelijk antwoord")
    expect(notes.locator(".field-error")).to_have_count(0)
    page.locator("#emotions-curve details summary").click()
    shot(page, "step-emotions-02-laptop-scored-with-notes")
    notes.locator(".em-note--rose .em-note-delete button").click()
    expect(notes.locator(".em-note--rose")).to_have_count(0)
    assert list(Note.objects.values_list("text", flat=True)) == ["Wachttijd van 12 minuten"]

    # --- A guest, on a phone: one touchpoint at a time ------------------------------------------------
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    guest.locator("main form button[type=submit]").click()
    expect(guest).to_have_url(re.compile(re.escape(room_url) + "$"))
    expect(guest.locator(".em-tp-card:visible")).to_have_count(1)
    expect(guest.locator(".em-tp-card.is-current h3")).to_contain_text(first.name)
    expect(guest.locator("#emotions-progress")).to_contain_text(f"0 van {len(TOUCHPOINTS)}")
    shot(guest, "step-emotions-03-phone-first")
    guest.locator(f"label[for=score-{first.pk}-m1]").click()
    expect(guest.locator(f"#tp-{first.pk} .saved-note")).to_be_visible()
    expect(guest.locator("#emotions-progress")).to_contain_text(f"1 van {len(TOUCHPOINTS)}")
    guest.locator(".em-tp-card.is-current a[rel=next]").click()
    expect(guest).to_have_url(re.compile(r"\?tp=2#emotions-list$"))
    expect(guest.locator(".em-tp-card:visible")).to_have_count(1)
    expect(guest.locator(".em-tp-card.is-current h3")).to_contain_text(touchpoints[1].name)
    guest.locator(f"label[for=score-{touchpoints[1].pk}-p4]").click()
    expect(guest.locator(f"#tp-{touchpoints[1].pk} .saved-note")).to_be_visible()
    shot(guest, "step-emotions-04-phone-second-scored")
    gerda = Participant.objects.get(workshop=workshop, display_name="Gerda Gast")
    assert dict(EmotionRating.objects.filter(participant=gerda).values_list("touchpoint_id", "score")) == {
        first.pk: -1, touchpoints[1].pk: 4}
    guest.locator(".emotions-curve").scroll_into_view_if_needed()
    shot(guest, "step-emotions-05-phone-curve")

    # --- The projector: the curve and how far everyone is, updated by polling ---------------------------
    projector = new_page()
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".em-projector-curve .pic-curve-marker--current")).to_have_count(7)
    scorers = projector.locator(".em-scorer")
    expect(scorers.filter(has_text="Gerda Gast")).to_contain_text(f"2/{len(TOUCHPOINTS)}")
    expect(scorers.filter(has_text="Sanne")).to_contain_text(f"6/{len(TOUCHPOINTS)}")
    guest.locator(".em-tp-card.is-current a[rel=next]").click()
    guest.locator(f"label[for=score-{touchpoints[2].pk}-p5]").click()
    expect(guest.locator(f"#tp-{touchpoints[2].pk} .saved-note")).to_be_visible()
    expect(scorers.filter(has_text="Gerda Gast")).to_contain_text(f"3/{len(TOUCHPOINTS)}", timeout=8_000)
    shot(projector, "step-emotions-06-projector")

    # --- Closing the workshop: the guest's screen turns read-only; the facilitator still scores ---------
    page.locator(".facilitator-bar form[action$='/open/'] button").click()
    expect(guest.locator(".closed-flag")).to_be_visible(timeout=10_000)
    expect(guest.locator(".emotions-readonly")).to_be_visible()
    expect(guest.locator(".em-score-form")).to_have_count(0)
    expect(guest.locator(".em-tp-card.is-current .em-my-score")).to_contain_text("+5")
    shot(guest, "step-emotions-07-phone-closed")
    expect(page.locator(f"#tp-{first.pk} .em-score-form")).to_be_visible()


def test_a_large_journey_is_scored_stage_by_stage(new_page, log_in, facilitator, password, shot):
    """Over FULL_PAGE_TOUCHPOINTS touchpoints the laptop page shows the stage being scored and a link per
    other stage; the link opens that stage, and scoring there works as anywhere."""
    from journeys.models import Stage
    from journeys.steps.emotions import FULL_PAGE_TOUCHPOINTS

    workshop = workshop_create(team=facilitator.current_team, title="Grote reis", facilitator=facilitator,
                               template="blank")
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.EMOTIONS)
    stages = [Stage.objects.create(journey=workshop.journey, position=index, name=f"Fase {index + 1}")
              for index in range(3)]
    per_stage = FULL_PAGE_TOUCHPOINTS // 3 + 1
    touchpoints = [Touchpoint.objects.create(stage=stage, name=f"Contactmoment {stage.position + 1}.{index + 1}",
                                             position=index)
                   for stage in stages for index in range(per_stage)]
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    expect(page.locator(".em-tp-card")).to_have_count(per_stage)
    expect(page.locator(".emotion-stage-folded")).to_have_count(2)
    shot(page, "step-emotions-05-large-journey-first-stage")
    page.locator(f".emotion-stage-folded[data-stage='{stages[1].pk}'] a").click()
    expect(page.locator(".em-tp-card")).to_have_count(per_stage)
    second = touchpoints[per_stage]
    card = page.locator(f"#tp-{second.pk}")
    expect(card).to_be_visible()
    card.locator(f"label[for=score-{second.pk}-p2]").click()
    expect(card.locator(".saved-note")).to_contain_text("+2")
    expect(page.locator("#emotions-progress")).to_contain_text(f"1 van {len(touchpoints)}")
    assert EmotionRating.objects.get(touchpoint=second).score == 2
    shot(page, "step-emotions-06-large-journey-second-stage")


# --- Scoring quickly with the arrow keys ------------------------------------------------------------------

class ScoreRequests:
    """The score requests a page has in flight, and the choice numbers (``seq``) of those answered (Playwright
    events)."""

    def __init__(self, page):
        self.page, self.open, self.answered = page, 0, set()
        page.on("request", lambda request: self._change(request, +1))
        page.on("requestfinished", lambda request: self._change(request, -1, answered=True))
        page.on("requestfailed", lambda request: self._change(request, -1))

    def _change(self, request, step, answered=False):
        if request.url.endswith("/score/"):
            self.open += step
            if answered:
                self.answered.add(parse_qs(request.post_data or "").get("seq", [""])[0])

    def follow_choices(self):
        """After each page load: note the number the page gives each choice (klantreis.js sets it in its form's
        ``seq`` in a capturing listener registered before this one), as ``window.lastChoice``."""
        self.page.evaluate("""document.addEventListener("change", function (event) {
            var form = event.target.closest && event.target.closest(".em-score-form");
            if (form && event.target.name === "score") window.lastChoice = form.elements.seq.value;
        }, true)""")

    def wait_until_answered(self, timeout_s=15):
        """Until the page's last choice has been answered and no score request is in flight: the positive signal
        that the last answer is on screen — not a quiet moment."""
        deadline = time.monotonic() + timeout_s
        while True:
            last = self.page.evaluate("window.lastChoice || ''")
            if last and not self.open and last in self.answered:
                return
            assert time.monotonic() < deadline, f"choice {last} was never answered ({self.open} in flight)"
            self.page.wait_for_timeout(20)  # lets Playwright deliver the request events


def checked_score(page, touchpoint):
    return int(page.locator(f"#score-{touchpoint.pk} input[name=score]:checked").get_attribute("value"))


def press_quickly(page, touchpoint, presses, rng):
    """Focus the scale of ``touchpoint`` and press the arrow keys ``presses`` times, 0–80 ms apart; return the
    score the person ended on (the radio the last press moved to)."""
    scale = page.locator(f"#score-{touchpoint.pk} input[name=score]")
    checked = page.locator(f"#score-{touchpoint.pk} input[name=score]:checked")
    (checked if checked.count() else scale.nth(5)).focus()
    for _ in range(presses):
        page.keyboard.press(rng.choice(["ArrowRight", "ArrowRight", "ArrowLeft"]))
        page.wait_for_timeout(rng.randint(0, 80))
    return int(page.evaluate("document.activeElement.value"))


@pytest.mark.parametrize("phone", [False, True], ids=["laptop", "phone"])
def test_arrow_keys_pressed_quickly_leave_on_screen_the_score_that_is_stored(new_page, log_in, facilitator,
                                                                             password, shot, phone):
    """Every press sends a score; answers may arrive in any order. After the last answer the screen shows the
    score stored, and that is the last one chosen — never an older one that arrived late."""
    workshop, touchpoints = emotions_workshop(facilitator)
    page = new_page(phone=phone)
    log_in(page, facilitator.email, password)
    room_url = reverse("workshops:room", args=[workshop.pk])
    requests = ScoreRequests(page)
    rng = random.Random(15)
    me = None
    for round_number in range(6):
        index = round_number % (3 if phone else len(touchpoints))
        touchpoint = touchpoints[index]
        page.goto(f"{room_url}?tp={index + 1}")
        requests.follow_choices()
        chosen = press_quickly(page, touchpoint, presses=rng.randint(8, 14), rng=rng)
        requests.wait_until_answered()
        me = me or Participant.objects.get(workshop=workshop, user=facilitator)
        stored = EmotionRating.objects.get(participant=me, touchpoint=touchpoint).score
        assert (checked_score(page, touchpoint), stored) == (chosen, chosen), f"round {round_number + 1}"
        expect(page.locator(f"#score-{touchpoint.pk} .saved-note")).to_contain_text(signed(chosen, 0))
    shot(page, f"step-emotions-08-arrow-keys-{'phone' if phone else 'laptop'}")
