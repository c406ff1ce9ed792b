"""The journeys API's reads cost a fixed number of queries whatever the data's size, and the curve's numbers
are the ones a person computes by hand."""

import pytest
from django.utils import translation

from journeys import models as journey_models
from journeys.services.ideal import ideal_journey_create
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER
from workshops.api_auth import api_token_create
from workshops.dates import short_date
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def journey_of_size(team, facilitator, *, stages, per_stage, title="Reis"):
    """A workshop's journey with ``stages`` × ``per_stage`` touchpoints, two participants who score every
    touchpoint in the baseline and a review round, a note and a figure per touchpoint, a gap per stage (on
    all its touchpoints) and a persona per stage; and its ideal version."""
    workshop = workshop_create(team=team, title=title, facilitator=facilitator,
                               template=journey_models.JourneyTemplate.BLANK)
    journey = workshop.journey
    made = journey_models.Stage.objects.bulk_create(
        journey_models.Stage(journey=journey, position=i, name=f"Fase {i}") for i in range(stages))
    touchpoints = journey_models.Touchpoint.objects.bulk_create(
        journey_models.Touchpoint(stage=stage, position=j, name=f"Moment {stage.position}.{j}")
        for stage in made for j in range(per_stage))
    people = [Participant.objects.create(workshop=workshop, display_name=f"Gast {i}") for i in range(2)]
    rounds = [journey_models.Measurement.objects.get(journey=journey),
              journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01")]
    journey_models.EmotionRating.objects.bulk_create(
        journey_models.EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=person,
                                     score=(i % 11) - 5)
        for measurement in rounds for person in people for i, touchpoint in enumerate(touchpoints))
    journey_models.Note.objects.bulk_create(
        journey_models.Note(touchpoint=touchpoint, kind="bud", text="Kans") for touchpoint in touchpoints)
    journey_models.Evidence.objects.bulk_create(
        journey_models.Evidence(journey=journey, touchpoint=touchpoint, kind="quantitative", metric="Bezoekers",
                                value=10) for touchpoint in touchpoints)
    for stage in made:
        journey_models.Gap.objects.create(journey=journey, problem=f"Knelpunt {stage.name}").touchpoints.set(
            [touchpoint for touchpoint in touchpoints if touchpoint.stage_id == stage.pk])
        journey_models.Persona.objects.create(team=team, name=f"Persona {stage.name}")
    ideal_journey_create(actor=MEMBER, journey=journey)
    return journey


# Every list endpoint of the journeys API and its queries, after the token's lookup (1; its last use was
# recorded by a first request): the page's count and its rows, plus what a row needs besides its own table.
LISTS = {
    "personas": 2,
    "journeys": 2,
    "stages": 2,
    "touchpoints": 2,  # the rows join their stage and journey
    "evidence": 2,
    "notes": 2,
    "measurements": 2,
    "emotion-ratings": 2,
    "gaps": 3,  # + the touchpoint ids of the page's gaps, at once
}


def test_every_list_costs_the_same_for_one_row_and_for_many(client, owner, django_assert_num_queries):
    _token, text = api_token_create(user=owner, name="tel")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {text}"}
    assert client.get("/api/v1/teams/", **auth).status_code == 200  # records the token's first use
    team = owner.current_team

    def counted():
        counts = {}
        for prefix, expected in LISTS.items():
            with django_assert_num_queries(1 + expected) as captured:
                response = client.get(f"/api/v1/{prefix}/", {"page_size": 200}, **auth)
            assert response.status_code == 200
            counts[prefix] = (len(captured), response.json()["count"])
        return counts

    journey_of_size(team, owner, stages=3, per_stage=5, title="Klein")
    small = counted()
    journey_of_size(team, owner, stages=10, per_stage=25, title="Groot")
    large = counted()
    assert {prefix: queries for prefix, (queries, _rows) in small.items()} == {
        prefix: queries for prefix, (queries, _rows) in large.items()}
    assert large["touchpoints"][1] == 2 * (15 + 250) and large["emotion-ratings"][1] == 4 * (15 + 250)


def test_the_curve_costs_the_same_for_a_small_and_a_large_journey(client, owner, django_assert_num_queries):
    _token, text = api_token_create(user=owner, name="tel")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {text}"}
    small = journey_of_size(owner.current_team, owner, stages=3, per_stage=5, title="Klein")
    large = journey_of_size(owner.current_team, owner, stages=10, per_stage=25, title="Groot")
    journey_models.Measurement.objects.create(journey=large, kind="review", taken_on="2030-06-01")
    assert client.get("/api/v1/teams/", **auth).status_code == 200
    for journey, touchpoints, rounds in ((small, 15, 2), (large, 250, 3)):
        # token, the journey, its stages, their touchpoints, the ideal's targets, the baseline, its statistics,
        # the review rounds, their statistics
        with django_assert_num_queries(9):
            response = client.get(f"/api/v1/journeys/{journey.pk}/curve/", **auth)
        body = response.json()
        assert len(body["touchpoints"]) == touchpoints and len(body["rounds"]) == rounds


def test_the_curve_numbers_per_round_with_the_ideals_targets(client, owner, viewer):
    workshop = workshop_create(team=owner.current_team, title="Offerte", facilitator=owner,
                               template=journey_models.JourneyTemplate.BLANK)
    journey = workshop.journey
    first, second = (journey_models.Stage.objects.create(journey=journey, position=i, name=name)
                     for i, name in enumerate(["Zoeken", "Kopen"]))
    site = journey_models.Touchpoint.objects.create(stage=first, position=0, name="Website")
    form = journey_models.Touchpoint.objects.create(stage=first, position=1, name="Formulier")
    call = journey_models.Touchpoint.objects.create(stage=second, position=0, name="Telefoon")
    anna, bert, cees = (Participant.objects.create(workshop=workshop, display_name=name)
                        for name in ["Anna", "Bert", "Cees"])
    baseline = journey_models.Measurement.objects.get(journey=journey)
    later = journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on="2030-06-01", label="Q2")
    earlier = journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01",
                                                        label="Q1")
    for measurement, touchpoint, person, score in [
        (baseline, site, anna, -2), (baseline, site, bert, 0), (baseline, site, cees, 4),
        (baseline, form, anna, 3), (baseline, form, bert, 3),
        (later, site, anna, 1), (later, site, bert, 2),
        (earlier, call, anna, -5),
    ]:
        journey_models.EmotionRating.objects.create(measurement=measurement, touchpoint=touchpoint, participant=person,
                                                    score=score)
    ideal, _created = ideal_journey_create(actor=MEMBER, journey=journey)
    journey_models.Touchpoint.objects.filter(stage__journey=ideal, source=site).update(target_emotion=4)
    journey_models.Touchpoint.objects.filter(stage__journey=ideal, source=call).update(target_emotion=2)

    _token, text = api_token_create(user=viewer, name="lezen")  # reading the curve needs no more than viewer
    body = client.get(f"/api/v1/journeys/{journey.pk}/curve/", HTTP_AUTHORIZATION=f"Bearer {text}").json()

    assert body["journey"] == journey.pk
    assert body["touchpoints"] == [
        {"id": site.pk, "stage": first.pk, "name": "Website", "target": 4},
        {"id": form.pk, "stage": first.pk, "name": "Formulier", "target": None},
        {"id": call.pk, "stage": second.pk, "name": "Telefoon", "target": 2},
    ]
    unscored = {"count": 0, "mean": None, "min": None, "max": None, "stdev": None}
    # Website in the baseline: mean (−2 + 0 + 4) / 3 = 0.67; population variance
    # ((−8/3)² + (−2/3)² + (10/3)²) / 3 = 168/27 = 6.22, so the standard deviation is 2.49.
    # Each round also by the name the pages give it, in the user's language (Dutch by default).
    with translation.override("nl"):
        baseline_day = short_date(baseline.taken_on)
    assert body["rounds"] == [
        {"measurement": baseline.pk, "kind": "baseline", "taken_on": baseline.taken_on.isoformat(),
         "label": "Offerte", "name": f"Nulmeting (workshop, {baseline_day})", "scores": [
             {"touchpoint": site.pk, "count": 3, "mean": 0.67, "min": -2, "max": 4, "stdev": 2.49},
             {"touchpoint": form.pk, "count": 2, "mean": 3.0, "min": 3, "max": 3, "stdev": 0.0},
             {"touchpoint": call.pk, **unscored}]},
        {"measurement": earlier.pk, "kind": "review", "taken_on": "2030-03-01", "label": "Q1",
         "name": "Q1 (1 mrt. 2030)", "scores": [
            {"touchpoint": site.pk, **unscored},
            {"touchpoint": form.pk, **unscored},
            {"touchpoint": call.pk, "count": 1, "mean": -5.0, "min": -5, "max": -5, "stdev": 0.0}]},
        {"measurement": later.pk, "kind": "review", "taken_on": "2030-06-01", "label": "Q2",
         "name": "Q2 (1 jun. 2030)", "scores": [
            {"touchpoint": site.pk, "count": 2, "mean": 1.5, "min": 1, "max": 2, "stdev": 0.5},
            {"touchpoint": form.pk, **unscored},
            {"touchpoint": call.pk, **unscored}]},
    ]
    ideal_curve = client.get(f"/api/v1/journeys/{ideal.pk}/curve/", HTTP_AUTHORIZATION=f"Bearer {text}").json()
    assert [point["target"] for point in ideal_curve["touchpoints"]] == [4, None, 2]
    assert ideal_curve["rounds"] == []


def test_an_outsider_gets_no_curve(client, owner, outsider):
    journey = workshop_create(team=owner.current_team, title="Geheim", facilitator=owner,
                              template=journey_models.JourneyTemplate.BLANK).journey
    _token, text = api_token_create(user=outsider, name="nee")
    assert client.get(f"/api/v1/journeys/{journey.pk}/curve/", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 404
