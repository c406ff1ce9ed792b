"""The workshop report as a PDF: cover, scope, evidence, journey map, emotion curve, moments of truth,
ideal journey with its hints, the ranked gaps, and the improvements on the impact/effort matrix with their
action table (owners, deadlines, statuses).

``gather_report`` reads everything in a fixed number of queries (see its docstring), whatever the number of
stages, touchpoints, participants, scores, evidence and gaps; ``render_report_html`` fills
``templates/report/report.html`` without a query; ``report_pdf`` turns that into PDF bytes with WeasyPrint.
Texts come out in the language active while gathering and rendering: ``workshop_report_pdf`` sets it.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from journeys import pictures
from journeys.models import EvidenceKind, NoteKind
from journeys.numbers import round_name, signed
from journeys.selectors import (
    EmotionStats,
    baseline_measurement,
    emotion_stats,
    gaps_by_dots,
    journey_evidence,
    journey_notes,
    journey_stages,
    review_rounds,
    taking_part,
)
from journeys.services.ideal import journey_health_hints
from journeys.steps.data import evidence_groups
from journeys.steps.ideal import signed_number
from workshops.models import Workshop
from workshops.selectors import workshop_with_journey

from . import pdf_text
from .matrix import QUADRANT_ORDER
from .matrix_picture import MatrixItem, impact_effort_matrix
from .selectors import journey_improvements

REPORT_TEMPLATE = "report/report.html"
# The tooltips of our own pictures' markup (their text is escaped: no "<" inside).
TOOLTIPS = re.compile(r"<(title|desc)\b[^>]*>[^<]*</\1>")
PICTURE_URL = "klantreis-picture:"  # + the picture's number in Report.picture_files, starting at 1
HEADER_TITLE_LENGTH = 90  # the running header holds one line; the cover shows the whole title
MAP_COLUMNS_PER_PAGE = 16  # touchpoints a landscape A4 page shows legibly side by side in the journey map
HINT_NAMES_SHOWN = 6  # a hint names this many touchpoints, then "and N more" (the table marks them all)
KEEP_TOGETHER = 1200  # characters: a table row or quote with more text may break over pages (a page holds ~5,000)
UNBROKEN_RUN = 60  # characters without a space: longer than a real word (a URL, or text typed to test the limits)
BREAK_EVERY = 20  # such a run may break after every so many characters (see ``with_break_opportunities``)


@dataclass(frozen=True)
class ReportHint:
    """One of the ideal step's health hints, naming at most ``HINT_NAMES_SHOWN`` of its touchpoints."""

    code: str
    message: str
    named: list
    more: int

    @classmethod
    def of(cls, hint):
        touchpoints = [] if hint.code == "flat" else hint.touchpoints  # the flat line is about all of them
        return cls(code=hint.code, message=hint.message, named=touchpoints[:HINT_NAMES_SHOWN],
                   more=max(0, len(touchpoints) - HINT_NAMES_SHOWN))


@dataclass
class Report:
    """What the report shows. ``stages`` (the current journey) and ``ideal_stages`` each hold ``items``:
    their touchpoints in order, annotated as ``_annotate_current`` and ``_annotate_ideal`` describe."""

    workshop: Workshop
    participants: list
    measurement: object  # the baseline Measurement, or None
    stats: dict  # {current touchpoint id: EmotionStats}
    stages: list
    evidence: list
    evidence_groups: list  # grouped like the data step: the whole journey, then per stage and touchpoint
    ideal_stages: list
    gaps: list
    generated_on: date
    reviews: list = ()  # [(Measurement, {touchpoint id: EmotionStats}), …]: the review rounds, oldest first
    improvements: list = ()  # in matrix order: quick wins, major projects, fill-ins, thankless tasks
    picture_files: list = field(default_factory=list)  # the SVG documents the HTML's <img>s show, in order

    def embed(self, picture, css_class=""):
        """An <img> of ``picture`` for the HTML; its SVG document goes to ``picture_files``.

        The PDF gets its pictures as images, not inline SVG: WeasyPrint then parses each with an XML parser
        instead of its HTML5 parser and computes no CSS cascade for their ~40,000 elements — about 2 s of
        the large report (see the README's benchmark section). ``report_pdf`` hands them over by number.
        Their tooltips (<title>, <desc>) stay out: paper shows none, and WeasyPrint walks every element."""
        self.picture_files.append(TOOLTIPS.sub("", pictures.render(picture, standalone=True)))
        return format_html('<img class="picture-image{}" src="{}{}" alt="{}" width="{}" height="{}">',
                           f" {css_class}" if css_class else "", PICTURE_URL, len(self.picture_files),
                           picture.title or "", picture.width, picture.height)

    @property
    def journey(self):
        return self.workshop.journey

    @property
    def team(self):
        return self.workshop.team

    @property
    def persona(self):
        return self.journey.persona

    @property
    def ideal(self):
        return getattr(self.journey, "ideal", None)

    @property
    def workshop_date(self):
        return self.workshop.scheduled_for or timezone.localdate(self.workshop.created_at)

    @cached_property
    def touchpoints(self):
        return [touchpoint for stage in self.stages for touchpoint in stage.items]

    @cached_property
    def map_pages(self):
        """The current stages in runs of at most ``MAP_COLUMNS_PER_PAGE`` touchpoints: one landscape page of
        the journey map (and one of the emotion curve) each. Smaller stages share a page; a larger one is split
        into as few parts as fit, of (nearly) equal size (25 → 13 + 12), each on a page of its own, as a
        ``pictures.StagePart``. At least one page."""
        pages, run, columns = [], [], 0
        for stage in self.stages:
            if len(stage.items) > MAP_COLUMNS_PER_PAGE:
                if run:
                    pages.append(run)
                    run, columns = [], 0
                pages.extend([part] for part in stage_parts(stage))
                continue
            width = max(len(stage.items), 1)
            if run and columns + width > MAP_COLUMNS_PER_PAGE:
                pages.append(run)
                run, columns = [], 0
            run.append(stage)
            columns += width
        return [*pages, run] if run or not pages else pages

    @cached_property
    def map_page_starts(self):
        """Per map page, (the number of its first touchpoint, of its first stage): the pictures keep counting
        across pages, with the numbers of the score table."""
        starts, first_index = [], 1
        for stages in self.map_pages:
            first_stage = getattr(stages[0], "stage", stages[0]).number if stages else 1  # a StagePart's stage
            starts.append((first_index, first_stage))
            first_index += sum(len(stage.items) for stage in stages)
        return starts

    @cached_property
    def map_sections(self):
        """(stages, the journey map of those stages as SVG) per landscape page. No query."""
        evidence = pictures.evidence_counts(self.evidence_rows)
        return [
            (stages, self.embed(pictures.journey_map(
                stages, self.stats, thorns=self.thorns_by_touchpoint, evidence=evidence, title=self.workshop.title,
                dom_id=f"journey-map-{number}", first_index=first_index, first_stage=first_stage),
                "picture-image--map"))
            for number, (stages, (first_index, first_stage))
            in enumerate(zip(self.map_pages, self.map_page_starts, strict=True), start=1)
        ]

    @cached_property
    def curve_sections(self):
        """(stages, the emotion curve of those stages as SVG) per landscape page, split as the map is: the
        ideal's targets and every review round drawn in; the columns keep counting across pages. No query."""
        sections = []
        for number, (stages, (first_index, _first_stage)) in enumerate(
                zip(self.map_pages, self.map_page_starts, strict=True), start=1):
            columns = sum(len(stage.items) for stage in stages)
            sections.append((stages, self.embed(pictures.emotion_curve(
                stages, self.stats, ideal_touchpoints=self.ideal_touchpoints, reviews=self.reviews,
                title=self.workshop.title, dom_id=f"emotion-curve-{number}", first_index=first_index,
                scale=pictures.print_scale(columns), current_label=round_name(self.measurement) or None),
                "picture-image--curve")))
        return sections

    @cached_property
    def matrix(self):
        """The improvements on the impact/effort matrix, numbered as in the action table. No query."""
        items = [MatrixItem(id=item.pk, label=item.title, impact=item.impact, effort=item.effort)
                 for item in self.improvements]
        return impact_effort_matrix(items, title=self.workshop.title, dom_id="report-matrix", with_legend=False)

    @cached_property
    def improvement_groups(self):
        """[(Quadrant, [(row number, improvement), …]), …] in matrix order; the numbers run on across the
        groups, as on the matrix's marks. No query."""
        groups = {}
        for number, item in enumerate(self.improvements, start=1):
            groups.setdefault(item.quadrant, []).append((number, item))
        return list(groups.items())

    @cached_property
    def matrix_svg(self):
        return self.embed(self.matrix)

    @cached_property
    def ideal_touchpoints(self):
        return [touchpoint for stage in self.ideal_stages for touchpoint in stage.items]

    @property
    def figure_count(self):
        return sum(1 for item in self.evidence if item.kind == EvidenceKind.QUANTITATIVE)

    @property
    def quote_count(self):
        return len(self.evidence) - self.figure_count

    @property
    def moments_of_truth(self):
        return [touchpoint for touchpoint in self.touchpoints if touchpoint.moment_of_truth]

    @property
    def moments_of_truth_have_thorns(self):
        return any(touchpoint.thorns for touchpoint in self.moments_of_truth)

    @cached_property
    def health_hints(self):
        """The ideal step's health hints on the ideal journey."""
        return journey_health_hints(self.ideal_touchpoints, self.stats) if self.ideal else []

    @property
    def hints(self):
        return [ReportHint.of(hint) for hint in self.health_hints]

    @property
    def targets_set(self):
        return any(touchpoint.target_emotion is not None for touchpoint in self.ideal_touchpoints)

    @property
    def left_out_of_ideal(self):
        """Current touchpoints that have no copy in the ideal journey: the team dropped them."""
        if not self.ideal:
            return []
        copied = {touchpoint.source_id for touchpoint in self.ideal_touchpoints}
        return [touchpoint for touchpoint in self.touchpoints if touchpoint.pk not in copied]

    # For the pictures (journeys/pictures/): the inputs of ``journey_map`` beyond stages and stats.
    @property
    def thorns_by_touchpoint(self):
        """{current touchpoint id: [thorn text, …]}, oldest first."""
        return {touchpoint.pk: [note.text for note in touchpoint.thorns] for touchpoint in self.touchpoints
                if touchpoint.thorns}

    @property
    def evidence_rows(self):
        """The evidence counted per place and kind, as rows {"stage_id", "touchpoint_id", "kind", "n"}."""
        counts = Counter((item.stage_id, item.touchpoint_id, item.kind) for item in self.evidence)
        return [{"stage_id": stage_id, "touchpoint_id": touchpoint_id, "kind": kind, "n": n}
                for (stage_id, touchpoint_id, kind), n in counts.items()]

    @property
    def total_dots(self):
        return sum(gap.total for gap in self.gaps)

    # The running header and footer are CSS strings (margin boxes take no HTML): see ``css_string``.
    @property
    def header_css(self):
        title = self.workshop.title
        if len(title) > HEADER_TITLE_LENGTH:
            title = title[:HEADER_TITLE_LENGTH - 1].rstrip() + "…"
        return css_string(title)

    @property
    def footer_css(self):
        return css_string(f"Klantreis · {date_format(self.generated_on, 'DATE_FORMAT')}")

    @property
    def page_number_css(self):
        return css_counters(_("Page %(page)s of %(pages)s"))


def stage_parts(stage):
    """The stage's touchpoints in as few parts of at most ``MAP_COLUMNS_PER_PAGE`` as they fit, the larger
    parts first (25 → 13 + 12, not 16 + 9: two half-full pages read better than a full one and a stub)."""
    count = -(-len(stage.items) // MAP_COLUMNS_PER_PAGE)
    size, larger = divmod(len(stage.items), count)
    parts, start = [], 0
    for part in range(1, count + 1):
        end = start + size + (part <= larger)
        parts.append(pictures.StagePart(stage=stage, items=tuple(stage.items[start:end]), part=part, parts=count))
        start = end
    return parts


def css_string(text):
    """``text`` as a quoted CSS string, safe inside <style>: quotes, backslashes, control characters and
    the characters of HTML tags are escaped, so a title cannot end the stylesheet."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 or ord(char) == 127 else char
                      for char in text)
    return f'"{escaped}"'


def css_counters(template):
    """A translated "Page %(page)s of %(pages)s" as CSS ``content``: strings around the page counters,
    so every language keeps its own word order."""
    parts = re.split(r"%\((page|pages)\)s", template)
    pieces = [f"counter({part})" if index % 2 else css_string(part) for index, part in enumerate(parts)]
    return " ".join(piece for piece in pieces if piece != '""')


def gather_report(workshop_id):
    """Everything the report shows, for the workshop with ``workshop_id`` (Workshop.DoesNotExist if none).

    Fifteen queries, whatever the size of the workshop: the workshop (with its team, facilitator, journey,
    persona and ideal journey), the participants, the current stages and their touchpoints, the baseline
    measurement and its emotion statistics, the review rounds and their statistics, the evidence, the
    rose/bud/thorn notes, the ideal's stages and their touchpoints, the gaps with their touchpoints, and
    the improvements (with gap and owner). Two fewer without an ideal journey; a prefetch on an empty list
    costs nothing, so a journey without stages or gaps costs fewer as well.
    """
    workshop = workshop_with_journey(workshop_id)
    journey = workshop.journey
    participants = list(taking_part(workshop).order_by("joined_at", "pk"))  # not a facilitator who only led
    stages = journey_stages(journey)
    measurement = baseline_measurement(journey)
    stats = emotion_stats(measurement)
    evidence = journey_evidence(journey)
    notes = journey_notes(journey)
    ideal = getattr(journey, "ideal", None)
    ideal_stages = journey_stages(ideal) if ideal else []
    gaps = gaps_by_dots(journey)
    reviews = review_rounds(journey)
    improvements = sorted(
        journey_improvements(journey, with_touchpoints=False),
        key=lambda item: (QUADRANT_ORDER.index(item.quadrant), item.deadline or date.max),
    )

    copies = {touchpoint.source_id: touchpoint for stage in ideal_stages for touchpoint in stage.touchpoints.all()
              if touchpoint.source_id}
    _annotate_current(stages, stats, notes, copies)
    _annotate_ideal(ideal_stages, stats)
    for gap in gaps:
        gap.keep_together = keeps_together(gap.problem, gap.description)
        for touchpoint in gap.touchpoints.all():
            touchpoint.in_ideal = touchpoint.stage.journey_id != journey.pk
    for item in evidence:
        item.keep_together = keeps_together(item.metric, item.quote, item.source_detail)
    report = Report(workshop=workshop, participants=participants, measurement=measurement, stats=stats,
                    stages=stages, evidence=evidence, evidence_groups=evidence_groups(stages, evidence),
                    ideal_stages=ideal_stages, gaps=gaps, generated_on=timezone.localdate(), reviews=reviews,
                    improvements=improvements)
    _mark_hinted(report)
    return report


def _annotate_current(stages, stats, notes, copies):
    """Each current touchpoint gets ``number`` (1, 2, … across the journey, as the map and the curve count),
    ``stats`` (EmotionStats or None) and its texts, ``notes`` (its roses, buds and thorns, oldest first), and
    ``ideal_copy`` (its copy in the ideal journey, or None) with ``target_text`` and ``difference_text``
    (target minus the current mean)."""
    notes_by_touchpoint = {}
    for note in notes:
        notes_by_touchpoint.setdefault(note.touchpoint_id, []).append(note)
    running = 0
    for number, stage in enumerate(stages, start=1):
        stage.number = number
        stage.items = list(stage.touchpoints.all())
        for touchpoint in stage.items:
            running += 1
            touchpoint.number = running
            touchpoint.stage_name = stage.name
            touchpoint.stats = stats.get(touchpoint.pk)
            _stats_texts(touchpoint, touchpoint.stats)
            touchpoint.notes_list = notes_by_touchpoint.get(touchpoint.pk, [])
            touchpoint.thorns = [note for note in touchpoint.notes_list if note.kind == NoteKind.THORN]
            touchpoint.keep_together = keeps_together(touchpoint.name, *(note.text for note in touchpoint.thorns))
            touchpoint.ideal_copy = copies.get(touchpoint.pk)
            target = touchpoint.ideal_copy.target_emotion if touchpoint.ideal_copy else None
            touchpoint.target_text = signed_number(target) if target is not None else ""
            touchpoint.difference_text = (signed_number(target - touchpoint.stats.mean)
                                          if target is not None and touchpoint.stats else "")


def keeps_together(*texts):
    """Whether what shows ``texts`` stays on one page (CSS ``break-inside: avoid``). A row or quote of a few
    lines does; one as long as a page cannot, and kept whole it would leave the heading above it alone on its
    page: it may break."""
    return sum(len(text) for text in texts) <= KEEP_TOGETHER


def _annotate_ideal(stages, current_stats):
    """Each ideal touchpoint gets ``current`` (the current journey's EmotionStats of the touchpoint it was
    copied from), ``is_new``, and ``current_text``, ``target_text``, ``difference`` and its text."""
    for number, stage in enumerate(stages, start=1):
        stage.number = number
        stage.items = list(stage.touchpoints.all())
        for touchpoint in stage.items:
            touchpoint.is_new = touchpoint.source_id is None
            touchpoint.current = None if touchpoint.is_new else current_stats.get(touchpoint.source_id)
            touchpoint.current_text = signed_number(touchpoint.current.mean) if touchpoint.current else ""
            target = touchpoint.target_emotion
            touchpoint.target_text = signed_number(target) if target is not None else ""
            touchpoint.difference = (round(target - touchpoint.current.mean, 1)
                                     if target is not None and touchpoint.current else None)
            touchpoint.difference_text = (signed_number(touchpoint.difference)
                                          if touchpoint.difference is not None else "")


def _stats_texts(touchpoint, stats: EmotionStats | None):
    touchpoint.mean_text = signed(stats.mean) if stats else "—"
    touchpoint.range_text = f"{signed(stats.minimum, 0)} … {signed(stats.maximum, 0)}" if stats else "—"
    touchpoint.score_count = stats.count if stats else 0


def _mark_hinted(report):
    """``has_hint`` on the ideal touchpoints a hint names (not the flat-line hint, which names them all)."""
    hinted = {touchpoint.pk for hint in report.health_hints if hint.code != "flat" for touchpoint in hint.touchpoints}
    for touchpoint in report.ideal_touchpoints:
        touchpoint.has_hint = touchpoint.pk in hinted


def render_report_html(report):
    """The report as HTML for WeasyPrint. No query: everything comes from ``report``."""
    return with_break_opportunities(render_to_string(REPORT_TEMPLATE, {"report": report}))


# A tag (left as it is), or a run of more characters than any word has (an entity such as &amp; counts as one).
TAG_OR_UNBROKEN_RUN = re.compile(rf"(<[^>]*>)|((?:&#?\w+;|[^\s<&]){{{UNBROKEN_RUN + 1},}})")
CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)
ZERO_WIDTH_SPACE = "\u200b"  # a break opportunity in the text itself: a <wbr> element per break cost more than it saved


def with_break_opportunities(html):
    """``html`` with a <wbr> every BREAK_EVERY characters of each run in its body's text longer than any word.

    WeasyPrint breaks a word that does not fit a line (``overflow-wrap: anywhere``), but to find where, it lays
    the whole rest of the text out again for every line, and with ``hyphens: auto`` tries every hyphenation
    point of the rest of the word as well: a text of one 4,000-character word took minutes, one of 64 KB more
    than the worker's time limit. With a break opportunity every few characters each line costs a few
    characters' layout. Tags and their attributes, and the <head>, stay as they are."""
    head, body_tag, body = html.partition("<body>")

    def breakable(match):
        if match.group(1):
            return match.group(1)
        characters = CHARACTER.findall(match.group(2))
        return ZERO_WIDTH_SPACE.join("".join(characters[start:start + BREAK_EVERY])
                            for start in range(0, len(characters), BREAK_EVERY))

    return head + body_tag + TAG_OR_UNBROKEN_RUN.sub(breakable, body) if body_tag else html


def picture_fetcher(picture_files):
    """WeasyPrint's URL fetcher for the report: the report's own pictures by number, and nothing else.

    The report needs no file or URL (styles are inline, the font comes from the system): fetching nothing
    else keeps anything a user typed from making the server read a file or call out."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PictureFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            number = url.removeprefix(PICTURE_URL)
            if url.startswith(PICTURE_URL) and number.isdigit() and 1 <= int(number) <= len(picture_files):
                return URLFetcherResponse(url, picture_files[int(number) - 1].encode(),
                                          {"Content-Type": "image/svg+xml"})
            raise ValueError(f"The report loads no external resources ({url[:60]}).")

    return PictureFetcher(allowed_protocols=())


def report_pdf(html, picture_files=()):
    from weasyprint import HTML  # imported here: loading Pango and the fonts costs time at startup

    pdf_text.install()  # SVG text laid out a run at a time, not a character at a time
    return HTML(string=html, url_fetcher=picture_fetcher(list(picture_files))).write_pdf()


def workshop_report_pdf(workshop_id, *, language):
    """(PDF bytes, Report) of the workshop's report in ``language``. Workshop.DoesNotExist for an unknown id."""
    with translation.override(language):
        report = gather_report(workshop_id)
        html = render_report_html(report)
    return report_pdf(html, report.picture_files), report


def report_filename(workshop, on):
    return f"klantreis-{slugify(workshop.title)[:60] or workshop.pk}-{on.isoformat()}.pdf"

