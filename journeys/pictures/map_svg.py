"""The journey map written as SVG and as an HTML table (see svg.py for why strings, not a template)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .marks import ICONS, channel_labels
from .stage_parts import stage_title
from .svg import esc, glyph, trans, tspans
from .text import FONT_FAMILY, backdrop_svg

MAP_STAR = '<tspan class="pic-map-star">★</tspan> '


def _evidence_marks(add, marks):
    for markup, x, y, number in marks:
        add(f'{glyph(markup, x, y, "#0d5c63")}\n<text x="{x}" y="{y}" dx="22" dy="13" font-size="13" '
            f'font-weight="700" fill="#1d2b2a">{number}</text>')


def journey_map_svg(p):
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
    channels = channel_labels()
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
                f'      {backdrop_svg(emotion.label_backdrop)}{backdrop_svg(emotion.range_backdrop)}\n'
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


def journey_map_table(p):
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
    channels = channel_labels()
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
