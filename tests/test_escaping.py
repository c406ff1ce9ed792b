"""HTML in user text is escaped everywhere: every text field of a worked-through workshop holds a script tag and an
<img onerror>, and no page, fragment, SVG download or the PDF lets them through as markup."""

import io
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from pypdf import PdfReader

from actions.models import Improvement, Review, StatusChange
from actions.report import workshop_report_pdf
from actions.services.reviews import start_review
from config.tooling.demo import load_demo_workshop
from journeys.models import EmotionRating, Evidence, Gap, Journey, Measurement, Note, Persona, Stage, Touchpoint
from tests.actors import acting
from workshops.models import ApiToken, Participant, Step, Team, User, Workshop

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
PAYLOAD = SCRIPT + IMG
RAW = ["<script>alert(1)", "<img src=x onerror"]  # what must never reach a page as markup
# Every text field a person can type into, per model (fields too short for the payload get the <img> part).
TEXT_MODELS = [Team, User, Workshop, Participant, Persona, Journey, Stage, Touchpoint, Evidence, Note, Gap,
               EmotionRating, Measurement, Improvement, StatusChange, Review, ApiToken]
TECHNICAL = {"password", "email", "slug", "join_code", "token", "key_id", "secret_hash", "username", "period",
             "last_error"}


def fill_every_text_field(queryset):
    model = queryset.model
    values = {}
    for field in model._meta.get_fields():
        if not isinstance(field, (models.CharField, models.TextField)) or not field.editable or field.choices:
            continue
        if field.name in TECHNICAL:
            continue
        limit = getattr(field, "max_length", None) or 10_000
        values[field.name] = (PAYLOAD if limit >= len(PAYLOAD) else IMG)[:limit]
    if values:
        queryset.update(**values)
    return values


@pytest.fixture
def poisoned(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    start_review(workshop=workshop, actor=acting(facilitator))
    filled = {}
    for model in TEXT_MODELS:
        queryset = model.objects.all()
        filled[model.__name__] = fill_every_text_field(queryset)
    assert all(filled[name] for name in ("Workshop", "Touchpoint", "Improvement", "Gap", "Note", "Persona")), filled
    workshop.refresh_from_db()
    return workshop


def assert_escaped(response, url):
    assert response.status_code in (200, 204), f"{url} gave {response.status_code}"  # 204: nothing new
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, f"{url} let {raw!r} through unescaped"
    return body


def page_urls(workshop):
    team = workshop.team
    improvement = Improvement.objects.filter(journey=workshop.journey).first()
    review = Review.objects.get(journey=workshop.journey)
    return [
        reverse("workshops:room", args=[workshop.pk]), reverse("workshops:step_live", args=[workshop.pk]),
        reverse("workshops:projector", args=[workshop.pk]), reverse("workshops:projector_live", args=[workshop.pk]),
        reverse("journeys:journey_map", args=[workshop.pk]), reverse("journeys:journey_map_svg", args=[workshop.pk]),
        reverse("journeys:emotion_curve_svg", args=[workshop.pk]),
        reverse("actions:journey_reviews", args=[workshop.pk]),
        reverse("actions:review_detail", args=[workshop.pk, review.pk]), reverse("actions:my_improvements"),
        reverse("actions:action_plan", args=[team.slug]),
        reverse("actions:improvement_detail", args=[team.slug, improvement.pk]),
        reverse("workshops:team_detail", args=[team.slug]), reverse("workshops:team_members", args=[team.slug]),
        reverse("workshops:team_list"),
    ]


def test_every_page_of_every_step_escapes_user_text(client, poisoned, facilitator):
    client.force_login(facilitator)
    escaped_seen = False
    for step in Step.ordered():
        Workshop.objects.filter(pk=poisoned.pk).update(step=step)
        for url in page_urls(poisoned):
            body = assert_escaped(client.get(url), url)
            escaped_seen = escaped_seen or "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert escaped_seen  # the text is there — shown as text


def test_htmx_fragments_and_the_api_escape_or_encode_it(client, poisoned, facilitator):
    client.force_login(facilitator)
    for step in (Step.EMOTIONS, Step.GAPS, Step.IMPROVEMENTS):
        Workshop.objects.filter(pk=poisoned.pk).update(step=step)
        url = reverse("workshops:room", args=[poisoned.pk])
        assert_escaped(client.get(url, HTTP_HX_REQUEST="true"), url)
    # JSON is not HTML: the text comes back as data, and is served as JSON (never text/html).
    response = client.get("/api/v1/improvements/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert SCRIPT in response.json()["results"][0]["title"]


def test_the_pdf_shows_user_text_as_text(poisoned):
    pdf, _report = workshop_report_pdf(poisoned.pk, language="en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert(1)</script>" in re.sub(r"\s+", "", text)  # drawn as letters, line breaks aside


def test_every_text_model_is_covered():
    """A new model with a text field someone types into must join TEXT_MODELS."""
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"workshops", "journeys", "actions"} or model in TEXT_MODELS:
            continue
        texts = [field.name for field in model._meta.get_fields()
                 if isinstance(field, (models.CharField, models.TextField)) and field.editable and not field.choices
                 and field.name not in TECHNICAL]
        if texts:
            missing.append((model.__name__, texts))
    assert not missing, missing
