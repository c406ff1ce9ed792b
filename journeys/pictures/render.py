"""A picture as a safe SVG string (inline or a whole document) and as its HTML table."""

from django.utils.safestring import mark_safe

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render(picture, *, standalone=False):
    """The SVG of a picture (a JourneyMap, an EmotionCurve, actions' ImpactEffortMatrix: anything with
    ``svg()`` and ``table()``), as a safe string.

    Inline (for an HTML page) by default; ``standalone=True`` gives a whole SVG document (an XML
    declaration before the same <svg xmlns=…>), for a download or an <img>/PDF.
    """
    svg = picture.svg()
    return mark_safe(XML_DECLARATION + svg if standalone else svg)


def render_table(picture):
    """The HTML table with the same numbers as ``picture`` (to show under it: the accessible version)."""
    return mark_safe(picture.table())
