"""The pictures renderer (journeys.pictures): the journey map, the emotion curve and the impact/effort matrix.

What is drawn is checked on the SVG itself (parsed as XML) and on the geometry the renderer computes: one
column per stage, one box per touchpoint, one marker per score, one line per review round, one mark per
matrix item in the right quadrant, and nothing overlapping however large the journey.
"""

import datetime
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from actions.matrix import Quadrant, quadrant
from actions.matrix_picture import MatrixItem, impact_effort_matrix
from journeys import pictures
from journeys.models import (
    Channel,
    EmotionRating,
    Evidence,
    Measurement,
    MeasurementKind,
    Note,
    Stage,
    Touchpoint,
)
from journeys.pictures.curve_layout import CURRENT_STYLE, IDEAL_STYLE, REVIEW_STYLES
from journeys.pictures.map_layout import MAP_COLUMN, MAP_FONT, MAP_NAME_LINES, MAP_PAD, MAP_SMALL, MAP_STAGE_FONT
from journeys.selectors import baseline_measurement, load_picture_data
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from workshops.models import Participant

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LONG = ("with a deliberately long name that goes on and on, because real teams write whole sentences on "
        "their sticky notes")


def build_workshop(team, facilitator, *, stages=3, touchpoints=5, participants=3, reviews=0, long_names=False,
                   title="Nieuwe abonnees"):
    """A worked-through workshop for the pictures.

    ``touchpoints`` spread over ``stages`` (the last stage gets none when there are more stages than one),
    every channel in turn, every 4th a moment of truth, every 6th back stage. Everyone scores every
    touchpoint but the last; the first touchpoint of each stage has two thorns. Evidence on the journey,
    the first stage and the second touchpoint. An ideal journey with a target for every touchpoint but the
    first, and one touchpoint new in the ideal. ``reviews`` later review rounds scoring every touchpoint.
    """
    workshop = workshop_create(team=team, title=title, facilitator=facilitator, template="blank")
    journey = workshop.journey
    filled = stages - 1 if stages > 1 else 1
    made = Stage.objects.bulk_create(
        Stage(journey=journey, position=i, name=(f"Fase {i + 1}" + (" " + LONG if long_names else ""))[:120],
              customer_goal=(f"Ik wil stap {i + 1} zetten" + (" " + LONG if long_names else ""))[:200],
              scenario=("De klant doet van alles. " * (6 if long_names else 1)).strip())
        for i in range(stages)
    )
    channels = itertools.cycle(Channel.values)
    points = Touchpoint.objects.bulk_create(
        Touchpoint(stage=made[i * filled // touchpoints], position=i,
                   name=(f"Contact {i + 1}" + (" " + LONG if long_names else ""))[:150],
                   channel=next(channels), moment_of_truth=i % 4 == 2, lane="back" if i % 6 == 5 else "front")
        for i in range(touchpoints)
    )
    points.sort(key=lambda point: (point.stage.position, point.position))
    people = Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"Gast {i}")
                                             for i in range(participants))
    baseline = baseline_measurement(journey)
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=baseline, touchpoint=point, participant=person, score=(i + j) % 11 - 5)
        for i, person in enumerate(people) for j, point in enumerate(points[:-1])
    )
    firsts = [next(point for point in points if point.stage_id == stage.pk) for stage in made[:filled]
              if any(point.stage_id == stage.pk for point in points)]
    Note.objects.bulk_create(Note(touchpoint=point, participant=people[0] if people else None, kind="thorn",
                                  text=f"Doorn {n} bij {point.name}")
                             for point in firsts for n in (1, 2))
    Note.objects.create(touchpoint=points[0], kind="rose", text="Een roos telt niet als doorn")
    Evidence.objects.create(journey=journey, kind="quantitative", metric="NPS", value=31)
    Evidence.objects.create(journey=journey, stage=made[0], kind="qualitative", quote="Fijn")
    if len(points) > 1:
        Evidence.objects.create(journey=journey, touchpoint=points[1], kind="quantitative", metric="Wachttijd",
                                value=14)
        Evidence.objects.create(journey=journey, touchpoint=points[1], stage=made[0], kind="qualitative",
                                quote="Te lang")
    ideal = journey_copy(source=journey, title=f"{title} — ideaal", ideal=True)
    copies = list(Touchpoint.objects.filter(stage__journey=ideal).order_by("stage__position", "position"))
    for copy in copies[1:]:
        copy.target_emotion = 3
    Touchpoint.objects.bulk_update(copies, ["target_emotion"])
    Touchpoint.objects.create(stage=ideal.stages.first(), position=99, name="Track & trace per sms", target_emotion=4)
    for number in range(reviews):
        review = Measurement.objects.create(journey=journey, kind=MeasurementKind.REVIEW,
                                            taken_on=datetime.date(2027, 3 * number + 1, 15))
        EmotionRating.objects.bulk_create(
            EmotionRating(measurement=review, touchpoint=point, participant=person,
                          score=(i + j) % 5 - 3 + 2 * number)
            for i, person in enumerate(people) for j, point in enumerate(points)
        )
    return workshop


def parse(svg):
    """The SVG as an element tree (it must be well-formed XML: the PDF and the downloads read it as such)."""
    return ET.fromstring(str(svg).removeprefix(pictures.XML_DECLARATION))


def with_class(root, name):
    return [element for element in root.iter() if name in (element.get("class") or "").split()]


def assert_accessible(root):
    """Named by its title and described by its desc. The map and the curve are images (their numbers are in the
    table under them); the matrix is a group, so a screen reader reaches each of its marks."""
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == ("group" if "pic-matrix" in root.get("class").split() else "img")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").get("id") == desc_id and root.find(f"{SVG}desc").text.strip()


def assert_numbers_are_plain(svg):
    """Coordinates never carry a decimal comma, whatever the language."""
    for _name, value in re.findall(r'\s(x|y|x1|x2|y1|y2|cx|cy|r|width|height|rx)="([^"]*)"', str(svg)):
        float(value)
    for value in re.findall(r'\sd="([^"]*)"', str(svg)):
        assert "," not in value


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """These tests render outside a request: in English, like the step tests (Dutch is checked below)."""
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(team, facilitator):
    return build_workshop(team, facilitator, stages=3, touchpoints=5, participants=3, reviews=2)


# --- Text ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,chars,lines,expected,cut", [
    ("Website met de collectie", 12, 3, ("Website met", "de collectie"), False),
    ("Instagram-advertentie", 15, 2, ("Instagram-", "advertentie"), False),
    ("Bevestigingsmail", 10, 2, ("Bevestigi-", "ngsmail"), False),
    ("Chat met de klantenservice", 10, 2, ("Chat met", "de…"), True),
    ("", 10, 2, (), False),
])
def test_wrap_breaks_between_words_and_marks_what_it_cut(text, chars, lines, expected, cut):
    assert pictures.wrap(text, chars, lines) == (expected, cut)


@pytest.mark.parametrize("text", ["Een lang woord: klantenservicemedewerkersoverleg en nog meer woorden", "x" * 150])
@pytest.mark.parametrize("chars,lines", [(4, 1), (9, 2), (17, 3)])
def test_wrapped_lines_never_exceed_their_width(text, chars, lines):
    wrapped, cut = pictures.wrap(text, chars, lines)
    assert 1 <= len(wrapped) <= lines
    assert all(len(line) <= chars for line in wrapped)
    if len(text) > chars * lines:
        assert cut and wrapped[-1].endswith("…")


@pytest.mark.parametrize("length", [4_000, 65_536])
def test_a_long_unbroken_word_is_wrapped_by_measuring_a_few_lines_of_it(length):
    """Where a 64 KB word made the PDF worker run out of time: the wrapping measured the rest of the word
    for every character it tried, over and over. Now it measures what a few lines hold, however long the word."""
    measured = []

    def measure(line):
        measured.append(len(line))
        return pictures.text_width(line, 13, bold=True)

    lines, cut = pictures.wrap("Klantcontactmoment" * (length // 18), 130, 3, measure=measure)
    assert cut and len(lines) == 3 and lines[-1].endswith("…")
    assert all(pictures.text_width(line, 13, bold=True) <= 130 for line in lines)
    assert sum(measured) < 5_000  # three lines of about 15 characters, each found in a few tries
    # Fitted to pixels, the word's tail beyond what the lines can show is not even looked at: the same lines.
    assert pictures.fit("x" * length, 130, 13, 3, bold=True) == pictures.fit("x" * 200, 130, 13, 3, bold=True)


def test_a_legend_entry_wider_than_the_picture_is_cut_to_fit(team, facilitator):
    workshop = build_workshop(team, facilitator, reviews=1)
    Measurement.objects.filter(journey=workshop.journey, kind="review").update(label="Reviewronde" * 9)
    data = load_picture_data(workshop.journey)
    for picture in (data.emotion_curve(), data.emotion_curve(scale=pictures.print_scale(4)),
                    data.emotion_curve(scale=pictures.PROJECTOR_SCALE), data.journey_map()):
        size = picture.scale.small if isinstance(picture, pictures.EmotionCurve) else MAP_SMALL
        for item in picture.legend:  # the map's "★ moment of truth" measured with its star
            assert float(item.text_x) + pictures.text_width(item.label, size) <= float(picture.width), item.label
    review = next(item for item in data.emotion_curve().legend if item.kind == "review")
    assert review.label.endswith("…") and review.label.startswith("Reviewronde")


# --- The journey map -------------------------------------------------------------------------------------

def test_map_has_one_column_per_stage_and_one_box_per_touchpoint(workshop):
    data = load_picture_data(workshop.journey)
    journey_map = data.journey_map(title=workshop.title)
    root = parse(pictures.render(journey_map, standalone=True))
    assert_accessible(root)
    stages = list(Stage.objects.filter(journey=workshop.journey).order_by("position"))
    touchpoints = list(Touchpoint.objects.filter(stage__journey=workshop.journey))
    assert [int(g.get("data-stage")) for g in with_class(root, "pic-map-stage")] == [s.pk for s in stages]
    boxes = with_class(root, "pic-map-touchpoint")
    assert sorted(int(g.get("data-touchpoint")) for g in boxes) == sorted(tp.pk for tp in touchpoints)
    assert root.get("data-stages") == "3" and root.get("data-touchpoints") == "5"
    # The third touchpoint is the moment of truth: a heavier outline and a star.
    truths = with_class(root, "pic-map-touchpoint--truth")
    assert [int(g.get("data-touchpoint")) for g in truths] == [tp.pk for tp in touchpoints if tp.moment_of_truth]
    for group in truths:
        box = group.find(f"{SVG}rect")
        assert float(box.get("stroke-width")) >= 3
        assert "★" in "".join(group.itertext())
    for group in set(boxes) - set(truths):
        assert float(group.find(f"{SVG}rect").get("stroke-width")) < 3
        assert "★" not in "".join(group.itertext())
    assert "Nieuwe abonnees" in root.find(f"{SVG}title").text


def test_back_stage_touchpoints_sit_below_the_line_of_visibility(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=7)
    journey_map = load_picture_data(workshop.journey).journey_map()
    root = parse(pictures.render(journey_map))
    back = with_class(root, "pic-map-touchpoint--back")
    assert [g.get("data-index") for g in back] == ["6"]
    assert back[0].find(f"{SVG}rect").get("stroke-dasharray")
    sixth = journey_map.touchpoints[5]
    assert float(sixth.box_y) > float(journey_map.visibility_y) > float(journey_map.touchpoints[0].box_y)


def test_map_shows_emotion_thorns_and_evidence_per_touchpoint(workshop):
    data = load_picture_data(workshop.journey)
    journey_map = data.journey_map()
    root = parse(pictures.render(journey_map))
    points = list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position", "position"))
    # A mean marker for every scored touchpoint (all but the last), "no scores yet" for the last.
    means = with_class(root, "pic-map-mean")
    assert len(means) == len(points) - 1
    last = next(g for g in with_class(root, "pic-map-emotion") if g.get("data-touchpoint") == str(points[-1].pk))
    assert "no scores yet" in "".join(last.itertext())
    first = next(tp for tp in journey_map.touchpoints if tp.touchpoint.pk == points[0].pk)
    assert first.emotion.label == first.mean_label
    # Thorns: the count and the first thorn's text (the rose is not a thorn).
    thorns = {int(g.get("data-touchpoint")): g for g in with_class(root, "pic-map-thorns")}
    assert thorns[points[0].pk].get("data-count") == "2"
    assert "Doorn 1 bij Contact 1" in "".join(thorns[points[0].pk].itertext())
    assert "roos" not in "".join(thorns[points[0].pk].itertext())
    # Evidence: two on the second touchpoint (a figure and a quote), one quote on the first stage only, one
    # figure for the whole journey.
    second = next(tp for tp in journey_map.touchpoints if tp.touchpoint.pk == points[1].pk)
    assert (second.evidence.figures, second.evidence.quotes) == (1, 1)
    assert (journey_map.stages[0].evidence.figures, journey_map.stages[0].evidence.quotes) == (0, 1)
    assert journey_map.evidence_on_journey.figures == 1
    evidence = {g.get("data-touchpoint"): "".join(g.itertext()) for g in with_class(root, "pic-map-evidence")}
    assert "1 figure, 1 quote" in evidence[str(points[1].pk)]


def test_evidence_counts_sorts_rows_by_level():
    counts = pictures.evidence_counts([
        {"stage_id": None, "touchpoint_id": None, "kind": "quantitative", "n": 2},
        {"stage_id": 7, "touchpoint_id": None, "kind": "qualitative", "n": 3},
        {"stage_id": 7, "touchpoint_id": 70, "kind": "quantitative", "n": 1},
        {"stage_id": None, "touchpoint_id": 70, "kind": "qualitative", "n": 4},
    ])
    assert counts.journey == pictures.EvidenceCount(figures=2)
    assert counts.for_stage(7) == pictures.EvidenceCount(quotes=3)
    assert counts.for_touchpoint(70) == pictures.EvidenceCount(figures=1, quotes=4)
    assert counts.for_touchpoint(71) == pictures.NO_EVIDENCE


def box(tp):
    return (float(tp.box_x), float(tp.box_y), float(tp.box_x) + float(tp.box_width),
            float(tp.box_y) + float(tp.box_height))


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("stages,touchpoints", [(10, 25), (10, 250)])
def test_a_large_map_grows_and_nothing_overlaps(team, facilitator, stages, touchpoints):
    workshop = build_workshop(team, facilitator, stages=stages, touchpoints=touchpoints, participants=2,
                              long_names=True)
    data = load_picture_data(workshop.journey)
    journey_map = data.journey_map()
    assert len(journey_map.stages) == stages and len(journey_map.touchpoints) == touchpoints
    assert float(journey_map.width) >= touchpoints * MAP_COLUMN
    # Boxes never overlap, and each stays inside its stage's column and its lane.
    boxes = [box(tp) for tp in journey_map.touchpoints]
    for a, b in itertools.combinations(boxes, 2):
        assert not overlaps(a, b)
    stage_of = {stage.stage.pk: stage for stage in journey_map.stages}
    lanes = journey_map.lane
    for tp, (x0, y0, x1, y1) in zip(journey_map.touchpoints, boxes, strict=True):
        stage = stage_of[tp.stage.pk]
        assert float(stage.x) <= x0 and x1 <= float(stage.x) + float(stage.width)
        lane = lanes["back" if tp.is_back else "front"]
        assert float(lane.y) <= y0 and y1 <= float(lane.bottom)
        # Its name: at most three lines, each estimated to fit the box, the rest cut (the full name is in the
        # <title> and the table).
        assert 1 <= len(tp.name.lines) <= MAP_NAME_LINES and tp.name.cut
        inner = float(tp.box_width) - 2 * MAP_PAD
        assert all(pictures.text_width(line, MAP_FONT, bold=True) <= inner for _y, line in tp.name.lines)
        assert float(tp.name.lines[-1][0]) < y1
    # Stage texts stay inside their column and lane, however long.
    for stage in journey_map.stages:
        for block, lane, size in ((stage.name, "stage", MAP_STAGE_FONT), (stage.goal, "goal", 13),
                                  (stage.scenario, "scenario", 12)):
            assert all(pictures.text_width(line, size, bold=lane == "stage") <= float(stage.width) - 16
                       for _y, line in block.lines)
            assert all(float(lanes[lane].y) < float(y) < float(lanes[lane].bottom) for y, _line in block.lines)
    # Lanes are stacked without gaps or overlaps.
    for upper, lower in itertools.pairwise(journey_map.lanes):
        assert upper.bottom == lower.y
    root = parse(pictures.render(journey_map, standalone=True))
    assert len(with_class(root, "pic-map-touchpoint")) == touchpoints
    titles = [g.find(f"{SVG}title").text for g in with_class(root, "pic-map-touchpoint")]
    assert all(LONG in title for title in titles)


def test_an_empty_journey_still_draws_a_valid_map_and_curve(team, facilitator):
    workshop = workshop_create(team=team, title="Leeg", facilitator=facilitator, template="blank")
    data = load_picture_data(workshop.journey)
    for picture in (data.journey_map(), data.emotion_curve()):
        root = parse(pictures.render(picture, standalone=True))
        assert_accessible(root)
    assert "No touchpoints yet" in pictures.render(data.emotion_curve())


def test_a_stage_without_touchpoints_keeps_its_column(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=3, touchpoints=4)
    journey_map = load_picture_data(workshop.journey).journey_map()
    empty = journey_map.stages[-1]
    assert empty.empty_text.lines and float(empty.width) == MAP_COLUMN
    assert "No touchpoints yet" in pictures.render(journey_map)


# --- The emotion curve -----------------------------------------------------------------------------------

def test_curve_has_a_mean_marker_per_scored_touchpoint_and_none_for_unscored(workshop):
    curve = load_picture_data(workshop.journey).emotion_curve()
    root = parse(pictures.render(curve, standalone=True))
    assert_accessible(root)
    points = list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position", "position"))
    means = with_class(root, "pic-curve-marker--current")
    assert [int(marker.get("data-touchpoint")) for marker in means] == [point.pk for point in points[:-1]]
    assert root.get("data-columns") == "5" and root.get("data-scored") == "4"
    assert "mean" in means[0].find(f"{SVG}title").text


def test_curve_has_a_target_marker_per_ideal_touchpoint_with_a_target_and_a_source(workshop):
    curve = load_picture_data(workshop.journey).emotion_curve()
    root = parse(pictures.render(curve))
    ideal = list(Touchpoint.objects.filter(stage__journey__ideal_of=workshop.journey))
    expected = sorted(tp.source_id for tp in ideal if tp.source_id and tp.target_emotion is not None)
    targets = with_class(root, "pic-curve-marker--ideal")
    assert sorted(int(marker.get("data-touchpoint")) for marker in targets) == expected
    assert len(expected) == 4  # the first has no target, the new one no source
    assert len(with_class(root, "pic-curve-line--ideal")) == 1
    # The touchpoint new in the ideal is not on the curve but in the table.
    assert [tp.name for tp in curve.ideal_only] == ["Track & trace per sms"]
    table = pictures.render_table(curve)
    assert "Track &amp; trace per sms" in table and "+4" in table


def test_curve_has_one_line_per_review_round_in_date_order(team, facilitator):
    workshop = build_workshop(team, facilitator, reviews=3)
    Measurement.objects.filter(journey=workshop.journey, kind="review", taken_on__month=7).update(label="Zomer")
    curve = load_picture_data(workshop.journey).emotion_curve()
    root = parse(pictures.render(curve))
    lines = with_class(root, "pic-curve-line--review")
    assert len(lines) == 3
    assert [g.get("data-round") for g in with_class(root, "pic-curve-series--review")] == ["3", "2", "1"]
    # Each round by its name and date: its number, or the label given through the API.
    assert [series.label for series in curve.review_series] == [
        "Review 1 (15 Jan 2027)", "Review 2 (15 Apr 2027)", "Zomer (15 Jul 2027)"]
    assert len(with_class(root, "pic-curve-marker--review")) == 3 * 5  # every touchpoint scored each round
    legend = [g.get("data-series") for g in with_class(root, "pic-legend-item")]
    assert legend == ["current", "band", "ideal", "review", "review", "review"]
    assert root.get("data-rounds") == "3"


def test_a_baseline_without_reviews_or_ideal_draws_only_the_current_line(team, facilitator):
    workshop = workshop_create(team=team, title="Simpel", facilitator=facilitator, template="blank")
    stage = Stage.objects.create(journey=workshop.journey, name="Fase")
    point = Touchpoint.objects.create(stage=stage, name="Contact")
    person = Participant.objects.create(workshop=workshop, display_name="Gast")
    EmotionRating.objects.create(measurement=baseline_measurement(workshop.journey), touchpoint=point,
                                 participant=person, score=-2)
    curve = load_picture_data(workshop.journey).emotion_curve()
    root = parse(pictures.render(curve))
    assert [g.get("data-series") for g in with_class(root, "pic-curve-series")] == ["current"]
    assert len(with_class(root, "pic-curve-marker--current")) == 1
    assert curve.band_paths  # a lone touchpoint still gets its spread band


def test_every_series_differs_in_more_than_colour():
    """Black-and-white print and colour-blind eyes: dash pattern and marker shape tell the lines apart."""
    styles = [CURRENT_STYLE, IDEAL_STYLE, *REVIEW_STYLES]
    looks = [(style.dash, style.shape, style.filled) for style in styles]
    assert len(set(looks)) == len(looks)
    assert len({style.dash for style in styles}) == len(styles)


def test_curve_labels_are_large_enough_for_a_projector(workshop):
    svg = str(pictures.render(load_picture_data(workshop.journey).emotion_curve()))
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert min(sizes) >= 14


# --- The impact/effort matrix ----------------------------------------------------------------------------

ITEMS = [
    MatrixItem(id=11, label="Track & trace in de bevestigingsmail", impact=5, effort=1),
    MatrixItem(id=12, label="Nieuw klantportaal", impact=5, effort=5),
    MatrixItem(id=13, label="Kaartje met emoji", impact=1, effort=1),
    MatrixItem(id=14, label="Magazijn herinrichten", impact=2, effort=5),
    MatrixItem(id=15, label="Maat wijzigen in de app", impact=3, effort=3),
    MatrixItem(id=16, label="Chatbot 's nachts", impact=3, effort=2),
]


@pytest.mark.parametrize("impact,effort,expected", [
    (5, 1, Quadrant.QUICK_WIN), (3, 2, Quadrant.QUICK_WIN),
    (5, 5, Quadrant.MAJOR_PROJECT), (3, 3, Quadrant.MAJOR_PROJECT),
    (1, 1, Quadrant.FILL_IN), (2, 2, Quadrant.FILL_IN),
    (2, 5, Quadrant.THANKLESS_TASK), (1, 3, Quadrant.THANKLESS_TASK),
])
def test_quadrant_of_impact_and_effort(impact, effort, expected):
    assert quadrant(impact, effort) == expected


def test_matrix_has_one_mark_per_item_in_its_quadrant():
    matrix = impact_effort_matrix(ITEMS, title="Sokken")
    root = parse(pictures.render(matrix, standalone=True))
    assert_accessible(root)
    marks = with_class(root, "pic-matrix-mark")
    assert [int(g.get("data-item")) for g in marks] == [item.id for item in ITEMS]
    expected = ["quick_win", "major_project", "fill_in", "thankless_task", "major_project", "quick_win"]
    assert [g.get("data-quadrant") for g in marks] == expected
    for mark in matrix.marks:
        assert matrix.area(mark.quadrant).contains(mark.cx, mark.cy)
        others = [area for area in matrix.areas if area.quadrant != mark.quadrant]
        assert not any(area.contains(mark.cx, mark.cy) for area in others)
    # Quick wins: high impact (top), low effort (left).
    quick, thankless = matrix.area(Quadrant.QUICK_WIN), matrix.area(Quadrant.THANKLESS_TASK)
    assert quick.left < thankless.left and quick.top < thankless.top
    assert [line.text for line in matrix.legend] == [item.label for item in ITEMS]
    assert [g.find(f"{SVG}text").text for g in marks] == ["1", "2", "3", "4", "5", "6"]


def test_matrix_marks_are_focusable_and_named_for_screen_readers():
    """Each mark is reached with the keyboard and says what it is; what only draws (quadrants, axes, legend) is
    hidden from the accessibility tree, as the marks' names say it all."""
    with translation.override("en"):
        root = parse(pictures.render(impact_effort_matrix(ITEMS, title="Sokken"), standalone=True))
    marks = with_class(root, "pic-matrix-mark")
    assert [g.get("tabindex") for g in marks] == ["0"] * len(ITEMS)
    assert {g.get("role") for g in marks} == {"img"}  # not movable here: an image each (movable: a button)
    assert marks[0].get("aria-label") == "1. Track & trace in de bevestigingsmail — impact 5, effort 1: quick win"
    for name in ("pic-matrix-quadrants", "pic-matrix-axes", "pic-legend"):
        assert [g.get("aria-hidden") for g in with_class(root, name)] == ["true"], name


def test_matrix_spreads_items_with_the_same_scores_so_none_hides_another():
    same = [MatrixItem(id=n, label=f"Idee {n}", impact=4, effort=2) for n in range(12)]
    matrix = impact_effort_matrix(same + ITEMS)
    radius = float(matrix.mark_radius)
    for a, b in itertools.combinations(matrix.marks, 2):
        assert (a.cx - b.cx) ** 2 + (a.cy - b.cy) ** 2 >= (2 * radius) ** 2
    for mark in matrix.marks:
        assert matrix.area(mark.quadrant).contains(mark.cx - radius, mark.cy - radius)
        assert matrix.area(mark.quadrant).contains(mark.cx + radius, mark.cy + radius)
    assert len(with_class(parse(pictures.render(matrix)), "pic-matrix-mark")) == len(same) + len(ITEMS)


def test_matrix_table_and_empty_matrix():
    table = pictures.render_table(impact_effort_matrix(ITEMS))
    assert table.count("<tr data-item=") == len(ITEMS)
    assert "quick win" in table and "thankless task" in table
    empty = impact_effort_matrix([])
    assert_accessible(parse(pictures.render(empty, standalone=True)))
    assert "Nothing on the matrix yet" in pictures.render_table(empty)


# --- Every picture, every language -----------------------------------------------------------------------

@pytest.mark.parametrize("language", ["nl", "en"])
def test_pictures_are_standalone_svg_with_plain_numbers_in_every_language(workshop, language):
    with translation.override(language):
        data = load_picture_data(workshop.journey)
        for picture in (data.journey_map(), data.emotion_curve(), impact_effort_matrix(ITEMS)):
            svg = pictures.render(picture, standalone=True)
            assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
            assert_accessible(parse(svg))
            assert_numbers_are_plain(svg)
            inline = pictures.render(picture)
            assert inline.startswith("<svg ") and 'xmlns="http://www.w3.org/2000/svg"' in inline


def test_names_are_escaped(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=2)
    Touchpoint.objects.filter(stage__journey=workshop.journey).update(name='<script>"x" & y</script>')
    data = load_picture_data(workshop.journey)
    for picture in (data.journey_map(), data.emotion_curve()):
        svg = pictures.render(picture, standalone=True)
        assert "<script>" not in svg
        parse(svg)
