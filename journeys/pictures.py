"""The pictures — journey map, emotion curve, impact/effort matrix — drawn as SVG on the server.

One renderer for every medium: the map page and its downloads now, the PDF report later. Everything here is
geometry on data the caller has already loaded (no SQL in this module): ``journey_map``, ``emotion_curve``
and ``impact_effort_matrix`` return frozen dataclasses holding every coordinate and text; ``render`` and
``render_table`` (at the end) write one as SVG and as an HTML table, drawing only what is computed here.

Coordinates are strings with a decimal point (``_n``), so the SVG is the same in every language. Text is
wrapped by its width in DejaVu Sans (the advance widths are tabled below: no font is needed on the server),
the widest of the fonts the SVG names, so it fits whichever of them the viewer has. Wherever a text was cut,
its full version is in a <title> tooltip and in the HTML table that goes with every picture.

Every series of the curve differs by colour (the Okabe–Ito palette, safe for colour-blind eyes) AND by
dash pattern and marker shape, so it also reads in black and white.
"""

import math
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import SCORE_MAX, SCORE_MIN, Channel, EvidenceKind, Lane
from .numbers import StatsLabels, round_name, score_colour, signed
from .svg import esc, glyph, trans, tspans

FONT_FAMILY = "DejaVu Sans, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
# Advance widths of DejaVu Sans (regular and bold), in thousandths of the font size. It is the widest of the
# fonts named in FONT_FAMILY, so text measured with it fits in the narrower ones too. Other characters count
# as UNKNOWN_WIDTH.
MEASURED = (' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'
            'áàäâéèëêíïìóòöôúùüûçñÁÉÖÜ…–—‘’“”−★€')
REGULAR_WIDTHS = dict(zip(MEASURED, (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656,
    557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613,
    635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818,
    592, 592, 525, 636, 337, 636, 838, 613, 613, 613, 613, 615, 615, 615, 615, 278, 278, 278, 612, 612, 612, 612,
    634, 634, 634, 634, 550, 634, 684, 632, 787, 732, 1000, 500, 1000, 318, 318, 518, 518, 838, 896, 636,
), strict=True))
BOLD_WIDTHS = dict(zip(MEASURED, (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
    637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
    716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
    645, 652, 582, 712, 365, 712, 838, 675, 675, 675, 675, 678, 678, 678, 678, 343, 343, 343, 687, 687, 687, 687,
    712, 712, 712, 712, 593, 712, 774, 683, 850, 812, 1000, 500, 1000, 380, 380, 657, 657, 838, 896, 696,
), strict=True))
UNKNOWN_WIDTH = 1000  # CJK, emoji, rare symbols: a full em, to be safe
NARROWEST = min(*REGULAR_WIDTHS.values(), *BOLD_WIDTHS.values())  # at most 1000 / NARROWEST characters an em
WIDTH_MARGIN = 1.03  # rounding and hinting


def _n(value):
    """A coordinate as SVG wants it, whatever the language (never a decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_width(text, size, *, bold=False):
    """The width, in px, of ``text`` at ``size`` px in DejaVu Sans (see REGULAR_WIDTHS)."""
    widths = BOLD_WIDTHS if bold else REGULAR_WIDTHS
    return sum(widths.get(char, UNKNOWN_WIDTH) for char in text) * size / 1000 * WIDTH_MARGIN


def _split_point(piece, limit, measure):
    """Where a hyphen of our own splits ``piece``: the most characters (at least one) that fit ``limit`` with
    the hyphen, or None when the whole piece fits. Only prefixes are measured, doubling then halving their
    length: a piece may be one unbroken word of thousands of characters, and measuring it whole at every split
    made wrapping it take seconds (cubic in its length)."""
    if len(piece) < 2:
        return None

    def fits(length):
        return measure(piece[:length] + "-") <= limit

    fitting, tried = 0, 1  # ``fitting`` fits (or is 0); the loop stops at a ``tried`` that does not, or the end
    while tried < len(piece) and fits(tried):
        fitting, tried = tried, min(2 * tried, len(piece))
    # The whole piece may fit without a hyphen where a shorter head with one does not ("txi", not "tx-"); a piece
    # twice as long as a head that did not fit cannot (every character is wider than half a hyphen).
    head = piece[:2 * tried + 2]
    if measure(head) <= limit and (len(head) == len(piece) or measure(piece) <= limit):
        return None
    while tried - fitting > 1:
        middle = (fitting + tried) // 2
        fitting, tried = (middle, tried) if fits(middle) else (fitting, middle)
    return max(fitting, 1)


def _tokens(text, limit, measure):
    """(piece, space before it) for greedy wrapping: words, split after their hyphens, and a piece longer than
    a line split with a hyphen of our own. Lazy: ``wrap`` stops asking once its lines are full."""
    for word in text.split(" "):
        for position, piece in enumerate(re.findall(r"[^-]+-*|-+", word)):
            while (cut := _split_point(piece, limit, measure)) is not None:
                yield piece[:cut] + "-", position == 0
                piece, position = piece[cut:], 1
            yield piece, position == 0


def _with_ellipsis(line, limit, measure):
    line = line.rstrip("-.,;: ")
    while line and measure(line + "…") > limit:
        line = line[:-1].rstrip()
    return line + "…"


def wrap(text, limit, max_lines, *, measure=len):
    """``text`` in at most ``max_lines`` lines no longer than ``limit``; returns (lines, cut).

    ``measure`` gives a line's length: characters by default, or e.g. pixels (see ``fit``). Lines break between
    words and after hyphens; a word longer than a line is split with a hyphen. Where text had to be left out,
    the last line ends in "…".
    """
    text = " ".join(str(text or "").split())
    if not text or max_lines < 1:
        return (), bool(text)
    lines, line = [], ""
    for piece, spaced in _tokens(text, limit, measure):
        candidate = line + (" " if spaced and line else "") + piece
        if line and measure(candidate) > limit:
            lines.append(line)
            if len(lines) == max_lines:
                break  # ``piece`` and whatever follows it are left out
            line = piece
        else:
            line = candidate
    else:
        lines.append(line)
        return tuple(lines), False
    lines[-1] = _with_ellipsis(lines[-1], limit, measure)
    return tuple(lines), True


def fit(text, width, size, max_lines, *, bold=False, keep=""):
    """``text`` wrapped into lines of at most ``width`` px at ``size`` px; returns (lines, cut).

    ``keep``: words that end the text and always show (a stage's part, "(1/2)"): where the whole does not
    fit, the text is shortened before them ("Bestellen en bet… (1/2)")."""
    text = " ".join(str(text or "").split())
    if not keep:
        return _fit(_shown_part(text, width, size, max_lines), width, size, max_lines, bold)
    lines, cut = _fit(f"{text} {keep}", width, size, max_lines, bold)
    if not cut:
        return lines, cut
    kept, longer = 0, len(text)  # the most characters of ``text`` that fit before "… (1/2)"
    while kept < longer:
        tried = (kept + longer + 1) // 2
        if _fit(f"{text[:tried].rstrip()}… {keep}", width, size, max_lines, bold)[1]:
            longer = tried - 1
        else:
            kept = tried
    return _fit(f"{text[:kept].rstrip()}… {keep}", width, size, max_lines, bold)[0], True


def _shown_part(text, width, size, max_lines):
    """As much of ``text`` as ``max_lines`` lines of ``width`` px could ever show at ``size`` px, and one line
    more (so the lines come out the same as for the whole text, and cut): a long text's tail can only be cut,
    and wrapping or remembering it all costs time and memory for nothing."""
    per_line = width * 1000 / (NARROWEST * size) + 1
    shown = int((max_lines + 1) * per_line) + max_lines + 2
    return text if len(text) <= shown else text[:shown]


@lru_cache(maxsize=8192)
def _fit(text, width, size, max_lines, bold):
    """Remembered: a map repeats its names, channels and labels in every picture and on every refresh."""
    return wrap(text, width, max_lines, measure=lambda line: text_width(line, size, bold=bold))


def truncate(text, width, size, *, bold=False, keep=""):
    """One line of at most ``width`` px; returns (text, cut)."""
    lines, cut = fit(text, width, size, 1, bold=bold, keep=keep)
    return (lines[0] if lines else ""), cut


@dataclass(frozen=True)
class TextBlock:
    """Lines of text at (x, y) each; ``full`` is the whole text, for a tooltip when ``cut``."""

    x: str
    lines: tuple  # ((y, text), …)
    full: str
    cut: bool

    @property
    def empty(self):
        return not self.lines


def text_block(text, *, x, y, width, size, line_height, max_lines, bold=False, keep=""):
    """``text`` wrapped into ``width`` px, its first baseline at ``y``; ``keep`` as for ``fit``."""
    lines, cut = fit(text, width, size, max_lines, bold=bold, keep=keep)
    full = " ".join(f"{text or ''} {keep}".split())
    return TextBlock(x=_n(x), lines=tuple((_n(y + index * line_height), line) for index, line in enumerate(lines)),
                     full=full, cut=cut)


@dataclass(frozen=True)
class Backdrop:
    """A white patch behind a label that sits on lines (the emotion lane's scores, the live curve's counts),
    so the lines do not run through its figures. A patch, not a halo stroke with ``paint-order``: WeasyPrint
    ignores ``paint-order`` and strokes the white over the glyphs, leaving white on white in the PDF."""

    x: str
    y: str
    width: str
    height: str


def backdrop(text, *, x, y, size, bold=False, anchor="start"):
    """The Backdrop of ``text`` written at (x, y) (its baseline) in DejaVu Sans at ``size`` px."""
    width = text_width(text, size, bold=bold) + 4
    left = {"start": x - 2, "middle": x - width / 2, "end": x - width + 2}[anchor]
    return Backdrop(x=_n(left), y=_n(y - size * 0.82), width=_n(width), height=_n(size * 1.1))


def _backdrop_svg(patch):
    return (f'<rect x="{patch.x}" y="{patch.y}" width="{patch.width}" height="{patch.height}" rx="2" '
            f'fill="#ffffff" fill-opacity="0.85"/>')


def _run_paths(points):
    """'M x y L …' subpaths through consecutive points; None breaks the line (no value there)."""
    runs, current = [], []
    for point in points:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return " ".join("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in run) for run in runs if len(run) > 1)


# --- Glyphs: small icons drawn on a 16 × 16 grid (stroked, no fill), no icon font, no external file ------

ICONS = {
    Channel.WEBSITE: '<rect x="1.5" y="2.5" width="13" height="11" rx="1.5"/><path d="M1.5 5.5h13"/>'
                     '<path d="M3.5 4h.01M5.5 4h.01"/>',
    Channel.APP: '<rect x="4" y="1" width="8" height="14" rx="1.6"/><path d="M7 12.6h2"/>'
                 '<path d="M6.2 4.2h1.3v1.3H6.2zM8.5 4.2h1.3v1.3H8.5zM6.2 6.9h1.3v1.3H6.2zM8.5 6.9h1.3v1.3H8.5z"/>',
    Channel.EMAIL: '<rect x="1.5" y="3.5" width="13" height="9" rx="1"/><path d="M2 4l6 4.8L14 4"/>',
    Channel.PHONE: '<path d="M4.6 1.8l2 2.6-1.3 1.7a8.6 8.6 0 0 0 4.6 4.6l1.7-1.3 2.6 2-1 2a1.8 1.8 0 0 1-2 .8'
                   'A12.4 12.4 0 0 1 2.6 5.6a1.8 1.8 0 0 1 .8-2z"/>',
    Channel.CHAT: '<path d="M2 3.6A1.6 1.6 0 0 1 3.6 2h8.8A1.6 1.6 0 0 1 14 3.6v6A1.6 1.6 0 0 1 12.4 11.2H7.2'
                  'L4 14v-2.8h-.4A1.6 1.6 0 0 1 2 9.6z"/><path d="M5.4 6.6h.01M8 6.6h.01M10.6 6.6h.01"/>',
    Channel.SOCIAL: '<circle cx="4" cy="8" r="2"/><circle cx="12" cy="3.5" r="2"/><circle cx="12" cy="12.5" r="2"/>'
                    '<path d="M5.8 7l4.4-2.5M5.8 9l4.4 2.5"/>',
    Channel.SEARCH: '<circle cx="6.7" cy="6.7" r="4.7"/><path d="M10.2 10.2l4.3 4.3"/>',
    Channel.ADVERTISING: '<path d="M2 6.4v3.2h2.6L11 13.2V2.8L4.6 6.4z"/><path d="M4.8 9.8l1 4.4h2l-.9-3.8"/>'
                         '<path d="M13.4 6v4"/>',
    Channel.LETTER: '<path d="M2 4.8L8 2l6 2.8v6.6L8 14.4l-6-3z"/><path d="M2 4.8l6 3 6-3M8 7.8v6.6"/>',
    Channel.STORE: '<path d="M2.5 7v7h11V7"/><path d="M1.5 7L3 2h10l1.5 5z"/><path d="M6.5 14v-4h3v4"/>',
    Channel.IN_PERSON: '<circle cx="8" cy="4.6" r="2.8"/><path d="M2.8 14.6c0-3 2.3-5.2 5.2-5.2s5.2 2.2 5.2 5.2"/>',
    Channel.OTHER: '<circle cx="8" cy="8" r="6.3"/><path d="M5 8h.01M8 8h.01M11 8h.01"/>',
    "thorn": '<path d="M9.5 1.2L3.2 9h4.3l-1.2 5.8L12.8 6.8H8.4z"/>',  # a bolt: what hurts
    "figure": '<path d="M1.5 14.5h13"/><path d="M4 12V8.5M8 12V3.5M12 12V6.5"/>',
    "quote": '<path d="M2 3.5h12v8H8.5L5 14.5v-3H2z"/><path d="M5 6.5h6M5 8.8h4"/>',
}
ICONS = {str(key): mark_safe(markup) for key, markup in ICONS.items()}  # constant markup, no user input


# --- Evidence counts ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceCount:
    figures: int = 0
    quotes: int = 0

    @property
    def total(self):
        return self.figures + self.quotes

    def __add__(self, other):
        return EvidenceCount(self.figures + other.figures, self.quotes + other.quotes)

    @property
    def label(self):
        parts = []
        if self.figures:
            parts.append(ngettext("%(count)d figure", "%(count)d figures", self.figures) % {"count": self.figures})
        if self.quotes:
            parts.append(ngettext("%(count)d quote", "%(count)d quotes", self.quotes) % {"count": self.quotes})
        return ", ".join(parts) or _("no evidence")


NO_EVIDENCE = EvidenceCount()


@dataclass(frozen=True)
class EvidenceCounts:
    """Evidence per level: the whole journey, one stage (not one of its touchpoints), one touchpoint."""

    journey: EvidenceCount = NO_EVIDENCE
    stages: dict = field(default_factory=dict)  # {stage id: EvidenceCount}
    touchpoints: dict = field(default_factory=dict)  # {touchpoint id: EvidenceCount}

    def for_stage(self, stage_id):
        return self.stages.get(stage_id, NO_EVIDENCE)

    def for_touchpoint(self, touchpoint_id):
        return self.touchpoints.get(touchpoint_id, NO_EVIDENCE)


def evidence_counts(rows):
    """EvidenceCounts from grouped rows ``{"stage_id", "touchpoint_id", "kind", "n"}`` (one grouped query:
    ``Evidence.objects.filter(journey=…).values("stage_id", "touchpoint_id", "kind").annotate(n=Count("id"))``).

    Evidence on a touchpoint counts for that touchpoint (whether or not its stage is set too); evidence on
    a stage only, for that stage; evidence on neither, for the journey.
    """
    journey, stages, touchpoints = NO_EVIDENCE, {}, {}
    for row in rows:
        count = (EvidenceCount(figures=row["n"]) if row["kind"] == EvidenceKind.QUANTITATIVE
                 else EvidenceCount(quotes=row["n"]))
        if row["touchpoint_id"] is not None:
            touchpoints[row["touchpoint_id"]] = touchpoints.get(row["touchpoint_id"], NO_EVIDENCE) + count
        elif row["stage_id"] is not None:
            stages[row["stage_id"]] = stages.get(row["stage_id"], NO_EVIDENCE) + count
        else:
            journey = journey + count
    return EvidenceCounts(journey=journey, stages=stages, touchpoints=touchpoints)


# --- Legends -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegendItem:
    """One entry of a legend: a sample drawn at (x, y) (``kind`` says which), its text after it."""

    kind: str  # a series key, "band", an icon name, "truth", "back", "emotion"
    label: str  # as drawn: cut with "…" where it is wider than the legend (the table beside it has it whole)
    x: str
    y: str  # the middle of the row
    text_x: str
    sample: object = None  # the SeriesStyle of one of the curve's lines
    icon: str = ""
    sample_d: str = ""  # the sample's marker, when the legend is drawn at another scale than the page


def _legend(entries, *, left, top, width, size, sample_width, row_height):
    """Lay ``entries`` [(kind, label, sample, icon)] out in rows that fit ``width``; returns (items, height).
    A label wider than a row by itself (a review round's name, say) is cut to fit."""
    items, x, y = [], left, top + row_height / 2
    gap = size * 1.6
    for kind, full_label, sample, icon in entries:
        label, _cut = truncate(full_label, width - sample_width - 8, size)
        needed = sample_width + 8 + text_width(label, size)
        if x > left and x + needed > left + width:
            x, y = left, y + row_height
        items.append(LegendItem(kind=kind, label=label, x=_n(x), y=_n(y), text_x=_n(x + sample_width + 8),
                                sample=sample, icon=icon))
        x += needed + gap
    return tuple(items), (y + row_height / 2 - top) if items else 0


# ======================================================================================================
# The journey map
# ======================================================================================================

MAP_LABEL_WIDTH = 150  # the lane names on the left
MAP_COLUMN = 160  # one touchpoint's column (an empty stage gets one too)
MAP_FONT, MAP_SMALL, MAP_STAGE_FONT = 13, 12, 15
MAP_LINE, MAP_SMALL_LINE, MAP_STAGE_LINE = 17, 16, 19
MAP_PAD = 8
MAP_NAME_LINES, MAP_STAGE_LINES, MAP_GOAL_LINES, MAP_SCENARIO_LINES, MAP_THORN_LINES = 3, 2, 4, 5, 3
MAP_SCALE = 100  # the height of one touchpoint's −5…+5 scale
MAP_BOX_INSET = 6

LANE_LABELS = {
    "stage": gettext_lazy("Stage"),
    "goal": gettext_lazy("Customer's goal"),
    "scenario": gettext_lazy("Scenario"),
    "front": gettext_lazy("Touchpoints (front stage)"),
    "emotion": gettext_lazy("Emotion"),
    "thorns": gettext_lazy("Thorns (pain points)"),
    "back": gettext_lazy("Back stage"),
    "evidence": gettext_lazy("Evidence"),
}


class _Listed(tuple):
    """Touchpoints that answer ``all()``, as a stage's prefetched ``touchpoints`` do."""

    def all(self):
        return self


@dataclass(frozen=True)
class StagePart:
    """Part ``part`` of ``parts`` of a stage with more touchpoints than one page of the report shows legibly:
    what ``journey_map`` and ``emotion_curve`` read of a stage, with only the part's touchpoints, and a
    ``part_label`` ("(1/2)") that its drawn name always ends in."""

    stage: object
    items: tuple
    part: int
    parts: int

    @property
    def pk(self):
        return self.stage.pk

    @property
    def name(self):
        return self.stage.name

    @property
    def customer_goal(self):
        return self.stage.customer_goal

    @property
    def scenario(self):
        return self.stage.scenario

    @property
    def touchpoints(self):
        return _Listed(self.items)

    @property
    def part_label(self):
        # Translators: one part of a stage whose touchpoints the report spreads over pages, e.g. "(1/2)".
        return _("(%(part)s/%(parts)s)") % {"part": self.part, "parts": self.parts}


def part_label(stage):
    """"(1/2)" for a ``StagePart``, "" for a whole stage."""
    return getattr(stage, "part_label", "")


def stage_title(stage):
    """The stage's name, with its part ("Bestellen (1/2)") when it is a ``StagePart``."""
    return f"{stage.name} {part_label(stage)}".rstrip()


@dataclass(frozen=True)
class MapLane:
    key: str
    label: TextBlock
    notes: TextBlock  # small explanatory lines under the label
    y: str
    height: str
    bottom: str
    shaded: bool


@dataclass(frozen=True)
class MapStage:
    index: int  # 1-based
    stage: object
    x: str
    width: str
    shaded: bool
    number_y: str
    name: TextBlock
    goal: TextBlock
    scenario: TextBlock
    evidence: EvidenceCount
    evidence_marks: tuple  # ((icon, x, y, count text), …) in the evidence lane's stage row
    empty_text: TextBlock = None  # "no touchpoints yet", centred in the column of a stage without any


@dataclass(frozen=True)
class MapEmotion:
    """One touchpoint's place on its small −5…+5 scale."""

    axis_x: str
    bar_x: str
    top: str
    bottom: str
    zero_y: str
    stats: object  # EmotionStats or None
    mean_y: str = ""
    bar_top: str = ""  # the highest score
    bar_height: str = ""  # down to the lowest
    colour: str = ""
    label: str = ""  # the mean, e.g. "+1,4"
    range_label: str = ""  # "−2 … +4"
    label_x: str = ""
    label_y: str = ""
    range_y: str = ""
    label_backdrop: Backdrop = None
    range_backdrop: Backdrop = None


@dataclass(frozen=True)
class MapTouchpoint:
    index: int  # 1-based, in journey order (the same numbers as the curve and the tables)
    touchpoint: object
    stage: object
    column_x: str
    cx: str
    lane: str  # "front" / "back"
    box_x: str
    box_y: str
    box_width: str
    box_height: str
    icon: str
    icon_x: str
    icon_y: str
    channel: TextBlock
    marker_x: str  # the right edge of the top row: "★ 3"
    marker_y: str
    name: TextBlock
    moment_of_truth: bool
    emotion: MapEmotion
    thorns: tuple  # every thorn's text, oldest first
    thorn_icon_x: str
    thorn_icon_y: str
    thorn_count_x: str
    thorn_count_y: str
    thorn_text: TextBlock
    evidence: EvidenceCount
    evidence_marks: tuple  # ((icon, x, y, count text), …)

    @property
    def is_back(self):
        return self.lane == Lane.BACK

    @property
    def thorn_count(self):
        return len(self.thorns)

    @property
    def thorn_summary(self):
        """The tooltip of the thorns lane: every thorn, at most ten."""
        shown = [f"– {text}" for text in self.thorns[:10]]
        if len(self.thorns) > 10:
            shown.append(_("and %(count)d more") % {"count": len(self.thorns) - 10})
        return "\n".join(shown)

    @property
    def mean_label(self):
        return signed(self.emotion.stats.mean) if self.emotion.stats else "—"

    @property
    def min_label(self):
        return signed(self.emotion.stats.minimum, 0) if self.emotion.stats else "—"

    @property
    def max_label(self):
        return signed(self.emotion.stats.maximum, 0) if self.emotion.stats else "—"

    @property
    def count(self):
        return self.emotion.stats.count if self.emotion.stats else 0

    @property
    def first_thorn(self):
        return self.thorns[0] if self.thorns else ""


@dataclass(frozen=True)
class JourneyMap:
    dom_id: str
    title: str
    width: str
    height: str
    label_width: str
    tick_x: str  # the emotion scale's ticks, right-aligned in the lanes' names
    grid_right: str
    grid_bottom: str
    lanes: tuple
    stages: tuple
    touchpoints: tuple
    scale_ticks: tuple  # ((y, label), …) beside the emotion lane's name
    zero_y: str
    emotion_path: str  # a thin line through the means, broken where a touchpoint has no score
    visibility_y: str  # the line of visibility, above the back stage
    legend: tuple
    evidence_on_journey: EvidenceCount

    @property
    def moments_of_truth(self):
        return [tp for tp in self.touchpoints if tp.moment_of_truth]

    @property
    def scored(self):
        return [tp for tp in self.touchpoints if tp.emotion.stats is not None]

    @property
    def lane(self):
        return {lane.key: lane for lane in self.lanes}

    @property
    def stage_rows(self):
        """((MapStage, its touchpoints), …) for the table: one pass, not a scan of all touchpoints per stage."""
        by_stage = {}
        for tp in self.touchpoints:
            by_stage.setdefault(tp.stage.pk, []).append(tp)
        return [(stage, by_stage.get(stage.stage.pk, [])) for stage in self.stages]


def _box_name_lines(name):
    inner = MAP_COLUMN - 2 * MAP_BOX_INSET - 2 * MAP_PAD
    lines, _cut = fit(name, inner, MAP_FONT, MAP_NAME_LINES, bold=True)
    return max(len(lines), 1)


def _marks(count, *, x, y):
    """Evidence marks: an icon and its number per kind that is there; returns ((icon markup, x, y, text), …)."""
    marks = []
    for icon, number in (("figure", count.figures), ("quote", count.quotes)):
        if number:
            marks.append((ICONS[icon], _n(x), _n(y), str(number)))
            x += 16 + 6 + text_width(str(number), MAP_FONT, bold=True) + 12
    return tuple(marks)


def journey_map(stages, stats, *, thorns=None, evidence=None, title="", dom_id="journey-map", first_index=1,
                first_stage=1):
    """The journey map's geometry. No query.

    ``stages``: the current journey's stages in order, each with ``touchpoints`` prefetched in order
    (``selectors.journey_stages``). ``stats``: {touchpoint id: EmotionStats} of the baseline round
    (``selectors.emotion_stats``). ``thorns``: {touchpoint id: [thorn text, …]} oldest first.
    ``evidence``: ``EvidenceCounts`` (see ``evidence_counts``). ``title``: what the picture is of (e.g. the
    workshop's title), in its <title>. ``dom_id`` makes the SVG's ids unique on a page. ``first_index`` and
    ``first_stage``: the numbers of the first touchpoint and stage (a map drawn in parts, page by page, keeps
    counting); a stage may be a ``StagePart``.

    Stages are columns, one sub-column per touchpoint in journey order (front- and back-stage alike, so
    the emotion, thorns and evidence of a touchpoint sit straight below it); lanes are rows whose heights
    follow the longest text in them. The SVG grows with the journey; nothing overlaps.
    """
    thorns = thorns or {}
    evidence = evidence or EvidenceCounts()
    stages = list(stages)
    columns = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]

    # Stage widths first: the stage-wide texts wrap into them.
    stage_x, x = [], MAP_LABEL_WIDTH
    for stage in stages:
        stage_x.append(x)
        x += max(len(stage.touchpoints.all()), 1) * MAP_COLUMN
    grid_right = x
    width = grid_right + 12

    def stage_text_width(stage):
        return max(len(stage.touchpoints.all()), 1) * MAP_COLUMN - 2 * MAP_PAD - 4

    def lines_needed(text, text_width_px, size, max_lines, bold=False):
        lines, _cut = fit(text, text_width_px, size, max_lines, bold=bold)
        return len(lines)

    name_lines = max([len(fit(s.name, stage_text_width(s), MAP_STAGE_FONT, MAP_STAGE_LINES, bold=True,
                              keep=part_label(s))[0]) for s in stages] + [1])
    goal_lines = max([lines_needed(s.customer_goal, stage_text_width(s), MAP_FONT, MAP_GOAL_LINES)
                      for s in stages] + [1])
    scenario_lines = max([lines_needed(s.scenario, stage_text_width(s), MAP_SMALL, MAP_SCENARIO_LINES)
                          for s in stages] + [1])
    front_lines = max([_box_name_lines(tp.name) for _s, tp in columns if tp.lane != Lane.BACK] + [1])
    back_lines = max([_box_name_lines(tp.name) for _s, tp in columns if tp.lane == Lane.BACK] + [1])
    thorn_width = MAP_COLUMN - 2 * MAP_PAD - 4
    thorn_lines = max([lines_needed(thorns[tp.pk][0], thorn_width, MAP_SMALL, MAP_THORN_LINES)
                       for _s, tp in columns if thorns.get(tp.pk)] + [0])

    def box_height(lines):
        return MAP_PAD + 18 + 6 + lines * MAP_LINE + MAP_PAD

    heights = {
        "stage": MAP_PAD + 14 + name_lines * MAP_STAGE_LINE + MAP_PAD,
        "goal": 2 * MAP_PAD + goal_lines * MAP_LINE,
        "scenario": 2 * MAP_PAD + scenario_lines * MAP_SMALL_LINE,
        "front": box_height(front_lines) + 2 * MAP_BOX_INSET,
        "emotion": 16 + MAP_SCALE + 22,
        "thorns": MAP_PAD + 20 + thorn_lines * MAP_SMALL_LINE + MAP_PAD,
        "back": box_height(back_lines) + 2 * MAP_BOX_INSET,
        "evidence": MAP_PAD + 2 * 24 + 4,
    }
    notes = {
        "front": _("what the customer sees and does"),
        "emotion": _("mean score, and the lowest to the highest"),
        "thorns": _("how many, and the first"),
        "back": _("what the customer does not see"),
        "evidence": _("top: for the whole stage; below: per touchpoint"),
    }
    if evidence.journey.total:
        notes["evidence"] += " · " + _("whole journey: %(evidence)s") % {"evidence": evidence.journey.label}

    # The lanes' names: at least as tall as their label.
    label_text_width = MAP_LABEL_WIDTH - 2 * MAP_PAD - 4
    lanes, lane_boxes, y = [], {}, 0
    for position, key in enumerate(heights):
        label_width = label_text_width - (28 if key == "emotion" else 0)  # room for the scale's ticks
        label = text_block(LANE_LABELS[key], x=MAP_PAD + 2, y=y + MAP_PAD + MAP_FONT, width=label_width,
                           size=MAP_FONT, line_height=MAP_LINE, max_lines=3, bold=True)
        note_top = y + MAP_PAD + MAP_FONT + len(label.lines) * MAP_LINE
        note = text_block(notes.get(key, ""), x=MAP_PAD + 2, y=note_top, width=label_width, size=MAP_SMALL - 1,
                          line_height=MAP_SMALL_LINE - 1, max_lines=5)
        needed = note_top + len(note.lines) * (MAP_SMALL_LINE - 1) + MAP_PAD - y
        height = max(heights[key], needed)
        lanes.append(MapLane(key=key, label=label, notes=note, y=_n(y), height=_n(height), bottom=_n(y + height),
                             shaded=position % 2 == 1))
        lane_boxes[key] = (y, height)
        y += height
    grid_bottom = y

    def lane_top(key):
        return lane_boxes[key][0]

    def lane_height(key):
        return lane_boxes[key][1]

    emotion_top = lane_top("emotion") + 16
    emotion_bottom = emotion_top + MAP_SCALE

    def score_y(score):
        return emotion_top + (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN) * MAP_SCALE

    zero_y = score_y(0)

    map_stages = []
    for index, (stage, x0) in enumerate(zip(stages, stage_x, strict=True)):
        stage_width = max(len(stage.touchpoints.all()), 1) * MAP_COLUMN
        text_x, text_width_px = x0 + MAP_PAD + 2, stage_width - 2 * MAP_PAD - 4
        stage_evidence = evidence.for_stage(stage.pk)
        empty = not stage.touchpoints.all()
        map_stages.append(MapStage(
            index=first_stage + index, stage=stage, x=_n(x0), width=_n(stage_width), shaded=index % 2 == 1,
            number_y=_n(lane_top("stage") + MAP_PAD + 10),
            name=text_block(stage.name, x=text_x, y=lane_top("stage") + MAP_PAD + 14 + MAP_STAGE_FONT,
                            width=text_width_px, size=MAP_STAGE_FONT, line_height=MAP_STAGE_LINE,
                            max_lines=MAP_STAGE_LINES, bold=True, keep=part_label(stage)),
            goal=text_block(stage.customer_goal, x=text_x, y=lane_top("goal") + MAP_PAD + MAP_FONT,
                            width=text_width_px, size=MAP_FONT, line_height=MAP_LINE, max_lines=MAP_GOAL_LINES),
            scenario=text_block(stage.scenario, x=text_x, y=lane_top("scenario") + MAP_PAD + MAP_SMALL,
                                width=text_width_px, size=MAP_SMALL, line_height=MAP_SMALL_LINE,
                                max_lines=MAP_SCENARIO_LINES),
            evidence=stage_evidence,
            evidence_marks=_marks(stage_evidence, x=text_x, y=lane_top("evidence") + MAP_PAD),
            empty_text=text_block(_("No touchpoints yet"), x=x0 + stage_width / 2,
                                  y=lane_top("front") + lane_height("front") / 2 - 2, width=text_width_px,
                                  size=MAP_SMALL, line_height=MAP_SMALL_LINE, max_lines=2) if empty else None,
        ))

    map_touchpoints, means = [], []
    channel_names = _channel_names()
    column_of_stage = {stage.pk: x0 for stage, x0 in zip(stages, stage_x, strict=True)}
    position_in_stage = {}
    for index, (stage, touchpoint) in enumerate(columns):
        slot = position_in_stage.get(stage.pk, 0)
        position_in_stage[stage.pk] = slot + 1
        column_x = column_of_stage[stage.pk] + slot * MAP_COLUMN
        lane = Lane.BACK if touchpoint.lane == Lane.BACK else Lane.FRONT
        lane_key = "back" if lane == Lane.BACK else "front"
        box_x, box_y = column_x + MAP_BOX_INSET, lane_top(lane_key) + MAP_BOX_INSET
        box_width = MAP_COLUMN - 2 * MAP_BOX_INSET
        box_height_px = lane_height(lane_key) - 2 * MAP_BOX_INSET
        icon_x, icon_y = box_x + MAP_PAD, box_y + MAP_PAD
        number = first_index + index
        marker = f"★ {number}" if touchpoint.moment_of_truth else str(number)
        marker_width = text_width(marker, MAP_SMALL, bold=True)
        channel_name = channel_names.get(touchpoint.channel, touchpoint.channel)
        channel = text_block(channel_name, x=icon_x + 16 + 5, y=icon_y + 12,
                             width=box_width - 2 * MAP_PAD - 16 - 5 - marker_width - 6, size=MAP_SMALL - 1,
                             line_height=MAP_SMALL_LINE, max_lines=1)
        name = text_block(touchpoint.name, x=box_x + MAP_PAD, y=box_y + MAP_PAD + 18 + 6 + MAP_FONT - 2,
                          width=box_width - 2 * MAP_PAD, size=MAP_FONT, line_height=MAP_LINE,
                          max_lines=MAP_NAME_LINES, bold=True)

        row_stats = stats.get(touchpoint.pk)
        axis_x = column_x + 40
        emotion = {"axis_x": _n(axis_x), "bar_x": _n(axis_x - 5), "top": _n(emotion_top), "bottom": _n(emotion_bottom),
                   "zero_y": _n(zero_y), "stats": row_stats}
        if row_stats is None:
            means.append(None)
        else:
            mean_y, min_y, max_y = score_y(row_stats.mean), score_y(row_stats.minimum), score_y(row_stats.maximum)
            means.append((axis_x, mean_y))
            label_y = min(max(mean_y + 5, emotion_top + 10), emotion_bottom + 4)
            range_y = label_y + 16 if label_y + 16 <= emotion_bottom + 18 else label_y - 17
            label = signed(row_stats.mean)
            range_label = f"{signed(row_stats.minimum, 0)} … {signed(row_stats.maximum, 0)}"
            emotion.update(
                mean_y=_n(mean_y), bar_top=_n(max_y), bar_height=_n(max(min_y - max_y, 2)),
                colour=score_colour(row_stats.mean), label=label, range_label=range_label,
                label_x=_n(axis_x + 16), label_y=_n(label_y), range_y=_n(range_y),
                label_backdrop=backdrop(label, x=axis_x + 16, y=label_y, size=14, bold=True),
                range_backdrop=backdrop(range_label, x=axis_x + 16, y=range_y, size=11),
            )

        touchpoint_thorns = tuple(thorns.get(touchpoint.pk, ()))
        thorns_top = lane_top("thorns") + MAP_PAD
        touchpoint_evidence = evidence.for_touchpoint(touchpoint.pk)
        map_touchpoints.append(MapTouchpoint(
            index=number, touchpoint=touchpoint, stage=stage, column_x=_n(column_x),
            cx=_n(column_x + MAP_COLUMN / 2), lane=lane,
            box_x=_n(box_x), box_y=_n(box_y), box_width=_n(box_width), box_height=_n(box_height_px),
            icon=ICONS.get(touchpoint.channel, ICONS[Channel.OTHER]), icon_x=_n(icon_x), icon_y=_n(icon_y),
            channel=channel, marker_x=_n(box_x + box_width - MAP_PAD), marker_y=_n(icon_y + 12),
            name=name, moment_of_truth=touchpoint.moment_of_truth, emotion=MapEmotion(**emotion),
            thorns=touchpoint_thorns, thorn_icon_x=_n(column_x + MAP_PAD + 2), thorn_icon_y=_n(thorns_top + 1),
            thorn_count_x=_n(column_x + MAP_PAD + 2 + 16 + 6), thorn_count_y=_n(thorns_top + 14),
            thorn_text=text_block(touchpoint_thorns[0] if touchpoint_thorns else "", x=column_x + MAP_PAD + 2,
                                  y=thorns_top + 20 + MAP_SMALL, width=thorn_width, size=MAP_SMALL,
                                  line_height=MAP_SMALL_LINE, max_lines=MAP_THORN_LINES),
            evidence=touchpoint_evidence,
            evidence_marks=_marks(touchpoint_evidence, x=column_x + MAP_PAD + 2,
                                  y=lane_top("evidence") + MAP_PAD + 24 + 2),
        ))

    # The legend: the channels on this map, then what the marks mean.
    channels = []
    for _stage, touchpoint in columns:
        if touchpoint.channel not in channels:
            channels.append(touchpoint.channel)
    entries = [(f"icon-{channel}", str(Channel(channel).label) if channel in Channel.values else channel, None,
                ICONS.get(channel, ICONS[Channel.OTHER])) for channel in channels]
    entries += [
        ("truth", f'★ {_("moment of truth")}', None, ""),
        ("back", _("back stage"), None, ""),
        ("emotion", _("mean emotion, lowest to highest"), None, ""),
        ("icon-thorn", _("thorns"), None, ICONS["thorn"]),
        ("icon-figure", _("figures"), None, ICONS["figure"]),
        ("icon-quote", _("quotes"), None, ICONS["quote"]),
    ]
    legend, legend_height = _legend(entries, left=MAP_PAD + 2, top=grid_bottom + 12,
                                    width=max(width - 2 * MAP_PAD - 4, 300), size=MAP_SMALL, sample_width=20,
                                    row_height=24)
    height = grid_bottom + 12 + legend_height + 10

    ticks = tuple((_n(score_y(value)), signed(value, 0)) for value in (SCORE_MAX, 0, SCORE_MIN))
    return JourneyMap(
        dom_id=dom_id, title=title, width=_n(width), height=_n(height), label_width=_n(MAP_LABEL_WIDTH),
        tick_x=_n(MAP_LABEL_WIDTH - 8), grid_right=_n(grid_right), grid_bottom=_n(grid_bottom), lanes=tuple(lanes),
        stages=tuple(map_stages), touchpoints=tuple(map_touchpoints), scale_ticks=ticks, zero_y=_n(zero_y),
        emotion_path=_run_paths(means), visibility_y=_n(lane_top("back")), legend=legend,
        evidence_on_journey=evidence.journey,
    )


# ======================================================================================================
# The emotion curve
# ======================================================================================================

@dataclass(frozen=True)
class CurveScale:
    """The curve's sizes in px: the page and PDF use PAGE_SCALE, the projector PROJECTOR_SCALE (read from
    the back of a room). Everything ``render`` draws takes its size from here."""

    font: float  # column numbers
    small: float  # names under the plot, the grid labels, the legend, the number of scores
    stage_font: float
    left: float
    right: float
    min_plot_width: float
    min_step: float  # one touchpoint's column at least
    plot_height: float
    marker: float  # a marker's radius
    stroke: float  # a series' line
    sample: float  # a legend sample's length
    legend_row: float

    @property
    def thin(self):
        return _n(self.stroke / 3)

    @property
    def legend_text_x(self):
        return _n(self.sample + 8)

    @property
    def band_sample_height(self):
        return _n(self.marker * 2)


PAGE_SCALE = CurveScale(font=16, small=14, stage_font=16, left=58, right=24, min_plot_width=880, min_step=108,
                        plot_height=320, marker=7.5, stroke=3, sample=40, legend_row=28)
PROJECTOR_SCALE = CurveScale(font=28, small=24, stage_font=28, left=84, right=30, min_plot_width=1500,
                             min_step=150, plot_height=440, marker=12, stroke=5, sample=64, legend_row=44)
# On paper the curve fills a landscape page: larger type, and a plot as high as the page allows
# (``print_scale`` sets the height from the number of columns, so a long stage does not come out flat).
PRINT_SCALE = CurveScale(font=22, small=19, stage_font=22, left=70, right=24, min_plot_width=880, min_step=112,
                         plot_height=320, marker=9, stroke=3.5, sample=48, legend_row=34)
CURVE_MARKER = PAGE_SCALE.marker


def print_scale(columns, *, aspect=0.4):
    """PRINT_SCALE with a plot ``aspect`` times as high as the curve is wide for ``columns`` touchpoints."""
    width = PRINT_SCALE.left + max(PRINT_SCALE.min_step * columns, PRINT_SCALE.min_plot_width) + PRINT_SCALE.right
    return replace(PRINT_SCALE, plot_height=max(PRINT_SCALE.plot_height, round(width * aspect)))


class Shape(StrEnum):
    CIRCLE = "circle"
    DIAMOND = "diamond"
    TRIANGLE = "triangle"
    SQUARE = "square"
    TRIANGLE_DOWN = "triangle-down"
    HEXAGON = "hexagon"


def marker_path(shape, x, y, r):
    """An SVG path for a marker of ``shape`` centred on (x, y), about ``r`` px in radius."""
    if shape == Shape.CIRCLE:
        return f"M{_n(x - r)} {_n(y)} a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0 a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0 Z"
    if shape == Shape.DIAMOND:
        d = r * 1.3
        points = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    elif shape == Shape.SQUARE:
        d = r * 0.92
        points = [(x - d, y - d), (x + d, y - d), (x + d, y + d), (x - d, y + d)]
    elif shape == Shape.TRIANGLE:
        points = [(x, y - r * 1.3), (x + r * 1.2, y + r * 0.85), (x - r * 1.2, y + r * 0.85)]
    elif shape == Shape.TRIANGLE_DOWN:
        points = [(x, y + r * 1.3), (x + r * 1.2, y - r * 0.85), (x - r * 1.2, y - r * 0.85)]
    else:  # hexagon
        points = [(x + r * 1.1 * math.cos(math.pi / 3 * k), y + r * 1.1 * math.sin(math.pi / 3 * k)) for k in range(6)]
    return "M" + " L".join(f"{_n(px)} {_n(py)}" for px, py in points) + " Z"


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str  # stroke-dasharray, "" for a solid line
    shape: Shape
    filled: bool

    @property
    def sample_d(self):
        """The legend's marker, in the middle of a 40 px sample line (x 20, y 0)."""
        return marker_path(self.shape, 20, 0, CURVE_MARKER)


# Okabe–Ito colours; every series also has its own dash pattern and marker shape (black-and-white safe).
CURRENT_STYLE = SeriesStyle("#0072b2", "", Shape.CIRCLE, True)
IDEAL_STYLE = SeriesStyle("#009e73", "12 6", Shape.DIAMOND, False)
REVIEW_STYLES = [
    SeriesStyle("#d55e00", "3 5", Shape.TRIANGLE, True),
    SeriesStyle("#cc79a7", "14 5 3 5", Shape.SQUARE, False),
    SeriesStyle("#e69f00", "8 4", Shape.TRIANGLE_DOWN, True),
    SeriesStyle("#000000", "2 3 2 9", Shape.HEXAGON, False),
    SeriesStyle("#56b4e9", "18 4 3 4 3 4", Shape.SQUARE, True),
]


@dataclass(frozen=True)
class CurveMarker:
    touchpoint_id: int
    index: int  # the column's number
    x: str
    y: str
    d: str
    title: str
    count: str = ""  # "n=5" beside a current point, when the curve shows counts
    count_y: str = ""
    count_backdrop: Backdrop = None


@dataclass(frozen=True)
class CurveSeries:
    key: str  # "current", "ideal" or "review"
    label: str
    style: SeriesStyle
    markers: tuple
    path: str  # one path; subpaths break where a touchpoint has no value
    measurement: object = None  # the review round's Measurement
    round_number: int = 0  # 1, 2, … for review rounds

    @property
    def colour(self):
        return self.style.colour

    @property
    def dash(self):
        return self.style.dash

    @property
    def fill(self):
        return self.style.colour if self.style.filled else "#ffffff"



@dataclass(frozen=True)
class CurveStage:
    stage: object
    x: str
    width: str
    mid: str
    name: str
    cut: bool
    separator: bool
    shaded: bool


@dataclass(frozen=True)
class CurveColumn(StatsLabels):
    """One current touchpoint: its x, its labels under the plot and the numbers of the table."""

    index: int
    touchpoint: object
    stage: object
    x: str
    name_lines: tuple  # ((y, text), …)
    cut: bool
    stats: object  # baseline EmotionStats or None
    targets: tuple  # the ideal touchpoints copied from this one (with their target emotion)
    reviews: tuple  # per review round: EmotionStats or None

    @property
    def count(self):
        return self.stats.count if self.stats else 0

    @property
    def target_labels(self):
        return [signed(tp.target_emotion, 0) for tp in self.targets if tp.target_emotion is not None]

    @property
    def review_labels(self):
        return [(signed(stats.mean), stats.count) if stats else ("—", 0) for stats in self.reviews]


@dataclass(frozen=True)
class GridLine:
    y: str
    label: str
    is_zero: bool


@dataclass(frozen=True)
class EmotionCurve:
    scale: CurveScale
    dom_id: str
    title: str
    width: str
    height: str
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str
    stage_top: str
    stage_height: str
    stage_y: str
    index_y: str
    stages: tuple
    columns: tuple
    grid: tuple
    band_paths: tuple  # the current journey's spread, lowest to highest score
    series: tuple  # current, ideal (when it has targets), then review rounds by date
    legend: tuple
    ideal_only: tuple  # ideal touchpoints with no current counterpart: in the table, not on the curve
    rounds: tuple  # the review rounds' Measurements, by date
    empty_x: str
    empty_y: str

    @property
    def current(self):
        return self.series[0]

    @property
    def ideal(self):
        return next((series for series in self.series if series.key == "ideal"), None)

    @property
    def review_series(self):
        return [series for series in self.series if series.key == "review"]

    @property
    def scored(self):
        return [column for column in self.columns if column.stats is not None]

    @property
    def lowest(self):
        return min(self.scored, key=lambda column: column.stats.mean, default=None)

    @property
    def highest(self):
        return max(self.scored, key=lambda column: column.stats.mean, default=None)

    @property
    def has_ideal(self):
        return any(column.targets for column in self.columns) or bool(self.ideal_only)

    @property
    def ideal_only_rows(self):
        return [(touchpoint, signed(touchpoint.target_emotion, 0) if touchpoint.target_emotion is not None else "—")
                for touchpoint in self.ideal_only]

    @property
    def table_width(self):
        """How many columns the table has."""
        return 7 + (1 if self.has_ideal else 0) + len(self.rounds)


def emotion_curve(stages, stats, *, ideal_touchpoints=(), reviews=(), title="", dom_id="emotion-curve-picture",
                  scale=PAGE_SCALE, show_counts=False, first_index=1, current_label=None):
    """The emotion curve's geometry. No query.

    ``stages``/``stats``: as for ``journey_map`` (the current journey and its baseline round).
    ``ideal_touchpoints``: the ideal journey's touchpoints in order, each with ``source_id`` (the current
    touchpoint it was copied from), ``target_emotion`` and ``stage`` loaded; those without a current
    counterpart are left off the curve and listed in ``ideal_only``. ``reviews``: [(Measurement,
    {touchpoint id: EmotionStats}), …] for every later review round, ordered by date; each becomes a line.
    ``title`` and ``dom_id``: as for ``journey_map``. ``scale``: PAGE_SCALE (page, PDF) or PROJECTOR_SCALE.
    ``show_counts``: write each current point's number of scores beside it ("n=5"), as the live room does.
    ``first_index``: the first column's number (a curve drawn in parts, page by page, keeps counting).
    ``current_label``: the name of the round ``stats`` come from (``numbers.round_name``: "Baseline (workshop,
    12 Mar 2026)", or a review's round in the room); without one, "Baseline (workshop)".

    x: the current touchpoints in journey order grouped under their stage; y: −5 (bottom) … +5 (top).
    """
    stages = list(stages)
    columns_in = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]
    count = len(columns_in)
    sc = scale
    step = max(sc.min_step, sc.min_plot_width / max(count, 1))
    left = sc.left
    right = left + step * max(count, 1)
    width = right + sc.right

    positions = {touchpoint.pk: position for position, (_stage, touchpoint) in enumerate(columns_in)}
    targets, ideal_only = {}, []
    for touchpoint in ideal_touchpoints:
        if touchpoint.source_id in positions:
            targets.setdefault(touchpoint.source_id, []).append(touchpoint)
        else:
            ideal_only.append(touchpoint)
    reviews = list(reviews)

    # The series, so the legend (at the top) can be laid out before the plot.
    has_targets = any(tp.target_emotion is not None for tps in targets.values() for tp in tps)
    styles = [("current", current_label or _("Baseline (workshop)"), CURRENT_STYLE, None, 0)]
    if has_targets:
        styles.append(("ideal", _("Ideal journey (target)"), IDEAL_STYLE, None, 0))
    for number, (measurement, _round_stats) in enumerate(reviews, start=1):
        styles.append(("review", round_name(measurement, number), REVIEW_STYLES[(number - 1) % len(REVIEW_STYLES)],
                       measurement, number))
    entries = [(key, label, style, "") for key, label, style, _m, _r in styles]
    entries.insert(1, ("band", _("Spread: lowest to highest score"), None, ""))
    legend, legend_height = _legend(entries, left=left, top=8, width=right - left, size=sc.small,
                                    sample_width=sc.sample, row_height=sc.legend_row)
    legend = tuple(replace(item, sample_d=marker_path(item.sample.shape, sc.sample / 2, 0, sc.marker))
                   if item.sample else item for item in legend)

    stage_y = 8 + legend_height + 10 + sc.stage_font
    top = stage_y + 14 + sc.marker * 1.6 + (sc.small + 4 if show_counts else 0)  # room above +5 for a count
    bottom = top + sc.plot_height
    index_y = bottom + 12 + sc.font
    name_y = (index_y + sc.small + 6, index_y + 2 * sc.small + 10)
    height = name_y[1] + 14

    def y_of(score):
        return top + (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN) * sc.plot_height

    def x_of(position):
        return left + (position + 0.5) * step

    # Series side by side within a column, so equal values stay visible.
    offset_step = min(sc.marker * 0.9, step * 0.45 / max(len(styles), 1))

    def offset(series_number):
        return (series_number - (len(styles) - 1) / 2) * offset_step

    columns = []
    for position, (stage, touchpoint) in enumerate(columns_in):
        lines, cut = fit(touchpoint.name, step - 10, sc.small, 2)
        columns.append(CurveColumn(
            index=position + first_index, touchpoint=touchpoint, stage=stage, x=_n(x_of(position)),
            name_lines=tuple(zip((_n(y) for y in name_y), lines, strict=False)), cut=cut,
            stats=stats.get(touchpoint.pk), targets=tuple(targets.get(touchpoint.pk, ())),
            reviews=tuple(round_stats.get(touchpoint.pk) for _m, round_stats in reviews),
        ))

    def point_title(column, what):
        return f"{column.index}. {column.touchpoint.name} — {what}"

    series = []
    for number, (key, label, style, measurement, round_number) in enumerate(styles):
        points, markers = [], []
        for position, column in enumerate(columns):
            x = x_of(position) + offset(number)
            if key == "current":
                values = [column.stats.mean] if column.stats else []
                what = (ngettext("%(round)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)d score",
                                 "%(round)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)d scores",
                                 column.count)
                        % {"round": label, "mean": column.mean_label, "low": column.min_label,
                           "high": column.max_label, "count": column.count}) if column.stats else ""
            elif key == "ideal":
                values = [tp.target_emotion for tp in column.targets if tp.target_emotion is not None]
                what = _("target %(target)s") % {"target": ", ".join(column.target_labels)}
            else:
                round_stats = column.reviews[round_number - 1]
                values = [round_stats.mean] if round_stats else []
                what = (ngettext("%(round)s: mean %(mean)s, %(count)d score",
                                 "%(round)s: mean %(mean)s, %(count)d scores", round_stats.count)
                        % {"round": label, "mean": signed(round_stats.mean), "count": round_stats.count}
                        if round_stats else "")
            if not values:
                points.append(None)
                continue
            for value in values:
                y = y_of(value)
                points.append((x, y))
                count = {}
                if show_counts and key == "current":
                    # Above the point, or below it near the top, where there is no room above.
                    count_y = y - sc.marker - 5 if value < 3.5 else y + sc.marker + sc.small * 0.9
                    count = {"count": f"n={column.count}", "count_y": _n(count_y),
                             "count_backdrop": backdrop(f"n={column.count}", x=x, y=count_y, size=sc.small,
                                                        bold=True, anchor="middle")}
                markers.append(CurveMarker(touchpoint_id=column.touchpoint.pk, index=column.index, x=_n(x),
                                           y=_n(y), d=marker_path(style.shape, x, y, sc.marker),
                                           title=point_title(column, what), **count))
        series.append(CurveSeries(key=key, label=label, style=style, markers=tuple(markers),
                                  path=_run_paths(points), measurement=measurement, round_number=round_number))

    # The current journey's spread: a band from the lowest to the highest score, broken like its line.
    bands, run = [], []
    half = sc.marker * 1.8  # a lone touchpoint's band still gets some width
    for position, column in enumerate([*columns, None]):
        if column is not None and column.stats is not None:
            run.append((x_of(position), y_of(column.stats.minimum), y_of(column.stats.maximum)))
            continue
        if run:
            if len(run) == 1:
                x, low, high = run[0]
                run = [(x - half, low, high), (x + half, low, high)]
            outline = [(x, high) for x, _low, high in run] + [(x, low) for x, low, _high in reversed(run)]
            bands.append("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in outline) + " Z")
        run = []

    curve_stages, position = [], 0
    for stage_number, stage in enumerate(stage for stage in stages if stage.touchpoints.all()):
        span = len(stage.touchpoints.all())
        x0 = left + position * step
        name, cut = truncate(stage.name, span * step - 12, sc.stage_font, bold=True, keep=part_label(stage))
        curve_stages.append(CurveStage(stage=stage, x=_n(x0), width=_n(span * step), mid=_n(x0 + span * step / 2),
                                       name=name, cut=cut, separator=stage_number > 0,
                                       shaded=stage_number % 2 == 1))
        position += span

    grid = tuple(GridLine(y=_n(y_of(value)), label=signed(value, 0), is_zero=value == 0)
                 for value in range(SCORE_MAX, SCORE_MIN - 1, -1))
    return EmotionCurve(
        scale=sc, dom_id=dom_id, title=title, width=_n(width), height=_n(height), plot_left=_n(left),
        plot_right=_n(right), plot_top=_n(top), plot_bottom=_n(bottom), label_x=_n(left - 8),
        stage_top=_n(stage_y - sc.stage_font - 6), stage_height=_n(bottom - stage_y + sc.stage_font + 6),
        stage_y=_n(stage_y), index_y=_n(index_y),
        stages=tuple(curve_stages), columns=tuple(columns), grid=grid, band_paths=tuple(bands),
        series=tuple(series), legend=legend, ideal_only=tuple(ideal_only),
        rounds=tuple(measurement for measurement, _stats in reviews),
        empty_x=_n((left + right) / 2), empty_y=_n(y_of(0) - 12),
    )


# ======================================================================================================
# The impact/effort matrix
# ======================================================================================================

MATRIX_HIGH_FROM = 3  # on the 1–5 scales, 3 and above counts as high impact / high effort
MATRIX_MARK = 14  # a mark's radius
MATRIX_MIN_CELL = 96
MATRIX_LEFT, MATRIX_TOP, MATRIX_RIGHT = 78, 40, 16
MATRIX_FONT, MATRIX_SMALL = 15, 14


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
QUADRANT_COLOURS = {  # (background, text)
    Quadrant.QUICK_WIN: ("#e3f4ea", "#1a6b3f"),
    Quadrant.MAJOR_PROJECT: ("#e1eefb", "#1f4f99"),
    Quadrant.FILL_IN: ("#f1f3f2", "#4a5856"),
    Quadrant.THANKLESS_TASK: ("#fbe9e5", "#a63a20"),
}


def quadrant(impact, effort):
    """Quick win (high impact, low effort), major project (high, high), fill-in (low, low) or thankless
    task (low impact, high effort); "high" is MATRIX_HIGH_FROM or more on the 1–5 scale."""
    high_impact, high_effort = impact >= MATRIX_HIGH_FROM, effort >= MATRIX_HIGH_FROM
    if high_impact:
        return Quadrant.MAJOR_PROJECT if high_effort else Quadrant.QUICK_WIN
    return Quadrant.THANKLESS_TASK if high_effort else Quadrant.FILL_IN


@dataclass(frozen=True)
class MatrixItem:
    """What the matrix needs of an improvement (or anything else with these four attributes)."""

    id: object
    label: str
    impact: int
    effort: int


@dataclass(frozen=True)
class MatrixMark:
    number: int  # 1-based, in the order the items were given
    item: object
    quadrant: Quadrant
    x: str
    y: str
    cx: float  # the same, as numbers, for tests and other renderers
    cy: float


@dataclass(frozen=True)
class MatrixArea:
    quadrant: Quadrant
    x: str
    y: str
    width: str
    height: str
    left: float
    top: float
    right: float
    bottom: float
    fill: str
    ink: str
    label_x: str
    label_y: str

    @property
    def label(self):
        return self.quadrant.heading

    def contains(self, x, y):
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True)
class LegendLine:
    number: int
    x: str
    y: str
    text: str
    text_x: str
    full: str
    cut: bool
    item: object


@dataclass(frozen=True)
class ImpactEffortMatrix:
    dom_id: str
    title: str
    width: str
    height: str
    plot_left: str
    plot_top: str
    plot_right: str
    plot_bottom: str
    cell: str
    areas: tuple
    marks: tuple
    gridlines: tuple  # ((x1, y1, x2, y2), …) between the cells
    effort_ticks: tuple  # ((x, y, text), …) under the plot
    impact_ticks: tuple  # ((x, y, text), …) left of the plot
    effort_title: tuple  # (x, y)
    impact_title: tuple  # (x, y)
    legend: tuple
    mark_radius: str

    def area(self, which):
        return next(area for area in self.areas if area.quadrant == which)


def impact_effort_matrix(items, *, title="", dom_id="impact-effort", with_legend=True):
    """The impact/effort matrix's geometry. No query.

    ``items``: objects with ``id``, ``label``, ``impact`` (1–5) and ``effort`` (1–5), e.g. ``MatrixItem``;
    they are numbered 1, 2, … in the given order; ``with_legend=False`` leaves out the list of numbered
    titles under the plot (for a page that lists them in a table of its own, like the PDF's action table).
    x: effort, low (left) to high; y: impact, low (bottom) to high. Items with the same impact and effort
    share a cell and are set out in a small grid in it, so no mark hides another; cells grow when one holds
    many. ``title`` and ``dom_id``: as for ``journey_map``.
    """
    items = list(items)

    def clamp(value):
        return max(1, min(5, int(value)))

    groups = {}
    for number, item in enumerate(items, start=1):
        groups.setdefault((clamp(item.impact), clamp(item.effort)), []).append((number, item))
    crowd = max((len(group) for group in groups.values()), default=1)
    per_row = math.ceil(math.sqrt(crowd))
    spacing = 2 * MATRIX_MARK + 6
    cell = max(MATRIX_MIN_CELL, per_row * spacing + 12)
    left, top = MATRIX_LEFT, MATRIX_TOP
    right, bottom = left + 5 * cell, top + 5 * cell

    def cell_x(effort):
        return left + (effort - 1) * cell

    def cell_y(impact):
        return top + (5 - impact) * cell

    split_x, split_y = cell_x(MATRIX_HIGH_FROM), cell_y(MATRIX_HIGH_FROM) + cell
    bounds = {
        Quadrant.QUICK_WIN: (left, top, split_x, split_y),
        Quadrant.MAJOR_PROJECT: (split_x, top, right, split_y),
        Quadrant.FILL_IN: (left, split_y, split_x, bottom),
        Quadrant.THANKLESS_TASK: (split_x, split_y, right, bottom),
    }
    areas = []
    for which, (x0, y0, x1, y1) in bounds.items():
        fill, ink = QUADRANT_COLOURS[which]
        above = which in (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT)
        areas.append(MatrixArea(
            quadrant=which, x=_n(x0), y=_n(y0), width=_n(x1 - x0), height=_n(y1 - y0), left=x0, top=y0, right=x1,
            bottom=y1, fill=fill, ink=ink, label_x=_n((x0 + x1) / 2),
            # The quadrants' names sit outside the plot (above the top ones, below the bottom ones): never under a mark.
            label_y=_n(top - 12 if above else bottom + 12 + MATRIX_FONT),
        ))

    marks = []
    for (impact, effort), group in groups.items():
        rows = math.ceil(len(group) / per_row)
        for slot, (number, item) in enumerate(group):
            row, column = divmod(slot, per_row)
            in_row = min(per_row, len(group) - row * per_row)
            cx = cell_x(effort) + cell / 2 + (column - (in_row - 1) / 2) * spacing
            cy = cell_y(impact) + cell / 2 + (row - (rows - 1) / 2) * spacing
            marks.append(MatrixMark(number=number, item=item, quadrant=quadrant(impact, effort),
                                    x=_n(cx), y=_n(cy), cx=cx, cy=cy))
    marks.sort(key=lambda mark: mark.number)

    gridlines = tuple((_n(cell_x(k)), _n(top), _n(cell_x(k)), _n(bottom)) for k in range(2, 6)) + tuple(
        (_n(left), _n(top + k * cell), _n(right), _n(top + k * cell)) for k in range(1, 5))
    ticks_y = bottom + 12 + MATRIX_FONT + 8 + MATRIX_SMALL
    effort_ticks = tuple((_n(cell_x(k) + cell / 2), _n(ticks_y), str(k)) for k in range(1, 6))
    impact_ticks = tuple((_n(left - 10), _n(cell_y(k) + cell / 2 + 5), str(k)) for k in range(1, 6))
    effort_title = (_n((left + right) / 2), _n(ticks_y + MATRIX_FONT + 10))
    impact_title = (_n(22), _n((top + bottom) / 2))

    width = right + MATRIX_RIGHT
    legend_top = ticks_y + MATRIX_FONT + 10 + 26
    legend = []
    for number, item in enumerate(items if with_legend else (), start=1):
        y = legend_top + (number - 1) * 24
        text, cut = truncate(str(item.label), width - 16 - 36, MATRIX_SMALL)
        legend.append(LegendLine(number=number, x=_n(16 + 12), y=_n(y), text=text, text_x=_n(16 + 30),
                                 full=str(item.label), cut=cut, item=item))
    height = (legend_top + len(legend) * 24) if legend else legend_top - 10
    return ImpactEffortMatrix(
        dom_id=dom_id, title=title, width=_n(width), height=_n(height), plot_left=_n(left), plot_top=_n(top),
        plot_right=_n(right), plot_bottom=_n(bottom), cell=_n(cell), areas=tuple(areas), marks=tuple(marks),
        gridlines=gridlines, effort_ticks=effort_ticks, impact_ticks=impact_ticks,
        effort_title=effort_title, impact_title=impact_title,
        legend=tuple(legend), mark_radius=_n(MATRIX_MARK),
    )


# ======================================================================================================
# Rendering: the SVG and the table of each picture, written with journeys.svg (see there why not a template)
# ======================================================================================================
# The whitespace between the elements is that of the templates these functions replaced: the output stayed
# the same, byte for byte, but for apostrophes in translations, which are now escaped like everything else.

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
MAP_STAR = '<tspan class="pic-map-star">★</tspan> '
CURVE_STAR = '<tspan fill="#b6452d">★</tspan>'


def _channel_names():
    """{channel: its name in the active language}, as ``get_channel_display`` gives it: looked up once per
    picture, since that method translates every channel's name to find one."""
    return {value: str(label) for value, label in Channel.choices}


def _evidence_marks(add, marks):
    for markup, x, y, number in marks:
        add(f'{glyph(markup, x, y, "#0d5c63")}\n<text x="{x}" y="{y}" dx="22" dy="13" font-size="13" '
            f'font-weight="700" fill="#1d2b2a">{number}</text>')


def _journey_map_svg(p):
    out = []
    add = out.append
    dom_id = esc(p.dom_id)
    title = trans(_("Journey map: %(title)s"), title=p.title) if p.title else trans(_("Journey map"))
    stages, touchpoints = p.stages, p.touchpoints
    summary = trans(ngettext(
        "%(stages)s stage with %(touchpoints)s touchpoints, %(truths)s of them a moment of truth.",
        "%(stages)s stages with %(touchpoints)s touchpoints, %(truths)s of them a moment of truth.", len(stages),
    ), stages=len(stages), touchpoints=len(touchpoints), truths=len(p.moments_of_truth))
    explanation = trans(_(
        "Per stage the customer's goal and scenario; per touchpoint its channel, the mean emotion score on a scale "
        "from −5 to +5 with the lowest and the highest score, the thorns (pain points) and the number of figures "
        "and quotes behind it."))
    add(f'<svg xmlns="http://www.w3.org/2000/svg" class="pic pic-map" viewBox="0 0 {p.width} {p.height}" '
        f'width="{p.width}" height="{p.height}" role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        f'font-family="{FONT_FAMILY}" data-stages="{len(stages)}" data-touchpoints="{len(touchpoints)}">\n'
        f'  <title id="{dom_id}-title">{title}</title>\n'
        f'  <desc id="{dom_id}-desc">{summary} {explanation}</desc>\n'
        f'  <rect x="0" y="0" width="{p.width}" height="{p.height}" fill="#ffffff"/>\n\n')

    add('  <g class="pic-map-grid">\n    ')
    for lane in p.lanes:
        if lane.shaded:
            add(f'<rect x="0" y="{lane.y}" width="{p.grid_right}" height="{lane.height}" fill="#f5f8f7"/>')
    add("\n    ")
    for stage in stages:
        if stage.shaded:
            add(f'<rect x="{stage.x}" y="0" width="{stage.width}" height="{p.grid_bottom}" fill="#0d5c63" '
                f'fill-opacity="0.045"/>')
    add(f'\n    <rect x="0" y="0" width="{p.label_width}" height="{p.grid_bottom}" fill="#e8efee"/>\n    ')
    for lane in p.lanes:
        add(f'<line x1="0" x2="{p.grid_right}" y1="{lane.bottom}" y2="{lane.bottom}" stroke="#d5dedc" '
            f'stroke-width="1"/>')
    add("\n    ")
    for number, stage in enumerate(stages):
        add(f'<line x1="{stage.x}" x2="{stage.x}" y1="0" y2="{p.grid_bottom}" stroke="#b9c8c5" '
            f'stroke-width="{2 if number else 1}"/>')
    add(f'\n    <line x1="{p.grid_right}" x2="{p.grid_right}" y1="0" y2="{p.grid_bottom}" stroke="#b9c8c5" '
        f'stroke-width="1"/>\n'
        f'    <line class="pic-map-visibility" x1="0" x2="{p.grid_right}" y1="{p.visibility_y}" '
        f'y2="{p.visibility_y}" stroke="#5b6b69" stroke-width="2" stroke-dasharray="9 5"/>\n'
        f'    <line x1="{p.label_width}" x2="{p.grid_right}" y1="{p.zero_y}" y2="{p.zero_y}" stroke="#8fa19f" '
        f'stroke-width="1" stroke-dasharray="3 4"/>\n  </g>\n\n')

    add('  <g class="pic-map-lane-names" fill="#1d2b2a">\n    ')
    for lane in p.lanes:
        add(f'<g data-lane="{esc(lane.key)}">\n'
            f'      <text font-size="13" font-weight="700">{tspans(lane.label.x, lane.label.lines)}</text>\n      ')
        if lane.notes.lines:
            add(f'<text font-size="11" fill="#5b6b69">{tspans(lane.notes.x, lane.notes.lines)}</text>')
        add("\n    </g>")
    add('\n    <g font-size="11" fill="#5b6b69" text-anchor="end">')
    for y, label in p.scale_ticks:
        add(f'<text x="{p.tick_x}" y="{y}" dy="0.35em">{esc(label)}</text>')
    add("</g>\n  </g>\n\n")

    add('  <g class="pic-map-stages">\n    ')
    for stage in stages:
        model = stage.stage
        heading = trans(_("Stage %(number)s: %(name)s"), number=stage.index, name=stage_title(model))
        number = trans(_("STAGE %(number)s"), number=stage.index)
        add(f'<g class="pic-map-stage" data-stage="{model.pk}">\n      <title>{heading}')
        if model.customer_goal:
            add(f" — {esc(model.customer_goal)}")
        if model.scenario:
            add(f"&#10;{esc(model.scenario)}")
        add(f'</title>\n      <text x="{stage.name.x}" y="{stage.number_y}" font-size="11" font-weight="700" '
            f'fill="#b6452d" letter-spacing="0.06em">{number}</text>\n'
            f'      <text font-size="15" font-weight="700" fill="#0d5c63">{tspans(stage.name.x, stage.name.lines)}'
            f'</text>\n      ')
        if stage.goal.lines:
            add(f'<text font-size="13" font-style="italic" fill="#1d2b2a">{tspans(stage.goal.x, stage.goal.lines)}'
                f'</text>')
        add("\n      ")
        if stage.scenario.lines:
            add(f'<text font-size="12" fill="#3c4a48">{tspans(stage.scenario.x, stage.scenario.lines)}</text>')
        add("\n      ")
        if stage.empty_text:
            add(f'<text text-anchor="middle" font-size="12" fill="#8a9997">'
                f'{tspans(stage.empty_text.x, stage.empty_text.lines)}</text>')
        add("\n      ")
        if stage.evidence_marks:
            evidence = trans(_("Stage %(name)s: %(evidence)s"), name=stage_title(model),
                             evidence=stage.evidence.label)
            add(f'<g class="pic-map-evidence pic-map-evidence--stage"><title>{evidence}</title>\n        ')
            _evidence_marks(add, stage.evidence_marks)
            add("\n      </g>")
        add("\n    </g>")
    add("\n  </g>\n\n  ")

    if p.emotion_path:
        add(f'<path class="pic-map-emotion-line" d="{p.emotion_path}" fill="none" stroke="#8fa19f" '
            f'stroke-width="1.5" stroke-linejoin="round"/>')
    add('\n\n  <g class="pic-map-touchpoints">\n    ')
    front, back, truth = trans(_("front stage")), trans(_("back stage")), trans(_("moment of truth"))
    no_scores = trans(_("no scores yet"))
    channels = _channel_names()
    for tp in touchpoints:
        model, emotion, pk, index = tp.touchpoint, tp.emotion, tp.touchpoint.pk, tp.index
        name = esc(model.name)
        classes = "pic-map-touchpoint"
        if tp.moment_of_truth:
            classes += " pic-map-touchpoint--truth"
            box = 'fill="#fff6f2" stroke="#b6452d" stroke-width="3.5"'
        elif tp.is_back:
            box = 'fill="#eef2f1" stroke="#7d8f8c" stroke-width="1.5"'
        else:
            box = 'fill="#ffffff" stroke="#0d5c63" stroke-width="1.5"'
        if tp.is_back:
            classes += " pic-map-touchpoint--back"
            box += ' stroke-dasharray="6 4"'
        channel_y, channel = tp.channel.lines[0] if tp.channel.lines else ("", "")
        channel_name = esc(channels.get(model.channel, model.channel))
        add(f'<g class="{classes}" data-touchpoint="{pk}" data-index="{index}">\n'
            f'      <title>{index}. {name} — {channel_name}, {back if tp.is_back else front}'
            f'{", " + truth if tp.moment_of_truth else ""}</title>\n'
            f'      <rect class="pic-map-box" x="{tp.box_x}" y="{tp.box_y}" width="{tp.box_width}" '
            f'height="{tp.box_height}" rx="6" {box}/>\n'
            f'      {glyph(tp.icon, tp.icon_x, tp.icon_y, "#3c4a48" if tp.is_back else "#0d5c63")}\n'
            f'      <text x="{tp.channel.x}" y="{channel_y}" font-size="11" fill="#5b6b69">{esc(channel)}</text>\n'
            f'      <text x="{tp.marker_x}" y="{tp.marker_y}" text-anchor="end" font-size="12" font-weight="700" '
            f'fill="{"#b6452d" if tp.moment_of_truth else "#5b6b69"}">{MAP_STAR if tp.moment_of_truth else ""}{index}'
            f'</text>\n'
            f'      <text font-size="13" font-weight="700" fill="#1d2b2a">{tspans(tp.name.x, tp.name.lines)}</text>\n'
            f'    </g>\n'
            f'    <g class="pic-map-emotion" data-touchpoint="{pk}">\n'
            f'      <line x1="{emotion.axis_x}" x2="{emotion.axis_x}" y1="{emotion.top}" y2="{emotion.bottom}" '
            f'stroke="#b9c8c5" stroke-width="1.5"/>\n      ')
        if emotion.stats:
            scores = trans(ngettext(
                "%(index)s. %(name)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)s score",
                "%(index)s. %(name)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)s scores", tp.count,
            ), index=index, name=model.name, mean=tp.mean_label, low=tp.min_label, high=tp.max_label, count=tp.count)
            add(f'<title>{scores}</title>\n'
                f'      <rect x="{emotion.bar_x}" y="{emotion.bar_top}" width="10" height="{emotion.bar_height}" '
                f'rx="3" fill="#0d5c63" fill-opacity="0.2" stroke="#0d5c63" stroke-width="1"/>\n'
                f'      <circle class="pic-map-mean" cx="{emotion.axis_x}" cy="{emotion.mean_y}" r="7" '
                f'fill="{emotion.colour}" stroke="#1d2b2a" stroke-width="2"/>\n'
                f'      {_backdrop_svg(emotion.label_backdrop)}{_backdrop_svg(emotion.range_backdrop)}\n'
                f'      <text x="{emotion.label_x}" y="{emotion.label_y}" font-size="14" font-weight="700" '
                f'fill="#1d2b2a">{esc(emotion.label)}</text>\n'
                f'      <text x="{emotion.label_x}" y="{emotion.range_y}" font-size="11" fill="#5b6b69">'
                f'{esc(emotion.range_label)}</text>\n      ')
        else:
            add(f'<text x="{emotion.axis_x}" y="{emotion.zero_y}" dx="10" dy="-6" font-size="11" fill="#8a9997">'
                f'{no_scores}</text>')
        add("\n    </g>\n    ")
        if tp.thorns:
            thorns = trans(ngettext("%(index)s. %(name)s: %(count)s thorn", "%(index)s. %(name)s: %(count)s thorns",
                                    tp.thorn_count), index=index, name=model.name, count=tp.thorn_count)
            add(f'<g class="pic-map-thorns" data-touchpoint="{pk}" data-count="{tp.thorn_count}">\n'
                f'      <title>{thorns}&#10;{esc(tp.thorn_summary)}</title>\n'
                f'      {glyph(ICONS["thorn"], tp.thorn_icon_x, tp.thorn_icon_y, "#b42318")}\n\n'
                f'      <text x="{tp.thorn_count_x}" y="{tp.thorn_count_y}" font-size="14" font-weight="700" '
                f'fill="#b42318">{tp.thorn_count}</text>\n'
                f'      <text font-size="12" font-style="italic" fill="#3c4a48">'
                f'{tspans(tp.thorn_text.x, tp.thorn_text.lines)}</text>\n    </g>')
        add("\n    ")
        if tp.evidence_marks:
            add(f'<g class="pic-map-evidence" data-touchpoint="{pk}"><title>{index}. {name}: '
                f'{esc(tp.evidence.label)}</title>\n      ')
            _evidence_marks(add, tp.evidence_marks)
            add("\n    </g>")
        add("\n    ")
    add('\n  </g>\n\n  <g class="pic-legend" font-size="12" fill="#1d2b2a">\n    ')
    for item in p.legend:
        add("<g>\n      ")
        if item.icon:
            colour = "#b42318" if item.kind == "icon-thorn" else "#0d5c63"
            add(f'<g transform="translate({item.x} {item.y}) translate(2 -8)" fill="none" stroke="{colour}" '
                f'stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">{item.icon}</g>\n      ')
        elif item.kind == "truth":
            add(f'<rect x="{item.x}" y="{item.y}" transform="translate(0 -8)" width="20" height="16" rx="3" '
                f'fill="#fff6f2" stroke="#b6452d" stroke-width="3"/>\n      ')
        elif item.kind == "back":
            add(f'<rect x="{item.x}" y="{item.y}" transform="translate(0 -8)" width="20" height="16" rx="3" '
                f'fill="#eef2f1" stroke="#7d8f8c" stroke-width="1.5" stroke-dasharray="4 3"/>\n      ')
        elif item.kind == "emotion":
            add(f'<g transform="translate({item.x} {item.y})"><rect x="5" y="-9" width="10" height="18" rx="3" '
                f'fill="#0d5c63" fill-opacity="0.2" stroke="#0d5c63" stroke-width="1"/><circle cx="10" cy="-1" '
                f'r="5.5" fill="#fee08b" stroke="#1d2b2a" stroke-width="1.5"/></g>')
        add(f'\n      <text x="{item.text_x}" y="{item.y}" dy="0.35em">{esc(item.label)}</text>\n    </g>')
    add("\n  </g>\n</svg>\n")
    return "".join(out)


def _journey_map_table(p):
    out = []
    add = out.append
    caption = trans(_("The journey map in numbers: per stage its goal, per touchpoint its emotion, thorns and "
                      "evidence"))
    touchpoint, channel, lane = trans(_("Touchpoint")), trans(_("Channel")), trans(_("Lane"))
    mean, lowest, highest = trans(_("Mean")), trans(_("Lowest")), trans(_("Highest"))
    scores, thorns, evidence_heading = trans(_("Scores")), trans(_("Thorns")), trans(_("Evidence"))
    add(f'<table class="table pic-table" data-picture="{esc(p.dom_id)}">\n'
        f'  <caption class="visually-hidden">{caption}</caption>\n'
        f'  <thead><tr>\n'
        f'    <th scope="col" class="pic-num">#</th><th scope="col">{touchpoint}</th><th scope="col">{channel}</th>\n'
        f'    <th scope="col">{lane}</th><th scope="col" class="pic-num">{mean}</th>\n'
        f'    <th scope="col" class="pic-num">{lowest}</th><th scope="col" class="pic-num">{highest}</th>\n'
        f'    <th scope="col" class="pic-num">{scores}</th><th scope="col">{thorns}</th>'
        f'<th scope="col">{evidence_heading}</th>\n'
        f'  </tr></thead>\n  ')
    front, back, truth = trans(_("front stage")), trans(_("back stage")), trans(_("moment of truth"))
    channels = _channel_names()
    for stage, touchpoints in p.stage_rows:
        model = stage.stage
        heading = trans(_("Stage %(number)s: %(name)s"), number=stage.index, name=stage_title(model))
        add(f'<tbody data-stage="{model.pk}">\n'
            f'    <tr class="pic-table-stage"><th scope="colgroup" colspan="10">\n'
            f'      <span class="pic-table-stage-name">{heading}</span>\n      ')
        if model.customer_goal:
            add(f'<span class="pic-table-goal">“{esc(model.customer_goal)}”</span>')
        add("\n      ")
        if stage.evidence.total:
            evidence = trans(_("For the whole stage: %(evidence)s"), evidence=stage.evidence.label)
            add(f'<span class="pic-table-stage-evidence">{evidence}</span>')
        add("\n    </th></tr>\n    ")
        for tp in touchpoints:
            row_class, mark = "", ""
            if tp.moment_of_truth:
                row_class, mark = ' class="pic-table-truth"', f' <span class="pic-table-mot">★ {truth}</span>'
            thorn_cell = f"<strong>{tp.thorn_count}</strong> · {esc(tp.first_thorn)}" if tp.thorns else "0"
            add(f'<tr data-touchpoint="{tp.touchpoint.pk}"{row_class}>\n'
                f'      <td class="pic-num">{tp.index}</td>\n'
                f'      <th scope="row">{esc(tp.touchpoint.name)}{mark}</th>\n'
                f'      <td>{esc(channels.get(tp.touchpoint.channel, tp.touchpoint.channel))}</td>\n'
                f'      <td>{back if tp.is_back else front}</td>\n'
                f'      <td class="pic-num">{esc(tp.mean_label)}</td><td class="pic-num">{esc(tp.min_label)}</td>'
                f'<td class="pic-num">{esc(tp.max_label)}</td>\n'
                f'      <td class="pic-num">{tp.count}</td>\n'
                f'      <td class="pic-text">{thorn_cell}</td>\n'
                f'      <td>{esc(tp.evidence.label) if tp.evidence.total else "—"}</td>\n'
                f'    </tr>')
        add("\n  </tbody>")
    add("\n  ")
    if p.evidence_on_journey.total:
        evidence = trans(_("For the whole journey: %(evidence)s"), evidence=p.evidence_on_journey.label)
        add(f'<tfoot><tr><td colspan="10">{evidence}</td></tr></tfoot>')
    add("\n</table>\n")
    return "".join(out)


def _emotion_curve_svg(p):
    out = []
    add = out.append
    sc = p.scale
    dom_id = esc(p.dom_id)
    title = trans(_("Emotion curve: %(title)s"), title=p.title) if p.title else trans(_("Emotion curve"))
    columns, scored, rounds = len(p.columns), len(p.scored), len(p.rounds)
    add(f'<svg xmlns="http://www.w3.org/2000/svg" class="pic pic-curve" viewBox="0 0 {p.width} {p.height}" '
        f'width="{p.width}" height="{p.height}" role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        f'font-family="{FONT_FAMILY}" data-columns="{columns}" data-scored="{scored}" data-rounds="{rounds}">\n'
        f'  <title id="{dom_id}-title">{title}</title>\n  <desc id="{dom_id}-desc">')
    add(trans(ngettext(
        "The mean emotion score per touchpoint now, on a scale from −5 (very negative) to +5 (very positive), with a "
        "band from the lowest to the highest score; %(scored)s of %(total)s touchpoint scored.",
        "The mean emotion score per touchpoint now, on a scale from −5 (very negative) to +5 (very positive), with a "
        "band from the lowest to the highest score; %(scored)s of %(total)s touchpoints scored.", columns,
    ), scored=scored, total=columns))
    if p.ideal:
        add(" " + trans(_("A second line shows the ideal journey's target emotions.")))
    if rounds:
        add(" " + trans(ngettext("%(rounds)s review round has a line of its own.",
                                 "%(rounds)s review rounds have a line each.", rounds), rounds=rounds))
    low, high = p.lowest, p.highest
    if low:
        add(" " + trans(_("Lowest now: %(name)s (%(mean)s)."), name=low.touchpoint.name, mean=low.mean_label)
            + " " + trans(_("Highest now: %(name)s (%(mean)s)."), name=high.touchpoint.name, mean=high.mean_label))
    add(f'</desc>\n  <rect x="0" y="0" width="{p.width}" height="{p.height}" fill="#ffffff"/>\n\n'
        f'  <g class="pic-legend" font-size="{sc.small}" fill="#1d2b2a">\n    ')
    for item in p.legend:
        add(f'<g class="pic-legend-item" data-series="{esc(item.kind)}" transform="translate({item.x} {item.y})">\n'
            f'      ')
        style = item.sample
        if style:
            dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
            if style.filled:
                fill, stroke, width = style.colour, "#ffffff", "1.5"
            else:
                fill, stroke, width = "#ffffff", style.colour, "2.5"
            add(f'<line x1="0" x2="{sc.sample}" y1="0" y2="0" stroke="{style.colour}" stroke-width="{sc.stroke}"'
                f'{dash}/><path d="{item.sample_d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>\n      ')
        else:
            add(f'<rect x="0" y="-{sc.marker}" width="{sc.sample}" height="{sc.band_sample_height}" fill="#0072b2" '
                f'fill-opacity="0.16"/><line x1="0" x2="{sc.sample}" y1="-{sc.marker}" y2="-{sc.marker}" '
                f'stroke="#0072b2" stroke-width="1"/><line x1="0" x2="{sc.sample}" y1="{sc.marker}" y2="{sc.marker}" '
                f'stroke="#0072b2" stroke-width="1"/>')
        add(f'\n      <text x="{sc.legend_text_x}" y="0" dy="0.35em">{esc(item.label)}</text>\n    </g>')
    add('\n  </g>\n\n  <g class="pic-curve-stages">\n    ')
    for stage in p.stages:
        if stage.shaded:
            add(f'<rect x="{stage.x}" y="{p.stage_top}" width="{stage.width}" height="{p.stage_height}" '
                f'fill="#0d5c63" fill-opacity="0.05"/>')
    add("\n    ")
    for stage in p.stages:
        if stage.separator:
            add(f'<line x1="{stage.x}" x2="{stage.x}" y1="{p.stage_top}" y2="{p.plot_bottom}" stroke="#8fa3a0" '
                f'stroke-width="1" stroke-dasharray="3 4"/>')
        tooltip = f"<title>{esc(stage_title(stage.stage))}</title>" if stage.cut else ""
        add(f'\n    <text x="{stage.mid}" y="{p.stage_y}" text-anchor="middle" font-size="{sc.stage_font}" '
            f'font-weight="700" fill="#0d5c63">{tooltip}{esc(stage.name)}</text>')
    add(f'\n  </g>\n\n  <g class="pic-curve-grid" font-size="{sc.small}" fill="#5b6b69">\n    ')
    for line in p.grid:
        if line.is_zero:
            colour, width, bold = "#1d2b2a", 2, ' font-weight="700" fill="#1d2b2a"'
        else:
            colour, width, bold = "#dde5e3", 1, ""
        add(f'<line x1="{p.plot_left}" x2="{p.plot_right}" y1="{line.y}" y2="{line.y}" stroke="{colour}" '
            f'stroke-width="{width}"/>\n'
            f'    <text x="{p.label_x}" y="{line.y}" dy="0.35em" text-anchor="end"{bold}>{esc(line.label)}</text>')
    add("\n  </g>\n\n  ")
    if not p.columns:
        empty = trans(_("No touchpoints yet"))
        add(f'<text x="{p.empty_x}" y="{p.empty_y}" text-anchor="middle" font-size="{sc.font}" fill="#5b6b69">'
            f'{empty}</text>')
    add('\n\n  <g class="pic-curve-band">')
    for band in p.band_paths:
        add(f'<path d="{band}" fill="#0072b2" fill-opacity="0.14"/>')
    add("</g>\n\n  ")
    for series in reversed(p.series):
        key = esc(series.key)
        round_number = f' data-round="{series.round_number}"' if series.round_number else ""
        add(f'<g class="pic-curve-series pic-curve-series--{key}" data-series="{key}"{round_number}>\n    ')
        if series.path:
            dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
            add(f'<path class="pic-curve-line pic-curve-line--{key}" d="{series.path}" fill="none" '
                f'stroke="{series.colour}" stroke-width="{sc.stroke}" stroke-linejoin="round" '
                f'stroke-linecap="round"{dash}/>')
        add("\n    ")
        if series.style.filled:
            paint = f'fill="{series.colour}" stroke="#ffffff" stroke-width="{sc.thin}"'
        else:
            paint = f'fill="#ffffff" stroke="{series.colour}" stroke-width="{sc.stroke}"'
        for marker in series.markers:
            add(f'<path class="pic-curve-marker pic-curve-marker--{key}" data-touchpoint="{marker.touchpoint_id}" '
                f'd="{marker.d}" {paint}><title>{esc(marker.title)}</title></path>')
            if marker.count:
                add(f'\n    {_backdrop_svg(marker.count_backdrop)}<text class="pic-curve-count" x="{marker.x}" '
                    f'y="{marker.count_y}" text-anchor="middle" font-size="{sc.small}" font-weight="700" '
                    f'fill="#1d2b2a">{esc(marker.count)}</text>')
        add("\n  </g>")
    add('\n\n  <g class="pic-curve-labels" text-anchor="middle">\n    ')
    truth = trans(_("moment of truth"))
    for column in p.columns:
        model = column.touchpoint
        add(f'<g data-touchpoint="{model.pk}"><title>{column.index}. {esc(model.name)} ({esc(column.stage.name)})'
            f'{" — " + truth if model.moment_of_truth else ""}</title>\n'
            f'      <text x="{column.x}" y="{p.index_y}" font-size="{sc.font}" font-weight="700" '
            f'fill="{"#1d2b2a" if column.stats else "#8a9997"}">{column.index}'
            f'{CURVE_STAR if model.moment_of_truth else ""}</text>\n      ')
        for y, line in column.name_lines:
            add(f'<text x="{column.x}" y="{y}" font-size="{sc.small}" fill="#3c4a48">{esc(line)}</text>')
        add("\n    </g>")
    add("\n  </g>\n</svg>\n")
    return "".join(out)


def _emotion_curve_table(p):
    out = []
    add = out.append
    caption = trans(_("The emotion curve in numbers: per touchpoint the scores now, the ideal journey's target and "
                      "every review round"))
    touchpoint, stage, now = trans(_("Touchpoint")), trans(_("Stage")), esc(p.current.label)
    lowest, highest, scores = trans(_("Lowest")), trans(_("Highest")), trans(_("Scores"))
    add(f'<table class="table pic-table" data-picture="{esc(p.dom_id)}">\n'
        f'  <caption class="visually-hidden">{caption}</caption>\n'
        f'  <thead><tr>\n'
        f'    <th scope="col" class="pic-num">#</th><th scope="col">{touchpoint}</th><th scope="col">{stage}</th>\n'
        f'    <th scope="col" class="pic-num">{now}</th><th scope="col" class="pic-num">{lowest}</th>\n'
        f'    <th scope="col" class="pic-num">{highest}</th><th scope="col" class="pic-num">{scores}</th>\n    ')
    has_ideal = p.has_ideal
    if has_ideal:
        target = trans(_("Target"))
        add(f'<th scope="col" class="pic-num">{target}</th>')
    add("\n    ")
    for series in p.review_series:
        add(f'<th scope="col" class="pic-num pic-text">{esc(series.label)}</th>')
    add("\n  </tr></thead>\n  <tbody>\n  ")
    truth = trans(_("moment of truth"))
    for column in p.columns:
        model = column.touchpoint
        mark = f'<span class="pic-table-mot" title="{truth}">★</span>' if model.moment_of_truth else ""
        add(f'<tr data-touchpoint="{model.pk}">\n'
            f'    <td class="pic-num">{column.index}{mark}</td>\n'
            f'    <th scope="row">{esc(model.name)}</th><td class="pic-text">{esc(column.stage.name)}</td>\n'
            f'    <td class="pic-num">{esc(column.mean_label)}</td><td class="pic-num">{esc(column.min_label)}</td>'
            f'<td class="pic-num">{esc(column.max_label)}</td>\n'
            f'    <td class="pic-num">{column.count}</td>\n    ')
        if has_ideal:
            add(f'<td class="pic-num">{", ".join(esc(label) for label in column.target_labels) or "—"}</td>')
        add("\n    ")
        for mean, count in column.review_labels:
            add(f'<td class="pic-num">{esc(mean)}')
            if count:
                add(f' <span class="pic-table-n">(n={count})</span>')
            add("</td>")
        add("\n  </tr>")
    if not p.columns:
        empty = trans(_("No touchpoints yet"))
        add(f'<tr><td colspan="{p.table_width}">{empty}</td></tr>')
    add("\n  </tbody>\n  ")
    if p.ideal_only:
        heading = trans(_("New in the ideal journey (not on the curve: nothing to compare with yet)"))
        add(f'<tbody class="pic-table-ideal-only">\n'
            f'    <tr class="pic-table-stage"><th scope="colgroup" colspan="{p.table_width}">{heading}</th></tr>\n    ')
        no_rounds = '<td class="pic-num">—</td>' * len(p.rounds)
        for touchpoint, target in p.ideal_only_rows:
            add(f'<tr data-ideal-touchpoint="{touchpoint.pk}">\n'
                f'      <td class="pic-num">—</td><th scope="row">{esc(touchpoint.name)}</th>'
                f'<td class="pic-text">{esc(touchpoint.stage.name)}</td>\n'
                f'      <td class="pic-num">—</td><td class="pic-num">—</td><td class="pic-num">—</td>'
                f'<td class="pic-num">—</td>\n'
                f'      <td class="pic-num">{esc(target)}</td>\n'
                f'      {no_rounds}\n    </tr>')
        add("\n  </tbody>")
    add("\n</table>\n")
    return "".join(out)


def _impact_effort_svg(p):
    out = []
    add = out.append
    dom_id = esc(p.dom_id)
    title = (trans(_("Impact/effort matrix: %(title)s"), title=p.title) if p.title
             else trans(_("Impact/effort matrix")))
    count = len(p.marks)
    summary = trans(ngettext(
        "%(count)s numbered item placed by effort (1 to 5, left to right) and impact (1 to 5, bottom to top): quick "
        "wins have a high impact for a low effort, major projects a high impact for a high effort, fill-ins a low "
        "impact for a low effort and thankless tasks a low impact for a high effort.",
        "%(count)s numbered items placed by effort (1 to 5, left to right) and impact (1 to 5, bottom to top): quick "
        "wins have a high impact for a low effort, major projects a high impact for a high effort, fill-ins a low "
        "impact for a low effort and thankless tasks a low impact for a high effort.", count,
    ), count=count)
    # A group, not an image: an image's content is hidden from screen readers, and the marks are what they need
    # to reach. Each mark is focusable and named (number, title, impact, effort, quadrant); the quadrants, axes and
    # legend only draw what the marks' names say, so they are hidden from the accessibility tree.
    add(f'<svg xmlns="http://www.w3.org/2000/svg" class="pic pic-matrix" viewBox="0 0 {p.width} {p.height}" '
        f'width="{p.width}" height="{p.height}" role="group" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        f'font-family="{FONT_FAMILY}" data-items="{count}" data-plot-left="{p.plot_left}" '
        f'data-plot-top="{p.plot_top}" data-cell="{p.cell}">\n'
        f'  <title id="{dom_id}-title">{title}</title>\n'
        f'  <desc id="{dom_id}-desc">{summary}</desc>\n'
        f'  <rect x="0" y="0" width="{p.width}" height="{p.height}" fill="#ffffff"/>\n\n'
        f'  <g class="pic-matrix-quadrants" aria-hidden="true">\n    ')
    for area in p.areas:
        add(f'<rect class="pic-matrix-area" data-quadrant="{area.quadrant.value}" x="{area.x}" y="{area.y}" '
            f'width="{area.width}" height="{area.height}" fill="{area.fill}"/>')
    add("\n    ")
    for x1, y1, x2, y2 in p.gridlines:
        add(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#ffffff" stroke-width="1.5"/>')
    add("\n    ")
    for area in p.areas:
        add(f'<rect x="{area.x}" y="{area.y}" width="{area.width}" height="{area.height}" fill="none" '
            f'stroke="#5b6b69" stroke-width="2"/>')
    add("\n    ")
    for area in p.areas:
        add(f'<text x="{area.label_x}" y="{area.label_y}" text-anchor="middle" font-size="15" font-weight="700" '
            f'fill="{area.ink}">{esc(area.label)}</text>')
    add('\n  </g>\n\n  <g class="pic-matrix-axes" aria-hidden="true" font-size="14" fill="#5b6b69" '
        'text-anchor="middle">\n    ')
    for x, y, label in p.effort_ticks:
        add(f'<text x="{x}" y="{y}">{label}</text>')
    add("\n    ")
    for x, y, label in p.impact_ticks:
        add(f'<text x="{x}" y="{y}" text-anchor="end">{label}</text>')
    (effort_x, effort_y), (impact_x, impact_y) = p.effort_title, p.impact_title
    effort, impact = trans(_("Effort")), trans(_("Impact"))
    add(f'\n    <text x="{effort_x}" y="{effort_y}" font-size="15" font-weight="700" fill="#1d2b2a">{effort} →</text>\n'
        f'    <text transform="translate({impact_x} {impact_y}) rotate(-90)" font-size="15" font-weight="700" '
        f'fill="#1d2b2a">{impact} →</text>\n'
        f'  </g>\n\n  <g class="pic-matrix-marks" text-anchor="middle">\n    ')
    for mark in p.marks:
        item = mark.item
        item_id = esc(item.id)
        role = (f' id="{dom_id}-mark-{item_id}" data-movable="true" role="button" '
                f'aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight" aria-describedby="{dom_id}-help"'
                if getattr(item, "movable", False) else ' role="img"')
        tooltip = trans(_("%(number)s. %(label)s — impact %(impact)s, effort %(effort)s: %(quadrant)s"),
                        number=mark.number, label=item.label, impact=item.impact, effort=item.effort,
                        quadrant=mark.quadrant.label)
        add(f'<g class="pic-matrix-mark" data-item="{item_id}" data-quadrant="{mark.quadrant.value}" '
            f'data-number="{mark.number}" data-impact="{esc(item.impact)}" data-effort="{esc(item.effort)}"{role} '
            f'tabindex="0" aria-label="{tooltip}">\n'
            f'      <title>{tooltip}</title>\n'
            f'      <circle cx="{mark.x}" cy="{mark.y}" r="{p.mark_radius}" fill="#ffffff" stroke="#1d2b2a" '
            f'stroke-width="2"/>\n'
            f'      <text x="{mark.x}" y="{mark.y}" dy="0.35em" font-size="13" font-weight="700" fill="#1d2b2a">'
            f'{mark.number}</text>\n    </g>')
    add('\n  </g>\n\n  <g class="pic-legend" aria-hidden="true" font-size="14" fill="#1d2b2a">\n    ')
    for line in p.legend:
        tooltip = f"<title>{line.number}. {esc(line.full)}</title>" if line.cut else ""
        add(f'<g>{tooltip}\n'
            f'      <circle cx="{line.x}" cy="{line.y}" r="11" fill="#ffffff" stroke="#1d2b2a" stroke-width="1.5"/>\n'
            f'      <text x="{line.x}" y="{line.y}" dy="0.35em" text-anchor="middle" font-size="11" '
            f'font-weight="700">{line.number}</text>\n'
            f'      <text x="{line.text_x}" y="{line.y}" dy="0.35em">{esc(line.text)}</text>\n    </g>')
    add("\n  </g>\n</svg>\n")
    return "".join(out)


def _impact_effort_table(p):
    out = []
    add = out.append
    caption = trans(_("The impact/effort matrix in numbers"))
    item_heading, quadrant_heading = trans(_("Item")), trans(_("Quadrant"))
    impact_heading, effort_heading = trans(_("Impact")), trans(_("Effort"))
    add(f'<table class="table pic-table" data-picture="{esc(p.dom_id)}">\n'
        f'  <caption class="visually-hidden">{caption}</caption>\n'
        f'  <thead><tr>\n'
        f'    <th scope="col" class="pic-num">#</th><th scope="col">{item_heading}</th>\n'
        f'    <th scope="col" class="pic-num">{impact_heading}</th>'
        f'<th scope="col" class="pic-num">{effort_heading}</th>\n'
        f'    <th scope="col">{quadrant_heading}</th>\n'
        f'  </tr></thead>\n  <tbody>\n  ')
    for mark in p.marks:
        item = mark.item
        add(f'<tr data-item="{esc(item.id)}">\n'
            f'    <td class="pic-num">{mark.number}</td><th scope="row">{esc(item.label)}</th>\n'
            f'    <td class="pic-num">{esc(item.impact)}</td><td class="pic-num">{esc(item.effort)}</td>'
            f'<td>{esc(mark.quadrant.label)}</td>\n  </tr>')
    if not p.marks:
        empty = trans(_("Nothing on the matrix yet"))
        add(f'<tr><td colspan="5">{empty}</td></tr>')
    add("\n  </tbody>\n</table>\n")
    return "".join(out)


RENDERERS = {  # picture class: (its SVG, its table)
    JourneyMap: (_journey_map_svg, _journey_map_table),
    EmotionCurve: (_emotion_curve_svg, _emotion_curve_table),
    ImpactEffortMatrix: (_impact_effort_svg, _impact_effort_table),
}


def render(picture, *, standalone=False):
    """The SVG of a JourneyMap, EmotionCurve or ImpactEffortMatrix, as a safe string.

    Inline (for an HTML page) by default; ``standalone=True`` gives a whole SVG document (an XML
    declaration before the same <svg xmlns=…>), for a download or an <img>/PDF.
    """
    svg = RENDERERS[type(picture)][0](picture)
    return mark_safe(XML_DECLARATION + svg if standalone else svg)


def render_table(picture):
    """The HTML table with the same numbers as ``picture`` (to show under it: the accessible version)."""
    return mark_safe(RENDERERS[type(picture)][1](picture))
