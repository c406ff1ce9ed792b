"""The impact/effort matrix's rule: which quadrant an improvement is in, from its impact and effort."""

from enum import StrEnum

from django.utils.translation import gettext_lazy

MATRIX_HIGH_FROM = 3  # on the 1–5 scales, 3 and above counts as high impact / high effort


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"
    MAJOR_PROJECT = "major_project"
    FILL_IN = "fill_in"
    THANKLESS_TASK = "thankless_task"

    @property
    def label(self):
        """What one item in this quadrant is: "quick win"."""
        return QUADRANT_LABELS[self][0]

    @property
    def heading(self):
        """The quadrant's name on the matrix: "Quick wins"."""
        return QUADRANT_LABELS[self][1]


QUADRANT_LABELS = {
    Quadrant.QUICK_WIN: (gettext_lazy("quick win"), gettext_lazy("Quick wins")),
    Quadrant.MAJOR_PROJECT: (gettext_lazy("major project"), gettext_lazy("Major projects")),
    Quadrant.FILL_IN: (gettext_lazy("fill-in"), gettext_lazy("Fill-ins")),
    Quadrant.THANKLESS_TASK: (gettext_lazy("thankless task"), gettext_lazy("Thankless tasks")),
}


def quadrant(impact, effort):
    """Quick win (high impact, low effort), major project (high, high), fill-in (low, low) or thankless
    task (low impact, high effort); "high" is MATRIX_HIGH_FROM or more on the 1–5 scale."""
    high_impact, high_effort = impact >= MATRIX_HIGH_FROM, effort >= MATRIX_HIGH_FROM
    if high_impact:
        return Quadrant.MAJOR_PROJECT if high_effort else Quadrant.QUICK_WIN
    return Quadrant.THANKLESS_TASK if high_effort else Quadrant.FILL_IN


# The order the board and the report list the quadrants in: the most worth doing first.
QUADRANT_ORDER = (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT, Quadrant.FILL_IN, Quadrant.THANKLESS_TASK)
