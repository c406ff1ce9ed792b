"""The pictures — journey map and emotion curve — drawn as SVG on the server, and the primitives other pictures
(actions' impact/effort matrix) are built on.

One renderer for every medium: the map page and its downloads, the projector and the PDF report. Everything here
is geometry on data the caller has already loaded (no SQL in this package): ``journey_map`` and ``emotion_curve``
return frozen dataclasses holding every coordinate and text; ``render`` and ``render_table`` write one as SVG and
as an HTML table, through the picture's own ``svg()`` and ``table()``, drawing only what its layout computed.

Coordinates are strings with a decimal point (``coordinate``), so the SVG is the same in every language. Text is
wrapped by its width in DejaVu Sans (the advance widths are tabled in ``text``: no font is needed on the server),
the widest of the fonts the SVG names, so it fits whichever of them the viewer has. Wherever a text was cut,
its full version is in a <title> tooltip and in the HTML table that goes with every picture.

Every series of the curve differs by colour (the Okabe–Ito palette, safe for colour-blind eyes) AND by
dash pattern and marker shape, so it also reads in black and white.

The modules: ``text`` (widths, wrap/fit/truncate, text blocks, backdrops), ``marks`` (icons, evidence counts,
legends, marker shapes), ``stage_parts`` (a stage split over report pages), ``map_layout`` beside ``map_svg``,
``curve_layout`` beside ``curve_svg``, ``render``, and ``svg`` (the escaping string builder they write with).
"""

from .curve_layout import PROJECTOR_SCALE, EmotionCurve, emotion_curve, print_scale
from .map_layout import journey_map
from .marks import NO_EVIDENCE, EvidenceCount, evidence_counts
from .render import XML_DECLARATION, render, render_table
from .stage_parts import StagePart
from .svg import esc, trans
from .text import FONT_FAMILY, coordinate, fit, text_width, truncate, wrap

__all__ = [
    "FONT_FAMILY",
    "NO_EVIDENCE",
    "PROJECTOR_SCALE",
    "XML_DECLARATION",
    "EmotionCurve",
    "EvidenceCount",
    "StagePart",
    "coordinate",
    "emotion_curve",
    "esc",
    "evidence_counts",
    "fit",
    "journey_map",
    "print_scale",
    "render",
    "render_table",
    "text_width",
    "trans",
    "truncate",
    "wrap",
]
