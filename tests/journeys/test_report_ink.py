"""The report as it prints, read back from its ink (tests/pdf_ink.py): every word the PDF holds is visible
where it stands — none white on white, none clipped by a picture's edge —, lies inside its page's body (or is
the running header or footer), and no page holds only a heading. For the demo workshop, a new five-stage
workshop and one with the largest stage the report draws on one page, in Dutch and in English.
"""

import re

import pytest
from django.utils import translation

from journeys.models import Touchpoint
from journeys.report import MAP_COLUMNS_PER_PAGE, workshop_report_pdf
from tests.journeys.test_report import build_workshop, in_language
from tests.pdf_ink import heading_only_pages, inkless, outside, read_pdf, report_margins, split_page
from workshops.demo import load_demo_workshop
from workshops.services import workshop_create

pytestmark = pytest.mark.django_db

# The report's section headings (English source texts): each starts a page, but "Moments of truth".
SECTIONS = ["Scope", "Evidence", "Journey map", "Emotion curve", "Emotion scores per touchpoint", "Moments of truth",
            "Ideal journey", "Gaps", "Improvements"]


def print_defects(pdf, *, language, title, check_ink=True):
    """What a reader of ``pdf`` (a report in ``language`` of the workshop titled ``title``) would find wrong,
    as sentences: a word without ink, a word outside its page's body, a header or footer that is not the
    running one, a page holding only a heading. ``check_ink=False`` leaves out the pixels (quicker)."""
    margins = report_margins()

    def margins_of(page):
        return margins["landscape" if page.landscape else "portrait"]

    pages = read_pdf(pdf)
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
    Touchpoint.objects.filter(stage__journey=workshop.journey, stage__position=1, position__gt=0).delete()
    return workshop


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("make", [demo_workshop, new_five_stage_workshop, largest_stage_workshop],
                         ids=["demo", "new-five-stages", "largest-stage"])
def test_every_word_of_the_report_prints_visibly_inside_its_page(team, facilitator, owner, member, make, language):
    workshop = make(team, facilitator, owner, member)
    pdf, _report = workshop_report_pdf(workshop.pk, language=language)
    assert print_defects(pdf, language=language, title=workshop.title) == []

