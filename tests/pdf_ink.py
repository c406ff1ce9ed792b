"""What a PDF prints, read back the way a reader sees it: every word with its box (poppler's ``pdftotext
-bbox-layout``) and the page drawn as pixels (poppler's ``pdftoppm``), so a test can ask

- whether a word is *visible*: ``inkless`` draws each page twice, as it is and with every text made
  invisible (text render mode 3), and counts in each word's box the pixels its text made darker. White text on
  white, text under its own halo, text clipped by a picture's edge or drawn off the page: no ink;
- whether it is dark enough to read: ``faint`` (nothing in its box darker than FAINT);
- whether it stays where it may be: ``outside`` lists the words not inside a box (the page minus its margins);
- whether a page holds only a heading: ``heading_only_pages``;
- where the layout put the pictures (``picture_boxes``), whether each stays in its page's body
  (``pictures_outside``) and is not blank (``blank_pictures``), and whether anything but the running header,
  its rule and the footer is printed in a page's margins (``stray_ink``): a line or shape crossing into the
  footer's band or past the body's edge, towards or off the page's edge.

``read_pdf(pdf_bytes)`` gives the pages; the raster is drawn only for pages that are asked about.
Coordinates are PDF points from the page's top-left corner, as pdftotext gives them.
"""

import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NumberObject

MM = 72 / 25.4  # points per millimetre
XHTML = "{http://www.w3.org/1999/xhtml}"
DPI = 200  # a "·" in the smallest text of a 16-touchpoint map still darkens two pixels
DARKER = 32  # grey levels (of 255) a pixel must darken by to count as the text's ink
MIN_INK = 1  # pixels of ink a word needs at the least: text white on white, or not drawn, has none at all


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def contains(self, other, tolerance=0.5):
        return (other.left >= self.left - tolerance and other.top >= self.top - tolerance
                and other.right <= self.right + tolerance and other.bottom <= self.bottom + tolerance)

    def inset(self, top=0, right=0, bottom=0, left=0):
        return Box(self.left + left, self.top + top, self.right - right, self.bottom - bottom)


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    line: int  # the number of its line on the page (pdftotext's reading order)

    def __str__(self):
        return f"{self.text!r} at {self.box.left:.0f},{self.box.top:.0f}–{self.box.right:.0f},{self.box.bottom:.0f}"


@dataclass
class Raster:
    """A greyscale picture of a page (0 black … 255 white), ``scale`` pixels per point."""

    width: int
    height: int
    pixels: bytes
    scale: float

    @classmethod
    def from_pgm(cls, data, page_width):
        magic, width, height, maxval, pixels = data.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255", "pdftoppm -gray writes 8-bit PGM"
        width, height = int(width), int(height)
        return cls(width, height, pixels[:width * height], width / page_width)

    def region(self, box):
        """(x0, y0, x1, y1) in pixels of ``box``, cut to the picture."""
        x0, y0 = max(0, int(box.left * self.scale)), max(0, int(box.top * self.scale))
        x1 = min(self.width, int(box.right * self.scale + 0.999))
        y1 = min(self.height, int(box.bottom * self.scale + 0.999))
        return x0, y0, x1, y1


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list
    pdf: "Pdf" = field(repr=False)

    @property
    def landscape(self):
        return self.width > self.height

    @property
    def box(self):
        return Box(0, 0, self.width, self.height)

    @property
    def text(self):
        return " ".join(word.text for word in self.words)

    def lines(self, words=None):
        """[[words of a line], …] in reading order."""
        lines = {}
        for word in self.words if words is None else words:
            lines.setdefault(word.line, []).append(word)
        return [lines[number] for number in sorted(lines)]

    @cached_property
    def raster(self):
        return self.pdf.raster(self.number, invisible_text=False)

    @cached_property
    def raster_without_text(self):
        return self.pdf.raster(self.number, invisible_text=True)

    def ink(self, box, enough=None):
        """How many pixels in ``box`` the page's text made at least ``DARKER`` levels darker (counting stops at
        ``enough``)."""
        drawn, bare = self.raster, self.raster_without_text
        x0, y0, x1, y1 = drawn.region(box)
        count = 0
        for y in range(y0, y1):
            row = y * drawn.width
            with_text, without = drawn.pixels[row + x0:row + x1], bare.pixels[row + x0:row + x1]
            if with_text == without:
                continue
            count += sum(1 for a, b in zip(with_text, without, strict=True) if b - a >= DARKER)
            if enough is not None and count >= enough:
                break
        return count

    def dark(self, box, below=160):
        """How many pixels in ``box`` are darker than ``below`` (text, lines, pictures: anything printed)."""
        raster = self.raster
        x0, y0, x1, y1 = raster.region(box)
        darker = bytes(1 if value < below else 0 for value in range(256))
        return sum(raster.pixels[y * raster.width + x0:y * raster.width + x1].translate(darker).count(1)
                   for y in range(y0, y1))


class Pdf:
    """A PDF's pages, their words and (on demand) their pictures."""

    def __init__(self, pdf, dpi=DPI):
        self.data = bytes(pdf)
        self.dpi = dpi
        self._folder = tempfile.TemporaryDirectory(prefix="pdf-ink-")
        self.path = Path(self._folder.name) / "document.pdf"
        self.path.write_bytes(self.data)
        self.pages = _words(self.path, self)

    @cached_property
    def _invisible_text_path(self):
        path = Path(self._folder.name) / "invisible-text.pdf"
        path.write_bytes(invisible_text(self.data))
        return path

    def raster(self, number, *, invisible_text):
        path = self._invisible_text_path if invisible_text else self.path
        result = subprocess.run(["pdftoppm", "-gray", "-r", str(self.dpi), "-f", str(number), "-l", str(number),
                                 "-singlefile", str(path)], capture_output=True, timeout=120, check=True)
        return Raster.from_pgm(result.stdout, self.pages[number - 1].width)


def read_pdf(pdf, dpi=DPI):
    """The pages of ``pdf`` (bytes), each with its words."""
    return Pdf(pdf, dpi).pages


def _words(path, pdf):
    result = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, timeout=120,
                            check=True)
    root = ET.fromstring(result.stdout)
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words, line_number = [], 0
        for line in page.iter(f"{XHTML}line"):
            line_number += 1
            for word in line.iter(f"{XHTML}word"):
                box = Box(*(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")))
                words.append(Word(word.text or "", box, line_number))
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), words, pdf))
    return pages


def invisible_text(pdf):
    """``pdf`` with every text drawn in render mode 3 (neither filled nor stroked), the rest unchanged: the
    pages' content and every form XObject (WeasyPrint draws each picture as one)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    done = set()

    def hide(stream_owner):
        content = ContentStream(stream_owner, writer)
        operations = [([NumberObject(3)], b"Tr")]
        for operands, operator in content.operations:
            if operator == b"Tr":
                operands = [NumberObject(3)]
            operations.append((operands, operator))
        content.operations = operations
        return content

    def walk(resources):
        xobjects = resources.get("/XObject") if resources else None
        for reference in (xobjects or {}).values():
            key = getattr(reference, "idnum", id(reference))
            xobject = reference.get_object()
            if key in done or xobject.get("/Subtype") != "/Form":
                continue
            done.add(key)
            xobject.set_data(hide(xobject).get_data())
            walk(xobject.get("/Resources"))

    for page in writer.pages:
        page.replace_contents(hide(page.get_contents()))
        walk(page.get("/Resources"))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- Questions a test asks ------------------------------------------------------------------------------

def inkless(page, words=None):
    """The words of ``page`` (or ``words``) whose own text printed no ink in their box."""
    return [word for word in (page.words if words is None else words) if page.ink(word.box, MIN_INK) < MIN_INK]


def outside(page, area, words=None):
    """The words of ``page`` (or ``words``) not inside ``area`` (a Box)."""
    return [word for word in (page.words if words is None else words) if not area.contains(word.box)]


@dataclass(frozen=True)
class Margins:
    """A page's margins in mm (as CSS @page gives them)."""

    top: float
    right: float
    bottom: float
    left: float

    def body(self, page):
        return page.box.inset(self.top * MM, self.right * MM, self.bottom * MM, self.left * MM)


def split_page(page, margins):
    """(header words, body words, footer words): those wholly in the top margin, those wholly in the bottom
    margin, and the rest. A body word that strays into a margin stays a body word as long as part of it is in
    the body; one wholly in a margin shows as a header or footer word a test can check against what it expects."""
    body = margins.body(page)
    header = [word for word in page.words if word.box.bottom <= body.top]
    footer = [word for word in page.words if word.box.top >= body.bottom]
    rest = [word for word in page.words if word not in header and word not in footer]
    return header, rest, footer


def heading_only_pages(pages, margins_of, headings):
    """The pages that hold nothing but a heading (and the line under it) while their section goes on on the
    next page: a page whose body is at most two lines, the first one of ``headings``, with no other ink below
    them, followed by a page that does not start with one of ``headings``. ``margins_of(page)`` gives a
    page's Margins."""
    def first_line(page):
        _header, body, _footer = split_page(page, margins_of(page))
        lines = page.lines(body)
        return " ".join(word.text for word in lines[0]) if lines else ""

    def starts_with_heading(text):
        return any(text == heading or text.startswith(f"{heading} (") for heading in headings)

    found = []
    for page, following in zip(pages, pages[1:], strict=False):
        _header, body, _footer = split_page(page, margins_of(page))
        lines = page.lines(body)
        if not lines or len(lines) > 2 or not starts_with_heading(first_line(page)):
            continue
        area = margins_of(page).body(page)
        below = Box(area.left, max(word.box.bottom for word in body) + 2, area.right, area.bottom)
        if page.dark(below) == 0 and not starts_with_heading(first_line(following)):
            found.append(page)
    return found


# --- The workshop report's pages -------------------------------------------------------------------------

REPORT_STYLES = Path(__file__).resolve().parent.parent / "templates" / "report" / "styles.html"


def report_margins():
    """{"portrait": Margins, "landscape": Margins} as templates/report/styles.html sets them (@page and
    @page landscape), so a test follows the stylesheet."""
    css = REPORT_STYLES.read_text()
    found = {}
    for name, rule in (("portrait", r"@page\s*\{"), ("landscape", r"@page landscape\s*\{")):
        match = re.search(rule + r"[^}]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css)
        assert match, f"no margin for {name} pages in {REPORT_STYLES}"
        found[name] = Margins(*(float(value) for value in match.groups()))
    return found


def report_margins_of(page, margins=None):
    margins = margins or report_margins()
    return margins["landscape" if page.landscape else "portrait"]


# --- Pictures and margins: ink that is not text ------------------------------------------------------------

PAPER = 245  # a pixel lighter than this is paper; anything darker was printed (a line, a fill, a letter)
PX = 0.75  # points per CSS pixel: WeasyPrint lays out in CSS pixels


@dataclass(frozen=True)
class Picture:
    """Where the layout put an <img> on a page: its page's number (1-based), its box in points and its class."""

    page: int
    box: Box
    name: str

    def __str__(self):
        b = self.box
        return f"{self.name} on page {self.page} at {b.left:.0f},{b.top:.0f}–{b.right:.0f},{b.bottom:.0f}"


def picture_boxes(document, selector="img"):
    """[Picture] of every ``selector`` element (an <img>: the report draws its SVG pictures as images) in a
    WeasyPrint ``document`` (``HTML(...).render()``): the boxes its layout gave them, one per page they are on."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if isinstance(box, boxes.ReplacedBox) and box.element is not None and box.element.tag == selector:
                x, y = box.content_box_x() * PX, box.content_box_y() * PX
                name = " ".join(part for part in (box.element.get("class"), repr(box.element.get("alt") or ""))
                                if part)
                found.append(Picture(number, Box(x, y, x + box.width * PX, y + box.height * PX), name))
    return found


def printed(page, box):
    """How many pixels of ``page`` in ``box`` are printed at all (darker than PAPER): a pale fill counts."""
    return page.dark(box, below=PAPER)


def blank_pictures(pages, pictures, least=0.02, least_dark=0.005):
    """The pictures whose box holds less than ``least`` (a share of its area) of printed pixels, or less than
    ``least_dark`` of dark ones (lines and letters, not only a pale fill): drawn empty, drawn elsewhere, or
    drawn white. (An empty emotion curve, axes and labels only, prints about 3 % and 1 %.)"""
    found = []
    for picture in pictures:
        page = pages[picture.page - 1]
        x0, y0, x1, y1 = page.raster.region(picture.box)
        area = max(1, (x1 - x0) * (y1 - y0))
        share, dark = printed(page, picture.box) / area, page.dark(picture.box) / area
        if share < least or dark < least_dark:
            found.append(f"{picture}: {share:.1%} of it printed, {dark:.1%} dark "
                         f"(at least {least:.0%} and {least_dark:.1%})")
    return found


def pictures_outside(pages, pictures, margins_of):
    """The pictures whose box is not inside its page's body (the page minus its margins)."""
    return [f"{picture}: outside the page's body" for picture in pictures
            if not margins_of(pages[picture.page - 1]).body(pages[picture.page - 1]).contains(picture.box)]


def stray_ink(page, margins, header_words=(), footer_words=(), around=1.5, edge=1.5):
    """Where ``page`` prints in its margins what is neither the running header's or footer's words (each word's
    box grown by ``around`` points) nor the header's rule (a line across the body's width in the top margin):
    a picture's line or shape crossing into the footer band, past the body's side, or off the page. The
    margins start ``edge`` points from the body (a line drawn on the body's edge shades the pixel beside it).
    A list of sentences naming the margin and the box of its stray ink."""
    raster = page.raster
    body = margins.body(page)
    allowed = [word.box.inset(-around, -around, -around, -around) for word in (*header_words, *footer_words)]
    paper = bytes(1 if value < PAPER else 0 for value in range(256))
    x_body0, _y, x_body1, _y1 = raster.region(body)
    top = Box(0, 0, page.width, body.top - edge)
    x0, y0, x1, y1 = raster.region(top)
    for y in range(y0, y1):  # the running header's rule: a row printed across 90 % of the body's width
        row = raster.pixels[y * raster.width + x_body0:y * raster.width + x_body1].translate(paper)
        if row.count(1) >= 0.9 * (x_body1 - x_body0):
            allowed.append(Box(body.left - edge, y / raster.scale - edge, body.right + edge,
                               (y + 1) / raster.scale + edge))
    bands = {
        "top margin": top,
        "bottom margin (the footer's band)": Box(0, body.bottom + edge, page.width, page.height),
        "left margin": Box(0, body.top - edge, body.left - edge, body.bottom + edge),
        "right margin": Box(body.right + edge, body.top - edge, page.width, body.bottom + edge),
    }
    found = []
    for name, band in bands.items():
        x0, y0, x1, y1 = raster.region(band)
        spans = [raster.region(box) for box in allowed]
        stray = []  # (x, y) of each stray pixel
        for y in range(y0, y1):
            marks = bytearray(raster.pixels[y * raster.width + x0:y * raster.width + x1].translate(paper))
            if 1 not in marks:
                continue
            for a0, b0, a1, b1 in spans:
                if b0 <= y < b1 and a1 > x0 and a0 < x1:
                    start, end = max(a0, x0) - x0, min(a1, x1) - x0
                    marks[start:end] = bytes(end - start)
            offset = marks.find(1)
            while offset >= 0:
                stray.append((x0 + offset, y))
                offset = marks.find(1, offset + 1)
        if stray:
            xs, ys = [x for x, _y in stray], [y for _x, y in stray]
            s = raster.scale
            found.append(f"page {page.number}: {len(stray)} pixels printed in the {name} at "
                         f"{min(xs) / s:.0f},{min(ys) / s:.0f}–{(max(xs) + 1) / s:.0f},{(max(ys) + 1) / s:.0f} pt")
    return found


FAINT = 192  # a word whose darkest pixel is lighter than this (#c0c0c0 on white) is too pale to read


def darkest(page, box):
    """The darkest grey level (0 black … 255 white) printed in ``box``."""
    raster = page.raster
    x0, y0, x1, y1 = raster.region(box)
    if x1 <= x0 or y1 <= y0:
        return 255
    return min(min(raster.pixels[y * raster.width + x0:y * raster.width + x1]) for y in range(y0, y1))


def faint(page, words=None, lightest=FAINT):
    """The words of ``page`` (or ``words``) with a letter or digit and ink too pale to read: nothing in their box
    darker than ``lightest`` (the report's palest text, "#8a9997" on white, prints 148). A lone "·" or "…" is
    too small to judge by its darkest pixel; ``inkless`` still checks it."""
    return [word for word in (page.words if words is None else words)
            if any(character.isalnum() for character in word.text) and darkest(page, word.box) >= lightest]
