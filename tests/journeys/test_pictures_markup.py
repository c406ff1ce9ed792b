"""The markup of every picture and its table, for journeys from empty to everything at once, in English and Dutch.

``picture_cases`` draws each case (the map, the curve at every scale, the matrix with and without its legend);
the tests check that every SVG and table is well-formed XML, that user text — script tags, ampersands,
quotes, emoji — comes out as text and never as markup, and that the Dutch pictures are in Dutch.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from django.utils.html import escape

from actions.matrix_picture import MatrixItem, impact_effort_matrix
from actions.steps.improvements import MatrixEntry
from journeys import pictures
from journeys.models import Evidence, Measurement, MeasurementKind, Note, Stage, Touchpoint
from journeys.pictures.svg import esc, trans
from journeys.selectors import load_picture_data
from journeys.services.workshops import workshop_create
from tests.journeys.test_pictures import ITEMS, build_workshop

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> Tom & Jerry's \"beste\" sokken 🧦"
RAW = ["<script>", "Tom & Jerry", "'s \"beste\""]  # what may only appear escaped


def hostile_workshop(team, facilitator):
    """A worked-through workshop whose every text a person types holds HOSTILE."""
    workshop = build_workshop(team, facilitator, stages=3, touchpoints=6, participants=2, reviews=2,
                              title=HOSTILE[:60])
    journey = workshop.journey
    Stage.objects.filter(journey=journey).update(name=HOSTILE, customer_goal=HOSTILE, scenario=HOSTILE)
    Touchpoint.objects.filter(stage__journey__in=[journey, journey.ideal]).update(name=HOSTILE)
    Note.objects.filter(touchpoint__stage__journey=journey).update(text=HOSTILE)
    Measurement.objects.filter(journey=journey, kind=MeasurementKind.REVIEW,
                               taken_on=datetime.date(2027, 1, 15)).update(label=HOSTILE[:60])
    return workshop


def test_the_builder_escapes_as_django_does():
    assert esc(HOSTILE) == escape(HOSTILE)
    assert esc(7) == "7"
    # A translation is escaped too (it may hold an & or a quote), and so is what goes into it.
    assert trans("Tom & %(who)s's", who=HOSTILE) == f"Tom &amp; {escape(HOSTILE)}&#x27;s"
    assert trans("100% <b>") == "100% &lt;b&gt;"  # no placeholders: not formatted


def picture_cases(team, facilitator):
    """{name: picture} for every kind of journey and every way a picture is drawn, in the active language."""
    empty = workshop_create(team=team, title="Leeg", facilitator=facilitator, template="blank")
    full = build_workshop(team, facilitator, stages=4, touchpoints=9, participants=3, reviews=3,
                          title="Nieuwe abonnees")
    Evidence.objects.create(journey=full.journey, stage=full.journey.stages.last(), kind="quantitative",
                            metric="Retouren", value=8)
    long = build_workshop(team, facilitator, stages=2, touchpoints=4, participants=1, long_names=True, title="Lang")
    hostile = hostile_workshop(team, facilitator)
    cases = {}
    for name, workshop in (("empty", empty), ("full", full), ("long", long), ("hostile", hostile)):
        data = load_picture_data(workshop.journey)
        cases[f"{name}-map"] = data.journey_map(title=workshop.title)
        cases[f"{name}-map-untitled"] = data.journey_map()
        cases[f"{name}-curve"] = data.emotion_curve(title=workshop.title)
        cases[f"{name}-curve-projector"] = data.emotion_curve(dom_id="emotion-curve-large",
                                                              scale=pictures.PROJECTOR_SCALE, show_counts=True)
        cases[f"{name}-curve-print"] = data.emotion_curve(
            title=workshop.title, scale=pictures.print_scale(len(data.emotion_curve().columns)), first_index=4,
            current_label=HOSTILE[:30])
    hostile_items = [MatrixEntry(id=n, label=f"{HOSTILE} {n}", impact=n % 5 + 1, effort=(n * 2) % 5 + 1,
                                 movable=True) for n in range(7)]
    cases["matrix"] = impact_effort_matrix(ITEMS, title="Sokken")
    cases["matrix-without-legend"] = impact_effort_matrix(ITEMS, with_legend=False)
    cases["matrix-hostile-movable"] = impact_effort_matrix(hostile_items, title=HOSTILE, dom_id="improvements-matrix")
    cases["matrix-crowded"] = impact_effort_matrix(
        [MatrixItem(id=n, label=f"Idee {n}", impact=4, effort=2) for n in range(12)] + ITEMS)
    cases["matrix-empty"] = impact_effort_matrix([])
    return cases


def rendered(team, facilitator, language):
    """{name: (svg, table)} of every case, drawn and rendered in ``language``."""
    with translation.override(language):
        return {name: (str(pictures.render(picture, standalone=True)), str(pictures.render_table(picture)))
                for name, picture in picture_cases(team, facilitator).items()}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_picture_and_table_is_well_formed_and_shows_user_text_as_text(team, facilitator, language):
    for name, (svg, table) in rendered(team, facilitator, language).items():
        root = ET.fromstring(svg.removeprefix(pictures.XML_DECLARATION))
        ET.fromstring(table)
        for markup in (svg, table):
            assert not any(raw in markup for raw in RAW), name
        if name.startswith("hostile") or name == "matrix-hostile-movable":
            assert HOSTILE[:30] in "".join(root.itertext()), name  # there, as text
            assert "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry&#x27;s &quot;beste&quot;" in table, name


def test_dutch_pictures_are_in_dutch(team, facilitator):
    pictures_nl = rendered(team, facilitator, "nl")
    assert "<title id=\"journey-map-title\">Klantreiskaart: Nieuwe abonnees</title>" in pictures_nl["full-map"][0]
    assert "contactmomenten beoordeeld" in pictures_nl["full-curve"][0]
    assert "Nog geen contactmomenten" in pictures_nl["empty-curve"][1]
    assert "Voor de hele klantreis: 1 cijfer" in pictures_nl["full-map"][1]
    assert "Nog niets op de matrix" in pictures_nl["matrix-empty"][1]
    assert "Inspanning →" in pictures_nl["matrix"][0]
