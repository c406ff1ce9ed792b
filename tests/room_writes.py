"""A workshop with one of everything its room edits, and a valid request for every write route of the room.

The walks over the room's writes build on this: a closed workshop (tests/workshops/test_closed_room.py), a
workshop closed between the door and the write (tests/workshops/test_refused_writes.py) and another workshop's
objects (tests/workshops/test_other_workshop.py). Which routes they walk comes from the URL resolver
(``room_write_routes``: every route naming a workshop whose view accepts a write method); the request each one
gets comes from ``ROOM_WRITES``, keyed by URL name. A route without an entry there fails the walks: add a ``Write``.
"""

import datetime
import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Improvement, Review, ReviewCycle
from actions.services.closing import workshop_close
from journeys import models as journey_models
from journeys.services.ideal import ideal_journey_create
from journeys.services.workshops import workshop_create
from journeys.views.data import IMPORT_SESSION_KEY
from tests.actors import MEMBER
from tests.journeys.touchpoint_support import valid_edit
from tests.urlwalk import fillers, room_routes, url_of
from workshops.access import GUEST_SESSION_KEY
from workshops.dates import working_day_on_or_after
from workshops.models import Participant
from workshops.services import participant_for_member

IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

# A CSV of figures as the evidence import reads it (tests/journeys/test_data_csv.py covers every other shape).
FIGURES_CSV = b"metric,value,unit,source,stage,touchpoint,source_detail\r\nConversie,12.5,%,crm,,,\r\n"

# The objects of a world that belong to its workshop (the team's personas do not): what another workshop's world
# swaps in (tests/workshops/test_other_workshop.py).
WORKSHOP_OBJECTS = ("stage", "touchpoint", "second_touchpoint", "ideal", "ideal_stage", "ideal_touchpoint",
                    "evidence", "note", "rating", "gap", "other_gap", "improvement", "planned", "review",
                    "report_file")


class World(SimpleNamespace):
    """A workshop of the team and one of everything in it (``room_world``), as attributes."""

    def url_objects(self):
        """What the URL parameters of its routes name by default (see ``urlwalk.fillers``)."""
        return {"team": self.team, "owner": self.facilitator, "workshop": self.workshop, "stage": self.stage,
                "touchpoint": self.touchpoint, "evidence": self.evidence, "note": self.note, "gap": self.gap,
                "improvement": self.improvement, "review": self.review, "persona": self.persona,
                "report_file": self.report_file}

    def reloaded(self):
        """The same world read again from the database, each object as it is now (a write the walk rolled back
        may have changed the instances it was handed)."""
        fresh = {}
        for name, value in vars(self).items():
            if hasattr(value, "refresh_from_db"):
                value = type(value)._base_manager.get(pk=value.pk)
            fresh[name] = value
        return World(**fresh)


def room_world(team, *, facilitator, member, title="Offertes"):
    """An open workshop of ``team`` (run by ``facilitator``) with one of everything its room makes: a persona of the
    team, five stages (the first with two touchpoints), the ideal journey's copy of them, a quote, ``member`` in the
    room with a thorn and a score, two gaps, a proposed improvement and a planned one (with an owner and a
    deadline, so the workshop can close), a review cycle and a review in progress, and a report file."""
    workshop = workshop_create(team=team, title=title, facilitator=facilitator,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    stage = journey.stages.order_by("position").first()
    touchpoint = journey_models.Touchpoint.objects.create(stage=stage, name="Website", position=0)
    ideal, _created = ideal_journey_create(actor=MEMBER, journey=journey)
    # something to move past
    second = journey_models.Touchpoint.objects.create(stage=stage, name="Telefoon", position=1)
    me = Participant.objects.create(workshop=workshop, user=member, display_name="Mo")
    gap = journey_models.Gap.objects.create(journey=journey, problem=f"Een offerte van {title} duurt weken")
    gap.touchpoints.add(touchpoint)
    review = Review.objects.create(
        journey=journey, held_on=timezone.localdate(), started_by=facilitator,
        measurement=journey_models.Measurement.objects.create(journey=journey, kind="review",
                                                              taken_on=timezone.localdate()))
    return World(
        team=team, facilitator=facilitator, member=member, workshop=workshop, journey=journey, stage=stage,
        touchpoint=touchpoint, second_touchpoint=second, ideal=ideal, ideal_stage=ideal.stages.get(position=0),
        ideal_touchpoint=journey_models.Touchpoint.objects.get(source=touchpoint),
        persona=journey_models.Persona.objects.create(team=team, name=f"Klant van {title}"), me=me,
        evidence=journey_models.Evidence.objects.create(journey=journey, kind="qualitative",
                                                        quote=f"Ik wacht al weken op {title}", source="interview"),
        note=journey_models.Note.objects.create(touchpoint=touchpoint, participant=me, author=member, kind="thorn",
                                                text="Te traag"),
        rating=journey_models.EmotionRating.objects.create(measurement=journey.measurements.get(kind="baseline"),
                                                           touchpoint=touchpoint, participant=me, score=-2),
        gap=gap, other_gap=journey_models.Gap.objects.create(journey=journey, problem="Niemand belt terug"),
        improvement=Improvement.objects.create(journey=journey, gap=gap, title="Offerte binnen een dag"),
        planned=Improvement.objects.create(journey=journey, gap=gap, title="Terugbelbelofte", status="planned",
                                           owner=member, deadline=IN_A_MONTH),
        cycle=ReviewCycle.objects.create(journey=journey, next_due=working_day_on_or_after(
            timezone.localdate() + datetime.timedelta(days=90))),
        review=review,
        report_file=journey_models.ReportFile.objects.create(
            workshop=workshop, language="nl", fingerprint=hashlib.sha256(title.encode()).hexdigest(), state="ready",
            filename=f"{title}.pdf", pdf=b"%PDF-1.7", requested_at=timezone.now()),
    )


def close(w):
    workshop_close(workshop=w.workshop)


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is rolled back at its end: each step of a walk starts from the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- Who writes ------------------------------------------------------------------------------------------------

@dataclass
class Actor:
    """Someone in the room: a team member signed in (``user``), or a guest who joined with the code (no user)."""

    name: str
    client: Client
    user: object = None

    def participant(self, w):
        """Their participant in ``w``'s workshop (a member becomes one, as on entering the room)."""
        if self.user is not None:
            return participant_for_member(workshop=w.workshop, user=self.user)
        return Participant.objects.get(pk=self.client.session[GUEST_SESSION_KEY][str(w.workshop.pk)])


def signed_in(name, user):
    client = Client()
    client.force_login(user)
    return Actor(name, client, user)


def guest_of(w):
    """A guest who joined ``w``'s workshop with its code (while it is open)."""
    client = Client()
    joined = client.post(reverse("workshops:join"), {"code": w.workshop.join_code, "display_name": "Gast"})
    assert joined.status_code == 302 and joined.url == reverse("workshops:room", args=[w.workshop.pk]), joined
    return Actor("guest", client)


# --- What each write of the room is sent ---------------------------------------------------------------------

def _nothing(w, actor):
    return {}


def _default_objects(w, actor):
    return None


@dataclass(frozen=True)
class Write:
    """A valid request to one write route of the room.

    ``prepare(w, actor)`` runs first, while the workshop is still open, and may set up what the write needs; it
    returns the objects the URL names where they differ from the world's defaults (``World.url_objects``), or None.
    ``data(w, actor)`` is the form data, made after the walk has done its part (closing the workshop, …).
    """

    data: Callable = _nothing
    prepare: Callable = _default_objects


def _upload(w, actor):
    """The import's first step, as ``actor``: the preview waits in their session for the second."""
    actor.client.post(reverse("journeys:evidence_import_upload", args=[w.workshop.pk]), _figures_file(w, actor))


def _figures_file(w, actor):
    return {"file": SimpleUploadedFile("cijfers.csv", FIGURES_CSV, content_type="text/csv")}


def _import_token(w, actor):
    """The token of the preview waiting in ``actor``'s session (none when their upload was refused)."""
    waiting = actor.client.session.get(IMPORT_SESSION_KEY, {}).get(str(w.workshop.pk), {})
    return {"token": waiting.get("token", "")}


def _own_note(w, actor):
    """In the room a participant deletes only their own notes: one of ``actor``'s."""
    note = journey_models.Note.objects.create(touchpoint=w.touchpoint, participant=actor.participant(w),
                                              author=actor.user, kind="bud", text="Een chatknop")
    return {"note": note}


def _without_ideal(w, actor):
    w.ideal.delete()


def _no_review_in_progress(w, actor):
    Review.objects.filter(pk=w.review.pk).update(finished_at=timezone.now())


ROOM_WRITES = {
    # The facilitator's controls
    "workshops:workshop_step": Write(lambda w, a: {"move": "next"}),
    "workshops:workshop_countdown": Write(lambda w, a: {"minutes": "5"}),
    "workshops:workshop_open": Write(lambda w, a: {"open": "0" if w.workshop.is_open else "1"}),
    "workshops:workshop_join_code": Write(),
    "actions:workshop_close": Write(),
    "actions:workshop_reopen": Write(),
    # 1. Scope
    "journeys:scope_update": Write(lambda w, a: {"title": "Een offerte", "customer_goal": "Ik vraag een offerte aan"}),
    "journeys:scope_persona_choose": Write(lambda w, a: {"persona": w.persona.pk}),
    "journeys:scope_persona_create": Write(lambda w, a: {"new-persona-name": "Starter"}),
    "journeys:scope_persona_update": Write(lambda w, a: {
        "persona-name": "Zakelijke klant", "persona-goals": "Snel weten"}),
    # 2. Data
    "journeys:evidence_figure_create": Write(lambda w, a: {
        "figure-attach_to": f"stage-{w.stage.pk}", "figure-source": "crm", "figure-metric": "Conversie",
        "figure-value": "12,5"}),
    "journeys:evidence_quote_create": Write(lambda w, a: {
        "quote-attach_to": f"touchpoint-{w.touchpoint.pk}", "quote-source": "interview",
        "quote-quote": "Niemand belde"}),
    "journeys:evidence_delete": Write(),
    "journeys:evidence_import_upload": Write(_figures_file),
    "journeys:evidence_import_confirm": Write(_import_token, prepare=_upload),
    "journeys:evidence_import_cancel": Write(prepare=_upload),
    # 3. Touchpoints (of the current journey; the ideal's go through the same views)
    "journeys:tp_stage_add": Write(lambda w, a: {"name": "Nazorg"}),
    "journeys:tp_stage_edit": Write(lambda w, a: {"name": "Zoeken"}),
    "journeys:tp_stage_move": Write(lambda w, a: {"direction": "down"}),
    "journeys:tp_stage_delete": Write(),
    "journeys:tp_add": Write(lambda w, a: {"name": "Chat", "channel": "app"}),
    "journeys:tp_edit": Write(lambda w, a: valid_edit(w.touchpoint, name="Site")),
    "journeys:tp_move": Write(lambda w, a: {"direction": "down"}),
    "journeys:tp_delete": Write(),
    # 4. Emotions
    "journeys:emotion_score": Write(lambda w, a: {"score": "3", "comment": "Prima"}),
    "journeys:emotion_note_add": Write(lambda w, a: {"kind": "bud", "text": "Een chatknop"}),
    "journeys:emotion_note_delete": Write(prepare=_own_note),
    # 5. The ideal journey
    "journeys:ideal_create": Write(prepare=_without_ideal),
    "journeys:ideal_stage_add": Write(lambda w, a: {"name": "Nazorg"}),
    "journeys:ideal_target": Write(lambda w, a: {"target_emotion": "4"},
                          prepare=lambda w, a: {"touchpoint": w.ideal_touchpoint}),
    # 6. Gaps
    "journeys:gap_create": Write(lambda w, a: {
        "problem": "Geen status", "origin": "team", "touchpoints": [w.touchpoint.pk]}),
    "journeys:gap_edit": Write(lambda w, a: {
        "problem": "Een offerte duurt maanden", "touchpoints": [w.second_touchpoint.pk]}),
    "journeys:gap_delete": Write(),
    "journeys:gap_vote": Write(lambda w, a: {"dots": "add"}),
    "journeys:gap_votes_setting": Write(lambda w, a: {"votes_per_participant": "7"}),
    # 7. Improvements
    "actions:room_improvement_create": Write(lambda w, a: {"title": "Bellen", "impact": 3, "effort": 3, "gap": w.gap.pk,
                                                   "touchpoints": [w.touchpoint.pk]}),
    "actions:room_improvement_edit": Write(lambda w, a: {"title": "Offerte binnen een dag", "gap": w.other_gap.pk,
                                                 "touchpoints": [w.touchpoint.pk], "impact": 3, "effort": 3}),
    "actions:room_improvement_move": Write(lambda w, a: {"impact": 5, "effort": 1}),
    "actions:room_improvement_assign": Write(lambda w, a: {"owner": w.member.pk, "deadline": IN_A_MONTH}),
    "actions:room_improvement_status": Write(lambda w, a: {"status": "planned"}),
    "actions:room_improvement_delete": Write(),
    # The quarterly review
    "actions:review_cycle": Write(lambda w, a: {"cadence_months": "6", "next_due": working_day_on_or_after(
        timezone.localdate() + datetime.timedelta(days=60)).isoformat()}),
    "actions:review_start": Write(prepare=_no_review_in_progress),
    "actions:review_walk": Write(lambda w, a: {"status": "in_progress", "comment": "Gestart"},
                         prepare=lambda w, a: {"improvement": w.planned}),
    "actions:review_finish": Write(lambda w, a: {"notes": "Goed gegaan"}),
}

# Writes whose only mark is in the writer's session, never in the database (and why).
WRITES_ONLY_THE_SESSION = {
    "journeys:evidence_import_upload": "the import's first step shows a preview and keeps the rows in the session; "
                              "evidence_import_confirm saves them",
    "journeys:evidence_import_cancel": "drops the preview waiting in the session",
}


def room_write_routes():
    """Every route naming a workshop whose view accepts a write method, from the URL resolver."""
    return [route for route in room_routes() if route.writes]


def _no_request(names):
    return (f"Write routes of the room without a request to try: {names}. Add a Write with valid data to ROOM_WRITES "
            "in tests/room_writes.py (and, where the rule differs, an exception with its reason to the walk that "
            "fails).")


def check_every_write_has_a_request():
    """Fail, saying what to add, when a write route of the room has no ``Write`` (or one is left for a route that is
    gone)."""
    names = {route.name for route in room_write_routes()}
    missing = sorted(names - ROOM_WRITES.keys())
    assert not missing, _no_request(missing)
    gone = sorted(ROOM_WRITES.keys() - names)
    assert not gone, f"ROOM_WRITES has requests for routes that are not write routes of the room (any more): {gone}"


def request_for(route, w, actor, **values):
    """(url, data) of ``route``'s request as ``actor`` makes it in ``w``: the Write's preparation first (a route that
    only reads has none), then the URL with the world's objects (or those the preparation named, or the URL
    parameters in ``values``), then the data. Call ``data()`` of the result after whatever the walk does in between
    (e.g. closing the workshop)."""
    assert route.name in ROOM_WRITES or not route.writes, _no_request([route.name])
    write = ROOM_WRITES[route.name] if route.writes else Write()
    objects = {**w.url_objects(), **(write.prepare(w, actor) or {})}
    return url_of(route, {**fillers(objects), **values}), lambda: write.data(w, actor)
