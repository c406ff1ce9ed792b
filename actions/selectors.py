"""Shared reads of the actions app."""

from django.db.models import Q

from journeys.pictures import MATRIX_HIGH_FROM, Quadrant


def in_quadrant(which, prefix=""):
    """A filter for improvements in quadrant ``which`` — the same rule as ``journeys.pictures.quadrant``."""
    high = MATRIX_HIGH_FROM
    impact, effort = f"{prefix}impact", f"{prefix}effort"
    return {
        Quadrant.QUICK_WIN: Q(**{f"{impact}__gte": high, f"{effort}__lt": high}),
        Quadrant.MAJOR_PROJECT: Q(**{f"{impact}__gte": high, f"{effort}__gte": high}),
        Quadrant.FILL_IN: Q(**{f"{impact}__lt": high, f"{effort}__lt": high}),
        Quadrant.THANKLESS_TASK: Q(**{f"{impact}__lt": high, f"{effort}__gte": high}),
    }[Quadrant(which)]
