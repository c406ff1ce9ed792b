"""Factories for the workshops app: people, teams, workshops and who is in the room."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from journeys.models import JourneyTemplate, Measurement, MeasurementKind
from workshops.api_auth import api_token_create
from workshops.models import ApiToken, Invitation, Membership, Participant, Role, Step, Team, User, Workshop

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.MEMBER


class WorkshopFactory(DjangoModelFactory):
    """A workshop as ``workshop_create`` leaves it: a journey of its own (the template's stages, the workshop's
    title, the workshop's team) and that journey's baseline measurement, taken on the workshop's date (today
    without one) and labelled with its title. ``step`` puts it at any step straight away.

    ``template``: the journey's template (blank: no stages). ``baseline=False``: no baseline measurement."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    class Params:
        template = JourneyTemplate.BLANK

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    journey = factory.SubFactory("tests.factories.journeys.JourneyFactory", team=factory.SelfAttribute("..team"),
                                 title=factory.SelfAttribute("..title"),
                                 template=factory.SelfAttribute("..template"))
    facilitator = None
    step = Step.SCOPE

    @factory.post_generation
    def baseline(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Measurement.objects.create(journey=obj.journey, kind=MeasurementKind.BASELINE,
                                       taken_on=obj.scheduled_for or timezone.localdate(),
                                       label=obj.title[:Measurement._meta.get_field("label").max_length])


class ParticipantFactory(DjangoModelFactory):
    """A guest in the room (no user); pass ``user=`` for a team member's participant."""

    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    user = None
    display_name = factory.Sequence(lambda n: f"Deelnemer {n}")
    join_generation = factory.SelfAttribute("workshop.join_generation")


class ApiTokenFactory(DjangoModelFactory):
    """An active API token, made the one way that stores its secret's hash (``api_token_create``); the whole token
    text, shown to its owner once, is ``token.text``."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Script {n}")

    @classmethod
    def _create(cls, model_class, *, user, name):
        token, text = api_token_create(user=user, name=name)
        token.text = text
        return token
