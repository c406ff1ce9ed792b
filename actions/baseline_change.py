"""The change since the baseline, per touchpoint, for the quarterly review pages: built from statistics the
selectors already read (``journeys.selectors.emotion_stats`` / ``review_rounds``), so nothing here queries."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from journeys.numbers import round_name, signed

# A difference in means smaller than this reads as "unchanged" (the table shows one decimal).
UNCHANGED_BELOW = 0.05

DIRECTION_WORDS = {
    "up": _("better"),
    "down": _("worse"),
    "same": _("unchanged"),
    "new": _("no baseline score"),
    "none": _("not scored in this round"),
}
DIRECTION_ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "", "none": "", "few": ""}


def verdict_min_scores():
    """How many scores a touchpoint needs in both rounds before its change is called better or worse
    (``settings.VERDICT_MIN_SCORES``, default 3): below that a difference is chance, not a verdict."""
    return settings.VERDICT_MIN_SCORES


@dataclass
class ChangeRow:
    """One touchpoint: its baseline mean, its mean in the compared round and the difference."""

    index: int
    touchpoint: object
    stage: object
    baseline: object  # EmotionStats or None
    latest: object  # EmotionStats or None

    @property
    def difference(self):
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest.mean - self.baseline.mean, 2)

    @property
    def fewest(self):
        """The smaller number of scores of the two rounds (None unless both have scores)."""
        if self.baseline is None or self.latest is None:
            return None
        return min(self.baseline.count, self.latest.count)

    @property
    def direction(self):
        """up, down or same; "few" when either round has fewer than ``verdict_min_scores()`` scores; "new"
        without a baseline score, "none" without a score in this round."""
        if self.latest is None:
            return "none"
        if self.baseline is None:
            return "new"
        if self.fewest < verdict_min_scores():
            return "few"
        if abs(self.difference) < UNCHANGED_BELOW:
            return "same"
        return "up" if self.difference > 0 else "down"

    @property
    def has_verdict(self):
        return self.direction in ("up", "down", "same")

    @property
    def baseline_label(self):
        return signed(self.baseline.mean) if self.baseline else "—"

    @property
    def latest_label(self):
        return signed(self.latest.mean) if self.latest else "—"

    @property
    def difference_label(self):
        if self.direction == "same":
            return "0"
        return signed(self.difference) if self.difference is not None else "—"

    @property
    def word(self):
        if self.direction == "few":
            return _("too few scores (n = %(count)s)") % {"count": self.fewest}
        return DIRECTION_WORDS[self.direction]

    @property
    def arrow(self):
        return DIRECTION_ARROWS[self.direction]


@dataclass
class BaselineComparison:
    """The change-since-the-baseline table for one round (``measurement``), with its counts. Only touchpoints
    with enough scores in both rounds (``verdict_min_scores()``) count as better, worse or unchanged, and only
    they make the mean change; the others show their numbers with "too few scores"."""

    baseline: object  # the baseline Measurement (or None)
    measurement: object
    rows: list

    @property
    def baseline_name(self):
        return round_name(self.baseline) or _("Baseline")

    @property
    def round_name(self):
        return round_name(self.measurement) or _("Review round")

    @property
    def compared(self):
        return [row for row in self.rows if row.difference is not None]

    @property
    def judged(self):
        return [row for row in self.rows if row.has_verdict]

    @property
    def better(self):
        return sum(1 for row in self.rows if row.direction == "up")

    @property
    def worse(self):
        return sum(1 for row in self.rows if row.direction == "down")

    @property
    def unchanged(self):
        return sum(1 for row in self.rows if row.direction == "same")

    @property
    def too_few(self):
        return sum(1 for row in self.rows if row.direction == "few")

    @property
    def min_scores(self):
        return verdict_min_scores()

    @property
    def mean_difference(self):
        judged = self.judged
        return round(sum(row.difference for row in judged) / len(judged), 2) if judged else None

    @property
    def mean_difference_label(self):
        value = self.mean_difference
        return signed(value) if value is not None else "—"

    @property
    def mean_direction(self):
        value = self.mean_difference
        if value is None:
            return "none"
        if abs(value) < UNCHANGED_BELOW:
            return "same"
        return "up" if value > 0 else "down"

    @property
    def mean_basis(self):
        """What the mean change rests on, in words: "over 4 touchpoints with at least 3 scores in both rounds"."""
        count = len(self.judged)
        return ngettext("over %(count)s touchpoint with at least %(min)s scores in both rounds",
                        "over %(count)s touchpoints with at least %(min)s scores in both rounds", count) % {
            "count": count, "min": self.min_scores}


def compare_with_baseline(stages, baseline_stats, measurement, round_stats, *, baseline=None):
    """The rows of the change table for the current touchpoints of ``stages`` (already loaded). No query.
    ``baseline``: the baseline Measurement, for its name."""
    pairs = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]
    rows = [
        ChangeRow(index=index, touchpoint=touchpoint, stage=stage, baseline=baseline_stats.get(touchpoint.pk),
                  latest=round_stats.get(touchpoint.pk))
        for index, (stage, touchpoint) in enumerate(pairs, start=1)
    ]
    return BaselineComparison(baseline=baseline, measurement=measurement, rows=rows)


def latest_scored_round(rounds):
    """The newest (Measurement, stats) of ``rounds`` (oldest first) that has any score, or None."""
    return next(((measurement, stats) for measurement, stats in reversed(rounds) if stats), None)
