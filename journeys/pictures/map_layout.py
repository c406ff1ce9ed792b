"""The journey map's layout: every coordinate and text of the map, as frozen dataclasses (written by map_svg)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import SCORE_MAX, SCORE_MIN, Channel, Lane
from ..numbers import score_colour, signed
from .map_svg import journey_map_svg, journey_map_table
from .marks import ICONS, EvidenceCount, EvidenceCounts, channel_labels, lay_out_legend
from .stage_parts import part_label
from .text import Backdrop, TextBlock, backdrop, fit, run_paths, text_block, text_width
from .text import coordinate as _n

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

    def svg(self):
        """This map as SVG markup (``render`` marks it safe)."""
        return journey_map_svg(self)

    def table(self):
        """This map's numbers as an HTML table (``render_table`` marks it safe)."""
        return journey_map_table(self)


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
    channel_names = channel_labels()
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
    legend, legend_height = lay_out_legend(entries, left=MAP_PAD + 2, top=grid_bottom + 12,
                                    width=max(width - 2 * MAP_PAD - 4, 300), size=MAP_SMALL, sample_width=20,
                                    row_height=24)
    height = grid_bottom + 12 + legend_height + 10

    ticks = tuple((_n(score_y(value)), signed(value, 0)) for value in (SCORE_MAX, 0, SCORE_MIN))
    return JourneyMap(
        dom_id=dom_id, title=title, width=_n(width), height=_n(height), label_width=_n(MAP_LABEL_WIDTH),
        tick_x=_n(MAP_LABEL_WIDTH - 8), grid_right=_n(grid_right), grid_bottom=_n(grid_bottom), lanes=tuple(lanes),
        stages=tuple(map_stages), touchpoints=tuple(map_touchpoints), scale_ticks=ticks, zero_y=_n(zero_y),
        emotion_path=run_paths(means), visibility_y=_n(lane_top("back")), legend=legend,
        evidence_on_journey=evidence.journey,
    )
