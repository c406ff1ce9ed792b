"""The quarterly review pages of a workshop's journey.

- ``journey_reviews`` (/w/<id>/reviews/): the review cycle (facilitators change it), "Start a review", the
  reviews held so far, the emotion curve with the baseline, the ideal and every review round, and the change
  per touchpoint since the baseline (the latest round that has scores). Reminder emails link here.
- ``review_detail`` (/w/<id>/reviews/<review_id>/): while the review is open, the open improvements to walk
  through (status and comment, htmx), the round's progress and curve (polled), the join code for guests and
  "Finish review"; once finished, a read-only summary.

The scoring itself happens in the workshop room: starting a review puts the room at the emotions step and
opens it (see ``actions.services.reviews``). Access goes through ``workshops.access``: team members see the
pages (viewers too), members and up walk improvements, facilitators and owners change the cycle, start and
finish reviews; people outside the team get 404, guests and anonymous visitors the login page.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeys.selectors import load_picture_data
from workshops import access
from workshops.dates import working_day_on_or_after
from workshops.forms import apply_validation_error, form_saved
from workshops.selectors import workshops_with_journey

from .. import baseline_change
from ..forms.reviews import CycleForm, FinishForm, WalkForm
from ..models import CADENCE_DEFAULT
from ..selectors import reviews as selectors
from ..services import reviews as services

LIVE_POLL_SECONDS = 3


def _workshop(request, workshop_id, needs=access.READ):
    """The workshop with its journey and team, and ``my_role``; 404 outside the team, 403 below ``needs``."""
    return access.get_for_user(workshops_with_journey(), request.user, needs=needs, pk=workshop_id)


def _review(workshop, review_id):
    review = selectors.review_of(workshop.journey, review_id)
    if review is None:
        raise Http404
    return review


def _roles(workshop):
    return {
        "can_run": access.role_allows(workshop.my_role, access.FACILITATE),
        "can_walk": access.role_allows(workshop.my_role, access.CONTRIBUTE),
    }


@dataclass
class Due:
    """When the next review is due, in words: ``kind`` is overdue, today, soon (within 14 days) or later."""

    date: object
    days: int

    @property
    def kind(self):
        if self.days < 0:
            return "overdue"
        if self.days == 0:
            return "today"
        return "soon" if self.days <= 14 else "later"

    @property
    def overdue_days(self):
        return -self.days


def _suggested_next_due(workshop, reviews):
    """Where a journey without a cycle would start: three months after its last review, after the workshop
    closed, or after today — on a working day."""
    if reviews:
        start = reviews[0].held_on
    elif workshop.closed_at:
        start = timezone.localdate(workshop.closed_at)
    else:
        start = timezone.localdate()
    return max(services.next_review_date(start, CADENCE_DEFAULT), working_day_on_or_after(timezone.localdate()))


def _reviews_page(request, workshop, *, cycle_form=None, status=200):
    journey = workshop.journey
    cycle = selectors.review_cycle(journey)
    reviews = selectors.reviews_of(journey)
    data = load_picture_data(journey, for_map=False)
    latest = baseline_change.latest_scored_round(data.reviews)
    today = timezone.localdate()
    if cycle_form is None:
        initial = ({"cadence_months": cycle.cadence_months, "next_due": cycle.next_due} if cycle else
                   {"cadence_months": CADENCE_DEFAULT, "next_due": _suggested_next_due(workshop, reviews)})
        cycle_form = CycleForm(initial=initial)
    context = {
        "workshop": workshop,
        "team": workshop.team,
        "journey": journey,
        "cycle": cycle,
        "due": Due(date=cycle.next_due, days=(cycle.next_due - today).days) if cycle else None,
        "cycle_form": cycle_form,
        "cycle_open": bool(cycle_form.errors) or cycle is None,
        "reviews": reviews,
        "open_review": next((review for review in reviews if review.is_open), None),
        "curve": data.emotion_curve(title=workshop.title, dom_id="reviews-curve"),
        "comparison": (baseline_change.compare_with_baseline(data.stages, data.stats, *latest, baseline=data.baseline)
                       if latest else None),
        "has_touchpoints": any(stage.touchpoints.all() for stage in data.stages),
        **_roles(workshop),
    }
    return render(request, "actions/reviews/journey_reviews.html", context, status=status)


@require_GET
@login_required
def journey_reviews(request, workshop_id):
    return _reviews_page(request, _workshop(request, workshop_id))


@require_POST
@login_required
def review_cycle_update(request, workshop_id):
    workshop = _workshop(request, workshop_id, needs=access.FACILITATE)
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = services.update_cycle(journey=workshop.journey, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved: a review every %(months)s months, the next on %(date)s.") % {
                "months": cycle.cadence_months, "date": formats.date_format(cycle.next_due, "j F Y")})
            return redirect(reverse("actions:journey_reviews", args=[workshop.pk]) + "#cycle")
    return _reviews_page(request, workshop, cycle_form=form, status=400)


@require_POST
@login_required
def review_start(request, workshop_id):
    workshop = _workshop(request, workshop_id, needs=access.FACILITATE)
    try:
        review = services.start_review(workshop=workshop, actor=access.Actor.on_page(request.user, workshop.my_role))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("actions:journey_reviews", workshop_id=workshop.pk)
    messages.success(request, _("The review has started. The workshop room is open at the emotions step: "
                                "share the join code and let everyone score the journey as it is today."))
    return redirect("actions:review_detail", workshop_id=workshop.pk, review_id=review.pk)


# --- One review ---------------------------------------------------------------------------------------

@dataclass
class WalkRow:
    """One improvement on the review page: its form (bound after a refused save), its changes in this review."""

    improvement: object
    form: object
    changes: list = field(default_factory=list)
    saved: bool = False

    @property
    def walked(self):
        return self.improvement.was_walked

    @property
    def last_change(self):
        return self.changes[-1] if self.changes else None


def _walk_rows(review, changes, *, bound=None):
    """The improvements of ``review`` as WalkRows; ``bound`` replaces one row's form (after an error). One query."""
    by_improvement = {}
    for change in changes:
        by_improvement.setdefault(change.improvement_id, []).append(change)
    rows = []
    for improvement in selectors.improvements_of_review(review):
        form = bound if bound is not None and bound.improvement.pk == improvement.pk else None
        rows.append(WalkRow(improvement=improvement, form=form or WalkForm(improvement=improvement),
                            changes=by_improvement.get(improvement.pk, [])))
    return rows


def _round(review, workshop):
    """The curve and the change table of the review's round, and its progress. Nine queries."""
    data = load_picture_data(workshop.journey, for_map=False)
    measurement, round_stats = next(((measurement, stats) for measurement, stats in data.reviews
                                     if measurement.pk == review.measurement_id), (review.measurement, {}))
    comparison = baseline_change.compare_with_baseline(data.stages, data.stats, measurement, round_stats,
                                                 baseline=data.baseline)
    return {
        "curve": data.emotion_curve(title=workshop.title, dom_id="review-curve"),
        "comparison": comparison,
        "progress": selectors.round_progress(review, total=len(comparison.rows)),
    }


def _live_html(request, context):
    html = render_to_string("actions/reviews/partials/live.html", context, request=request)
    return html, hashlib.sha256(html.encode()).hexdigest()[:16]


def _detail_page(request, workshop, review, *, bound=None, finish_form=None, status=200):
    changes = selectors.changes_in_review(review)
    rows = _walk_rows(review, changes, bound=bound)
    context = {
        "workshop": workshop,
        "team": workshop.team,
        "review": review,
        "rows": rows,
        "walked_count": sum(1 for row in rows if row.walked),
        "changes": changes,
        "unchanged": [row.improvement for row in rows if row.walked and not row.changes],
        "finish_form": finish_form or FinishForm(),
        "join_url": request.build_absolute_uri(reverse("workshops:join_code", args=[workshop.join_code])),
        "poll_seconds": LIVE_POLL_SECONDS,
        **_round(review, workshop),
        **_roles(workshop),
    }
    context["live_html"], context["live_fingerprint"] = _live_html(request, context)
    return render(request, "actions/reviews/review_detail.html", context, status=status)


@require_GET
@login_required
def review_detail(request, workshop_id, review_id):
    workshop = _workshop(request, workshop_id)
    return _detail_page(request, workshop, _review(workshop, review_id))


@require_GET
@login_required
def review_live(request, workshop_id, review_id):
    """Polled by the open review's page: its progress and curve again, or 204 while they are unchanged; once
    the review is finished (by anyone) the page reloads into its summary."""
    workshop = _workshop(request, workshop_id)
    review = _review(workshop, review_id)
    if not review.is_open:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"workshop": workshop, "review": review, "poll_seconds": LIVE_POLL_SECONDS, **_round(review, workshop)}
    html, fingerprint = _live_html(request, context)
    if request.GET.get("seen") == fingerprint:
        return HttpResponse(status=204)
    context.update(live_html=html, live_fingerprint=fingerprint)
    return render(request, "actions/reviews/partials/live_wrapper.html", context)


@require_POST
@login_required
def review_walk(request, workshop_id, review_id, improvement_id):
    """Save one improvement's status in the review. htmx gets the row back (errors next to the fields, 200);
    a plain form post is redirected back to the row, or gets the page again with the errors (400)."""
    workshop = _workshop(request, workshop_id, needs=access.CONTRIBUTE)
    review = _review(workshop, review_id)
    improvement = get_object_or_404(selectors.walkable_improvements(workshop.journey), pk=improvement_id)
    form = WalkForm(request.POST, improvement=improvement)
    if form.is_valid():
        try:
            services.walk_improvement(review=review, improvement=improvement, status=form.cleaned_data["status"],
                                      comment=form.cleaned_data["comment"],
                                      actor=access.Actor.on_page(request.user, workshop.my_role))
        except ValidationError as error:
            apply_validation_error(form, error)
    if not request.htmx:
        if form.errors:
            return _detail_page(request, workshop, review, bound=form, status=400)
        messages.success(request, _("Saved: “%(title)s”.") % {"title": improvement.title})
        return redirect(reverse("actions:review_detail", args=[workshop.pk, review.pk]) + f"#walk-{improvement.pk}")
    changes = selectors.changes_in_review(review)
    rows = _walk_rows(review, changes, bound=form if form.errors else None)
    row = next((row for row in rows if row.improvement.pk == improvement.pk), None)
    if row is None:  # e.g. done before this review and not walked in it: nothing to show
        return HttpResponse(status=204)
    row.saved = not form.errors
    context = {"workshop": workshop, "review": review, "row": row, "rows": rows, "oob": True,
               "walked_count": sum(1 for other in rows if other.walked), **_roles(workshop)}
    return render(request, "actions/reviews/partials/walk_row_response.html", context)


@require_POST
@login_required
def review_finish(request, workshop_id, review_id):
    workshop = _workshop(request, workshop_id, needs=access.FACILITATE)
    review = _review(workshop, review_id)
    form = FinishForm(request.POST)
    if form_saved(form, lambda: services.finish_review(review=review,
                                                       notes=form.cleaned_data["notes"])):
        cycle = selectors.review_cycle(workshop.journey)
        messages.success(request, _("The review is finished and the room is closed again. The next review is "
                                    "due on %(date)s.") % {"date": formats.date_format(cycle.next_due, "j F Y")})
        return redirect("actions:review_detail", workshop_id=workshop.pk, review_id=review.pk)
    return _detail_page(request, workshop, review, finish_form=form, status=400)


urlpatterns = [
    path("w/<int:workshop_id>/reviews/", journey_reviews, name="journey_reviews"),
    path("w/<int:workshop_id>/reviews/cycle/", review_cycle_update, name="review_cycle"),
    path("w/<int:workshop_id>/reviews/start/", review_start, name="review_start"),
    path("w/<int:workshop_id>/reviews/<int:review_id>/", review_detail, name="review_detail"),
    path("w/<int:workshop_id>/reviews/<int:review_id>/live/", review_live, name="review_live"),
    path("w/<int:workshop_id>/reviews/<int:review_id>/improvements/<int:improvement_id>/", review_walk,
         name="review_walk"),
    path("w/<int:workshop_id>/reviews/<int:review_id>/finish/", review_finish, name="review_finish"),
]
