"""How much text and JSON Klantreis takes: every maximum in one place.

Free text. Each model field that people type into has one of these maxima (``max_length``), and everything that
writes it follows the field: Django's model forms and DRF's model serializers take ``max_length`` from it (so the
OpenAPI schema shows it as ``maxLength``), the hand-written form fields and services read the same constant, and
the backup import checks every value with the field's own validators. A TextField's ``max_length`` is not a column
type: ``long_text`` adds the validator that makes the model check it too (Django's TextField leaves that to forms).

Nothing in the database enforces a TextField's maximum (a CHECK would have to cut or refuse existing text when it
is added); text longer than a maximum written before it existed stays as it is and is asked to be shortened only
when someone saves it again. The CharFields' maxima are their columns' (PostgreSQL's varchar refuses more).
"""

from django.core.validators import MaxLengthValidator
from django.db import models

# Names and titles: one line on a card, in a table cell or on the map.
DISPLAY_NAME_MAX = 60  # a participant's name in the room, an API token's name
TEAM_NAME_MAX = 100
LABEL_MAX = 100  # a measurement round's label
NAME_MAX = 120  # a persona and its archetype, a stage
TITLE_MAX = 150  # a workshop, journey, touchpoint or improvement; a person's name; a metric; a KPI
UNIT_MAX = 30  # a figure's unit: "%", "dagen"
# A sentence or two.
SENTENCE_MAX = 200  # a customer's goal, a journey's end point, where a figure or quote comes from
PROBLEM_MAX = 250  # a gap, worded as a problem
LIST_MAX = 300  # the departments involved, separated by commas
REMARK_MAX = 300  # a rose, bud or thorn; a score's comment
COMMENT_MAX = 500  # why an improvement's status changed
# Paragraphs.
QUOTE_MAX = 2_000  # what a customer said: a quote, not a transcript
TEXT_MAX = 4_000  # descriptions, goals, frustrations, a stage's scenario, scope notes, a review's notes

# JSON bodies of the API and backup files: deeper than this is refused before it is parsed (Python's parser recurses
# per level and fails at about 1,000). A backup, the deepest document Klantreis reads, nests 10 levels.
JSON_MAX_DEPTH = 64


def long_text(verbose_name, *, max_length, **kwargs):
    """A TextField of at most ``max_length`` characters, checked by the model's validation (``full_clean``) as well as
    by forms and serializers."""
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs)


# Text fields that are not free text: written by Klantreis itself, or codes and addresses with rules of their own.
NOT_FREE_TEXT = {"password", "join_code", "period", "last_error"}


def free_text_fields(model):
    """The fields of ``model`` that people type into: editable text without fixed choices, not a code or an address.
    Every one of them has one of the maxima above (tests/test_text_limits.py walks every model)."""
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and field.editable and not field.choices
            and not isinstance(field, models.EmailField | models.SlugField) and field.name not in NOT_FREE_TEXT]

