"""Every write the API offers into a workshop keeps the room's rule of a closed workshop: its scope, evidence,
stages and touchpoints (of the current journey and of the ideal one), notes, scores, gaps and what only the room
does with improvements (propose, delete, link to other gaps and touchpoints) are its facilitators' (and owners')
once it is closed; a member gets a 400 saying why and nothing changes. The rule lives in the services
(``workshops.access.check``), so the room and the API cannot drift apart. The follow-up of
improvements (wording, owner, deadline, status) goes on after closing, as on the improvement's page."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import Improvement
from actions.services.closing import workshop_close
from actions.services.improvements import improvement_create, improvement_delete
from journeys import models as journey_models
from journeys.services.data import evidence_create, evidence_delete
from journeys.services.emotions import note_delete
from journeys.services.gaps import gap_create, gap_update
from journeys.services.ideal import ideal_journey_create, touchpoint_set_target
from journeys.services.scope import journey_update_scope, persona_create
from journeys.services.touchpoints import stage_create, stage_move, touchpoint_delete, touchpoint_update
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER, in_room
from tests.api.conftest import used_token
from tests.db_snapshot import snapshot
from workshops.access import EDIT, Room
from workshops.models import Participant, Role, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

JOURNEY_CLOSED = "The workshop is closed: only its facilitators can still change its journey."
SCORES_CLOSED = "The workshop is closed: only its facilitators can still add or change scores and notes."
IMPROVEMENTS_CLOSED = ("The workshop is closed: only its facilitators can still add or delete improvements, or link "
                       "them to other gaps and touchpoints. Their wording, owner, deadline and status can still be "
                       "changed.")
IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def world(team, owner, member):
    """An open workshop with one of everything its room makes: a persona, a stage with two touchpoints (and the ideal
    journey's copy of the stage and the first one), a quote, a guest, the member in the room with a note and a
    score (through the API a member changes only their own), two gaps and a proposed improvement."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    stage = journey.stages.order_by("position").first()
    touchpoint = journey_models.Touchpoint.objects.create(stage=stage, name="Website")
    ideal, _created = ideal_journey_create(actor=MEMBER, journey=journey)
    # something to move past
    second = journey_models.Touchpoint.objects.create(stage=stage, name="Telefoon", position=1)
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    me = Participant.objects.create(workshop=workshop, user=member, display_name="Mo")
    baseline = journey_models.Measurement.objects.get(journey=journey)
    gap = journey_models.Gap.objects.create(journey=journey, problem="Een offerte duurt weken")
    gap.touchpoints.add(touchpoint)
    return SimpleNamespace(
        workshop=workshop, journey=journey, stage=stage, touchpoint=touchpoint, ideal=ideal,
        ideal_stage=ideal.stages.order_by("position").first(),
        ideal_touchpoint=journey_models.Touchpoint.objects.get(source=touchpoint),
        second_touchpoint=second, persona=journey_models.Persona.objects.create(team=team, name="Zakelijke klant"),
        guest=guest, me=me, baseline=baseline,
        evidence=journey_models.Evidence.objects.create(journey=journey, kind="qualitative", quote="Ik wacht al weken",
                                                        source="interview"),
        note=journey_models.Note.objects.create(touchpoint=touchpoint, participant=me, author=member, kind="thorn",
                                                text="Te traag"),
        rating=journey_models.EmotionRating.objects.create(measurement=baseline, touchpoint=touchpoint, participant=me,
                                                           score=-2),
        gap=gap, other_gap=journey_models.Gap.objects.create(journey=journey, problem="Niemand belt terug"),
        improvement=Improvement.objects.create(journey=journey, gap=gap, title="Offerte binnen een dag"),
    )


def close(world):
    workshop_close(workshop=world.workshop)


def a_new_rating(w):
    return {"measurement": w.baseline.pk, "touchpoint": w.second_touchpoint.pk, "participant": w.me.pk, "score": 3}


# (method, address, body) for every write of a workshop's content the API offers, and the refusal a member gets
# once the workshop is closed. Personas are the team's, not one workshop's: nothing closes them.
WRITES = {
    "journey scope": (lambda w: ("patch", f"/api/v1/journeys/{w.journey.pk}/", {"title": "Een offerte"}),
                      JOURNEY_CLOSED),
    "journey persona": (lambda w: ("patch", f"/api/v1/journeys/{w.journey.pk}/", {"persona": w.persona.pk}),
                        JOURNEY_CLOSED),
    "ideal journey scope": (lambda w: ("patch", f"/api/v1/journeys/{w.ideal.pk}/", {"customer_goal": "Ik wil snel"}),
                            JOURNEY_CLOSED),
    "stage create": (lambda w: ("post", "/api/v1/stages/", {"journey": w.journey.pk, "name": "Nazorg"}),
                     JOURNEY_CLOSED),
    "stage update": (lambda w: ("patch", f"/api/v1/stages/{w.stage.pk}/", {"name": "Zoeken"}), JOURNEY_CLOSED),
    "stage delete": (lambda w: ("delete", f"/api/v1/stages/{w.stage.pk}/", None), JOURNEY_CLOSED),
    "ideal stage create": (lambda w: ("post", "/api/v1/stages/", {"journey": w.ideal.pk, "name": "Nazorg"}),
                           JOURNEY_CLOSED),
    "ideal stage delete": (lambda w: ("delete", f"/api/v1/stages/{w.ideal_stage.pk}/", None), JOURNEY_CLOSED),
    "touchpoint create": (lambda w: ("post", "/api/v1/touchpoints/", {"stage": w.stage.pk, "name": "Chat"}),
                          JOURNEY_CLOSED),
    "touchpoint update": (lambda w: ("patch", f"/api/v1/touchpoints/{w.touchpoint.pk}/", {"importance": 5}),
                          JOURNEY_CLOSED),
    "touchpoint move": (lambda w: ("patch", f"/api/v1/touchpoints/{w.touchpoint.pk}/",
                                   {"stage": w.journey.stages.get(position=1).pk}), JOURNEY_CLOSED),
    "touchpoint delete": (lambda w: ("delete", f"/api/v1/touchpoints/{w.touchpoint.pk}/", None), JOURNEY_CLOSED),
    "ideal touchpoint create": (lambda w: ("post", "/api/v1/touchpoints/", {"stage": w.ideal_stage.pk, "name": "App"}),
                                JOURNEY_CLOSED),
    "ideal touchpoint target": (lambda w: ("patch", f"/api/v1/touchpoints/{w.ideal_touchpoint.pk}/",
                                           {"target_emotion": 4}), JOURNEY_CLOSED),
    "ideal touchpoint delete": (lambda w: ("delete", f"/api/v1/touchpoints/{w.ideal_touchpoint.pk}/", None),
                                JOURNEY_CLOSED),
    "figure create": (lambda w: ("post", "/api/v1/evidence/", {"journey": w.journey.pk, "kind": "quantitative",
                                                                "metric": "Conversie", "value": "12,5",
                                                                "source": "web_analytics"}), JOURNEY_CLOSED),
    "quote create": (lambda w: ("post", "/api/v1/evidence/", {"journey": w.journey.pk, "kind": "qualitative",
                                                               "quote": "Niemand belde terug", "source": "survey"}),
                     JOURNEY_CLOSED),
    "evidence update": (lambda w: ("patch", f"/api/v1/evidence/{w.evidence.pk}/", {"quote": "Het duurde maanden"}),
                        JOURNEY_CLOSED),
    "evidence delete": (lambda w: ("delete", f"/api/v1/evidence/{w.evidence.pk}/", None), JOURNEY_CLOSED),
    "note create": (lambda w: ("post", "/api/v1/notes/", {"touchpoint": w.touchpoint.pk, "kind": "bud",
                                                           "text": "Een chatknop"}), SCORES_CLOSED),
    "note update": (lambda w: ("patch", f"/api/v1/notes/{w.note.pk}/", {"text": "Snel genoeg"}), SCORES_CLOSED),
    "note delete": (lambda w: ("delete", f"/api/v1/notes/{w.note.pk}/", None), SCORES_CLOSED),
    "score create": (lambda w: ("post", "/api/v1/emotion-ratings/", a_new_rating(w)), SCORES_CLOSED),
    "score update": (lambda w: ("patch", f"/api/v1/emotion-ratings/{w.rating.pk}/", {"score": 5}), SCORES_CLOSED),
    "score delete": (lambda w: ("delete", f"/api/v1/emotion-ratings/{w.rating.pk}/", None), SCORES_CLOSED),
    "gap create": (lambda w: ("post", "/api/v1/gaps/", {"journey": w.journey.pk, "problem": "Geen status",
                                                         "touchpoints": [w.touchpoint.pk]}), JOURNEY_CLOSED),
    "gap update": (lambda w: ("patch", f"/api/v1/gaps/{w.gap.pk}/", {"problem": "Een offerte duurt maanden"}),
                   JOURNEY_CLOSED),
    "gap relink": (lambda w: ("patch", f"/api/v1/gaps/{w.gap.pk}/", {"touchpoints": []}), JOURNEY_CLOSED),
    "gap delete": (lambda w: ("delete", f"/api/v1/gaps/{w.gap.pk}/", None), JOURNEY_CLOSED),
    "improvement create": (lambda w: ("post", "/api/v1/improvements/", {"journey": w.journey.pk,
                                                                         "title": "Bel binnen een dag terug"}),
                           IMPROVEMENTS_CLOSED),
    "improvement to another gap": (lambda w: ("patch", f"/api/v1/improvements/{w.improvement.pk}/",
                                              {"gap": w.other_gap.pk}), IMPROVEMENTS_CLOSED),
    "improvement to touchpoints": (lambda w: ("patch", f"/api/v1/improvements/{w.improvement.pk}/",
                                              {"touchpoints": [w.touchpoint.pk]}), IMPROVEMENTS_CLOSED),
    "improvement delete": (lambda w: ("delete", f"/api/v1/improvements/{w.improvement.pk}/", None),
                           IMPROVEMENTS_CLOSED),
}
SUCCESS = {"post": 201, "patch": 200, "delete": 204}


def send(client, headers, method, url, body):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


def send_as(client, user, method, url, body):
    return send(client, used_token(client, user), method, url, body)


@pytest.mark.parametrize("write", WRITES)
def test_a_member_changes_nothing_in_a_closed_workshop(client, world, member, write):
    build, refusal = WRITES[write]
    close(world)
    method, url, body = build(world)
    headers = used_token(client, member)
    before = snapshot()
    response = send(client, headers, method, url, body)
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [refusal]}
    assert snapshot() == before


@pytest.mark.parametrize("role", ["facilitator", "owner"])
@pytest.mark.parametrize("write", WRITES)
def test_its_facilitators_still_change_a_closed_workshop(client, world, role, write, request):
    build, _refusal = WRITES[write]
    close(world)
    method, url, body = build(world)
    headers = used_token(client, request.getfixturevalue(role))
    before = snapshot()
    response = send(client, headers, method, url, body)
    assert response.status_code == SUCCESS[method], response.content
    assert snapshot() != before


@pytest.mark.parametrize("write", WRITES)
def test_an_open_workshop_takes_every_write_from_a_member(client, world, member, write):
    build, _refusal = WRITES[write]
    method, url, body = build(world)
    headers = used_token(client, member)
    before = snapshot()
    response = send(client, headers, method, url, body)
    assert response.status_code == SUCCESS[method], response.content
    assert snapshot() != before


def test_a_reopened_workshop_takes_a_members_writes_again(client, world, member):
    close(world)
    Workshop.objects.filter(pk=world.workshop.pk).update(is_open=True, closed_at=None)
    response = send_as(client, member, "post", "/api/v1/stages/", {"journey": world.journey.pk, "name": "Nazorg"})
    assert response.status_code == 201


def test_the_follow_up_of_improvements_goes_on_after_closing(client, world, member):
    """As on the improvement's page: wording, impact and effort, owner, deadline and status; links kept as they are
    (sent again unchanged) are no relinking."""
    close(world)
    url = f"/api/v1/improvements/{world.improvement.pk}/"
    changes = [{"title": "Offerte binnen twee dagen", "impact": 5, "effort": 2, "kpi": "Doorlooptijd"},
               {"owner": member.pk, "deadline": IN_A_MONTH, "status": "planned", "comment": "Afgesproken"},
               {"gap": world.gap.pk, "touchpoints": [], "status": "in_progress"}]
    for body in changes:
        response = send_as(client, member, "patch", url, body)
        assert response.status_code == 200, response.content
    improvement = Improvement.objects.get()
    assert (improvement.title, improvement.impact, improvement.owner, improvement.status) == (
        "Offerte binnen twee dagen", 5, member, "in_progress")
    assert improvement.gap == world.gap


def test_no_one_joins_a_closed_workshop_as_a_participant(client, world, member, facilitator):
    """Participants are a guest's way in: closed is closed for everyone (as the join form says)."""
    close(world)
    for who in (member, facilitator):
        response = send_as(client, who, "post", "/api/v1/participants/",
                        {"workshop": world.workshop.pk, "display_name": "Laatkomer"})
        assert response.status_code == 400
        assert response.json() == {"workshop": ["This workshop is closed for new contributions."]}
    assert set(Participant.objects.values_list("display_name", flat=True)) == {"Gast", "Mo"}


@pytest.mark.parametrize("role", ["viewer", "member", "facilitator", "owner"])
@pytest.mark.parametrize("is_open", [True, False])
def test_the_api_and_the_room_apply_one_rule(client, world, role, is_open, request):
    if not is_open:
        close(world)
    user = request.getfixturevalue(role)
    in_the_room = Room(Workshop.objects.get(), role=user.memberships.get().role).can(EDIT)
    response = send_as(client, user, "patch", f"/api/v1/stages/{world.stage.pk}/", {"name": "Zoeken"})
    assert response.status_code == (200 if in_the_room else 403 if role == "viewer" else 400)


# The services themselves refuse (so any caller keeps the rule): a writer without a role (a guest, or a caller
# that did not say) writes only into an open workshop; a facilitator's role still may.
SERVICE_WRITES = {
    "scope": lambda w, actor: journey_update_scope(journey=w.journey, title="Een offerte", actor=actor),
    "persona for the journey": lambda w, actor: persona_create(team=w.workshop.team, journey=w.journey, name="Nieuw",
                                                              actor=actor),
    "stage": lambda w, actor: stage_create(journey=w.journey, name="Nazorg", actor=actor),
    "stage move": lambda w, actor: stage_move(stage=w.stage, direction="down", actor=actor),
    "touchpoint": lambda w, actor: touchpoint_update(touchpoint=w.touchpoint, importance=1, actor=actor),
    "touchpoint delete": lambda w, actor: touchpoint_delete(touchpoint=w.ideal_touchpoint, actor=actor),
    "target": lambda w, actor: touchpoint_set_target(touchpoint=w.ideal_touchpoint, target_emotion=3, actor=actor),
    "evidence": lambda w, actor: evidence_create(journey=w.journey, kind="qualitative", quote="Ja", actor=actor),
    "evidence delete": lambda w, actor: evidence_delete(evidence=w.evidence, actor=actor),
    "gap": lambda w, actor: gap_create(journey=w.journey, problem="Geen status", actor=actor),
    "gap update": lambda w, actor: gap_update(gap=w.gap, problem="Anders", actor=actor),
    "improvement": lambda w, actor: improvement_create(journey=w.journey, title="Bellen", actor=actor),
    "improvement delete": lambda w, actor: improvement_delete(improvement=w.improvement, actor=actor),
    # In the room a participant deletes their own note (here the member's, deleted by the member's participant).
    "note delete in the room": lambda w, actor: note_delete(note=w.note, actor=actor),
}


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
@pytest.mark.parametrize("write", SERVICE_WRITES)
def test_the_services_refuse_a_closed_workshop_unless_a_facilitator_writes(world, write):
    close(world)
    before = snapshot()
    with pytest.raises(ValidationError, match="The workshop is closed"):
        SERVICE_WRITES[write](world, in_room(world.me))
    with pytest.raises(ValidationError, match="The workshop is closed"):
        SERVICE_WRITES[write](world, in_room(world.me, role=Role.MEMBER))
    assert snapshot() == before
    SERVICE_WRITES[write](world, in_room(world.me, role=Role.FACILITATOR))
    assert snapshot() != before


def test_a_journey_without_a_workshop_has_nothing_to_close(team):
    journey = journey_models.Journey.objects.create(team=team, title="Los",
                                                    template=journey_models.JourneyTemplate.BLANK)
    assert stage_create(actor=MEMBER, journey=journey, name="Nazorg").journey == journey
    assert journey_models.Stage.objects.filter(journey=journey).count() == 1


def test_the_refusal_speaks_dutch_to_a_dutch_user(client, world, member, monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "nl")
    close(world)
    response = send_as(client, member, "delete", f"/api/v1/gaps/{world.gap.pk}/", None)
    assert response.json() == {"non_field_errors": [
        "De workshop is gesloten: alleen de facilitators kunnen de klantreis nog wijzigen."]}
    response = send_as(client, member, "delete", f"/api/v1/improvements/{world.improvement.pk}/", None)
    assert response.json()["non_field_errors"][0].startswith("De workshop is gesloten: alleen de facilitators kunnen "
                                                              "nog verbeteringen toevoegen of verwijderen")
