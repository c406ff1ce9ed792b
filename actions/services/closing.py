"""Closing a workshop at its end. It lives with the improvements because that is what it checks and starts:
every planned or started improvement needs an owner and a deadline, the journey's quarterly reviews begin, and
the report (with the action plan) is made."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workshops.models import Workshop
from workshops.queue import enqueue_on_commit

from ..models import Improvement
from ..selectors import describe_missing_for_close, lacking_owner_or_deadline
from ..tasks import prepare_reports
from .reviews import ensure_review_cycle


@transaction.atomic
def workshop_close(*, workshop):
    """Close the workshop at its end: no more contributions, the closing time kept. Refused (a ValidationError
    saying what each one lacks) while a planned or started improvement of its journey has no owner or deadline."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    # Hold the journey's improvements while checking: a change made at the same moment is either seen by
    # the check or waits until the workshop is closed (when only facilitators may still edit).
    list(Improvement.objects.select_for_update().filter(journey_id=locked.journey_id).order_by("pk")
         .values_list("pk", flat=True))
    missing = lacking_owner_or_deadline(locked.journey_id)
    if missing:
        raise ValidationError(describe_missing_for_close(missing))
    closed_at = locked.closed_at or timezone.now()
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False, closed_at=closed_at)
    workshop.is_open, workshop.closed_at = False, closed_at
    # From now on the journey is reviewed every quarter: its first review (and the reminders) 3 months on.
    ensure_review_cycle(locked.journey, start=timezone.localdate(closed_at))
    # The report is what the team downloads next: a worker makes it now (actions.report_files).
    enqueue_on_commit(prepare_reports, workshop.pk)
