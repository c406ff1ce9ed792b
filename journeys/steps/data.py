"""Step 2, data: the figures and quotes that back the map, on the journey, a stage or a touchpoint.

Room page: three queries (stages, their touchpoints, the evidence). Projector: three (the counts, the
latest quotes, the latest figures).
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..forms.data import CsvUploadForm, FigureForm, QuoteForm
from ..models import EvidenceKind, EvidenceSource
from ..selectors import evidence_kind_counts, journey_evidence, journey_stages, latest_evidence

ROOM_TEMPLATE = "journeys/steps/data.html"
PROJECTOR_TEMPLATE = "journeys/projector/data.html"

FIGURE_PREFIX = "figure"
QUOTE_PREFIX = "quote"
PROJECTOR_QUOTES = 3
PROJECTOR_FIGURES = 4
CURRENCIES = {"€", "$", "£", "EUR", "USD", "GBP"}
NBSP = "\u00a0"


def format_number(value):
    """12.5000 → '12.5' (',' in Dutch), 1240 → '1 240' (no-break space), no trailing zeros."""
    text = format(value.normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    integer, _point, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    number = sign + NBSP.join(groups)
    return number + get_format("DECIMAL_SEPARATOR") + fraction if fraction else number


def format_figure(value, unit):
    """'12.5 %', '1 240 visitors', '€ 75'."""
    if value is None:
        return ""
    number = format_number(value)
    if not unit:
        return number
    return f"{unit}{NBSP}{number}" if unit in CURRENCIES else f"{number}{NBSP}{unit}"


def _decorate(evidence):
    """Figures get ``display_value`` ('1 240 visitors'), and its parts for templates that set the number
    large: ``display_number`` ('1 240') and ``unit_first`` (a currency goes before the number)."""
    evidence.is_figure = evidence.kind == EvidenceKind.QUANTITATIVE
    evidence.display_value = format_figure(evidence.value, evidence.unit) if evidence.is_figure else ""
    evidence.display_number = format_number(evidence.value) if evidence.is_figure and evidence.value is not None else ""
    evidence.unit_first = evidence.unit in CURRENCIES
    return evidence


@dataclass
class EvidenceGroup:
    """The evidence on the whole journey (``stage`` None), or on one stage and its touchpoints."""

    stage: object = None
    items: list = field(default_factory=list)
    touchpoints: list = field(default_factory=list)  # [(touchpoint, [evidence])], only those with evidence


def evidence_groups(stages, evidence):
    """Evidence grouped by where it is attached, in journey order; empty groups left out. No query."""
    by_place = {}
    for item in evidence:
        place = ("touchpoint", item.touchpoint_id) if item.touchpoint_id else (
            ("stage", item.stage_id) if item.stage_id else ("journey", None))
        by_place.setdefault(place, []).append(_decorate(item))
    groups = []
    if ("journey", None) in by_place:
        groups.append(EvidenceGroup(items=by_place[("journey", None)]))
    for stage in stages:
        touchpoints = [(touchpoint, by_place[("touchpoint", touchpoint.pk)]) for touchpoint in stage.touchpoints.all()
                       if ("touchpoint", touchpoint.pk) in by_place]
        items = by_place.get(("stage", stage.pk), [])
        if items or touchpoints:
            groups.append(EvidenceGroup(stage=stage, items=items, touchpoints=touchpoints))
    return groups


def evidence_version(count, last_pk):
    """Changes whenever evidence is added or deleted (there is no editing): the list's poll sends it back."""
    return f"{count}-{last_pk or 0}"


def evidence_list_context(room, stages):
    evidence = journey_evidence(room.workshop.journey)
    return {
        "evidence_groups": evidence_groups(stages, evidence),
        "evidence_version": evidence_version(len(evidence), max((item.pk for item in evidence), default=None)),
        "figure_count": sum(1 for item in evidence if item.kind == EvidenceKind.QUANTITATIVE),
        "quote_count": sum(1 for item in evidence if item.kind == EvidenceKind.QUALITATIVE),
    }


def evidence_news(before, after):
    """What a screen watching the evidence list hears when it changed: new figures and quotes by number, or (one
    deleted) that it changed. ``before`` and ``after``: (figures, quotes); a count None when not known."""
    (figures_before, quotes_before), (figures, quotes) = before, after
    news = []
    if figures_before is not None and figures > figures_before:
        news.append(ngettext("%(count)d new figure.", "%(count)d new figures.", figures - figures_before)
                    % {"count": figures - figures_before})
    if quotes_before is not None and quotes > quotes_before:
        news.append(ngettext("%(count)d new quote.", "%(count)d new quotes.", quotes - quotes_before)
                    % {"count": quotes - quotes_before})
    return " ".join(news) or _("The evidence was changed.")


def preview_table(preview):
    """The preview of a CSV import as the template shows it: headings as the file names them, and per row
    its cells (text, whether it is wrong) and its errors."""
    if preview is None or preview.file_errors:
        return None
    rows = [{"number": row.number, "cells": row.display(preview.columns, preview.headers), "errors": row.errors}
            for row in preview.rows]
    return {"headings": [preview.headers[column] for column in preview.columns], "rows": rows,
            "bad_count": len(preview.rows_with_errors)}


def room_context(room, *, stages=None, figure_form=None, quote_form=None, upload_form=None, preview=None,
                 saved=""):
    """Everything the step shows; the views pass the forms they validated, to show them with their errors."""
    stages = journey_stages(room.workshop.journey) if stages is None else stages
    context = {"stages": stages, **evidence_list_context(room, stages), "data_saved": saved}
    if room.can_edit:
        context.update({
            "figure_form": figure_form or FigureForm(stages=stages, prefix=FIGURE_PREFIX),
            "quote_form": quote_form or QuoteForm(stages=stages, prefix=QUOTE_PREFIX),
            "upload_form": upload_form or CsvUploadForm(),
            "preview": preview,
            "preview_table": preview_table(preview),
            "source_choices": EvidenceSource.choices,
        })
    return context


def projector_context(room):
    journey = room.workshop.journey
    counts = evidence_kind_counts(journey)
    return {
        "figure_count": counts["figures"],
        "quote_count": counts["quotes"],
        "latest_quotes": [_decorate(item) for item in latest_evidence(journey, EvidenceKind.QUALITATIVE,
                                                                       PROJECTOR_QUOTES)],
        "latest_figures": [_decorate(item) for item in latest_evidence(journey, EvidenceKind.QUANTITATIVE,
                                                                        PROJECTOR_FIGURES)],
    }
