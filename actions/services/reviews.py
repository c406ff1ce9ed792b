"""Writes of the quarterly review.

Every journey has a review cycle: every ``cadence_months`` months (default 3, 1–24) a review is due on
``next_due``. A review is held in the journey's workshop room, so people take part as in the workshop —
members with their account, guests with the join code:

1. ``start_review`` (a facilitator) opens a new measurement round (``Measurement`` of kind "review") and a
   ``Review`` for it, and puts the room into review mode: the emotions step, open for contributions.
   While the review is open, every score given in the room lands in the review's round, not in the
   baseline (``journeys.selectors.room_rounds``). At most one review per journey is open (a
   database constraint; the workshop row is locked first, so two facilitators starting at once get one
   review and one clear refusal).
2. ``walk_improvement`` (members and up) goes through the open improvements one by one: a new status
   and a comment land in the improvement's history tied to the review (``change_status(review=…)``);
   "still the same" is a valid answer too. Either way the improvement counts as walked through.
3. ``finish_review`` (a facilitator) closes the review: the next review date moves on to the day it was
   held plus the cadence (the first working day from then on), and the room closes for contributions again.
   No round takes scores until the next review starts — the baseline neither: every review compares with it
   as it was (``journeys.selectors.room_rounds``).

Dates are in the project's time zone (``timezone.localdate``); months are added month-end safe
(30 November + 3 months = 28 February, or 29 in a leap year). Every review date the app plans, and every one a
facilitator sets, is a working day (``workshops.dates``: Monday–Friday, no public holiday): 3 months after a
review held on Thursday 14 May is Friday 14 August, after Friday 14 March it is Saturday 14 June, so Monday 16 June.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from journeys.models import Measurement, MeasurementKind, Touchpoint
from workshops.dates import holiday_name, is_working_day, working_day_on_or_after
from workshops.limits import COMMENT_MAX, TEXT_MAX
from workshops.models import Step, Workshop

from ..models import CADENCE_DEFAULT, CADENCE_MAX, CADENCE_MIN, Improvement, Review, ReviewCycle, Status
from .plan import missing_for_plan_message
from .status import change_status

NEXT_DUE_MAX_YEARS = 5


def add_months(day, months):
    """``day`` plus ``months`` calendar months, on the same day of the month or the month's last day."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_date(start, months):
    """The first working day on or after ``start`` plus ``months`` months."""
    return working_day_on_or_after(add_months(start, months))


def default_next_due(start=None):
    return next_review_date(start or timezone.localdate(), CADENCE_DEFAULT)


def _not_a_working_day(day):
    """Why ``day`` is no day for a review, with the working day after it."""
    reason = holiday_name(day) or formats.date_format(day, "l")
    return _("%(date)s is %(reason)s: choose a working day, e.g. %(suggestion)s.") % {
        "date": formats.date_format(day, "j F Y"), "reason": reason,
        "suggestion": formats.date_format(working_day_on_or_after(day), "l j F Y")}


def ensure_review_cycle(journey, *, start=None):
    """The journey's review cycle, created when it has none: every 3 months, the first review due
    3 months after ``start`` (default today). Safe to call twice at once (get_or_create on the one-to-one)."""
    cycle, _created = ReviewCycle.objects.get_or_create(journey=journey,
                                                        defaults={"next_due": default_next_due(start)})
    return cycle


def _locked_cycle(journey_id, *, start):
    ReviewCycle.objects.get_or_create(journey_id=journey_id, defaults={"next_due": default_next_due(start)})
    return ReviewCycle.objects.select_for_update().get(journey_id=journey_id)


@transaction.atomic
def update_cycle(*, journey, cadence_months, next_due, today=None):
    """Set how often ``journey`` is reviewed and when the next review is due (creating the cycle when it
    has none). ``cadence_months``: a whole number from 1 to 24; ``next_due``: today or later, within five
    years, a working day (unless it is the date the cycle already has). Raises ValidationError naming the field."""
    today = today or timezone.localdate()
    errors = {}
    if isinstance(cadence_months, bool) or not isinstance(cadence_months, int) or not (
            CADENCE_MIN <= cadence_months <= CADENCE_MAX):
        errors["cadence_months"] = _("Choose a whole number of months from %(min)d to %(max)d.") % {
            "min": CADENCE_MIN, "max": CADENCE_MAX}
    if not isinstance(next_due, datetime.date):
        errors["next_due"] = _("Enter a date, e.g. 2026-03-31.")
    elif next_due < today:
        errors["next_due"] = _("This date has passed. Choose today or a later date.")
    elif next_due > add_months(today, 12 * NEXT_DUE_MAX_YEARS):
        errors["next_due"] = _("Choose a date within the next %(years)d years.") % {"years": NEXT_DUE_MAX_YEARS}
    elif not is_working_day(next_due) and not ReviewCycle.objects.filter(journey=journey, next_due=next_due).exists():
        errors["next_due"] = _not_a_working_day(next_due)
    if errors:
        raise ValidationError(errors)
    cycle = _locked_cycle(journey.pk, start=today)
    cycle.cadence_months, cycle.next_due = cadence_months, next_due
    cycle.save(update_fields=["cadence_months", "next_due"])
    return cycle


@transaction.atomic
def start_review(*, workshop, actor):
    """Start a review of ``workshop``'s journey (a facilitator's action; the view checks the role).

    In one transaction: the review's measurement round (kind "review", taken today), the Review, the
    review cycle if the journey had none, and the room in review mode — at the emotions step, open for
    contributions, no countdown — so everyone who opens the room (members, and guests who join with the
    join code) scores into the review's round. The workshop's closing date, if it has one, stays.
    Refused (ValidationError) while another review of the journey is open, or when the journey has no
    touchpoints to score."""
    locked = Workshop.objects.select_for_update().select_related("journey").get(pk=workshop.pk)
    journey = locked.journey
    if Review.objects.filter(journey=journey, finished_at__isnull=True).exists():
        raise ValidationError(_("A review of this journey is already in progress. Finish it first."))
    if not Touchpoint.objects.filter(stage__journey=journey).exists():
        raise ValidationError(_("This journey has no touchpoints to score yet."))
    today = timezone.localdate()
    ensure_review_cycle(journey, start=today)
    # No label: every page names the round by its number and date in the reader's language (numbers.round_name).
    measurement = Measurement.objects.create(journey=journey, kind=MeasurementKind.REVIEW, taken_on=today)
    try:
        with transaction.atomic():
            review = Review.objects.create(journey=journey, measurement=measurement, held_on=today,
                                           started_by=actor.user)
    except IntegrityError:  # the one-open-review constraint: someone else's review got in first
        raise ValidationError(_("A review of this journey is already in progress. Finish it first.")) from None
    changes = {"step": Step.EMOTIONS, "is_open": True, "step_ends_at": None}
    Workshop.objects.filter(pk=locked.pk).update(**changes)
    for name, value in changes.items():
        setattr(workshop, name, value)
    return review


def _locked_open_review(review):
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if not locked.is_open:
        raise ValidationError(_("This review is finished; it can no longer be changed."))
    return locked


@transaction.atomic
def walk_improvement(*, review, improvement, status, comment="", actor=None):
    """Go through one improvement in an open review: move it to ``status`` (or keep the one it has) with an
    optional ``comment``; the step is kept in its history tied to this review. The improvement counts as
    walked through either way. Planned and in progress need an owner and a deadline, as everywhere.

    Returns the StatusChange, or None when the status stayed the same without a comment."""
    locked_review = _locked_open_review(review)
    if improvement.journey_id != locked_review.journey_id:
        raise ValidationError({"status": _("This improvement belongs to another journey.")})
    comment = (comment or "").strip()
    errors = {}
    if status not in Status.values:
        errors["status"] = _("Choose one of the statuses.")
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Keep the comment to %(max)d characters.") % {"max": COMMENT_MAX}
    if errors:
        raise ValidationError(errors)
    locked = Improvement.objects.select_for_update().get(pk=improvement.pk)
    if status in Status.committed_values() and status != locked.status:
        missing = [name for name, value in (("owner", locked.owner_id), ("deadline", locked.deadline)) if not value]
        if missing:
            raise ValidationError({"status": missing_for_plan_message(missing)})
    change = change_status(improvement=locked, status=status, actor=actor, comment=comment,
                           review=locked_review)
    locked_review.walked.add(locked)
    improvement.status = locked.status
    return change


@transaction.atomic
def finish_review(*, review, notes=""):
    """Finish an open review (a facilitator's action; the view checks the role):
    its notes are saved, the next review is due ``cadence_months`` after the day it was held, and the
    workshop room closes for contributions (its closing date, if any, stays)."""
    notes = (notes or "").strip()
    if len(notes) > TEXT_MAX:
        raise ValidationError({"notes": _("Keep the notes to %(max)d characters.") % {"max": TEXT_MAX}})
    locked = _locked_open_review(review)
    locked.finished_at = timezone.now()
    locked.notes = notes
    locked.save(update_fields=["finished_at", "notes"])
    cycle = _locked_cycle(locked.journey_id, start=locked.held_on)
    cycle.next_due = next_review_date(locked.held_on, cycle.cadence_months)
    cycle.save(update_fields=["next_due"])
    Workshop.objects.filter(journey_id=locked.journey_id).update(is_open=False)
    review.finished_at, review.notes = locked.finished_at, locked.notes
    return locked
