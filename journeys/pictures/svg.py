"""The small string builder the pictures (journeys.pictures) are written with.

A picture of a large journey has thousands of elements: a Django template evaluating some 26,000 variables
for it took about 100 ms, strings appended to a list and joined once take a few. The rule that keeps this
safe: everything that comes from data or from people goes through ``esc``, translations through ``trans``;
only what the pictures compute themselves (coordinates as ``_n`` strings, counts, colours, the constant markup
of their icons) is written as it is.

The writers (map_svg, curve_svg, actions' matrix_picture) keep the whitespace between the elements of the
templates they replaced: the output stayed the same, byte for byte, but for apostrophes in translations, which
are now escaped like everything else.
"""

from html import escape


def esc(value):
    """``value`` as text or as an attribute value: & < > " ' escaped, as django.utils.html.escape does
    (the same stdlib call, without its lazy-string wrapper, which counts when called ten thousand times)."""
    return escape(str(value))


def trans(message, /, **values):
    """A translated ``message`` with ``values`` in its %(name)s placeholders, all of it escaped: the values
    are text people typed, and a translation may hold an & or a quote as well."""
    text = escape(str(message))
    return text % {name: escape(str(value)) for name, value in values.items()} if values else text


def tspans(x, lines):
    """One <tspan> per line of text, ``lines`` being ((y, text), …) as in text.TextBlock."""
    return "".join(f'<tspan x="{x}" y="{y}">{escape(line)}</tspan>' for y, line in lines)


def glyph(markup, x, y, colour):
    """One of marks.ICONS (constant markup on a 16 × 16 grid), stroked in ``colour``, its corner at (x, y)."""
    return (f'<g transform="translate({x} {y})" fill="none" stroke="{colour}" stroke-width="1.5" '
            f'stroke-linecap="round" stroke-linejoin="round">{markup}</g>')
