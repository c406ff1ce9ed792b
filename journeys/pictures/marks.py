"""The marks the pictures share: channel icons, evidence counts, legends laid out in rows, marker shapes."""

import math
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Channel, EvidenceKind
from .text import coordinate as _n
from .text import text_width, truncate

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


def lay_out_legend(entries, *, left, top, width, size, sample_width, row_height):
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


# --- Marker shapes: the curve's series and their legend samples ----------------------------------------

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


# --- Channel names ------------------------------------------------------------------------------------

def channel_labels():
    """{channel: its name in the active language}, as ``get_channel_display`` gives it: looked up once per
    picture, since that method translates every channel's name to find one."""
    return {value: str(label) for value, label in Channel.choices}
