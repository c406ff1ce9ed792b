"""How scores read on screen and paper: signed numbers in the active language, the score colours, and
the labels of a touchpoint's statistics. Shared by the steps, the pictures and the report."""

from functools import lru_cache

from django.utils import formats, translation
from django.utils.translation import gettext as _

from workshops.dates import short_date

from .models import SCORE_MAX, SCORE_MIN, MeasurementKind

# ColorBrewer's RdYlGn, from −5 to +5: a diverging scale that stays distinct for most colour-blind eyes.
SCORE_COLOURS = ["#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#ffffbf",
                 "#d9ef8b", "#a6d96a", "#66bd63", "#1a9850", "#006837"]


def decimal(value, places=1):
    """``value`` rounded to ``places`` in the active language (number_format alone would cut, not round)."""
    return formats.number_format(round(value, places), places)


def signed(value, places=1):
    """+1,4 / −2,3 / 0 in the active language, with a real minus sign; whole numbers without decimals."""
    if value is None:
        return "—"
    return _signed(round(value, places), places, translation.get_language())


@lru_cache(maxsize=4096)
def _signed(value, places, language):
    """Remembered per language: a large map labels thousands of scores with a few hundred different values, and
    Django's number formatting costs about 6 µs a call."""
    if value == 0:
        return "0"
    text = decimal(abs(value), 0 if value == int(value) else places)
    return ("+" if value > 0 else "−") + text


def score_colour(value):
    index = max(SCORE_MIN, min(SCORE_MAX, round(value))) - SCORE_MIN
    return SCORE_COLOURS[index]


class StatsLabels:
    """The room's numbers for one touchpoint as shown (``self.stats``: EmotionStats or None)."""

    @property
    def mean_label(self):
        return signed(self.stats.mean) if self.stats else "—"

    @property
    def min_label(self):
        return signed(self.stats.minimum, 0) if self.stats else "—"

    @property
    def max_label(self):
        return signed(self.stats.maximum, 0) if self.stats else "—"

    @property
    def stdev_label(self):
        return decimal(self.stats.stdev) if self.stats else "—"


def round_name(measurement, number=None):
    """How a measurement round is called wherever it appears (curve legend, tables, review pages, PDF):
    "Nulmeting (workshop, 12 mrt. 2026)", "Review 2 (14 jun. 2026)" — or a label given through the API,
    "Q3-review (14 jun. 2026)". ``number``: the review's place among the journey's review rounds, by date;
    by default the ``round_number`` a selector annotated (``selectors.review_number``). None gives ""."""
    if measurement is None:
        return ""
    date = short_date(measurement.taken_on)
    if measurement.kind == MeasurementKind.BASELINE:
        return _("Baseline (workshop, %(date)s)") % {"date": date}
    number = number or getattr(measurement, "round_number", None)
    name = measurement.label or (_("Review %(number)s") % {"number": number} if number else _("Review"))
    return _("%(round)s (%(date)s)") % {"round": name, "date": date}
