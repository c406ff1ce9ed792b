"""The quarterly review in a browser (Dutch UI): the facilitator starts a review on a laptop, a guest joins with the
code on a phone and scores the journey under the review banner, the facilitator sees the round fill in, walks an
improvement to "done" with a comment and finishes; the reviews page then draws the new review line on the curve
and shows the change since the baseline. Screenshots in var/screenshots/review-*.png (laptop and phone)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Improvement, Review, ReviewCycle, Status, StatusChange
from journeys.models import EmotionRating, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from tests.actors import acting
from workshops.models import Participant, Step, Workshop

TOUCHPOINTS = [  # (stage, name, moment of truth, baseline scores of three people, ideal target)
    (0, "Instagram-advertentie", False, (2, 1, 3), 3),
    (0, "Vergelijkingssite", False, (0, -1, 1), 2),
    (1, "Bestelformulier", True, (-3, -4, -2), 3),
    (2, "Bezorging", True, (-4, -2, -3), 4),
    (2, "Klantenservice bellen", False, (-1, -2, 0), 2),
]
GUEST_SCORES = [3, 1, 1, 2, -2]  # the review round: the order form and the delivery got better, the phone worse


def fits(page, width=390):
    """The page is as wide as the screen: nothing but the pictures and their tables scrolls sideways. (A phone
    widens its layout to fit a too-wide page, so the window's width itself is checked too.)"""
    return page.evaluate(f"window.innerWidth === {width} && document.documentElement.scrollWidth <= {width}")


def reviewed_workshop(facilitator, member):
    workshop = workshop_create(team=facilitator.current_team, title="Sokken bestellen", facilitator=facilitator,
                               template="blank")
    journey = workshop.journey
    stages = [Stage.objects.create(journey=journey, position=i, name=name)
              for i, name in enumerate(("Oriëntatie", "Aankoop", "Levering"))]
    touchpoints = [Touchpoint.objects.create(stage=stages[stage], name=name, position=i, moment_of_truth=mot)
                   for i, (stage, name, mot, _scores, _target) in enumerate(TOUCHPOINTS)]
    baseline = baseline_measurement(journey)
    for person_index, name in enumerate(("Sanne", "Joris", "Ayşe")):
        person = Participant.objects.create(workshop=workshop, display_name=name)
        EmotionRating.objects.bulk_create(
            EmotionRating(measurement=baseline, touchpoint=touchpoint, participant=person,
                          score=TOUCHPOINTS[i][3][person_index]) for i, touchpoint in enumerate(touchpoints))
    ideal = journey_copy(source=journey, title="Ideaal", ideal=True)
    for touchpoint in Touchpoint.objects.filter(stage__journey=ideal):
        touchpoint.target_emotion = next(target for _s, name, _m, _sc, target in TOUCHPOINTS if name == touchpoint.name)
        touchpoint.save(update_fields=["target_emotion"])
    deadline = timezone.localdate() + timedelta(days=21)
    for title, status, owned in (("Track & trace-mail na verzending", Status.IN_PROGRESS, True),
                                 ("Bestelformulier korter maken", Status.PLANNED, True),
                                 ("Terugbelverzoek in de chat", Status.PROPOSED, False)):
        Improvement.objects.create(journey=journey, title=title, status=status, owner=member if owned else None,
                                   deadline=deadline if owned else None)
    ReviewCycle.objects.create(journey=journey, next_due=timezone.localdate())
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IMPROVEMENTS, is_open=False, closed_at=timezone.now())
    return workshop, touchpoints


def test_a_review_round_from_start_to_the_new_line_on_the_curve(new_page, log_in, facilitator, member, password,
                                                                 shot):
    workshop, touchpoints = reviewed_workshop(facilitator, member)
    reviews_url = reverse("actions:journey_reviews", args=[workshop.pk])

    # --- The facilitator opens the reviews from the room and starts one ----------------------------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    page.locator(f".room-meta a[href='{reviews_url}']").click()
    expect(page).to_have_url(re.compile(re.escape(reviews_url) + "$"))
    expect(page.locator(".review-due--today")).to_be_visible()
    expect(page.locator("#curve .pic-curve-marker--review")).to_have_count(0)
    expect(page.locator("[data-testid=rounds-kept]")).to_contain_text("nulmeting")  # said before it happens
    shot(page, "review-01-laptop-reviews-before")
    page.locator("[data-testid=start-review]").click()
    review = Review.objects.get()
    expect(page).to_have_url(re.compile(re.escape(reverse("actions:review_detail",
                                                          args=[workshop.pk, review.pk])) + "$"))
    expect(page.locator(".review-join .join-code")).to_have_text(workshop.join_code)
    expect(page.locator(".walk-row")).to_have_count(3)
    expect(page.locator("[data-testid=round-people]")).to_have_text("0")
    shot(page, "review-02-laptop-review-started")

    # --- A guest joins with the code on a phone and scores the journey as it is today -----------------------
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join"))
    guest.locator("input[name=code]").fill(workshop.join_code)
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    guest.locator("main form button[type=submit]").click()
    expect(guest).to_have_url(re.compile(re.escape(reverse("workshops:room", args=[workshop.pk])) + "$"))
    expect(guest.locator(".review-banner")).to_be_visible()
    expect(guest.locator(".review-banner a")).to_have_count(0)  # the review page is for the team
    expect(guest.locator("#emotions-progress")).to_contain_text(f"0 van {len(TOUCHPOINTS)}")
    shot(guest, "review-03-phone-guest-banner")
    for index, (touchpoint, value) in enumerate(zip(touchpoints, GUEST_SCORES, strict=True)):
        css = f"m{-value}" if value < 0 else f"p{value}"
        guest.locator(f"label[for=score-{touchpoint.pk}-{css}]").click()
        expect(guest.locator(f"#tp-{touchpoint.pk} .saved-note")).to_be_visible()
        if index < len(touchpoints) - 1:
            guest.locator(".em-tp-card.is-current a[rel=next]").click()
            expect(guest.locator(".em-tp-card.is-current h3")).to_contain_text(touchpoints[index + 1].name)
    expect(guest.locator("#emotions-progress")).to_contain_text(str(len(TOUCHPOINTS)))
    shot(guest, "review-04-phone-guest-scored")
    gerda = Participant.objects.get(workshop=workshop, display_name="Gerda Gast")
    assert sorted(EmotionRating.objects.filter(participant=gerda).values_list("measurement_id", "score")) == sorted(
        (review.measurement_id, value) for value in GUEST_SCORES), "every score in the review's round"

    # --- The facilitator sees the round fill in (polled), walks an improvement and finishes ------------------
    expect(page.locator("[data-testid=round-people]")).to_have_text("1", timeout=10_000)
    expect(page.locator("[data-testid=round-touchpoints]")).to_contain_text(f"{len(TOUCHPOINTS)}")
    expect(page.locator("#review-live .pic-curve-marker--review")).to_have_count(len(TOUCHPOINTS))
    tracking = Improvement.objects.get(title="Track & trace-mail na verzending")
    row = page.locator(f"#walk-{tracking.pk}")
    row.locator("select[name=status]").select_option("done")
    row.locator("input[name=comment]").fill("Live sinds maart, vragen over levering gehalveerd")
    row.locator("button[type=submit]").click()
    expect(row).to_have_class(re.compile(r"\bis-walked\b"))
    expect(row.locator(".walk-done")).to_contain_text("Live sinds maart")
    expect(page.locator("#walk-count")).to_contain_text("1")
    # A planned status without an owner is explained inside the row, and nothing changes.
    callback = Improvement.objects.get(title="Terugbelverzoek in de chat")
    other = page.locator(f"#walk-{callback.pk}")
    other.locator("select[name=status]").select_option("planned")
    other.locator("button[type=submit]").click()
    expect(other.locator(".field-error")).to_be_visible()
    assert Improvement.objects.get(pk=callback.pk).status == Status.PROPOSED
    shot(page, "review-05-laptop-walking")
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.review_id, change.changed_by) == (
        Status.IN_PROGRESS, Status.DONE, review.pk, facilitator)

    page.locator("#finish textarea[name=notes]").fill("Levering en bestellen gaan beter; bellen blijft het dieptepunt.")
    page.locator("[data-testid=finish-review]").click()
    expect(page.locator(".review-badge--finished")).to_be_visible()
    expect(page.locator(".review-changes")).to_contain_text("Track & trace-mail na verzending")
    shot(page, "review-06-laptop-review-finished")
    cycle = ReviewCycle.objects.get()
    assert cycle.next_due > timezone.localdate() and not Workshop.objects.get(pk=workshop.pk).is_open

    # The guest's room closes again by itself.
    expect(guest.locator(".review-banner")).to_have_count(0, timeout=10_000)
    expect(guest.locator(".em-score-form")).to_have_count(0)
    expect(guest.locator("[data-testid=baseline-locked]")).to_contain_text("nulmeting")
    assert fits(guest)
    shot(guest, "review-06a-phone-guest-baseline-kept")
    # The room shows the baseline again, read-only for everyone: the reviews compare with it, so not even the
    # facilitator of the closed workshop changes it any more.
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    expect(page.locator("[data-testid=baseline-locked]")).to_contain_text("Sinds de eerste kwartaalreview")
    expect(page.locator(".em-score-form")).to_have_count(0)
    expect(page.locator(".em-note-form").first).to_be_visible()  # notes belong to no round
    shot(page, "review-06b-laptop-room-baseline-kept")

    # --- The reviews page: the new line on the curve, and the change since the baseline -------------------
    page.goto(reviews_url)
    expect(page.locator("#curve .pic-curve-marker--review")).to_have_count(len(TOUCHPOINTS))
    expect(page.locator("#curve .pic-curve-marker--current")).to_have_count(len(TOUCHPOINTS))
    expect(page.locator("#curve .pic-curve-marker--ideal")).to_have_count(len(TOUCHPOINTS))
    table = page.locator("#change .change-table")
    expect(table.locator("tbody tr[data-touchpoint]")).to_have_count(len(TOUCHPOINTS))
    delivery = table.locator(f"tr[data-touchpoint='{touchpoints[3].pk}']")
    # One guest scored the round: the numbers, each with its n, but no verdict and no colour (VERDICT_MIN_SCORES).
    expect(delivery).to_have_attribute("data-direction", "few")
    expect(delivery.locator(".change")).to_have_text("+5 te weinig scores (n = 1)")  # −3 in the baseline, +2 now
    expect(delivery).to_contain_text("−3 (n=3)")
    expect(page.locator("#change .change-summary")).to_contain_text("nog te weinig scores om van beter of slechter")
    expect(page.locator("#change .change--up, #change .change--down")).to_have_count(0)
    expect(table.locator("thead")).to_contain_text(re.compile(r"Nulmeting \(workshop, \d+ \w+\.? \d{4}\)"))
    expect(table.locator("thead")).to_contain_text(re.compile(r"Review 1 \(\d+ \w+\.? \d{4}\)"))
    expect(page.locator(".review-list .review-item")).to_have_count(1)
    assert fits(page, 1280)
    shot(page, "review-07-laptop-reviews-after")

    # --- The same pages on a member's phone ---------------------------------------------------------------
    phone = new_page(phone=True)
    log_in(phone, member.email, password)
    phone.goto(reviews_url)
    expect(phone.locator("#curve .pic-curve-marker--review")).to_have_count(len(TOUCHPOINTS))
    expect(phone.locator("[data-testid=start-review]")).to_have_count(0)
    assert fits(phone), "only the pictures and tables scroll sideways"
    shot(phone, "review-08-phone-reviews")
    phone.goto(reverse("actions:review_detail", args=[workshop.pk, review.pk]))
    expect(phone.locator(".review-changes")).to_be_visible()
    assert fits(phone)
    # On a phone the change table is a card per touchpoint: its change in words without scrolling sideways.
    change = phone.locator(f".change-table tr[data-touchpoint='{touchpoints[3].pk}'] .change")
    expect(change).to_be_visible()
    box = change.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(phone, "review-09-phone-review-summary")


def test_walking_on_a_phone_during_an_open_review(new_page, log_in, facilitator, member, password, shot):
    """A member walks the improvements on a phone while the round is open: the form fits, the row is marked."""
    workshop, touchpoints = reviewed_workshop(facilitator, member)
    from actions.services.reviews import start_review

    review = start_review(workshop=workshop, actor=acting(facilitator))
    phone = new_page(phone=True)
    log_in(phone, member.email, password)
    phone.goto(reverse("actions:review_detail", args=[workshop.pk, review.pk]))
    expect(phone.locator(".walk-row")).to_have_count(3)
    expect(phone.locator("#finish")).to_have_count(0)  # members do not finish reviews
    assert fits(phone)
    shot(phone, "review-10-phone-walk-open")
    form_order = Improvement.objects.get(title="Bestelformulier korter maken")
    row = phone.locator(f"#walk-{form_order.pk}")
    row.locator("input[name=comment]").fill("Nog steeds bezig, eerste versie in juni")
    row.locator("button[type=submit]").click()
    expect(row).to_have_class(re.compile(r"\bis-walked\b"))
    shot(phone, "review-11-phone-walked")
    assert StatusChange.objects.get().comment == "Nog steeds bezig, eerste versie in juni"
