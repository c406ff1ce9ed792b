"""A workshop, or every workshop of a team, as a backup document: a fixed number of queries, whatever the size of
the team (one per kind of object)."""

import datetime
import json
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys import models as journey_models
from workshops.models import Participant, Workshop

from .document import FIELDS, FORMAT, VERSION


def _plain(value):
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact, as stored
    return value


def _fields(obj):
    return {name: _plain(getattr(obj, name)) for name in FIELDS[type(obj)]}


def _email(user):
    return user.email if user is not None else None


class _Refs:
    """Ref numbers handed out in the order the document mentions objects, so the same data always gets the
    same numbers (an export of an import equals the original export)."""

    def __init__(self):
        self.numbers = defaultdict(dict)

    def __call__(self, kind, pk):
        if pk is None:
            return None
        numbers = self.numbers[kind]
        return numbers.setdefault(pk, len(numbers) + 1)


def _grouped(queryset, key):
    groups = defaultdict(list)
    for obj in queryset:
        groups[getattr(obj, key)].append(obj)
    return groups


def _pairs(through, left, right, **lookup):
    groups = defaultdict(list)
    for one, other in through.objects.filter(**lookup).order_by("pk").values_list(left, right):
        groups[one].append(other)
    return groups


def export_workshop(workshop):
    """The backup document (a dict) of one workshop."""
    return _export(None, Workshop.objects.filter(pk=workshop.pk), scope="workshop")


def export_team(team):
    """The backup document (a dict) of every workshop of ``team``, and all of its personas."""
    return _export(team, Workshop.objects.filter(team=team), scope="team")


def _export(team, workshops, *, scope):
    workshops = list(workshops.select_related("journey", "facilitator", "team").order_by("created_at", "pk"))
    team = team or workshops[0].team
    currents = [workshop.journey for workshop in workshops]
    ideals = {journey.ideal_of_id: journey for journey in journey_models.Journey.objects.filter(ideal_of__in=currents)}
    journeys = currents + list(ideals.values())
    personas = journey_models.Persona.objects.filter(team=team)
    if scope != "team":
        personas = journey_models.Persona.objects.filter(
            pk__in={journey.persona_id for journey in journeys if journey.persona_id})
    data = _JourneyData(journeys, workshops)
    refs = _Refs()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "scope": scope,
        "team": {"name": team.name, "slug": team.slug},
        "personas": [{"ref": refs("persona", persona.pk), **_fields(persona)}
                     for persona in personas.order_by("name", "pk")],
        "workshops": [_export_workshop(workshop, ideals.get(workshop.journey_id), data, refs)
                      for workshop in workshops],
    }


class _JourneyData:
    """Everything under the exported journeys, one query per kind, grouped by parent id."""

    def __init__(self, journeys, workshops):
        within = {"journey__in": journeys}
        self.participants = _grouped(Participant.objects.filter(workshop__in=workshops).select_related("user")
                                     .order_by("joined_at", "pk"), "workshop_id")
        self.stages = _grouped(journey_models.Stage.objects.filter(**within).order_by("position", "pk"), "journey_id")
        touchpoints = list(journey_models.Touchpoint.objects.filter(stage__journey__in=journeys)
                           .order_by("position", "pk"))
        self.touchpoint_ids = {touchpoint.pk for touchpoint in touchpoints}
        self.touchpoints = _grouped(touchpoints, "stage_id")
        self.notes = _grouped(journey_models.Note.objects.filter(touchpoint__stage__journey__in=journeys)
                              .select_related("author").order_by("created_at", "pk"), "touchpoint_id")
        self.evidence = _grouped(journey_models.Evidence.objects.filter(**within).order_by("created_at", "pk"),
                                 "journey_id")
        self.measurements = _grouped(journey_models.Measurement.objects.filter(**within).order_by("taken_on", "pk"),
                                     "journey_id")
        self.ratings = _grouped(journey_models.EmotionRating.objects.filter(measurement__journey__in=journeys)
                                .order_by("pk"), "measurement_id")
        self.gaps = _grouped(journey_models.Gap.objects.filter(**within).order_by("created_at", "pk"), "journey_id")
        self.gap_touchpoints = _pairs(journey_models.Gap.touchpoints.through, "gap_id", "touchpoint_id",
                                      gap__journey__in=journeys)
        self.votes = _grouped(journey_models.GapVote.objects.filter(gap__journey__in=journeys).order_by("pk"), "gap_id")
        self.improvements = _grouped(Improvement.objects.filter(**within).select_related("owner")
                                     .order_by("created_at", "pk"), "journey_id")
        self.improvement_touchpoints = _pairs(Improvement.touchpoints.through, "improvement_id", "touchpoint_id",
                                              improvement__journey__in=journeys)
        self.changes = _grouped(StatusChange.objects.filter(improvement__journey__in=journeys)
                                .select_related("changed_by").order_by("changed_at", "pk"), "improvement_id")
        self.cycles = {cycle.journey_id: cycle for cycle in ReviewCycle.objects.filter(**within)}
        self.reviews = _grouped(Review.objects.filter(**within).select_related("started_by")
                                .order_by("held_on", "pk"), "journey_id")
        self.walked = _pairs(Review.walked.through, "review_id", "improvement_id", review__journey__in=journeys)


def _export_workshop(workshop, ideal, data, refs):
    return {
        **_fields(workshop),
        "facilitator": _email(workshop.facilitator),
        "participants": [
            {"ref": refs("participant", participant.pk), **_fields(participant), "user": _email(participant.user)}
            for participant in data.participants[workshop.pk]
        ],
        "journey": _export_journey(workshop.journey, data, refs),
        "ideal": _export_journey(ideal, data, refs) if ideal is not None else None,
    }


def _sorted_refs(refs, kind, pks):
    return sorted(refs(kind, pk) for pk in pks)


def _export_journey(journey, data, refs):
    def touchpoint(obj):
        source = obj.source_id if obj.source_id in data.touchpoint_ids else None
        return {
            "ref": refs("touchpoint", obj.pk), **_fields(obj), "source": refs("touchpoint", source),
            "notes": [{**_fields(note), "participant": refs("participant", note.participant_id),
                       "author": _email(note.author)}
                      for note in data.notes[obj.pk]],
        }

    def improvement(obj):
        return {
            "ref": refs("improvement", obj.pk), **_fields(obj), "gap": refs("gap", obj.gap_id),
            "touchpoints": _sorted_refs(refs, "touchpoint", data.improvement_touchpoints[obj.pk]),
            "owner": _email(obj.owner), "created_by": refs("participant", obj.created_by_id),
            "status_changes": [
                {**_fields(change), "changed_by": _email(change.changed_by), "review": refs("review", change.review_id)}
                for change in data.changes[obj.pk]
            ],
        }

    cycle = data.cycles.get(journey.pk)
    return {
        **_fields(journey),
        "persona": refs("persona", journey.persona_id),
        "stages": [{"ref": refs("stage", stage.pk), **_fields(stage),
                    "touchpoints": [touchpoint(obj) for obj in data.touchpoints[stage.pk]]}
                   for stage in data.stages[journey.pk]],
        "evidence": [{**_fields(obj), "stage": refs("stage", obj.stage_id),
                      "touchpoint": refs("touchpoint", obj.touchpoint_id)} for obj in data.evidence[journey.pk]],
        "measurements": [
            {"ref": refs("measurement", measurement.pk), **_fields(measurement),
             "ratings": [{**_fields(rating), "touchpoint": refs("touchpoint", rating.touchpoint_id),
                          "participant": refs("participant", rating.participant_id)}
                         for rating in data.ratings[measurement.pk]]}
            for measurement in data.measurements[journey.pk]
        ],
        "gaps": [
            {"ref": refs("gap", gap.pk), **_fields(gap),
             "touchpoints": _sorted_refs(refs, "touchpoint", data.gap_touchpoints[gap.pk]),
             "votes": [{**_fields(vote), "participant": refs("participant", vote.participant_id)}
                       for vote in data.votes[gap.pk]]}
            for gap in data.gaps[journey.pk]
        ],
        "improvements": [improvement(obj) for obj in data.improvements[journey.pk]],
        "review_cycle": _fields(cycle) if cycle is not None else None,
        "reviews": [
            {"ref": refs("review", review.pk), **_fields(review),
             "measurement": refs("measurement", review.measurement_id), "started_by": _email(review.started_by),
             "walked": _sorted_refs(refs, "improvement", data.walked[review.pk])}
            for review in data.reviews[journey.pk]
        ],
    }


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=1)
