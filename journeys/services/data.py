"""Writes of the data step (evidence: figures and quotes), and reading a CSV file of figures.

A CSV import is two requests: ``evidence_csv_parse`` reads the file into a preview (every row with
its errors, nothing saved); ``evidence_import`` saves the preview's rows, all or none.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Evidence, EvidenceKind, EvidenceSource, Stage, Touchpoint
from . import check_may_edit
from .touchpoints import STAGE_OF_THIS_JOURNEY

MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 1000

# The model's DecimalField(max_digits=14, decimal_places=4): ten digits before the point, four after.
VALUE_PLACES = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 10

# Column names in English and Dutch (what Dutch colleagues type in Excel) → the field they fill.
COLUMNS = ["metric", "value", "unit", "source", "stage", "touchpoint", "source_detail"]
REQUIRED_COLUMNS = ["metric", "value", "unit", "source"]
COLUMN_ALIASES = {
    "metric": "metric", "metriek": "metric",
    "value": "value", "waarde": "value",
    "unit": "unit", "eenheid": "unit",
    "source": "source", "bron": "source",
    "stage": "stage", "fase": "stage",
    "touchpoint": "touchpoint", "contactmoment": "touchpoint",
    "source_detail": "source_detail", "toelichting": "source_detail",
}
DUTCH_COLUMNS = {"metric": "metriek", "value": "waarde", "unit": "eenheid", "source": "bron", "stage": "fase",
                 "touchpoint": "contactmoment", "source_detail": "toelichting"}
# Dutch source names people write whatever the translations say.
SOURCE_ALIASES = {
    "webanalyse": EvidenceSource.WEB_ANALYTICS, "analytics": EvidenceSource.WEB_ANALYTICS,
    "enquete": EvidenceSource.SURVEY, "vragenlijst": EvidenceSource.SURVEY,
    "klantenservice": EvidenceSource.CUSTOMER_SERVICE, "verkoop": EvidenceSource.SALES,
    "verkoopcijfers": EvidenceSource.SALES, "overig": EvidenceSource.OTHER, "anders": EvidenceSource.OTHER,
}
FIELD_LIMITS = {name: Evidence._meta.get_field(name).max_length for name in ("metric", "unit", "source_detail")}


# --- Evidence, one at a time -----------------------------------------------------------------------

# What the room's forms say for an empty field too: written once, here.
METRIC_MISSING = gettext_lazy("Name the metric, e.g. “Conversion rate”.")
VALUE_MISSING = gettext_lazy("Give the value as a number, e.g. 12.5.")
QUOTE_MISSING = gettext_lazy("Write down what the customer said.")

def _check_attachment(journey, stage, touchpoint):
    """At most one of ``stage`` and ``touchpoint``, of ``journey``. Keyed by the field (the API's); the room's form
    offers only the journey's own, one at a time."""
    if stage is not None and touchpoint is not None:
        raise ValidationError({"touchpoint": _("Attach it to a stage or to a touchpoint, not both.")})
    if stage is not None and stage.journey_id != journey.pk:
        raise ValidationError({"stage": STAGE_OF_THIS_JOURNEY})
    if touchpoint is not None and touchpoint.stage.journey_id != journey.pk:
        raise ValidationError({"touchpoint": _("Choose a touchpoint of this journey.")})


def _check_content(evidence):
    """A figure names its metric and gives a value; a quote says something."""
    errors = {}
    if evidence.kind == EvidenceKind.QUANTITATIVE:
        if not (evidence.metric or "").strip():
            errors["metric"] = METRIC_MISSING
        if evidence.value is None:
            errors["value"] = VALUE_MISSING
    elif not (evidence.quote or "").strip():
        errors["quote"] = QUOTE_MISSING
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evidence_create(*, journey, kind, stage=None, touchpoint=None, metric="", value=None, unit="", quote="",
                    source=EvidenceSource.OTHER, source_detail="", actor):
    """A figure (``metric`` and ``value``) or a quote, on the journey, one of its stages or touchpoints."""
    _check_attachment(journey, stage, touchpoint)
    check_may_edit(actor, journey=journey.pk)
    evidence = Evidence(journey=journey, stage=stage, touchpoint=touchpoint, kind=kind, source=source,
                        source_detail=source_detail)
    if kind == EvidenceKind.QUANTITATIVE:
        evidence.metric, evidence.value, evidence.unit = metric, value, unit
    else:
        evidence.quote = quote
    _check_content(evidence)
    evidence.full_clean()
    evidence.save()
    return evidence


EVIDENCE_FIELDS = ("stage", "touchpoint", "kind", "metric", "value", "unit", "quote", "source", "source_detail")


@transaction.atomic
def evidence_update(*, evidence, actor, **changes):
    """Change a figure or quote (the API's; the room deletes and adds). Fields not given stay; a figure keeps no
    quote and a quote no figure, as ``evidence_create`` makes them."""
    unknown = set(changes) - set(EVIDENCE_FIELDS)
    if unknown:
        raise ValueError(f"not an evidence field: {sorted(unknown)}")
    check_may_edit(actor, journey=evidence.journey_id)
    for name, value in changes.items():
        setattr(evidence, name, value)
    _check_attachment(evidence.journey, evidence.stage, evidence.touchpoint)
    if evidence.kind == EvidenceKind.QUANTITATIVE:
        evidence.quote = ""
    else:
        evidence.metric, evidence.value, evidence.unit = "", None, ""
    _check_content(evidence)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence, actor):
    check_may_edit(actor, journey=evidence.journey_id)
    evidence.delete()


# --- Numbers as people write them ------------------------------------------------------------------

DIGITS = re.compile(r"\d+")
GROUPED = {sep: re.compile(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+") for sep in ",."}


def parse_number(text):
    """'12,5' (Dutch), '12.5', '1.240,5', '1,240.5', '1 240' → Decimal. Raises ValueError otherwise.

    One separator occurring once is the decimal separator, whichever it is: Dutch Excel writes
    "12,5", English "12.5". Occurring more than once, or before the other one, it groups thousands.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text or "").replace("\u2212", "-")
    sign = ""
    if cleaned[:1] in ("+", "-"):
        sign, cleaned = cleaned[0].replace("+", ""), cleaned[1:]
    if not cleaned:
        raise ValueError(text)
    separators = [char for char in cleaned if char in ",."]
    decimal_sep = group_sep = None
    if len(set(separators)) == 2:
        decimal_sep = separators[-1]
        group_sep = "." if decimal_sep == "," else ","
    elif separators:
        if len(separators) == 1:
            decimal_sep = separators[0]
        else:
            group_sep = separators[0]
    integer, fraction = cleaned, ""
    if decimal_sep is not None:
        integer, _sep, fraction = cleaned.rpartition(decimal_sep)
        if not DIGITS.fullmatch(fraction):
            raise ValueError(text)
    if group_sep is not None:
        if not GROUPED[group_sep].fullmatch(integer):
            raise ValueError(text)
        integer = integer.replace(group_sep, "")
    if not (DIGITS.fullmatch(integer) or (integer == "" and fraction)):
        raise ValueError(text)
    try:
        number = Decimal(f"{sign}{integer or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError(text) from None
    return number


def evidence_value(text):
    """A figure's value from what someone typed, rounded to what the database keeps (4 decimals).

    Raises ValidationError with a message for the person.
    """
    try:
        number = parse_number(text)
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a number. Write e.g. 12.5 or 12,5.") % {"value": text}) from None
    if abs(number) >= VALUE_LIMIT:
        raise ValidationError(_("%(value)s is too large (at most ten digits before the decimal point).")
                              % {"value": text})
    return number.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


# --- Reading a CSV file of figures -----------------------------------------------------------------

def _key(text):
    """Case, accents, spaces and punctuation do not matter when matching names: 'Enquête' == 'enquete'."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    return "".join(char for char in text if char.isalnum())


def _source_names():
    names = {_key(alias): value for alias, value in SOURCE_ALIASES.items()}
    for value, label in EvidenceSource.choices:
        names[_key(value)] = value
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                names[_key(label)] = value
    return names


@dataclass
class ImportRow:
    number: int  # as a spreadsheet numbers it: the header is row 1
    cells: dict  # column → the text as written
    errors: list = field(default_factory=list)  # (column as written in the header, message)
    cleaned: dict | None = None  # what evidence_import saves; JSON-serialisable (kept in the session)

    def display(self, columns, headers):
        """[(text, has an error)] for ``columns``, in that order: a line of the preview table."""
        wrong = {column for column, _message in self.errors}
        return [(self.cells.get(column, ""), headers[column] in wrong) for column in columns]


@dataclass
class CsvPreview:
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # column → the name the file gives it
    columns: list = field(default_factory=list)  # the columns the file has, in our order

    @property
    def rows_with_errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_importable(self):
        return bool(self.rows) and not self.file_errors and not self.rows_with_errors

    @property
    def cleaned_rows(self):
        return [row.cleaned for row in self.rows]


def _decode(content):
    if not content.strip():
        return None, _("The file is empty.")
    if b"\x00" in content:
        return None, _("This is not a CSV text file (an Excel workbook, or UTF-16 text?). In Excel, choose "
                       "“Save as” → “CSV UTF-8 (comma delimited)”.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _("The file is not UTF-8 text. In Excel, choose “Save as” → “CSV UTF-8 (comma delimited)”.")
    if not text.strip():
        return None, _("The file is empty.")
    return text, None


def _delimiter(text):
    """Dutch Excel separates with semicolons (the comma is its decimal separator); others with commas."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_header(header):
    """{column: (index, name as written)}, and the file-level errors of the header row."""
    errors, columns, unknown = [], {}, []
    for index, name in enumerate(header):
        written = name.strip()
        if not written:
            continue
        column = COLUMN_ALIASES.get(re.sub(r"[\s\-]+", "_", written.casefold()))
        if column is None:
            unknown.append(written)
        elif column in columns:
            errors.append(_("The column “%(column)s” appears twice.") % {"column": written})
        else:
            columns[column] = (index, written)
    if unknown:
        errors.append(_("Unknown column(s): %(columns)s. The columns are: %(english)s — or in Dutch: %(dutch)s.") % {
            "columns": ", ".join(f"“{name}”" for name in unknown), "english": ", ".join(COLUMNS),
            "dutch": ", ".join(DUTCH_COLUMNS[column] for column in COLUMNS)})
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        errors.append(_("Missing column(s): %(columns)s. The first row must name the columns.")
                      % {"columns": ", ".join(missing)})
    return columns, errors


class _Places:
    """The journey's stages and touchpoints by name, to resolve what a row names."""

    def __init__(self, stages):
        self.stages, self.touchpoints = {}, {}
        for stage in stages:
            self.stages.setdefault(_key(stage.name), []).append(stage)
            for touchpoint in stage.touchpoints.all():
                self.touchpoints.setdefault(_key(touchpoint.name), []).append(touchpoint)

    def resolve(self, row, stage_name, touchpoint_name, headers):
        """(stage id, touchpoint id) for the row, adding errors to it for names that do not fit."""
        stage = None
        if stage_name:
            found = self.stages.get(_key(stage_name), [])
            if not found:
                row.errors.append((headers["stage"], _("This journey has no stage “%(name)s”.") % {"name": stage_name}))
                return None, None
            if len(found) > 1:
                row.errors.append((headers["stage"], _("More than one stage is called “%(name)s”.")
                                   % {"name": stage_name}))
                return None, None
            stage = found[0]
        if not touchpoint_name:
            return (stage.pk if stage else None), None
        found = self.touchpoints.get(_key(touchpoint_name), [])
        if stage is not None:
            found = [touchpoint for touchpoint in found if touchpoint.stage_id == stage.pk]
        if not found:
            message = (_("The stage “%(stage)s” has no touchpoint “%(name)s”.") if stage
                       else _("This journey has no touchpoint “%(name)s”."))
            row.errors.append((headers["touchpoint"], message % {"name": touchpoint_name, "stage": stage_name}))
            return None, None
        if len(found) > 1:
            row.errors.append((headers["touchpoint"], _("More than one touchpoint is called “%(name)s”: "
                                                        "add the stage to say which.") % {"name": touchpoint_name}))
            return None, None
        return None, found[0].pk  # attached to the touchpoint (its stage follows from it)


def _read_row(row, columns, headers, places, sources):
    text = {column: row.cells.get(column, "") for column in COLUMNS}
    for column, limit in FIELD_LIMITS.items():
        if len(text[column]) > limit:
            row.errors.append((headers[column], _("Longer than %(limit)d characters.") % {"limit": limit}))
    if not text["metric"]:
        row.errors.append((headers["metric"], _("The metric is missing.")))
    value = None
    if not text["value"]:
        row.errors.append((headers["value"], _("The value is missing.")))
    else:
        try:
            value = evidence_value(text["value"])
        except ValidationError as error:
            row.errors.append((headers["value"], error.messages[0]))
    source = sources.get(_key(text["source"]))
    if not text["source"]:
        row.errors.append((headers["source"], _("The source is missing.")))
    elif source is None:
        row.errors.append((headers["source"], _("Unknown source “%(source)s”. Use one of: %(sources)s.") % {
            "source": text["source"], "sources": ", ".join(EvidenceSource.values)}))
    stage_id, touchpoint_id = places.resolve(row, text["stage"], text["touchpoint"], headers)
    if not row.errors:
        row.cleaned = {"row": row.number, "metric": text["metric"], "value": str(value), "unit": text["unit"],
                       "source": source, "source_detail": text["source_detail"], "stage_id": stage_id,
                       "touchpoint_id": touchpoint_id}


def evidence_csv_parse(*, content, stages):
    """Read ``content`` (the bytes of an uploaded CSV) into a CsvPreview; nothing is saved.

    ``stages`` are the journey's stages with their touchpoints (``selectors.journey_stages``), to
    resolve the stage and touchpoint names rows give.
    """
    preview = CsvPreview()
    if len(content) > MAX_CSV_BYTES:
        preview.file_errors.append(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(MAX_CSV_BYTES)})
        return preview
    text, error = _decode(content)
    if error:
        preview.file_errors.append(error)
        return preview
    records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(records)
        columns, preview.file_errors = _read_header(header)
        if preview.file_errors:
            return preview
        preview.headers = {column: columns[column][1] if column in columns else column for column in COLUMNS}
        preview.columns = [column for column in COLUMNS if column in columns]
        places, sources = _Places(stages), _source_names()
        known = {index for index, _name in columns.values()}
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue  # Excel leaves empty rows (";;;;") at the end
            if len(preview.rows) == MAX_CSV_ROWS:
                preview.rows = []
                preview.file_errors.append(_("The file has more than %(limit)d rows. Split it into smaller files.")
                                           % {"limit": MAX_CSV_ROWS})
                return preview
            row = ImportRow(number=number, cells={
                column: record[index].strip() for column, (index, _name) in columns.items() if index < len(record)
            })
            stray = [index for index, cell in enumerate(record) if cell.strip() and index not in known]
            if stray:
                row.errors.append(("—", _("This row has more cells than the header row has names. A decimal comma "
                                          "in a comma-separated file? Separate with semicolons, or quote the value.")))
            _read_row(row, columns, preview.headers, places, sources)
            preview.rows.append(row)
    except csv.Error as error:
        preview.rows = []
        preview.file_errors.append(_("The file cannot be read as CSV: %(error)s") % {"error": error})
        return preview
    if not preview.rows:
        preview.file_errors.append(_("There are no rows under the header row."))
    return preview


@transaction.atomic
def evidence_import(*, journey, rows, actor):
    """Save the ``cleaned_rows`` of a CsvPreview as figures of ``journey``: all of them, or none.

    The rows were checked when the file was read; the stages and touchpoints they name are checked
    again here, as someone may have removed one since.
    """
    check_may_edit(actor, journey=journey.pk)
    stage_ids = set(Stage.objects.filter(journey=journey).values_list("pk", flat=True))
    touchpoint_ids = set(Touchpoint.objects.filter(stage__journey=journey).values_list("pk", flat=True))
    figures = []
    for row in rows:
        if (row["stage_id"] and row["stage_id"] not in stage_ids) or (
                row["touchpoint_id"] and row["touchpoint_id"] not in touchpoint_ids):
            raise ValidationError(_("Row %(row)s: its stage or touchpoint no longer exists. Upload the file again.")
                                  % {"row": row["row"]})
        figure = Evidence(
            journey=journey, kind=EvidenceKind.QUANTITATIVE, stage_id=row["stage_id"],
            touchpoint_id=row["touchpoint_id"], metric=row["metric"], value=Decimal(row["value"]), unit=row["unit"],
            source=row["source"], source_detail=row["source_detail"],
        )
        # The references were checked above in two queries, and the figure is complete (the
        # database's CheckConstraint still guards it): no query per row here.
        figure.full_clean(exclude=["journey", "stage", "touchpoint"], validate_constraints=False)
        figures.append(figure)
    if not figures:
        raise ValidationError(_("There is nothing to import."))
    Evidence.objects.bulk_create(figures)
    return figures
