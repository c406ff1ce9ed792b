"""Test data for the workshop's improvements step (step 7): a journey with scores, an ideal with targets and
gaps, at the improvements step."""

from django.urls import reverse

from actions.models import Improvement
from journeys.models import EmotionRating, Gap, GapOrigin, JourneyTemplate, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from tests.factories import WorkshopFactory
from tests.fixtures import new_guest_client
from workshops.models import Participant, Step


def room_url(workshop):
    return reverse("workshops:room", args=[workshop.pk])


def url(name, workshop, improvement=None):
    args = [workshop.pk] if improvement is None else [workshop.pk, improvement.pk]
    return reverse(name, args=args)


def rate(workshop, touchpoint, scores):
    measurement = baseline_measurement(workshop.journey)
    people = [Participant.objects.create(workshop=workshop, display_name=f"Scorer {touchpoint.pk}-{n}")
              for n in range(len(scores))]
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=person, score=score)
        for person, score in zip(people, scores, strict=True)
    )


def step7_workshop(team, facilitator, title="Sokken bestellen"):
    """'Bevestigingsmail' (importance 5) feels −2 now and should feel +3 (a 5-point shortfall, full weight);
    'Maattabel' (importance 2) feels +1 and should feel +2. Gap "delivery" covers the mail; gap "size" the size
    table; gap "sms" is the ideal's new 'Track & trace per sms' (target +3, importance 4); gap "loose" has no
    touchpoints."""
    workshop = WorkshopFactory(team=team, title=title, facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES,
                               step=Step.IMPROVEMENTS)
    stages = list(Stage.objects.filter(journey=workshop.journey).order_by("position"))
    mail = Touchpoint.objects.create(stage=stages[2], name="Bevestigingsmail", importance=5, position=0)
    size = Touchpoint.objects.create(stage=stages[1], name="Maattabel", importance=2, position=0)
    rate(workshop, mail, [-2, -2, -2])
    rate(workshop, size, [1, 1])
    ideal = journey_copy(source=workshop.journey, title=f"{title} — ideaal", ideal=True)
    Touchpoint.objects.filter(stage__journey=ideal, source=mail).update(target_emotion=3)
    Touchpoint.objects.filter(stage__journey=ideal, source=size).update(target_emotion=2)
    sms = Touchpoint.objects.create(stage=Stage.objects.get(journey=ideal, position=2), name="Track & trace per sms",
                                    importance=4, position=5, target_emotion=3)
    gaps = {
        "delivery": Gap.objects.create(journey=workshop.journey, problem="Klanten weten niet wanneer het komt",
                                       origin=GapOrigin.DELTA),
        "size": Gap.objects.create(journey=workshop.journey, problem="De maattabel is onduidelijk"),
        "sms": Gap.objects.create(journey=workshop.journey, problem="Geen bericht als de doos onderweg is",
                                  origin=GapOrigin.NEW),
        "loose": Gap.objects.create(journey=workshop.journey, problem="Iets zonder contactmoment"),
    }
    gaps["delivery"].touchpoints.set([mail])
    gaps["size"].touchpoints.set([size])
    gaps["sms"].touchpoints.set([sms])
    return {"workshop": workshop, "journey": workshop.journey, "mail": mail, "size": size, "sms": sms,
            "ideal": ideal, "gaps": gaps}


def improvement(journey, title="Track & trace in de mail", **fields):
    return Improvement.objects.create(journey=journey, title=title, **fields)


guest_client = new_guest_client  # the name the step 7 tests import it by
