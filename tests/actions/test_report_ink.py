"""The report as it prints, read back from its ink (tests/pdf_ink.py): every word the PDF holds is visible
where it stands — none white on white, none clipped by a picture's edge —, lies inside its page's body (or is
the running header or footer), and no page holds only a heading; every picture (map, curve, matrix) lies in
its page's body and is not blank, and nothing is printed in a page's margins but the running header, its rule
and the footer (no line or shape of a picture crossing into the footer's band or past the page's edge). For
the demo workshop, a new five-stage workshop and one with the largest stage the report draws on one page, in
Dutch and in English: each report rendered and rasterised once for the module (``printed``).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from actions import pdf_text
from actions.models import Improvement
from actions.report import (
    BREAK_EVERY,
    MAP_COLUMNS_PER_PAGE,
    UNBROKEN_RUN,
    gather_report,
    picture_fetcher,
    render_report_html,
    with_break_opportunities,
    workshop_report_pdf,
)
from config.tooling.demo import load_demo_workshop
from journeys import models as journey_models
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from tests.actions.test_report import build_workshop, in_language
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.pdf_ink import (
    blank_pictures,
    faint,
    heading_only_pages,
    inkless,
    outside,
    picture_boxes,
    pictures_outside,
    read_pdf,
    report_margins,
    split_page,
    stray_ink,
)
from workshops.models import Participant, Role, Team, User, Workshop

pytestmark = pytest.mark.django_db

# The report's section headings (English source texts): each starts a page, but "Moments of truth".
SECTIONS = ["Scope", "Evidence", "Journey map", "Emotion curve", "Emotion scores per touchpoint", "Moments of truth",
            "Ideal journey", "Gaps", "Improvements"]


def print_defects(pdf, *, language, title, check_ink=True, pages=None):
    """What a reader of ``pdf`` (a report in ``language`` of the workshop titled ``title``) would find wrong,
    as sentences: a word without ink or too pale to read, a word outside its page's body, a header or footer
    that is not the running one, a page holding only a heading. ``check_ink=False`` leaves out the pixels (quicker);
    ``pages`` are ``read_pdf(pdf)`` when read already."""
    margins = report_margins()

    def margins_of(page):
        return margins["landscape" if page.landscape else "portrait"]

    pages = read_pdf(pdf) if pages is None else pages
    count = len(pages)
    page_of = in_language(language, "Page %(page)s of %(pages)s")
    defects = []
    for page in pages:
        header, body, footer = split_page(page, margins_of(page))
        where = f"page {page.number} ({'landscape' if page.landscape else 'portrait'})"
        defects += [f"{where}: outside the body: {word}" for word in outside(page, margins_of(page).body(page), body)]
        footer_text = " ".join(word.text for word in footer)
        expected = f"Klantreis · .+ {re.escape(page_of % {'page': page.number, 'pages': count})}"
        if not re.fullmatch(expected, footer_text):
            defects.append(f"{where}: the bottom margin holds {footer_text!r}, not only the footer")
        header_text = " ".join(word.text for word in header)
        if page.number > 1 and not title.startswith(header_text.removesuffix("…")):
            defects.append(f"{where}: the top margin holds {header_text!r}, not only the running header")
        if check_ink:
            defects += [f"{where}: no ink: {word}" for word in inkless(page)]
            defects += [f"{where}: too pale to read: {word}" for word in faint(page)]
        if " ".join(word.text for word in body).startswith(in_language(language, "Journey map")):
            # The map's last lane and the last entry of its legend: not cut off at the bottom or the right.
            for last in (in_language(language, "Evidence"), in_language(language, "quotes")):
                if last not in [word.text for word in body]:
                    defects.append(f"{where}: the journey map lacks {last!r}")
    headings = [in_language(language, heading) for heading in SECTIONS]
    defects += [f"page {page.number} holds only a heading: {page.text[:80]!r}"
                for page in heading_only_pages(pages, margins_of, headings)]
    return defects


def demo_workshop(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    return workshop


def new_five_stage_workshop(team, facilitator, owner, member):
    """A workshop just made from the five phases' template: five stages, nothing in them yet."""
    with translation.override("nl"):  # the template's stages get their names in the creator's language
        return workshop_create(team=team, title="Nieuwe klantreis", facilitator=facilitator, template="five_phases")


def largest_stage_workshop(team, facilitator, owner, member):
    """A stage with as many touchpoints as a page of the map holds, then one with a single touchpoint, on a page
    of its own: the widest map page and the narrowest. Scored, with thorns, evidence, gaps, improvements and a
    review round."""
    workshop = build_workshop(team, facilitator, stages=2, touchpoints=MAP_COLUMNS_PER_PAGE, participants=4,
                              gaps=3, evidence=6, improvements=6, rounds=1)
    journey_models.Touchpoint.objects.filter(stage__journey=workshop.journey, stage__position=1,
                                             position__gt=0).delete()
    return workshop


MAKERS = {"demo": demo_workshop, "new-five-stages": new_five_stage_workshop, "largest-stage": largest_stage_workshop}
LANGUAGES = ["nl", "en"]


@dataclass
class Printed:
    """A workshop's report as printed: its PDF, its pages (words, and rasters drawn once when first asked for)
    and where the layout put its pictures."""

    title: str
    pdf: bytes
    pages: list
    pictures: list


def report_pictures(workshop_id, language):
    """Where the report's layout puts its pictures: the same HTML and pictures ``workshop_report_pdf`` prints,
    laid out by WeasyPrint (``render``, as ``report_pdf`` does before writing), each <img>'s box per page."""
    from weasyprint import HTML

    with translation.override(language):
        report = gather_report(workshop_id)
        html = render_report_html(report)
    pdf_text.install()
    return picture_boxes(HTML(string=html, url_fetcher=picture_fetcher(list(report.picture_files))).render())


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """{(workshop, language): Printed} for each of MAKERS and LANGUAGES, made once for the module in a
    transaction that is rolled back (the tests only read the PDFs)."""
    found = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for key, make in MAKERS.items():
            team = TeamFactory(name=f"Team {key}", slug=f"team-ink-{key}")
            people = []
            for role, name in ((Role.FACILITATOR, "Fenna"), (Role.OWNER, "Olga"), (Role.MEMBER, "Mo")):
                user = UserFactory(email=f"{name.lower()}@{key}.example", name=f"{name} {key}", current_team=team)
                MembershipFactory(team=team, user=user, role=role)
                people.append(user)
            workshop = make(team, *people)
            for language in LANGUAGES:
                pdf, _report = workshop_report_pdf(workshop.pk, language=language)
                found[key, language] = Printed(workshop.title, pdf, read_pdf(pdf),
                                               report_pictures(workshop.pk, language))
        transaction.set_rollback(True)
    return found


each_report = pytest.mark.parametrize(("key", "language"), [(key, language) for key in MAKERS
                                                              for language in LANGUAGES],
                                      ids=[f"{key}-{language}" for key in MAKERS for language in LANGUAGES])


@each_report
def test_every_word_of_the_report_prints_visibly_inside_its_page(printed, key, language):
    report = printed[key, language]
    assert print_defects(report.pdf, language=language, title=report.title, pages=report.pages) == []


# The pictures each report holds: the map and the emotion curve (a page each per page of the map, one with
# MAP_COLUMNS_PER_PAGE touchpoints at the most) and the impact/effort matrix (when there are improvements).
PICTURES = {"demo": {"map": 1, "curve": 1, "matrix": 1}, "new-five-stages": {"map": 1, "curve": 1},
            "largest-stage": {"map": 2, "curve": 2, "matrix": 1}}


def kind(picture):
    return next((name for name in ("map", "curve") if f"picture-image--{name}" in picture.name), "matrix")


@each_report
def test_every_picture_is_printed_inside_its_page_and_nothing_else_in_the_margins(printed, key, language):
    """Each picture's box (from the layout) lies in its page's body and is not blank; each page's margins hold
    ink only where the running header, its rule and the footer are."""
    report = printed[key, language]
    margins = report_margins()

    def margins_of(page):
        return margins["landscape" if page.landscape else "portrait"]

    shown = {}
    for picture in report.pictures:
        shown[kind(picture)] = shown.get(kind(picture), 0) + 1
    assert shown == PICTURES[key], [str(picture) for picture in report.pictures]
    defects = pictures_outside(report.pages, report.pictures, margins_of)
    defects += blank_pictures(report.pages, report.pictures)
    for page in report.pages:
        header, _body, footer = split_page(page, margins_of(page))
        defects += stray_ink(page, margins_of(page), header, footer)
    assert defects == [], "\n".join(defects)


# --- Long unbroken words -----------------------------------------------------------------------------------

LONG_TEXT = 4000  # a description's length, where a field sets none
STEM = "klantcontactmomentenverbeteringsvoorstelëïé"


def long_word(length, start):
    """One word of ``length`` letters beginning with ``start`` and ending in it in capitals: no space and no
    hyphen to break it at."""
    end = start.upper()
    return (start + STEM * (length // len(STEM) + 1))[:length - len(end)] + end


def as_long_as_allowed(model, field, start):
    return long_word(model._meta.get_field(field).max_length or LONG_TEXT, start)


def long_word_workshop(team, facilitator, member):
    """A worked-through workshop in which every text the report shows is one unbroken word, as long as its field
    allows (LONG_TEXT where it sets no limit): titles, names, goals, scenarios, quotes, figures, thorns, gaps,
    improvements, the persona, a review round's label, the people."""
    def text(model, field, start):
        return as_long_as_allowed(model, field, start)

    workshop = workshop_create(team=team, title="Lang", facilitator=facilitator, template="blank")
    Workshop.objects.filter(pk=workshop.pk).update(title=text(Workshop, "title", "Workshoptitel"))
    Team.objects.filter(pk=team.pk).update(name=text(Team, "name", "Teamnaam"))
    for user, start in ((facilitator, "Facilitator"), (member, "Eigenaar")):
        User.objects.filter(pk=user.pk).update(name=text(User, "name", start))
    persona = journey_models.Persona.objects.create(
        team=team, **{field: text(journey_models.Persona, field, field.title())
                      for field in ("name", "archetype", "description", "goals", "frustrations")})
    journey = workshop.journey
    journey_models.Journey.objects.filter(pk=journey.pk).update(
        persona=persona, title=text(journey_models.Journey, "title", "Klantreis"),
        customer_goal=text(journey_models.Journey, "customer_goal", "Doel"),
        end_point=text(journey_models.Journey, "end_point", "Eindpunt"),
        scope_notes=text(journey_models.Journey, "scope_notes", "Notities"),
        departments=f"{long_word(150, 'Afdeling')}, {long_word(140, 'Dienst')}")
    stages = [journey_models.Stage.objects.create(journey=journey, position=position,
                                                  name=text(journey_models.Stage, "name", f"Fase{position}"),
                                                  customer_goal=text(journey_models.Stage, "customer_goal", "Fasedoel"),
                                                  scenario=text(journey_models.Stage, "scenario", "Scenario"))
              for position in range(2)]
    touchpoints = [journey_models.Touchpoint.objects.create(stage=stage, position=position,
                                                            moment_of_truth=position == 0,
                                                            name=text(journey_models.Touchpoint, "name",
                                                                      f"Contactmoment{stage.position}{position}"),
                                                            lane="back" if position == 1 else "front")
                   for stage, count in zip(stages, (2, 1), strict=True) for position in range(count)]
    people = [Participant.objects.create(workshop=workshop, display_name=text(Participant, "display_name", name))
              for name in ("Deelnemer", "Gast")]
    baseline = baseline_measurement(journey)
    review = journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on=date(2027, 3, 1),
                                                       label=text(journey_models.Measurement, "label", "Reviewronde"))
    journey_models.EmotionRating.objects.bulk_create(
        journey_models.EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=person, score=score)
        for measurement, shift in ((baseline, 0), (review, 2))
        for touchpoint, base in zip(touchpoints, (-3, 1, 4), strict=True)
        for person, score in zip(people, (base + shift - 1, min(base + shift + 1, 5)), strict=True))
    for touchpoint in touchpoints:
        journey_models.Note.objects.create(touchpoint=touchpoint, participant=people[0], kind="thorn",
                                           text=text(journey_models.Note, "text", "Doorn"))
    for place in ({}, {"stage": stages[0]}, {"touchpoint": touchpoints[0]}):
        journey_models.Evidence.objects.create(
            journey=journey, kind="quantitative", metric=text(journey_models.Evidence, "metric", "Cijfer"),
            value=Decimal("1234567.5"), unit=text(journey_models.Evidence, "unit", "Eenheid"),
            source="crm", source_detail=text(journey_models.Evidence, "source_detail", "Bron"), **place)
        journey_models.Evidence.objects.create(
            journey=journey, kind="qualitative", quote=text(journey_models.Evidence, "quote", "Citaat"),
            source="interview", source_detail=text(journey_models.Evidence, "source_detail", "Interview"), **place)
    ideal = journey_copy(source=journey, title=text(journey_models.Journey, "title", "Ideaal"), ideal=True)
    # hints name the touchpoints
    journey_models.Touchpoint.objects.filter(stage__journey=ideal).update(target_emotion=-1)
    journey_models.Touchpoint.objects.create(stage=ideal.stages.order_by("position").first(), position=5,
                                             target_emotion=4,
                                             name=text(journey_models.Touchpoint, "name", "Nieuwcontactmoment"))
    gaps = []
    for number in range(2):
        gap = journey_models.Gap.objects.create(journey=journey,
                                                problem=text(journey_models.Gap, "problem", f"Knelpunt{number}"),
                                                description=text(journey_models.Gap, "description", "Omschrijving"))
        gap.touchpoints.set(touchpoints)
        journey_models.GapVote.objects.create(gap=gap, participant=people[number], dots=number + 1)
        gaps.append(gap)
    for number, (impact, effort) in enumerate(((5, 1), (2, 4))):
        Improvement.objects.create(journey=journey, gap=gaps[number], owner=member, deadline=date(2027, 5, 1),
                                   title=text(Improvement, "title", f"Verbetering{number}"),
                                   kpi=text(Improvement, "kpi", "KPI"), impact=impact, effort=effort,
                                   status="planned")
    return workshop


def test_a_run_longer_than_any_word_may_break_every_twenty_characters_in_the_text_only():
    """WeasyPrint wraps a long word, but slowly: it lays out the rest of it for every line (minutes for a few
    4,000-character words). The report's HTML gives such runs a break opportunity (a zero-width space) every
    BREAK_EVERY characters: in the body's text, not in a tag, an attribute, an entity or the <head>."""
    zero_width = "\u200b"
    html = (f'<html><head><title>{"t" * 70}</title></head><body><p title="{"y" * 80}">'
            f'{"a" * 45}&amp;{"b" * 30} kort {"c" * UNBROKEN_RUN}</p></body></html>')
    assert with_break_opportunities(html) == (
        f'<html><head><title>{"t" * 70}</title></head><body><p title="{"y" * 80}">'
        f'{"a" * 20}{zero_width}{"a" * 20}{zero_width}{"a" * 5}&amp;{"b" * 14}{zero_width}{"b" * 16} kort '
        f'{"c" * UNBROKEN_RUN}</p></body></html>')
    assert BREAK_EVERY == 20


@pytest.mark.parametrize("language", ["nl", "en"])
def test_long_unbroken_words_wrap_or_are_cut_inside_every_page(team, facilitator, member, language):
    workshop = long_word_workshop(team, facilitator, member)
    pdf, report = workshop_report_pdf(workshop.pk, language=language)
    assert print_defects(pdf, language=language, title=report.workshop.title) == []
    # Wrapped, not cut: a quote and a gap's description are there in full, line after line (without the
    # hyphens where a line was broken and the report's break opportunities, which the long words do not have).
    text = "".join(word.text for page in read_pdf(pdf) for word in page.words)
    text = text.translate({ord(character): None for character in "-\u2010\u200b"})
    for shown in (journey_models.Evidence.objects.filter(kind="qualitative").first().quote,
                  journey_models.Gap.objects.first().description):
        assert shown[:60] in text and shown[-60:] in text
