"""SVG text in the PDF, one Pango layout per text run instead of one per character.

WeasyPrint 70.0 lays out and draws every character of an SVG ``<text>``/``<tspan>`` on its own (its SVG
renderer supports a position or a rotation per character, and always takes that slow road; upstream
Kozea/WeasyPrint#2249). The report's maps and curves are mostly text, so that was more than half of the time
to make a large report.

``install()`` puts a fast path in front of WeasyPrint's SVG text: a run that positions only its start (at most
one x, y, dx and dy, no rotate, no letter-spacing, no textLength) — every run our pictures write — is laid out
and drawn once, with the same style, cursor, bounding box (text-anchor) and baseline handling as WeasyPrint's
own code. Anything else goes to WeasyPrint unchanged. ``tests/actions/test_pdf_text.py`` checks that the
words land where WeasyPrint's own code puts them.

The fast path copies a few lines of WeasyPrint's ``svg/text.py``, so it is tied to the version it was checked
against: with another WeasyPrint, ``install()`` leaves WeasyPrint alone (and the test says so).
"""

from math import inf
from types import SimpleNamespace

CHECKED_VERSION = "70.0"

_installed = False
_weasy = SimpleNamespace()  # WeasyPrint's parts the fast path uses, imported by install() (not at startup)


def _style(svg, node, font_size):
    """The text style of ``node``, as WeasyPrint's ``svg.text.text`` builds it."""
    style = _weasy.Style()
    style.update(_weasy.INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = node.get("font-weight", 400)
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    if style["font_weight"] == "normal":
        style["font_weight"] = 400
    elif style["font_weight"] == "bold":
        style["font_weight"] = 700
    else:
        try:
            style["font_weight"] = int(style["font_weight"])
        except ValueError:
            style["font_weight"] = 400
    return style


def _positions(svg, node, font_size):
    """(x, y, dx, dy) of a run that positions only its start (each None when not given), or None otherwise."""
    normalize, size = _weasy.normalize, _weasy.size
    values = []
    for name, reference in (("x", svg.inner_width), ("y", svg.inner_height), ("dx", svg.inner_width),
                            ("dy", svg.inner_height)):
        if name not in node.attrib:
            values.append(None)
            continue
        parts = normalize(node.attrib[name]).strip().split(" ")
        if len(parts) != 1:
            return None
        values.append(size(parts[0], font_size, reference))
    return values


def _y_align(node, font_size, height):
    """The vertical shift WeasyPrint applies for display-anchor and dominant-/alignment-baseline."""
    ascent, descent = font_size * .8, font_size * .2
    display_anchor = node.get("display-anchor")
    alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        return -height / 2
    if display_anchor == "top":
        return 0
    if display_anchor == "bottom":
        return -height
    if alignment_baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if alignment_baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def _fast_text(original):
    draw_emojis, draw_first_line = _weasy.draw_emojis, _weasy.draw_first_line
    extend_bounding_box, split_first_line = _weasy.extend_bounding_box, _weasy.split_first_line
    Matrix, TextBox = _weasy.Matrix, _weasy.TextBox  # noqa: N806 (WeasyPrint's class names)

    def text(svg, node, font_size):
        positions = _positions(svg, node, font_size) if node.text else None
        if (positions is None or "rotate" in node.attrib or node.get("textLength")
                or svg.length(node.get("letter-spacing"), font_size)):
            return original(svg, node, font_size)
        x, y, dx, dy = positions
        style = _style(svg, node, font_size)
        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

        # The cursor as WeasyPrint moves it for the first character (an x or y of 0 does not reset, as there).
        if x:
            svg.cursor_d_position[0] = 0
        if y:
            svg.cursor_d_position[1] = 0
        svg.cursor_d_position[0] += dx or 0
        svg.cursor_d_position[1] += dy or 0
        x = svg.cursor_position[0] if x is None else x
        y = svg.cursor_position[1] if y is None else y
        svg.cursor_position = x + width, y
        x_position = x + svg.cursor_d_position[0]
        y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box,
            ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)))

        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        text_box = TextBox(layout, style)
        text_box.baseline = baseline
        emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    text.weasyprint_original = original
    return text


def install():
    """Put the fast path in front of WeasyPrint's SVG text (once; only for the version it was checked with).
    Returns whether it is in place."""
    global _installed
    if _installed:
        return True
    import weasyprint
    from weasyprint import svg

    if weasyprint.__version__ != CHECKED_VERSION:
        return False
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    _weasy.__dict__.update(
        INITIAL_VALUES=INITIAL_VALUES, draw_emojis=draw_emojis, draw_first_line=draw_first_line, Matrix=Matrix,
        extend_bounding_box=extend_bounding_box, Style=Style, TextBox=TextBox, normalize=normalize, size=size,
        split_first_line=split_first_line)
    fast = _fast_text(svg.text)
    for tag, drawer in list(svg.TAGS.items()):
        if drawer is svg.text:
            svg.TAGS[tag] = fast
    svg.text = fast  # draw_node recognises text nodes by comparing with this name (text-anchor, bounding boxes)
    _installed = True
    return True
