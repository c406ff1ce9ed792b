"""The demo workshop: a sock subscription's journey for “Stijlbewuste Stefan”, fully worked through.

Built directly from the models and core services, in Dutch, so a new user sees a complete map at once.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from actions.models import Improvement
from actions.services.status import change_status
from journeys import models as journey_models
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from workshops.access import Actor
from workshops.dates import working_day_on_or_after
from workshops.models import Participant, Role, Step, Workshop
from workshops.services import participant_for_member

DEMO_WORKSHOP_TITLE = "Sokken op abonnement"

# stage index → [(name, channel, category, media, lane, importance, moment of truth, mean score, target)]
TOUCHPOINTS = [
    [("Instagram-advertentie", "social", "digital", "paid", "front", 3, False, 2, 3),
     ("Post van een influencer", "social", "digital", "earned", "front", 2, False, 3, 3)],
    [("Website met de collectie", "website", "digital", "owned", "front", 4, False, 3, 4),
     ("Reviews lezen", "search", "digital", "earned", "front", 3, False, 1, 2)],
    [("Abonnement kiezen", "website", "digital", "owned", "front", 5, True, 0, 3),
     ("Afrekenen", "website", "digital", "owned", "front", 4, False, -1, 2)],
    [("Bevestigingsmail", "email", "digital", "owned", "front", 3, False, -1, 2),
     ("Eerste levering", "letter", "physical", "owned", "front", 5, True, -3, 4),
     ("Welkomstkaartje in de doos", "letter", "physical", "owned", "front", 2, False, 4, 4)],
    [("Maandelijkse levering", "letter", "physical", "owned", "front", 4, False, 2, 3),
     ("Maat of stijl wijzigen", "website", "digital", "owned", "front", 3, False, -2, 2),
     ("Chat met de klantenservice", "chat", "human", "owned", "front", 4, True, -3, 3),
     ("Orderverwerking in het magazijn", "other", "physical", "owned", "back", 3, False, 0, 1)],
    [("Vriend uitnodigen met kortingscode", "app", "digital", "owned", "front", 3, False, 1, 4),
     ("Review schrijven", "website", "digital", "earned", "front", 2, False, 2, 3)],
]
STAGE_NAMES = ["Bewustwording", "Overweging", "Beslissing", "Onboarding", "Gebruik", "Advocacy"]
STAGE_GOALS = [
    ("Ik ontdek dat er leuke sokken op abonnement bestaan", "Stefan scrolt 's avonds door Instagram."),
    ("Ik wil weten of het bij mijn stijl past", "Hij bekijkt de collectie en leest ervaringen van anderen."),
    ("Ik kies een abonnement dat bij me past", "Hij vergelijkt de pakketten en rekent af."),
    ("Ik wil weten wanneer mijn eerste sokken komen", "Na het bestellen wacht hij op de eerste doos."),
    ("Ik wil elke maand zonder gedoe nieuwe sokken", "Elke maand een doos; soms wil hij iets wijzigen."),
    ("Ik wil mijn vrienden laten meegenieten", "Hij deelt zijn ervaring en nodigt vrienden uit."),
]
FIGURES = [
    ("Conversie van bezoek naar abonnement", "2.8", "%", "web_analytics", None),
    ("Opzeggingen binnen drie maanden", "18", "%", "crm", None),
    ("Gemiddelde levertijd eerste doos", "4.2", "dagen", "crm", "Eerste levering"),
    ("Klantcontacten over de levering per maand", "420", "contacten", "customer_service", "Eerste levering"),
    ("Gemiddelde wachttijd chat", "14", "minuten", "customer_service", "Chat met de klantenservice"),
    ("Net Promoter Score", "31", "", "survey", None),
]
QUOTES = [
    ("Ik wist na het bestellen echt niet wanneer mijn eerste sokken zouden komen.", "interview", "Eerste levering"),
    ("De sokken zelf zijn geweldig, maar mijn maat wijzigen was een drama.", "reviews", "Maat of stijl wijzigen"),
    ("Dat kaartje in de doos maakte mijn dag!", "survey", "Welkomstkaartje in de doos"),
]
NOTES = [
    ("Eerste levering", "thorn", "Geen track & trace: klanten bellen om te vragen waar hun doos is"),
    ("Chat met de klantenservice", "thorn", "Een kwartier wachten voordat iemand reageert"),
    ("Maat of stijl wijzigen", "thorn", "Alleen via de klantenservice te regelen"),
    ("Welkomstkaartje in de doos", "rose", "Persoonlijk en grappig — mensen delen het op Instagram"),
    ("Vriend uitnodigen met kortingscode", "bud", "Beloon ook degene die uitnodigt"),
]
# (display name, offsets added to each touchpoint's mean score, guest?)
PARTICIPANT_OFFSETS = [(0, 1, -1, 0, 1, 0), (1, 0, 0, -1, 0, 1), (-1, 0, 1, 0, -1, 0), (0, -1, 0, 1, 0, -1)]
GUESTS = ["Ilse (IT)", "Bram (logistiek)"]
GAPS = [
    ("Klanten weten na het bestellen niet wanneer hun eerste sokken komen", "delta",
     ["Bevestigingsmail", "Eerste levering"], 9),
    ("Maat of stijl wijzigen kan alleen via de klantenservice", "thorn", ["Maat of stijl wijzigen"], 6),
    ("Klanten wachten te lang op antwoord in de chat", "thorn", ["Chat met de klantenservice"], 5),
    ("Afrekenen voelt onzeker door onduidelijke verzendkosten", "delta", ["Afrekenen"], 3),
]

# (title, gap index, touchpoints, impact, effort, KPI, statuses it went through, owner index, deadline in days —
# moved to the next working day, as people plan)
# Owners are [facilitator, *members] by index. Every planned (and started) one has an owner and a deadline, as the
# rules ask; the two proposed ones need neither yet.
IMPROVEMENTS = [
    ("Track & trace-link in de bevestigingsmail", 0, ["Bevestigingsmail", "Eerste levering"], 5, 2,
     "Klantcontacten over de levering per maand", ["planned"], 2, 21),
    ("Sms zodra de eerste doos onderweg is", 0, ["Eerste levering"], 4, 1,
     "Klantcontacten over de levering per maand", ["planned"], 1, 35),
    ("Maat en stijl zelf wijzigen in het klantportaal", 1, ["Maat of stijl wijzigen"], 4, 5,
     "Opzeggingen binnen drie maanden", ["planned", "in_progress"], 0, 75),
    ("Chatbot die 's avonds de meestgestelde vragen beantwoordt", 2, ["Chat met de klantenservice"], 3, 4,
     "Gemiddelde wachttijd chat", [], None, None),
    ("Verzendkosten al op de productpagina tonen", 3, ["Afrekenen"], 2, 1,
     "Conversie van bezoek naar abonnement", ["planned", "in_progress", "done"], 1, 7),
    ("Chatwachttijd live tonen op de website", 2, ["Chat met de klantenservice"], 2, 4, "", [], None, None),
]


def _demo_improvements(journey, gaps, touchpoints, people, facilitator):
    today = timezone.localdate()
    for title, gap, names, impact, effort, kpi, statuses, owner, days in IMPROVEMENTS:
        improvement = Improvement.objects.create(
            journey=journey, gap=gaps[gap], title=title, impact=impact, effort=effort, kpi=kpi,
            owner=people[owner % len(people)] if owner is not None else None,
            deadline=working_day_on_or_after(today + timedelta(days=days)) if days is not None else None,
        )
        improvement.touchpoints.set([touchpoints[name] for name in names])
        for status in statuses:
            change_status(improvement=improvement, status=status,
                          actor=Actor.on_page(facilitator, Role.FACILITATOR))


@transaction.atomic
def load_demo_workshop(*, team, facilitator, members):
    """Create the demo workshop in ``team`` unless it is there already. Returns (workshop, created)."""
    existing = Workshop.objects.filter(team=team, title=DEMO_WORKSHOP_TITLE).first()
    if existing is not None:
        return existing, False
    with translation.override("nl"):
        workshop = workshop_create(team=team, title=DEMO_WORKSHOP_TITLE, facilitator=facilitator,
                                   template=journey_models.JourneyTemplate.SUBSCRIPTION)
    journey = workshop.journey
    persona = journey_models.Persona.objects.create(
        team=team, name="Stijlbewuste Stefan", archetype="De stijlbewuste professional",
        description="28 jaar, marketingmanager in Utrecht. Draagt graag iets wat opvalt, ook onder een pak.",
        goals="Elke maand verrast worden met opvallende sokken\nGeen gedoe met bestellen of wijzigen",
        frustrations="Saaie zwarte sokken\nAbonnementen die moeilijk aan te passen zijn\nOnduidelijke levertijden",
    )
    journey_models.Journey.objects.filter(pk=journey.pk).update(
        persona=persona, customer_goal="Ik wil elke maand opvallende sokken zonder er moeite voor te doen",
        end_point="Stefan raadt Sokkenclub aan bij zijn vrienden",
        departments="marketing, sales, klantenservice, IT, logistiek",
        scope_notes="We kijken naar nieuwe abonnees in hun eerste drie maanden.",
    )
    stages = list(journey_models.Stage.objects.filter(journey=journey).order_by("position"))
    touchpoints, means, targets = {}, {}, {}
    for stage, stage_name, (goal, scenario), rows in zip(stages, STAGE_NAMES, STAGE_GOALS, TOUCHPOINTS, strict=True):
        journey_models.Stage.objects.filter(pk=stage.pk).update(name=stage_name, customer_goal=goal, scenario=scenario)
        for position, (name, channel, category, media, lane, importance, truth, mean, target) in enumerate(rows):
            touchpoints[name] = journey_models.Touchpoint.objects.create(
                stage=stage, position=position, name=name, channel=channel, category=category, media=media,
                lane=lane, importance=importance, moment_of_truth=truth,
            )
            means[name], targets[name] = mean, target

    for metric, value, unit, source, touchpoint in FIGURES:
        journey_models.Evidence.objects.create(journey=journey, kind="quantitative", metric=metric,
                                               value=Decimal(value), unit=unit, source=source,
                                               touchpoint=touchpoints.get(touchpoint))
    for quote, source, touchpoint in QUOTES:
        journey_models.Evidence.objects.create(journey=journey, kind="qualitative", quote=quote, source=source,
                                               touchpoint=touchpoints[touchpoint])

    people = [participant_for_member(workshop=workshop, user=user) for user in [facilitator, *members]]
    people += [Participant.objects.create(workshop=workshop, display_name=name) for name in GUESTS]
    measurement = baseline_measurement(journey)
    ratings = []
    for index, participant in enumerate(people):
        offsets = PARTICIPANT_OFFSETS[index % len(PARTICIPANT_OFFSETS)]
        for n, (name, touchpoint) in enumerate(touchpoints.items()):
            score = max(-5, min(5, means[name] + offsets[n % len(offsets)]))
            ratings.append(journey_models.EmotionRating(measurement=measurement, touchpoint=touchpoint,
                                                        participant=participant, score=score))
    journey_models.EmotionRating.objects.bulk_create(ratings)
    for name, kind, text in NOTES:
        journey_models.Note.objects.create(touchpoint=touchpoints[name], participant=people[0], author=people[0].user,
                                           kind=kind, text=text)

    ideal = journey_copy(source=journey, title=f"{DEMO_WORKSHOP_TITLE} — ideaal", ideal=True)
    for copy in journey_models.Touchpoint.objects.filter(stage__journey=ideal).select_related("source"):
        copy.target_emotion = targets[copy.source.name]
        copy.save(update_fields=["target_emotion"])
    onboarding = journey_models.Stage.objects.get(journey=ideal, position=3)
    journey_models.Touchpoint.objects.create(stage=onboarding, position=3, name="Track & trace per sms",
                                             channel="phone", category="digital", media="owned", importance=4,
                                             target_emotion=3)

    gaps = []
    for problem, origin, names, dots in GAPS:
        gap = journey_models.Gap.objects.create(journey=journey, problem=problem, origin=origin)
        gaps.append(gap)
        gap.touchpoints.set([touchpoints[name] for name in names])
        for participant in people:
            if dots <= 0:
                break
            given = min(dots, 2)
            journey_models.GapVote.objects.create(gap=gap, participant=participant, dots=given)
            dots -= given
    owners = [user for user in [facilitator, *members]
              if team.memberships.filter(user=user, role__in=[Role.OWNER, Role.FACILITATOR, Role.MEMBER]).exists()]
    _demo_improvements(journey, gaps, touchpoints, owners or [facilitator], facilitator)
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.GAPS)
    workshop.refresh_from_db()
    return workshop, True
