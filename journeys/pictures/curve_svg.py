"""The emotion curve written as SVG and as an HTML table (see svg.py for why strings, not a template)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .stage_parts import stage_title
from .svg import esc, trans
from .text import FONT_FAMILY, backdrop_svg

CURVE_STAR = '<tspan fill="#b6452d">★</tspan>'


def emotion_curve_svg(p):
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
                add(f'\n    {backdrop_svg(marker.count_backdrop)}<text class="pic-curve-count" x="{marker.x}" '
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


def emotion_curve_table(p):
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
