"""The workshop report: what the PDF holds (read back with pypdf), its pages and their layout, and the fixed
number of queries that gathers it. ``build_workshop`` makes a workshop of any size (also to look at a large
report by hand). Rendering the demo's report takes about a second, so each test renders what it reads once, and
the tests that only read the demo's report as it is share one rendering per language (``demo_pdf``).
"""

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from actions.models import Improvement
from actions.report import (
    css_counters,
    css_string,
    gather_report,
    picture_fetcher,
    render_report_html,
    workshop_report_pdf,
)
from config.tooling.demo import DEMO_WORKSHOP_TITLE, GAPS, QUOTES, STAGE_NAMES, load_demo_workshop
from journeys import models as journey_models
from journeys import pictures
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from tests.conftest import _member
from tests.factories import TeamFactory
from workshops.models import Participant, Role, Workshop

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points, rounded
# The report's section headings (English source texts), in order.
HEADINGS = ["Workshop report", "Contents", "Scope", "Evidence", "Journey map", "Emotion curve", "Moments of truth",
            "Ideal journey", "Gaps", "Improvements"]
# Those whose Dutch translation exists already, as a reader sees them.
DUTCH_HEADINGS = ["Scope", "Onderbouwing", "Emotiecurve", "Ideale klantreis", "Knelpunten", "Verbeteringen"]

# A Dutch compound with no place to break a line: the report must wrap it, not let it run off the page.
LONG_WORD = "Klantcontactmomentenregistratiesysteemvervangingsprojectgroepsleden"
ORIGINS = ["delta", "thorn", "team"]


def _long(text, length):
    """``text`` padded with words (and the one unbreakable compound) up to ``length`` characters."""
    filler = f" met {LONG_WORD} en nog een paar woorden over ideeën, financiële zaken en één €-bedrag"
    return (text + filler * (length // len(filler) + 1))[:length].rstrip()


def build_workshop(team, facilitator, *, stages=10, touchpoints=25, participants=30, gaps=20, evidence=30,
                   improvements=0, rounds=0, long_names=False):
    """A worked-through workshop: stages × touchpoints, every participant scoring every touchpoint, evidence,
    thorns, an ideal journey with targets (and one new touchpoint), gaps with dot votes, ``improvements``
    spread over the matrix (owned by the facilitator, with deadlines) and ``rounds`` review rounds."""

    def name(text, length):
        return _long(text, length) if long_names else text

    workshop = workshop_create(team=team, facilitator=facilitator, template="blank",
                               title=f"Grote workshop {stages}×{touchpoints}")
    if long_names:  # set afterwards: workshop_create copies the title into the measurement's 100-character label
        workshop.title = name(workshop.title, 150)
        workshop.save(update_fields=["title"])
    journey = workshop.journey
    persona = journey_models.Persona.objects.create(
        team=team, name=name("Zakelijke Zoë", 120), archetype=name("De drukke inkoper", 120),
        description=name("Koopt in voor een middelgroot bedrijf.", 900),
        goals=name("Snel een offerte", 400) + "\nGeen verrassingen", frustrations=name("Lange wachttijden", 400),
    )
    journey_models.Journey.objects.filter(pk=journey.pk).update(
        persona=persona, customer_goal=name("Ik vraag een offerte aan", 200), end_point=name("De order is binnen", 200),
        departments=", ".join(["marketing", "sales", "klantenservice", "IT", "logistiek", "financiën"]
                              + ([name("afdeling", 60)] if long_names else [])),
        scope_notes=name("Alleen zakelijke klanten.", 1200),
    )
    stage_rows = journey_models.Stage.objects.bulk_create(
        journey_models.Stage(journey=journey, position=s, name=name(f"Fase {s + 1}", 120)) for s in range(stages))
    touchpoint_rows = journey_models.Touchpoint.objects.bulk_create(
        journey_models.Touchpoint(stage=stage, position=t, name=name(f"Contactmoment {s + 1}.{t + 1}", 150),
                                  importance=1 + (s + t) % 5, moment_of_truth=t % 9 == 4,
                                  lane="back" if t % 6 == 5 else "front")
        for s, stage in enumerate(stage_rows) for t in range(touchpoints)
    )
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, display_name=name(f"Deelnemer {n + 1}", 60)) for n in range(participants))
    measurement = baseline_measurement(journey)
    journey_models.EmotionRating.objects.bulk_create(
        journey_models.EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=person,
                                     score=(i + n) % 11 - 5)
        for i, touchpoint in enumerate(touchpoint_rows) for n, person in enumerate(people)
    )
    for n in range(evidence):
        place = {"touchpoint": touchpoint_rows[(n * 7) % len(touchpoint_rows)]} if n % 3 == 0 else (
            {"stage": stage_rows[n % len(stage_rows)]} if n % 3 == 1 else {})
        if n % 2:
            journey_models.Evidence.objects.create(journey=journey, kind="qualitative", source="interview",
                                                   quote=name(f"Citaat {n + 1}: het duurde één week.", 600), **place)
        else:
            journey_models.Evidence.objects.create(journey=journey, kind="quantitative",
                                                   metric=name(f"Cijfer {n + 1}", 150),
                                                   value=Decimal("1240.5") * (n + 1),
                                                   unit="€" if n % 4 == 0 else "bezoeken",
                                                   source="web_analytics", source_detail=name("Dashboard", 200),
                                                   **place)
    journey_models.Note.objects.bulk_create(
        journey_models.Note(touchpoint=touchpoint, participant=people[0], kind="thorn",
                            text=name("Het wachten duurt te lang", 300))
        for touchpoint in touchpoint_rows[::4]
    )
    ideal = journey_copy(source=journey, title=name("Ideaal", 150), ideal=True)
    journey_models.Touchpoint.objects.filter(stage__journey=ideal).update(target_emotion=3)
    journey_models.Touchpoint.objects.filter(stage__journey=ideal,
                                             position__lt=touchpoints // 3).update(target_emotion=-1)
    first_ideal_stage = journey_models.Stage.objects.filter(journey=ideal).order_by("position").first()
    journey_models.Touchpoint.objects.create(stage=first_ideal_stage, position=touchpoints,
                                             name=name("Nieuw: offerte binnen een uur", 150), target_emotion=4)
    for g in range(gaps):
        gap = journey_models.Gap.objects.create(journey=journey, problem=name(f"Knelpunt {g + 1}", 250),
                                                origin=ORIGINS[g % 3],
                                                description=name("Klanten wachten te lang.", 500))
        gap.touchpoints.set(touchpoint_rows[g::max(1, len(touchpoint_rows) // 3)][:3])
        journey_models.GapVote.objects.bulk_create(journey_models.GapVote(gap=gap, participant=person, dots=1 + g % 2)
                                                   for person in people[: (g * 3) % (participants + 1)])
    gap_rows = list(journey_models.Gap.objects.filter(journey=journey).order_by("pk"))
    Improvement.objects.bulk_create(
        Improvement(journey=journey, gap=gap_rows[i % len(gap_rows)] if gap_rows else None,
                    title=name(f"Verbetering {i + 1}", 150), kpi=name("Conversie", 150), impact=1 + i % 5,
                    effort=1 + (i * 2) % 5, status=["proposed", "planned", "in_progress", "done"][i % 4],
                    owner=facilitator if i % 4 else None,
                    deadline=date(2027, 1 + i % 12, 1 + i % 28) if i % 4 else None)
        for i in range(improvements)
    )
    for r in range(rounds):
        review = journey_models.Measurement.objects.create(journey=journey, kind="review",
                                                           taken_on=date(2027, 3 * r + 3, 1))
        journey_models.EmotionRating.objects.bulk_create(
            journey_models.EmotionRating(measurement=review, touchpoint=touchpoint, participant=person,
                                         score=(i + n + r) % 11 - 5)
            for i, touchpoint in enumerate(touchpoint_rows) for n, person in enumerate(people)
        )
    return workshop


# --- Reading a PDF back -----------------------------------------------------------------------------------

def pdf_pages(pdf):
    """(PdfReader, [each page's text with its whitespace collapsed])."""
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def size_of(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def demo(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    return workshop


def render(workshop, language="nl"):
    pdf, _report = workshop_report_pdf(workshop.pk, language=language)
    return pdf


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker):
    """The demo's report as ``demo`` makes it (same team and people), in Dutch and in English, rendered once for
    this module's tests that read it unchanged: {language: PDF bytes}. Its rows are rolled back at once."""
    with django_db_blocker.unblock(), translation.override(None), transaction.atomic():
        team = TeamFactory(name="Team Alfa", slug="team-alfa")
        owner = _member(team, Role.OWNER, "olga@alfa.example", "Olga Owner")
        facilitator = _member(team, Role.FACILITATOR, "fenna@alfa.example", "Fenna Facilitator")
        member = _member(team, Role.MEMBER, "mo@alfa.example", "Mo Member")
        workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
        pdfs = {language: render(workshop, language) for language in ("nl", "en")}
        transaction.set_rollback(True)
    return pdfs


# --- What the report holds --------------------------------------------------------------------------------

def test_demo_report_in_dutch_has_every_section_and_the_workshops_content(demo_pdf):
    _reader, pages = pdf_pages(demo_pdf["nl"])
    text = " ".join(pages)
    for heading in HEADINGS:
        assert in_language("nl", heading) in text
    for heading in DUTCH_HEADINGS:
        assert heading in text
    assert "Stijlbewuste Stefan" in text
    for stage in STAGE_NAMES:
        assert stage in text
    assert GAPS[0][0] in text  # the gap with the most dots
    assert QUOTES[2][0] in text
    assert "2,8 % Conversie van bezoek naar abonnement" in text  # the data step's figure format, in Dutch
    assert "Team Alfa" in pages[0] and "Bram (logistiek)" in pages[0]  # a guest among the participants


def test_gaps_are_ranked_by_dots_with_their_dots(demo_pdf):
    _reader, pages = pdf_pages(demo_pdf["en"])
    gaps_page = next(page for page in pages if page.startswith("Gaps"))
    positions = [gaps_page.index(problem) for problem, _origin, _names, _dots in GAPS]
    assert positions == sorted(positions)  # the demo's gaps are listed most dots first
    assert f"1 {GAPS[0][0]}" in gaps_page and f"{GAPS[0][3]} dots" in gaps_page


def test_moments_of_truth_show_now_target_and_difference(demo_pdf):
    _reader, pages = pdf_pages(demo_pdf["nl"])
    text = " ".join(pages)
    # "Eerste levering": scores −4…−2 (mean −2,8), target +4 in the ideal, so the difference is +6,8.
    assert "Eerste levering Onboarding · Belang 5/5" in text
    assert "−2,8 −4 … −2 5 scores +4 +6,8" in text
    assert "Geen track & trace" in text  # its thorn


def test_ideal_journey_shows_targets_new_touchpoints_and_health_hints(demo, facilitator):
    ideal = demo.journey.ideal
    # The last touchpoint's target far below the peak: the "ends low" hint, naming it.
    journey_models.Touchpoint.objects.filter(stage__journey=ideal, name="Review schrijven").update(target_emotion=0)
    _reader, pages = pdf_pages(render(demo, "en"))
    ideal_pages = " ".join(page for page in pages if "# Touchpoint Now Target" in page)
    assert "Track & trace per sms new" in ideal_pages
    assert "Welkomstkaartje in de doos +3,8" not in ideal_pages  # English numbers: a decimal point
    assert "Welkomstkaartje in de doos +3.8 n = 5 +4 +0.2" in ideal_pages  # the mean now, with its n
    assert "The journey ends on a neutral or negative note." in ideal_pages
    assert "Review schrijven ! +1.8 n = 5 0 −1.8" in ideal_pages  # marked as hinted; a real minus sign


def test_dutch_characters_euro_and_minus_sign_come_out_in_dejavu_sans(demo):
    journey_models.Evidence.objects.create(journey=demo.journey, kind="quantitative",
                                           metric="Orderwaarde bij ideeën van één klant",
                                           value=Decimal("1240.50"), unit="€", source="sales",
                                           source_detail="Financiële cijfers")
    reader, pages = pdf_pages(render(demo, "nl"))
    text = " ".join(pages)
    assert "€ 1 240,5 Orderwaarde bij ideeën van één klant" in text
    assert "Financiële cijfers" in text and "Enquête" in text
    assert "−5" in text and "+5" in text and "−2,8" in text  # U+2212, not a hyphen
    fonts = {font.get_object()["/BaseFont"].split("+")[-1]
             for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all(font.startswith("DejaVu-Sans") for font in fonts), fonts  # no fallback font


def test_report_in_english(demo_pdf):
    _reader, pages = pdf_pages(demo_pdf["en"])
    text = " ".join(pages)
    for heading in HEADINGS:
        assert heading in text
    assert "Knelpunten" not in text and "Onderbouwing" not in text
    assert "Page 1 of" in pages[0]


# --- Pages ------------------------------------------------------------------------------------------------

def test_a4_portrait_with_the_journey_map_on_a_landscape_page_and_page_numbers(demo_pdf):
    reader, pages = pdf_pages(demo_pdf["nl"])
    count = len(pages)
    assert count >= 4
    landscape = [number for number, page in enumerate(reader.pages, start=1) if size_of(page) == A4[::-1]]
    assert len(landscape) == 2  # the demo's 15 touchpoints fit one page of the map and one of the curve
    map_page, curve_page = landscape
    assert pages[map_page - 1].startswith(in_language("nl", "Journey map"))
    assert pages[curve_page - 1].startswith(in_language("nl", "Emotion curve"))
    assert all(size_of(page) == A4 for number, page in enumerate(reader.pages, start=1) if number not in landscape)
    page_of = in_language("nl", "Page %(page)s of %(pages)s")
    for number, text in enumerate(pages, start=1):
        assert page_of % {"page": number, "pages": count} in text
        assert "Klantreis · " in text  # the footer
    # The contents on the cover point at the right pages (CSS target-counter).
    listed = re.search(re.escape(in_language("nl", "Journey map")) + r"[ .]*?(\d+)", pages[0])
    assert int(listed.group(1)) == map_page


def test_header_holds_the_workshop_title_except_on_the_cover(demo_pdf):
    _reader, pages = pdf_pages(demo_pdf["en"])
    footer = "Klantreis · "
    assert f"{DEMO_WORKSHOP_TITLE} {footer}" not in pages[0]  # the header comes out just before the footer …
    assert all(f"{DEMO_WORKSHOP_TITLE} {footer}" in page for page in pages[1:])  # … on every page but the cover


def test_a_title_cannot_break_out_of_the_stylesheet(team, facilitator):
    workshop = workshop_create(team=team, title='Workshop "A" </style><h1>B & C \\ D', facilitator=facilitator,
                               template="blank")
    _reader, pages = pdf_pages(render(workshop, "en"))
    assert len(pages) >= 4
    assert all('Workshop "A" </style><h1>B & C \\ D' in page for page in pages)  # cover, then every header


def test_css_strings_and_page_counters():
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'
    assert css_counters("Pagina %(page)s van %(pages)s") == '"Pagina " counter(page) " van " counter(pages)'
    assert css_counters("%(page)s / %(pages)s") == 'counter(page) " / " counter(pages)'


def test_every_page_renders_with_poppler(demo_pdf, tmp_path):
    """pypdf reads leniently; poppler's pdftoppm draws each page as a viewer would."""
    assert shutil.which("pdftoppm"), "install poppler-utils (bin/test does)"
    path = tmp_path / "report.pdf"
    path.write_bytes(demo_pdf["nl"])
    result = subprocess.run(["pdftoppm", "-r", "10", "-png", str(path), str(tmp_path / "page")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr, result.stderr
    reader = PdfReader(path)
    assert len(list(tmp_path.glob("page-*.png"))) == len(reader.pages)


def test_long_tables_repeat_their_header_on_every_page(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=30, participants=3, gaps=2, evidence=2)
    reader, pages = pdf_pages(render(workshop, "en"))
    header = "# Touchpoint Mean Lowest … Highest Scores"
    first = next(number for number, page in enumerate(pages) if header in page)
    # (the map's marker for the last touchpoint reads the same, earlier: look after the table's start)
    last = next(number for number in range(first, len(pages)) if "60 Contactmoment 2.30" in pages[number])
    assert last > first  # the table runs over more than one page …
    assert all(header in pages[number] for number in range(first, last + 1))  # … with its header on each
    # 30 touchpoints per stage are too many for one landscape page: each stage is split in two.
    landscape = [text for page, text in zip(reader.pages, pages, strict=True) if size_of(page) == A4[::-1]]
    assert [text.split(")")[0] + ")" for text in landscape] == [
        *(f"Journey map ({number}/4)" for number in range(1, 5)),
        *(f"Emotion curve ({number}/4)" for number in range(1, 5))]
    # The curve keeps counting its columns across pages: the second stage's second part starts at 46.
    numbers = [int(number) for number in re.findall(r"\b(\d+) (?:★ )?Contact", landscape[7])]  # ★: moment of truth
    assert numbers == list(range(46, 61))


def test_the_journey_map_takes_as_many_landscape_pages_as_it_needs(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=5, touchpoints=6, participants=1, gaps=0, evidence=0)
    report = gather_report(workshop.pk)
    # Stages of 6 touchpoints, at most 16 columns a page, a stage never split: 2 + 2 + 1 stages.
    assert [[stage.number for stage in stages] for stages in report.map_pages] == [[1, 2], [3, 4], [5]]


def test_a_stage_too_large_for_a_page_is_split_into_equal_parts_numbered_on(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=25, participants=1, gaps=0, evidence=0)
    reader, pages = pdf_pages(render(workshop, "nl"))
    landscape = [text for page, text in zip(reader.pages, pages, strict=True) if size_of(page) == A4[::-1]]
    maps, curves = landscape[:4], landscape[4:]
    assert [text.split(")")[0] + ")" for text in landscape] == [
        *(f"Klantreiskaart ({number}/4)" for number in range(1, 5)),
        *(f"Emotiecurve ({number}/4)" for number in range(1, 5))]
    parts = ["Fase 1 (1/2)", "Fase 1 (2/2)", "Fase 2 (1/2)", "Fase 2 (2/2)"]
    # 25 touchpoints: 13 + 12, not 16 + 9. The map's markers, the curve's columns and the score table's rows
    # count on across the pages: 1–13, 14–25, 26–38, 39–50.
    expected = [range(1, 14), range(14, 26), range(26, 39), range(39, 51)]
    for page, stage_number, part, numbers in zip(maps, [1, 1, 2, 2], parts, expected, strict=True):
        assert f"FASE {stage_number} {part}" in page  # the stage's number above its name and part
        markers = re.findall(r"(?:★ )?(\d+) Contactmoment (\d+)\.(\d+)", page)  # ★: moment of truth
        assert [int(marker) for marker, _stage, _touchpoint in markers] == list(numbers)
        assert {int(stage) for _marker, stage, _touchpoint in markers} == {stage_number}
    for page, part, numbers in zip(curves, parts, expected, strict=True):
        assert part in page
        assert [int(number) for number in re.findall(r"\b(\d+) (?:★ )?Contact", page)] == list(numbers)
    table = " ".join(pages[pages.index(curves[-1]) + 1:])
    for number in (1, 13, 14, 26, 50):
        stage, position = divmod(number - 1, 25)
        assert f"{number} Contactmoment {stage + 1}.{position + 1}" in table


def test_a_stage_that_fits_a_page_stays_whole_and_smaller_ones_share_pages(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=4, touchpoints=20, participants=1, gaps=0, evidence=0)
    journey = workshop.journey
    journey_models.Touchpoint.objects.filter(stage__journey=journey, stage__position__in=[0, 1, 3],
                                             position__gte=5).delete()
    journey_models.Touchpoint.objects.filter(stage__journey=journey, stage__position=2, position__gte=16).delete()
    report = gather_report(workshop.pk)
    # 5 + 5 share a page; 16 is a page exactly, whole; the last 5 gets its own page after it.
    assert [[(stage.number, len(stage.items)) for stage in stages] for stages in report.map_pages] == [
        [(1, 5), (2, 5)], [(3, 16)], [(4, 5)]]
    assert not any(isinstance(stage, pictures.StagePart) for stages in report.map_pages for stage in stages)
    with translation.override("en"):
        render_report_html(report)
    maps = report.picture_files[:3]
    assert 'data-index="11"' in maps[1] and 'data-index="26"' in maps[1] and 'data-index="27"' not in maps[1]
    assert 'data-index="27"' in maps[2]  # the markers count on across pages
    assert "STAGE 3</text>" in maps[1] and "Fase 3</tspan>" in maps[1]


def test_a_stage_part_keeps_its_part_when_its_name_is_cut():
    lines, cut = pictures.fit("Bestellen en betalen van een heel lange bestelling", 200, 15, 1, bold=True,
                              keep="(1/2)")
    assert cut and len(lines) == 1 and lines[0].endswith("… (1/2)") and lines[0].startswith("Bestellen")
    assert pictures.fit("Bestellen", 400, 15, 1, keep="(2/2)") == (("Bestellen (2/2)",), False)


def test_a_workshop_without_persona_touchpoints_ideal_or_gaps_still_has_a_report(team, facilitator):
    workshop = workshop_create(team=team, title="Leeg", facilitator=facilitator, template="blank")
    _reader, pages = pdf_pages(render(workshop, "en"))
    text = " ".join(pages)
    for sentence in ["No persona yet", "No figures or quotes were added.", "The journey has no touchpoints yet.",
                     "No touchpoint was marked as a moment of truth.", "There is no ideal journey yet.",
                     "No gaps were written.", "No improvements yet."]:
        assert sentence in text


# --- Gathering: a fixed number of queries ------------------------------------------------------------------

@pytest.mark.parametrize("size", [
    pytest.param({"stages": 1, "touchpoints": 1, "participants": 1, "gaps": 1, "evidence": 1}, id="small"),
    pytest.param({"stages": 10, "touchpoints": 25, "participants": 30, "gaps": 20, "evidence": 30,
                  "improvements": 60, "rounds": 3}, id="large"),
])
def test_gathering_the_report_costs_the_same_queries_small_or_large(team, facilitator, size,
                                                                     django_assert_num_queries):
    workshop = build_workshop(team, facilitator, **size)
    # 1 the workshop with its team, facilitator, journey, persona and ideal journey; 2 its participants;
    # 3–4 the current stages and their touchpoints; 5 the baseline measurement; 6 its emotion statistics;
    # 7 the evidence; 8 the roses, buds and thorns; 9–10 the ideal's stages and their touchpoints;
    # 11–12 the gaps with their dots and their touchpoints (with stages); 13–14 the review rounds and their
    # statistics; 15 the improvements with their gaps and owners.
    with django_assert_num_queries(15):
        report = gather_report(workshop.pk)
    with django_assert_num_queries(0):
        render_report_html(report)
    assert len(report.touchpoints) == size["stages"] * size["touchpoints"]
    assert len(report.participants) == size["participants"] and len(report.gaps) == size["gaps"]
    assert len(report.ideal_touchpoints) == len(report.touchpoints) + 1  # one new in the ideal
    assert len(report.improvements) == size.get("improvements", 0) and len(report.reviews) == size.get("rounds", 0)


def test_an_unknown_workshop_has_no_report(db):
    with pytest.raises(Workshop.DoesNotExist):
        gather_report(999_999)


def test_the_pictures_inputs_come_with_the_report(demo):
    """journeys.pictures draws the map from the thorns per touchpoint and the evidence counted per place."""
    report = gather_report(demo.pk)
    first_delivery = next(touchpoint for touchpoint in report.touchpoints if touchpoint.name == "Eerste levering")
    assert report.thorns_by_touchpoint[first_delivery.pk] == [
        "Geen track & trace: klanten bellen om te vragen waar hun doos is"]
    assert len(report.thorns_by_touchpoint) == 3  # the demo's three thorns, on three touchpoints
    rows = {(row["stage_id"], row["touchpoint_id"], row["kind"]): row["n"] for row in report.evidence_rows}
    assert rows[(None, None, "quantitative")] == 3  # three figures on the whole journey
    assert rows[(None, first_delivery.pk, "quantitative")] == 2 and rows[(None, first_delivery.pk, "qualitative")] == 1
    assert sum(rows.values()) == 9


# --- The pictures inside the PDF ---------------------------------------------------------------------------

def test_the_pdf_draws_the_curve_and_the_matrix_from_the_workshops_numbers(team, facilitator):
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=4, participants=3, gaps=2, evidence=1,
                              improvements=6, rounds=1)
    unscored = journey_models.Touchpoint.objects.get(stage__journey=workshop.journey, name="Contactmoment 2.4")
    journey_models.EmotionRating.objects.filter(touchpoint=unscored, measurement__kind="baseline").delete()
    with translation.override("en"):
        report = gather_report(workshop.pk)
        page = render_report_html(report)
    # The pictures come as images whose SVG documents the report hands to WeasyPrint by number.
    assert page.count('src="klantreis-picture:') == len(report.picture_files) == 3  # map, curve, matrix
    html = "".join(report.picture_files)
    # The curve: one point per scored touchpoint now, one per touchpoint of the review round, and a target
    # for each ideal copy (the new ideal touchpoint has no current counterpart: it is in the table only).
    assert html.count('pic-curve-marker pic-curve-marker--current"') == 7
    assert html.count('pic-curve-marker pic-curve-marker--review"') == 8
    assert html.count('pic-curve-marker pic-curve-marker--ideal"') == 8
    # The matrix: one mark per improvement, numbered as the action table's rows.
    assert html.count('class="pic-matrix-mark"') == 6

    reader, pages = pdf_pages(render(workshop, "en"))
    curve_page = next(page for page in pages if page.startswith("Emotion curve"))
    assert "Emotion scores per touchpoint" in " ".join(pages)  # the same numbers as a table
    for label in ["Baseline (workshop, ", "Spread: lowest to highest score", "Ideal journey (target)", "Review 1 ("]:
        assert label in curve_page, label  # the legend, as text in the PDF: the rounds by name and date
    for stage in ["Fase 1", "Fase 2"]:
        assert stage in curve_page
    first = next(number for number, page in enumerate(pages) if page.startswith("Improvements"))
    improvements_page = " ".join(pages[first:])
    for quadrant in ["Quick wins", "Major projects", "Fill-ins", "Thankless tasks"]:
        assert quadrant in improvements_page  # the matrix's quadrant names
    assert "6 improvements on the impact/effort matrix" in improvements_page
    assert "Action table" in improvements_page and facilitator.name in improvements_page
    # The action table is grouped by quadrant, each group headed by its name and size (the matrix's order).
    groups = re.findall(r"(Quick wins|Major projects|Fill-ins|Thankless tasks) · (\d+)", improvements_page)
    assert [name for name, _count in groups] == ["Quick wins", "Major projects", "Fill-ins", "Thankless tasks"]
    assert sum(int(count) for _name, count in groups) == 6
    assert "nobody yet" in improvements_page  # a proposed improvement without an owner
    # Quick wins first, then major projects, fill-ins and thankless tasks; by deadline within a quadrant
    # (none last). Improvement i has impact 1 + i % 5 and effort 1 + 2i % 5.
    rows = re.findall(r"\b([1-6]) Verbetering (\d)", improvements_page)
    assert rows == [("1", "4"), ("2", "3"), ("3", "5"), ("4", "6"), ("5", "1"), ("6", "2")]


def test_the_report_fetches_its_own_pictures_and_nothing_else():
    """WeasyPrint gets the report's pictures by number; any other address (a file, the network, a picture
    that isn't there) is refused, so nothing in a workshop can make the server read a file or call out."""
    fetch = picture_fetcher(['<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'])
    response = fetch("klantreis-picture:1")
    assert response.read() == b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    assert response.content_type == "image/svg+xml"
    for url in ["klantreis-picture:0", "klantreis-picture:2", "klantreis-picture:x", "file:///etc/passwd",
                "http://127.0.0.1:8000/", "data:image/svg+xml,<svg/>"]:
        with pytest.raises(ValueError):
            fetch(url)


def test_a_picture_address_in_user_text_draws_nothing(team, facilitator):
    """An <img> typed into a text field stays text; the only images in the PDF are the report's own."""
    workshop = build_workshop(team, facilitator, stages=1, touchpoints=1, participants=1)
    journey_models.Touchpoint.objects.filter(stage__journey=workshop.journey).update(
        name='<img src="klantreis-picture:1"><img src="file:///etc/passwd">')
    with translation.override("en"):
        report = gather_report(workshop.pk)
        page = render_report_html(report)
    assert page.count("<img") == len(report.picture_files) == 2  # the map and the curve; no improvements
    assert '&lt;img src=&quot;klantreis-picture:1&quot;&gt;' in page
