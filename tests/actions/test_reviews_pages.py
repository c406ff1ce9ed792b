"""The review pages: the journey's reviews (cycle, start, list, curve with every round, change since the baseline)
and one review (walking improvements with htmx, live progress, finishing, the summary). Who may do what, what is
refused next to its field, and a fixed number of queries for small and large journeys."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from actions.models import Improvement, Review, ReviewCycle, Status, StatusChange
from actions.services import reviews as services
from journeys.models import EmotionRating
from tests.actors import acting
from tests.fixtures import HTMX
from workshops.dates import short_date, working_day_on_or_after
from workshops.models import Participant, Workshop

from .review_data import guest, ran_workshop, score, touchpoints_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def workshop(team, facilitator, member):
    return ran_workshop(team, facilitator, member)


def reviews_url(workshop):
    return reverse("actions:journey_reviews", args=[workshop.pk])


def detail_url(review):
    return reverse("actions:review_detail", args=[review.journey.workshop.pk, review.pk])


def walk_url(review, improvement):
    return reverse("actions:review_walk", args=[review.journey.workshop.pk, review.pk, improvement.pk])


def held_review(workshop, facilitator, scores=(3, 1, -2), finish=True):
    """A review in which a guest scored the touchpoints ``scores`` (and, when finished, the room closed again)."""
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    visitor = guest(workshop, "Gijs Gast")
    for touchpoint, value in zip(touchpoints_of(workshop), scores, strict=False):
        score(visitor, workshop, touchpoint, value)
    if finish:
        services.finish_review(review=review, notes="Bezorging scoort beter")
    return review


# --- The reviews page -----------------------------------------------------------------------------------

def test_the_reviews_page_shows_cycle_rounds_curve_and_change(client, workshop, facilitator, viewer, settings):
    settings.VERDICT_MIN_SCORES = 1  # one guest scores the review; the threshold has tests of its own
    services.update_cycle(journey=workshop.journey, cadence_months=3,
                          next_due=working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=20)))
    review = held_review(workshop, facilitator)
    client.force_login(viewer)
    response = client.get(reviews_url(workshop))
    assert response.status_code == 200
    body = response.content.decode()
    # The cycle: the next date moved on when the review finished.
    next_due = services.next_review_date(review.held_on, 3)
    assert f'datetime="{next_due:%Y-%m-%d}"' in body and "Every 3 months." in body
    # The curve: the baseline, and the review round as a line of its own with a marker per touchpoint.
    assert body.count('pic-curve-marker--review"') == 3
    assert body.count('pic-curve-marker--current"') == 3
    # Change since the baseline, in words as well as colour (the numbers: test_the_change_rows_read_the_means).
    assert [row.direction for row in response.context["comparison"].rows] == ["up", "up", "down"]
    assert body.count('<span class="change change--up"><span aria-hidden="true">▲</span> <strong>') == 2
    assert "<strong>+4.5</strong> better" in body and "<strong>−2.5</strong> worse" in body
    assert "2 touchpoints better" in body
    # The list of reviews, and no forms for a viewer.
    assert "1 person scored" in body and "Bezorging scoort beter" in body
    assert reverse("actions:review_start", args=[workshop.pk]) not in body
    assert reverse("actions:review_cycle", args=[workshop.pk]) not in body


def test_the_change_rows_read_the_means(workshop, facilitator, client, member, settings):
    settings.VERDICT_MIN_SCORES = 1
    held_review(workshop, facilitator)
    client.force_login(member)
    rows = client.get(reviews_url(workshop)).context["comparison"].rows
    # Baseline: Deelnemer 1 scored −2, −1, 0 and Deelnemer 2 −1, 0, +1; the review: +3, +1, −2.
    assert [(row.baseline.mean, row.latest.mean, row.difference) for row in rows] == [
        (-1.5, 3.0, 4.5), (-0.5, 1.0, 1.5), (0.5, -2.0, -2.5)]
    assert [row.word for row in rows] == ["better", "better", "worse"]


def test_a_facilitator_sees_the_forms_and_a_journey_without_a_cycle_is_offered_one(client, workshop, facilitator):
    client.force_login(facilitator)
    response = client.get(reviews_url(workshop))
    body = response.content.decode()
    assert "No review date planned yet" in body and "Plan the reviews" in body
    form = response.context["cycle_form"]
    assert form.initial["cadence_months"] == 3
    assert form.initial["next_due"] == services.next_review_date(timezone.localdate(workshop.closed_at), 3)
    assert reverse("actions:review_start", args=[workshop.pk]) in body
    assert not ReviewCycle.objects.exists(), "looking does not plan anything"


def test_the_offered_date_is_a_working_day(client, workshop, facilitator):
    # Closed on Monday 30 November 2026: three months on is Sunday 28 February 2027, so Monday 1 March is offered.
    Workshop.objects.filter(pk=workshop.pk).update(closed_at=datetime.datetime(2026, 11, 30, 15, tzinfo=datetime.UTC))
    client.force_login(facilitator)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10), tick=False):
        response = client.get(reviews_url(workshop))
    assert response.context["cycle_form"].initial["next_due"] == datetime.date(2027, 3, 1)


def test_a_weekend_date_in_the_cycle_form_is_refused_next_to_the_field(client, workshop, facilitator):
    client.force_login(facilitator)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10), tick=False):
        response = client.post(reverse("actions:review_cycle", args=[workshop.pk]),
                               {"cadence_months": "3", "next_due": "2027-02-28"})
    assert response.status_code == 400
    assert response.context["cycle_form"].errors == {"next_due": [
        "28 February 2027 is Sunday: choose a working day, e.g. Monday 1 March 2027."]}
    assert 'id="id_next_due_error"' in response.content.decode()
    assert not ReviewCycle.objects.exists()


@pytest.mark.parametrize("cadence,next_due,field", [
    ("0", "in a month", "cadence_months"),
    ("25", "in a month", "cadence_months"),
    ("drie", "in a month", "cadence_months"),
    ("", "in a month", "cadence_months"),
    ("3", "2026-13-45", "next_due"),
    ("3", "", "next_due"),
    ("3", "yesterday", "next_due"),
])
def test_the_cycle_form_explains_each_refusal_next_to_its_field(client, workshop, facilitator, cadence, next_due,
                                                               field):
    today = timezone.localdate()
    dates = {"in a month": working_day_on_or_after(today + datetime.timedelta(days=30)),
             "yesterday": today - datetime.timedelta(days=1)}
    client.force_login(facilitator)
    response = client.post(reverse("actions:review_cycle", args=[workshop.pk]),
                           {"cadence_months": cadence, "next_due": dates.get(next_due, next_due)})
    assert response.status_code == 400
    form = response.context["cycle_form"]
    assert set(form.errors) == {field}
    assert f'id="id_{field}_error"' in response.content.decode(), "the message sits next to the field"
    assert not ReviewCycle.objects.exists()


def test_the_cycle_form_saves(client, workshop, facilitator):
    due = working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=45))
    client.force_login(facilitator)
    response = client.post(reverse("actions:review_cycle", args=[workshop.pk]),
                           {"cadence_months": "6", "next_due": due.isoformat()})
    assert response.status_code == 302 and response.url.endswith("#cycle")
    assert ReviewCycle.objects.filter(journey=workshop.journey, cadence_months=6, next_due=due).exists()
    assert "Saved: a review every 6 months" in client.get(response.url).content.decode()


def test_starting_leads_to_the_review_and_a_second_start_is_refused(client, workshop, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("actions:review_start", args=[workshop.pk]))
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == detail_url(review)
    again = client.post(reverse("actions:review_start", args=[workshop.pk]), follow=True)
    assert "already in progress" in again.content.decode()
    assert Review.objects.count() == 1
    page = client.get(reviews_url(workshop)).content.decode()
    assert "Review in progress" in page and detail_url(review) in page


# --- Who may do what ------------------------------------------------------------------------------------

def write_requests(workshop, review, improvement):
    return [
        (reverse("actions:review_cycle", args=[workshop.pk]), {"cadence_months": "3", "next_due": "2030-01-01"}),
        (reverse("actions:review_start", args=[workshop.pk]), {}),
        (walk_url(review, improvement), {"status": Status.DONE}),
        (reverse("actions:review_finish", args=[workshop.pk, review.pk]), {"notes": ""}),
    ]


def test_viewers_read_but_cannot_write(client, workshop, facilitator, viewer):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    improvement = Improvement.objects.filter(journey=workshop.journey, status=Status.PLANNED).first()
    client.force_login(viewer)
    assert client.get(reviews_url(workshop)).status_code == 200
    page = client.get(detail_url(review))
    assert page.status_code == 200 and "walk-form" not in page.content.decode()
    for url, data in write_requests(workshop, review, improvement):
        assert client.post(url, data).status_code == 403, url
    assert Review.objects.get().is_open and not StatusChange.objects.exists() and not ReviewCycle.objects.filter(
        next_due="2030-01-01").exists()


def test_members_walk_but_do_not_start_or_finish(client, workshop, facilitator, member):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    improvement = Improvement.objects.filter(journey=workshop.journey, status=Status.PLANNED).first()
    client.force_login(member)
    cycle, start, walk, finish = write_requests(workshop, review, improvement)
    for url, data in (cycle, start, finish):
        assert client.post(url, data).status_code == 403, url
    assert client.post(*walk).status_code == 302
    assert StatusChange.objects.get().review == review


def test_outsiders_get_404_and_guests_the_login_page(client, workshop, facilitator, outsider):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    improvement = Improvement.objects.filter(journey=workshop.journey).first()
    reads = [reviews_url(workshop), detail_url(review), reverse("actions:review_live", args=[workshop.pk, review.pk])]
    client.force_login(outsider)
    for url in reads:
        assert client.get(url).status_code == 404, url
    for url, data in write_requests(workshop, review, improvement):
        assert client.post(url, data).status_code == 404, url
    visitor = guest(workshop)  # a guest of this very workshop scores in the room, but has no account here
    for url in reads:
        response = visitor.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("workshops:login")), url


def test_a_review_of_another_journey_is_not_found(client, team, workshop, facilitator, member):
    other = ran_workshop(team, facilitator, member, title="Ander traject")
    review = services.start_review(workshop=other, actor=acting(facilitator))
    client.force_login(facilitator)
    assert client.get(reverse("actions:review_detail", args=[workshop.pk, review.pk])).status_code == 404
    foreign = Improvement.objects.filter(journey=other.journey).first()
    mine = services.start_review(workshop=workshop, actor=acting(facilitator))
    assert client.post(walk_url(mine, foreign), {"status": Status.DONE}).status_code == 404


# --- One review: walking, progress, finishing ------------------------------------------------------------

def test_the_open_review_lists_the_open_improvements_and_the_join_code(client, workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    client.force_login(facilitator)
    response = client.get(detail_url(review))
    body = response.content.decode()
    titles = [row.improvement.title for row in response.context["rows"]]
    assert titles == ["Verbetering 1", "Verbetering 2", "Verbetering 3"], "proposed, planned, in progress"
    assert workshop.join_code in body and reverse("workshops:join_qr", args=[workshop.pk]) in body
    assert "0 of 3 walked through" in body and "Nobody has scored in this round yet." in body
    assert reverse("actions:review_live", args=[workshop.pk, review.pk]) in body


def test_walking_with_htmx_returns_the_row_marked_and_the_count(client, workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    item = Improvement.objects.get(journey=workshop.journey, title="Verbetering 3")
    client.force_login(facilitator)
    response = client.post(walk_url(review, item), {"status": Status.DONE, "comment": "Live sinds maart"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="walk-row is-walked is-saved"' in body and "Live sinds maart" in body
    assert 'id="walk-count" hx-swap-oob="true"' in body and "1 of 3 walked through" in body
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.review, change.changed_by) == (
        Status.IN_PROGRESS, Status.DONE, review, facilitator)
    # Done now, and still in the list until the review is finished.
    page = client.get(detail_url(review))
    assert "Verbetering 3" in [row.improvement.title for row in page.context["rows"]]


def test_a_refused_walk_shows_the_message_in_the_row(client, workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    item = Improvement.objects.get(journey=workshop.journey, title="Verbetering 1")  # no owner, no deadline
    client.force_login(facilitator)
    response = client.post(walk_url(review, item), {"status": Status.PLANNED, "comment": ""}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give it an owner and a deadline first" in body and "field-error" in body
    assert 'is-walked' not in body.split('id="walk-count"')[0]
    for data, message in (({"status": "klaar"}, "Choose one of the statuses."),
                          ({"status": Status.DONE, "comment": "x" * 501}, "Keep the comment to 500 characters.")):
        refused = client.post(walk_url(review, item), data, **HTMX).content.decode()
        assert message in refused
    # Without htmx: the page again, with the message at the row (400).
    plain = client.post(walk_url(review, item), {"status": Status.PLANNED})
    assert plain.status_code == 400 and "Give it an owner and a deadline first" in plain.content.decode()
    assert not StatusChange.objects.exists() and not review.walked.exists()
    assert Improvement.objects.get(pk=item.pk).status == Status.PROPOSED


def test_the_live_part_follows_the_scores_and_stays_quiet_while_nothing_changes(client, workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    live = reverse("actions:review_live", args=[workshop.pk, review.pk])
    client.force_login(facilitator)
    seen = client.get(detail_url(review)).context["live_fingerprint"]
    assert client.get(live, {"seen": seen}).status_code == 204
    score(guest(workshop), workshop, touchpoints_of(workshop)[0], 4)
    response = client.get(live, {"seen": seen})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="round-people">1<' in body and "Gerda Gast" in body
    assert body.count('pic-curve-marker--review"') == 1
    services.finish_review(review=review)
    finished = client.get(live, {"seen": seen})
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"


def test_finishing_shows_the_summary(client, workshop, facilitator, member, settings):
    settings.VERDICT_MIN_SCORES = 1
    review = held_review(workshop, facilitator, finish=False)
    walked = Improvement.objects.get(journey=workshop.journey, title="Verbetering 3")
    kept = Improvement.objects.get(journey=workshop.journey, title="Verbetering 2")
    services.walk_improvement(review=review, improvement=walked, status=Status.DONE, comment="Live",
                              actor=acting(member))
    services.walk_improvement(review=review, improvement=kept, status=Status.PLANNED, actor=acting(member))
    client.force_login(facilitator)
    response = client.post(reverse("actions:review_finish", args=[workshop.pk, review.pk]),
                           {"notes": "Beter dan gedacht"})
    assert response.status_code == 302 and response.url == detail_url(review)
    page = client.get(response.url)
    body = page.content.decode()
    assert "The review is finished" in body and "finished" in body
    assert "Beter dan gedacht" in body and "Mo Member" in body and "Live" in body
    assert [improvement.title for improvement in page.context["unchanged"]] == ["Verbetering 2"]
    assert 'data-testid="round-people">1<' in body
    assert "walk-form" not in body and reverse("actions:review_live", args=[workshop.pk, review.pk]) not in body
    assert page.context["comparison"].better == 2


def test_finishing_with_too_long_notes_is_refused_next_to_the_field(client, workshop, facilitator):
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    client.force_login(facilitator)
    response = client.post(reverse("actions:review_finish", args=[workshop.pk, review.pk]), {"notes": "x" * 5001})
    assert response.status_code == 400
    assert 'id="id_notes_error"' in response.content.decode()
    assert Review.objects.get().is_open


# --- Fixed queries --------------------------------------------------------------------------------------

SIZES = {"small": {"touchpoints": 1, "participants": 1, "improvements": 1},
         "large": {"touchpoints": 25, "participants": 30, "improvements": 8}}


def sized(team, facilitator, member, size, *, rounds=1, open_review=True):
    """A workshop of ``size`` with ``rounds`` finished reviews (each scored by every baseline participant, with a
    status change) and an open one that has a score and a walked improvement."""
    workshop = ran_workshop(team, facilitator, member, title=f"Workshop {size}", **SIZES[size])
    people = list(Participant.objects.filter(workshop=workshop))
    touchpoints = touchpoints_of(workshop)
    for number in range(rounds + (1 if open_review else 0)):
        review = services.start_review(workshop=workshop, actor=acting(facilitator))
        EmotionRating.objects.bulk_create(
            EmotionRating(measurement=review.measurement, touchpoint=touchpoint, participant=person, score=1)
            for person in people for touchpoint in touchpoints)
        for item in Improvement.objects.filter(journey=workshop.journey, status__in=Status.open_values()):
            services.walk_improvement(review=review, improvement=item, status=item.status, comment=f"Ronde {number}",
                                      actor=acting(facilitator))
        if number < rounds:
            services.finish_review(review=review)
    return Workshop.objects.get(pk=workshop.pk)


@pytest.mark.parametrize("size", ["small", "large"])
def test_reviews_page_queries_do_not_grow(client, team, facilitator, member, size, django_assert_num_queries):
    workshop = sized(team, facilitator, member, size, rounds=1 if size == "small" else 4)
    client.force_login(facilitator)
    # 1 session, 2 user, 3 workshop with journey, team and my role, 4 the review cycle, 5 the reviews with
    # their counts, 6 stages, 7 touchpoints, 8 the baseline round, 9 its statistics, 10 the ideal's touchpoints,
    # 11 the review rounds, 12 their statistics, 13 the team switcher's teams.
    with django_assert_num_queries(13):
        response = client.get(reviews_url(workshop))
    assert response.status_code == 200


@pytest.mark.parametrize("size", ["small", "large"])
def test_open_review_page_queries_do_not_grow(client, team, facilitator, member, size, django_assert_num_queries):
    workshop = sized(team, facilitator, member, size, rounds=0 if size == "small" else 3)
    review = Review.objects.get(journey=workshop.journey, finished_at__isnull=True)
    url = detail_url(review)
    client.force_login(facilitator)
    # 1 session, 2 user, 3 workshop with journey, team and my role, 4 the review with its round and starter,
    # 5 its status changes with who and what, 6 the improvements to walk with owner and whether walked,
    # 7 stages, 8 touchpoints, 9 baseline round, 10 its statistics, 11 ideal touchpoints, 12 review rounds,
    # 13 their statistics, 14 the round's totals, 15 who scored how much, 16 the team switcher's teams.
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3 * SIZES[size]["improvements"]


@pytest.mark.parametrize("size", ["small", "large"])
def test_finished_review_page_and_live_part_queries_do_not_grow(client, team, facilitator, member, size,
                                                                django_assert_num_queries):
    workshop = sized(team, facilitator, member, size, rounds=1 if size == "small" else 3)
    finished = Review.objects.filter(journey=workshop.journey, finished_at__isnull=False).first()
    current = Review.objects.get(journey=workshop.journey, finished_at__isnull=True)
    url = detail_url(finished)
    client.force_login(facilitator)
    with django_assert_num_queries(16):  # as the open review's page
        assert client.get(url).status_code == 200
    # 1 session, 2 user, 3 workshop, 4 review, 5–11 the curve's data, 12 the round's totals, 13 who scored.
    with django_assert_num_queries(13):
        assert client.get(reverse("actions:review_live", args=[workshop.pk, current.pk])).status_code == 200


# --- Verdicts need enough scores; every mean shows its n; rounds by name and date -----------------------------

def test_one_score_gives_no_verdict_and_no_colour(client, workshop, facilitator, member):
    """The default VERDICT_MIN_SCORES (3): a round scored by one guest against a baseline of two is no trend."""
    held_review(workshop, facilitator, finish=False)
    client.force_login(member)
    response = client.get(reviews_url(workshop))
    body = response.content.decode()
    comparison = response.context["comparison"]
    assert [row.direction for row in comparison.rows] == ["few", "few", "few"]
    assert [str(row.word) for row in comparison.rows] == ["too few scores (n = 1)"] * 3
    assert comparison.better == comparison.worse == 0 and comparison.mean_difference is None
    assert "change--up" not in body and "change--down" not in body and "▲" not in body
    assert "On average" not in body
    assert "too few scores to say better or worse yet. A touchpoint needs at least 3 scores" in body
    assert "<strong>+4.5</strong> too few scores (n = 1)" in body  # the numbers stay, without a verdict


def test_with_enough_scores_in_both_rounds_the_verdict_shows_with_its_basis(client, team, facilitator, member):
    workshop = ran_workshop(team, facilitator, member, participants=3)
    review = services.start_review(workshop=workshop, actor=acting(facilitator))
    first, second, third = touchpoints_of(workshop)
    for name in ("Gijs Gast", "Greet Gast", "Guus Gast"):
        visitor = guest(workshop, name)
        score(visitor, workshop, first, 4)
        score(visitor, workshop, second, -4)
    score(visitor, workshop, third, 0)  # one score only: no verdict for the third
    client.force_login(member)
    body = client.get(reverse("actions:review_detail", args=[workshop.pk, review.pk])).content.decode()
    assert '<span class="change change--up"><span aria-hidden="true">▲</span> <strong>+5</strong> better' in body
    assert '<span class="change change--down"><span aria-hidden="true">▼</span> <strong>−4</strong> worse' in body
    assert "too few scores (n = 1)" in body
    assert "1 touchpoint better" in body and "1 with too few scores to tell" in body
    assert ("On average +0.5 since the baseline</span> over 2 touchpoints with at least 3 scores in both rounds"
            in body)


def test_the_change_table_names_both_rounds_and_shows_each_means_n(client, workshop, facilitator, member,
                                                                   monkeypatch):
    review = held_review(workshop, facilitator)
    baseline = review.journey.measurements.get(kind="baseline")
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "nl")
    client.force_login(member)
    with translation.override("nl"):
        body = client.get(reviews_url(workshop)).content.decode()
        baseline_name = f"Nulmeting (workshop, {short_date(baseline.taken_on)})"
        round_name = f"Review 1 ({short_date(review.held_on)})"
    header = (f'<th scope="col" class="pic-num">{baseline_name}</th>\n'
              f'    <th scope="col" class="pic-num">{round_name}</th>')
    assert header in body, "the change table's columns: each round by its name and date"
    assert f'<a class="review-item-title" href="{detail_url(review)}">{round_name}</a>' in body
    # Each mean with its n: the baseline's two participants, the review's one guest.
    assert '−1,5 <span class="pic-table-n">(n=2)</span>' in body and '+3 <span class="pic-table-n">(n=1)</span>' in body
    assert "te weinig scores (n = 1)" in body
    assert "Nu (workshop)" not in body and "Review of" not in body
