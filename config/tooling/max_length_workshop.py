"""A workshop with every text field at its maximum length, each written as one unbroken word.

The worst a team can type: the demo workshop with a finished and an open review, then every free-text field of
every object of the team (``limits.free_text_fields``: a field added later is filled too) set to as many letters
as its maximum allows, without a space to break a line at. ``tests/test_max_length_workshop.py`` walks its pages
and builds its PDF; ``manage.py benchmark`` times them.
"""

from django.apps import apps
from django.db import transaction

from actions.services.reviews import finish_review, start_review
from workshops.access import Actor
from workshops.api_auth import api_token_create
from workshops.limits import free_text_fields
from workshops.models import ApiToken, Role, User

from .demo import load_demo_workshop

APPS = ("workshops", "journeys", "actions")
LETTER = "W"  # about the widest letter of DejaVu Sans: the most room a word of this length can take


def unbroken_word(length):
    return LETTER * length


def text_models():
    """Every model of Klantreis's apps with a free-text field."""
    return [model for label in APPS for model in apps.get_app_config(label).get_models() if free_text_fields(model)]


def _of_team(model, team):
    if model is User:
        return User.objects.filter(memberships__team=team)
    if model is ApiToken:
        return ApiToken.objects.filter(user__memberships__team=team)
    path = getattr(model, "team_path", None)
    if path is None:
        raise LookupError(f"{model.__name__} has free text but no team_path: say here how to find its team")
    return model.objects.filter(**{f"{path}__pk" if path else "pk": team.pk})


def fill_to_the_maximum(team):
    """Set every free-text field of everything in ``team`` to an unbroken word of its maximum length. Returns
    {model name: [field names]} of what was filled."""
    filled = {}
    for model in text_models():
        fields = free_text_fields(model)
        _of_team(model, team).update(**{field.name: unbroken_word(field.max_length) for field in fields})
        filled[model.__name__] = [field.name for field in fields]
    return filled


@transaction.atomic
def build_max_length_workshop(*, team, facilitator, members):
    """The demo workshop in ``team`` (``facilitator`` and ``members`` take part), with a finished review and an
    open one, an API token for each person, and then every text in the team at its maximum. Returns the workshop."""
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=members)
    actor = Actor.on_page(facilitator, Role.FACILITATOR)
    finish_review(review=start_review(workshop=workshop, actor=actor), notes="Eerste review")
    start_review(workshop=workshop, actor=actor)
    for user in {facilitator, *members}:
        api_token_create(user=user, name="Script")
    fill_to_the_maximum(team)
    workshop.refresh_from_db()
    return workshop
