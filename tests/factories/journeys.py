"""Factories for the journeys app: journeys, their stages and touchpoints, and what the room adds to them.

Every factory keeps its objects in one journey: a touchpoint's rating is in a measurement of the same journey,
by a participant of that journey's workshop; a new stage or touchpoint takes the next free position."""

import factory
from django.db.models import Max
from django.utils import timezone
from factory.django import DjangoModelFactory

from journeys import models as journey_models
from journeys.blueprints import STAGES

from .workshops import ParticipantFactory, TeamFactory, WorkshopFactory


def next_position(queryset):
    """One past the highest position in ``queryset`` (0 when it is empty): positions are unique."""
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def baseline_of(journey):
    return journey_models.Measurement.objects.get(journey=journey, kind=journey_models.MeasurementKind.BASELINE)


class PersonaFactory(DjangoModelFactory):
    class Meta:
        model = journey_models.Persona

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")


class JourneyFactory(DjangoModelFactory):
    """A current journey with the stages of its template, numbered from 0 as ``journey_create`` does (blank: none)."""

    class Meta:
        model = journey_models.Journey
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Klantreis {n}")
    template = journey_models.JourneyTemplate.BLANK

    @factory.post_generation
    def template_stages(obj, create, extracted, **kwargs):
        if create:
            journey_models.Stage.objects.bulk_create(journey_models.Stage(journey=obj, position=index, name=str(name))
                                                     for index, name in enumerate(STAGES[obj.template]))


class StageFactory(DjangoModelFactory):
    class Meta:
        model = journey_models.Stage

    journey = factory.SubFactory(JourneyFactory)
    position = factory.LazyAttribute(lambda o: next_position(journey_models.Stage.objects.filter(journey=o.journey)))
    name = factory.Sequence(lambda n: f"Fase {n}")


class TouchpointFactory(DjangoModelFactory):
    class Meta:
        model = journey_models.Touchpoint

    stage = factory.SubFactory(StageFactory)
    position = factory.LazyAttribute(lambda o: next_position(journey_models.Touchpoint.objects.filter(stage=o.stage)))
    name = factory.Sequence(lambda n: f"Contactmoment {n}")


class MeasurementFactory(DjangoModelFactory):
    """A review round (a journey has one baseline, made with its workshop: ``WorkshopFactory``)."""

    class Meta:
        model = journey_models.Measurement

    journey = factory.SubFactory(JourneyFactory)
    kind = journey_models.MeasurementKind.REVIEW
    taken_on = factory.LazyFunction(timezone.localdate)


class EmotionRatingFactory(DjangoModelFactory):
    """A participant's score of a touchpoint of their workshop's journey, in its baseline unless told."""

    class Meta:
        model = journey_models.EmotionRating

    participant = factory.SubFactory(ParticipantFactory)
    touchpoint = factory.SubFactory(TouchpointFactory,
                                    stage__journey=factory.SelfAttribute("...participant.workshop.journey"))
    measurement = factory.LazyAttribute(lambda o: baseline_of(o.participant.workshop.journey))
    score = 0


class EvidenceFactory(DjangoModelFactory):
    """A quote on the journey; ``kind=EvidenceKind.QUANTITATIVE`` with ``metric`` and ``value`` for a figure."""

    class Meta:
        model = journey_models.Evidence

    journey = factory.SubFactory(JourneyFactory)
    kind = journey_models.EvidenceKind.QUALITATIVE
    quote = factory.Sequence(lambda n: f"Citaat {n}")


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = journey_models.Note

    touchpoint = factory.SubFactory(TouchpointFactory)
    participant = None
    kind = journey_models.NoteKind.THORN
    text = factory.Sequence(lambda n: f"Notitie {n}")


class GapFactory(DjangoModelFactory):
    class Meta:
        model = journey_models.Gap

    journey = factory.SubFactory(JourneyFactory)
    problem = factory.Sequence(lambda n: f"Probleem {n}")


class GapVoteFactory(DjangoModelFactory):
    """A participant's dots on a gap of their workshop's journey."""

    class Meta:
        model = journey_models.GapVote

    participant = factory.SubFactory(ParticipantFactory)
    gap = factory.SubFactory(GapFactory, journey=factory.SelfAttribute("..participant.workshop.journey"))
    dots = 1


class ReportFileFactory(DjangoModelFactory):
    """A report waiting for its PDF (what ``actions.report_files`` asks a worker for)."""

    class Meta:
        model = journey_models.ReportFile

    workshop = factory.SubFactory(WorkshopFactory)
    language = "nl"
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    filename = factory.LazyAttribute(lambda report: f"{report.workshop.title}.pdf")
    requested_at = factory.LazyFunction(timezone.now)
