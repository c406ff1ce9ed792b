"""Every free-text field has a maximum (workshops/limits.py), and everything that writes one keeps to the same
maximum: the model itself (``full_clean``, a TextField too), the forms, the API's serializers and its OpenAPI schema,
the CSV import and the backup import. The fields are found by walking the models, so a new one is covered."""

import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

import actions.forms.improvements
import actions.forms.plan
import actions.forms.reviews
import journeys.forms.data
import journeys.forms.emotions
import journeys.forms.gaps
import journeys.forms.scope
import journeys.forms.touchpoints
import journeys.forms.workshops
import workshops.forms
from actions.models import Improvement, Review, StatusChange
from journeys.models import EmotionRating, Evidence, Gap, Note, Persona, Stage, Touchpoint
from workshops.limits import TEXT_MAX, free_text_fields
from workshops.models import Participant, Team, User, Workshop

APPS = ("workshops", "journeys", "actions")
FORM_MODULES = [workshops.forms, journeys.forms.data, journeys.forms.emotions, journeys.forms.gaps,
                journeys.forms.scope, journeys.forms.touchpoints, journeys.forms.workshops, actions.forms.improvements,
                actions.forms.plan, actions.forms.reviews]
# The hand-written form fields that write a model's text: (form, field) → (model, field).
FORM_FIELDS = {
    (workshops.forms.InvitationSignupForm, "name"): (User, "name"),
    (workshops.forms.TeamForm, "name"): (Team, "name"),
    (journeys.forms.workshops.WorkshopForm, "title"): (Workshop, "title"),
    (workshops.forms.GuestJoinForm, "display_name"): (Participant, "display_name"),
    (journeys.forms.emotions.EmotionRatingForm, "comment"): (EmotionRating, "comment"),
    (journeys.forms.emotions.NoteForm, "text"): (Note, "text"),
    (journeys.forms.data.FigureForm, "metric"): (Evidence, "metric"),
    (journeys.forms.data.FigureForm, "unit"): (Evidence, "unit"),
    (journeys.forms.data.FigureForm, "source_detail"): (Evidence, "source_detail"),
    (journeys.forms.data.QuoteForm, "quote"): (Evidence, "quote"),
    (journeys.forms.gaps.GapForm, "problem"): (Gap, "problem"),
    (journeys.forms.gaps.GapForm, "description"): (Gap, "description"),
    (journeys.forms.touchpoints.StageForm, "name"): (Stage, "name"),
    (journeys.forms.touchpoints.StageForm, "customer_goal"): (Stage, "customer_goal"),
    (journeys.forms.touchpoints.StageForm, "scenario"): (Stage, "scenario"),
    (journeys.forms.touchpoints.TouchpointForm, "name"): (Touchpoint, "name"),
    (actions.forms.improvements.ImprovementForm, "title"): (Improvement, "title"),
    (actions.forms.improvements.ImprovementForm, "description"): (Improvement, "description"),
    (actions.forms.improvements.ImprovementForm, "kpi"): (Improvement, "kpi"),
    (actions.forms.plan.ImprovementForm, "title"): (Improvement, "title"),
    (actions.forms.plan.ImprovementForm, "description"): (Improvement, "description"),
    (actions.forms.plan.ImprovementForm, "kpi"): (Improvement, "kpi"),
    (actions.forms.plan.StatusForm, "comment"): (StatusChange, "comment"),
    (actions.forms.reviews.WalkForm, "comment"): (StatusChange, "comment"),
    (actions.forms.reviews.FinishForm, "notes"): (Review, "notes"),
}


def text_fields():
    return [(model, field) for label in APPS for model in apps.get_app_config(label).get_models()
            for field in free_text_fields(model)]


def test_every_free_text_field_has_a_maximum_the_model_itself_checks():
    assert len(text_fields()) > 30
    for model, field in text_fields():
        where = f"{model.__name__}.{field.name}"
        assert field.max_length, f"{where} has no max_length"
        field.clean("x" * field.max_length, None)
        with pytest.raises(ValidationError):  # full_clean checks it, a TextField's too
            field.clean("x" * (field.max_length + 1), None)


def test_a_megabyte_of_description_is_refused_by_the_model():
    persona = Persona(team=Team(name="T", slug="t"), name="Nina", description="x" * 1_000_000)
    with pytest.raises(ValidationError) as refused:
        persona.full_clean(exclude=["team"])
    assert list(refused.value.message_dict) == ["description"]


def _forms():
    for module in FORM_MODULES:
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield form


def test_every_text_field_of_every_form_has_a_maximum_and_it_is_the_models():
    unbounded = [f"{form.__name__}.{name}" for form in _forms() for name, field in form.base_fields.items()
                 if type(field) is forms.CharField and field.max_length is None
                 and not name.startswith("password")]  # Django's own, hashed: never stored as text
    assert not unbounded, unbounded
    for (form, name), (model, model_field) in FORM_FIELDS.items():
        assert form.base_fields[name].max_length == model._meta.get_field(model_field).max_length, (form, name)
    # The model forms take theirs from the model.
    for form in (journeys.forms.scope.ScopeForm, journeys.forms.scope.PersonaForm, workshops.forms.ProfileForm):
        for name, field in form.base_fields.items():
            model_field = form._meta.model._meta.get_field(name)
            if model_field in free_text_fields(form._meta.model):
                assert field.max_length == model_field.max_length, (form, name)


@pytest.mark.django_db
def test_the_api_schema_gives_every_text_in_a_request_body_its_maximum(client, owner):
    client.force_login(owner)
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    models = {model.__name__: model for model, _field in text_fields()}
    checked = 0
    for name, component in components.items():
        if not name.endswith("Request"):
            continue
        base = name.removeprefix("Patched").removesuffix("Request").removesuffix("Update")
        model = models.get(base)
        for prop, spec in component.get("properties", {}).items():
            if spec.get("type") != "string" or "format" in spec or "enum" in spec or spec.get("readOnly"):
                continue
            assert "maxLength" in spec, f"{name}.{prop} has no maxLength"
            if model is not None and prop in {field.name for field in free_text_fields(model)}:
                assert spec["maxLength"] == model._meta.get_field(prop).max_length, f"{name}.{prop}"
                checked += 1
    assert checked > 50  # persona, journey, stage, touchpoint, evidence, note, score, gap, improvement, workshop …
    assert components["PersonaRequest"]["properties"]["description"]["maxLength"] == TEXT_MAX
