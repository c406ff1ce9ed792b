"""The report's SVG text drawn a run at a time (actions.pdf_text): the words land where WeasyPrint's own
character-by-character code puts them, on a real report and on hand-written SVG with every anchor, baseline and
shift the pictures use; runs the fast path does not take still come out."""

import re
import shutil
import subprocess
from collections import Counter, defaultdict
from contextlib import contextmanager

import pytest
import weasyprint
from weasyprint import svg as weasy_svg

from actions import pdf_text
from actions.report import report_pdf, workshop_report_pdf
from config.tooling.demo import load_demo_workshop
from journeys.pictures.svg import esc

pytestmark = pytest.mark.django_db

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@contextmanager
def weasyprints_own_text():
    """WeasyPrint's own SVG text for the duration: the reference."""
    assert pdf_text.install()
    fast = weasy_svg.text
    original = fast.weasyprint_original
    tags = {tag for tag, drawer in weasy_svg.TAGS.items() if drawer is fast}
    weasy_svg.text = original
    weasy_svg.TAGS.update(dict.fromkeys(tags, original))
    try:
        yield
    finally:
        weasy_svg.text = fast
        weasy_svg.TAGS.update(dict.fromkeys(tags, fast))


def words(pdf, tmp_path, name):
    """[(page, word, x0, y0, x1, y1)] as poppler reads them."""
    assert shutil.which("pdftotext"), "install poppler-utils (bin/test does)"
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    found, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = WORD.search(line)
        if match:
            x0, y0, x1, y1 = (float(value) for value in match.groups()[:4])
            found.append((page, match.group(5), x0, y0, x1, y1))
    return found


def assert_same_places(fast, reference, *, tolerance=1.0):
    """The same words on the same pages, each within ``tolerance`` points of where the reference has it. (Poppler
    may read them in another order; a run laid out whole is a fraction of a point wider or narrower than the sum
    of its characters laid out one by one.)"""
    assert Counter((page, word) for page, word, *_box in fast) == Counter(
        (page, word) for page, word, *_box in reference)
    places = defaultdict(list)
    for page, word, *box in reference:
        places[page, word].append(box)
    for page, word, *box in fast:
        off = min(max(abs(a - b) for a, b in zip(box, expected, strict=True)) for expected in places[page, word])
        assert off <= tolerance, (page, word, box, places[page, word])


def test_in_place_for_the_weasyprint_it_was_checked_with():
    """A newer WeasyPrint may have fixed Kozea/WeasyPrint#2249, or changed the code the fast path copies: check
    actions/pdf_text.py against it, then raise CHECKED_VERSION."""
    assert weasyprint.__version__ == pdf_text.CHECKED_VERSION
    assert pdf_text.install() and pdf_text.install()  # once, and again without harm
    assert weasy_svg.TAGS["text"] is weasy_svg.text is weasy_svg.TAGS["tspan"]
    assert weasy_svg.text.weasyprint_original is not weasy_svg.text


def test_the_words_of_a_whole_report_land_where_weasyprint_puts_them(team, facilitator, owner, member, tmp_path):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    fast, _report = workshop_report_pdf(workshop.pk, language="nl")
    with weasyprints_own_text():
        reference, _report = workshop_report_pdf(workshop.pk, language="nl")
    fast_words, reference_words = words(fast, tmp_path, "fast"), words(reference, tmp_path, "reference")
    assert len(fast_words) > 500  # the maps and curves are in there: their lanes, names and scores
    assert_same_places(fast_words, reference_words)


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300"
 font-family="DejaVu Sans" font-size="12">
 <text x="10" y="20">Begin {text}</text>
 <text x="200" y="50" text-anchor="middle" font-weight="bold">Midden {text}</text>
 <text x="390" y="80" text-anchor="end" font-size="9">Einde {text}</text>
 <text x="10" y="110" dominant-baseline="central">Centraal −3,5</text>
 <text x="200" y="140" text-anchor="middle"><tspan x="200" dy="0">Eerste regel</tspan>
  <tspan x="200" dy="14">Tweede regel</tspan></text>
 <text x="10" y="190"><tspan>Een </tspan><tspan font-weight="bold">vet</tspan><tspan dx="6"> verder</tspan></text>
 <text x="10 30 50" y="230">ABC rotated</text>
 <text x="200" y="260" rotate="10">Gedraaid</text>
 <text x="10" y="290" letter-spacing="3">Ruim</text>
</svg>"""


def test_every_anchor_baseline_and_shift_of_the_pictures(tmp_path):
    picture = SVG.format(text=esc("café € <b>"))
    html = '<img src="klantreis-picture:1" style="width: 400px">'
    fast = report_pdf(html, [picture])
    with weasyprints_own_text():
        reference = report_pdf(html, [picture])
    fast_words = words(fast, tmp_path, "fast")
    assert [word for _page, word, *_box in fast_words][:4] == ["Begin", "café", "€", "&lt;b&gt;"]
    assert {"Midden", "Einde", "Centraal", "Eerste", "Tweede", "vet", "verder", "Gedraaid", "Ruim"} <= {
        word for _page, word, *_box in fast_words}
    assert_same_places(fast_words, words(reference, tmp_path, "reference"))
