"""Text in the pictures: widths in DejaVu Sans (tabled, no font needed on the server), wrapping, fitting and
cutting to a width in px, and the small geometry every layout shares (coordinates, backdrops, broken lines).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

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


def coordinate(value):
    """A coordinate as SVG wants it, whatever the language (never a decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


_n = coordinate  # the short name every layout writes its many coordinates with


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


def backdrop_svg(patch):
    return (f'<rect x="{patch.x}" y="{patch.y}" width="{patch.width}" height="{patch.height}" rx="2" '
            f'fill="#ffffff" fill-opacity="0.85"/>')


def run_paths(points):
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
