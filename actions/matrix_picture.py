"""The impact/effort matrix as a picture: its layout and its SVG and table, built on journeys.pictures."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys.pictures import FONT_FAMILY, esc, trans, truncate
from journeys.pictures import coordinate as _n

from .matrix import MATRIX_HIGH_FROM, Quadrant, quadrant

MATRIX_MARK = 14  # a mark's radius
MATRIX_MIN_CELL = 96
MATRIX_LEFT, MATRIX_TOP, MATRIX_RIGHT = 78, 40, 16
MATRIX_FONT, MATRIX_SMALL = 15, 14
QUADRANT_COLOURS = {  # (background, text)
    Quadrant.QUICK_WIN: ("#e3f4ea", "#1a6b3f"),
    Quadrant.MAJOR_PROJECT: ("#e1eefb", "#1f4f99"),
    Quadrant.FILL_IN: ("#f1f3f2", "#4a5856"),
    Quadrant.THANKLESS_TASK: ("#fbe9e5", "#a63a20"),
}


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

    def svg(self):
        """This matrix as SVG markup (``journeys.pictures.render`` marks it safe)."""
        return impact_effort_svg(self)

    def table(self):
        """This matrix's numbers as an HTML table (``journeys.pictures.render_table`` marks it safe)."""
        return impact_effort_table(self)


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


# --- Its SVG and its table (written as journeys.pictures' own are: see journeys/pictures/svg.py) -----------

def impact_effort_svg(p):
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


def impact_effort_table(p):
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
