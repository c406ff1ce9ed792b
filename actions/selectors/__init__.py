"""Reads of the actions app: the shared ones here, the review pages' in ``reviews`` and the follow-up pages' in
``follow_up``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from ..matrix import MATRIX_HIGH_FROM, Quadrant
from ..models import Improvement, ReminderOptOut, Status


def in_quadrant(which, prefix=""):
    """A filter for improvements in quadrant ``which`` — the same rule as ``matrix.quadrant``."""
    high = MATRIX_HIGH_FROM
    impact, effort = f"{prefix}impact", f"{prefix}effort"
    return {
        Quadrant.QUICK_WIN: Q(**{f"{impact}__gte": high, f"{effort}__lt": high}),
        Quadrant.MAJOR_PROJECT: Q(**{f"{impact}__gte": high, f"{effort}__gte": high}),
        Quadrant.FILL_IN: Q(**{f"{impact}__lt": high, f"{effort}__lt": high}),
        Quadrant.THANKLESS_TASK: Q(**{f"{impact}__lt": high, f"{effort}__gte": high}),
    }[Quadrant(which)]


def lacking_owner_or_deadline(journey):
    """The planned or started improvements of ``journey`` without an owner or a deadline, in the order they
    were proposed: what stands between the facilitator and closing the workshop. One query."""
    return list(
        Improvement.objects.filter(journey=journey, status__in=Status.committed_values())
        .filter(Q(owner__isnull=True) | Q(deadline__isnull=True))
        .order_by("created_at", "pk")
    )


def describe_missing_for_close(improvements):
    """What ``improvements`` lack, as one line: "Missing: owner at “A”, deadline at “B”" ('' if nothing). No query."""
    parts = []
    for improvement in improvements:
        missing = set(improvement.missing_for_plan)
        if missing == {"owner", "deadline"}:
            parts.append(_("owner and deadline at “%(title)s”") % {"title": improvement.title})
        elif "owner" in missing:
            parts.append(_("owner at “%(title)s”") % {"title": improvement.title})
        elif "deadline" in missing:
            parts.append(_("deadline at “%(title)s”") % {"title": improvement.title})
    return _("Missing: %(list)s") % {"list": ", ".join(parts)} if parts else ""


def journey_improvements(journey, *, with_touchpoints=True):
    """The journey's improvements in the order they were proposed, each with its ``gap`` and ``owner``, and
    ``touchpoint_list`` (in journey order) when asked. One query, two with the touchpoints."""
    improvements = list(
        Improvement.objects.filter(journey=journey).select_related("gap", "owner").order_by("created_at", "pk")
    )
    if with_touchpoints:
        by_improvement = {}
        links = (
            Improvement.touchpoints.through.objects.filter(improvement__journey=journey)
            .select_related("touchpoint")
            .order_by("touchpoint__stage__position", "touchpoint__position", "touchpoint_id")
        )
        for link in links:
            by_improvement.setdefault(link.improvement_id, []).append(link.touchpoint)
        for improvement in improvements:
            improvement.touchpoint_list = by_improvement.get(improvement.pk, [])
    return improvements


def improvements_in(journey):
    """``journey``'s improvements, each with its gap and owner: a QuerySet to pick one from
    (get_object_or_404(…, pk=…)), the journey keeping another workshop's out."""
    return Improvement.objects.select_related("gap", "owner").filter(journey=journey)


def reminders_turned_off(user):
    """The kinds of reminder email ``user`` turned off. One query."""
    return set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
