"""Whose notes a person changes or deletes through the API: a member only the notes they wrote (in the room as
their participant, or through the API), the workshop's facilitators and owners anyone's. In the room a participant
deletes only their own; the API keeps that rule (``workshops.access.CHANGE_NOTE``, applied by the emotions
service). Anyone else's note is a 403, and nothing changes."""

import json

import pytest
from django.apps import apps

from config.tooling.backup import export_workshop, import_backup
from journeys.models import JourneyTemplate, Note, Touchpoint
from journeys.services.emotions import note_create
from journeys.services.workshops import workshop_create
from tests.actors import in_room
from tests.api.conftest import bearer
from workshops.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

URL = "/api/v1/notes/"
REFUSAL = {"detail": "Only the note's author and the workshop's facilitators can change or delete it."}


@pytest.fixture
def room(team, owner, member, facilitator):
    """An open workshop with a touchpoint and a note from the room by each of: a guest, the member and another
    member (the facilitator)."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner, template=JourneyTemplate.FIVE_PHASES)
    touchpoint = Touchpoint.objects.create(stage=workshop.journey.stages.first(), name="Website")
    people = {
        "guest": Participant.objects.create(workshop=workshop, display_name="Gast"),
        "member": Participant.objects.create(workshop=workshop, user=member, display_name="Mo"),
        "colleague": Participant.objects.create(workshop=workshop, user=facilitator, display_name="Fien"),
    }
    notes = {who: note_create(touchpoint=touchpoint, participant=person, kind="thorn", text=f"Traag volgens {who}",
                              actor=in_room(person, role=None if who == "guest" else "member"))
             for who, person in people.items()}
    return {"workshop": workshop, "touchpoint": touchpoint, "people": people, "notes": notes}


def send(client, token, method, url, body=None):
    if body is None:
        return getattr(client, method)(url, **bearer(token))
    return getattr(client, method)(url, body, content_type="application/json", **bearer(token))


def texts():
    return sorted(Note.objects.values_list("text", flat=True))


def test_a_note_from_the_room_is_its_members_and_a_guests_is_no_ones(room, member, facilitator):
    assert {who: note.author for who, note in room["notes"].items()} == {
        "guest": None, "member": member, "colleague": facilitator}


@pytest.mark.parametrize("who", ["guest", "colleague"])
def test_a_member_changes_or_deletes_no_one_elses_note(client, tokens, room, who):
    before, url = texts(), f"{URL}{room['notes'][who].pk}/"
    for method, body in (("patch", {"text": "Snel"}), ("put", {"kind": "rose", "text": "Snel"}), ("delete", None)):
        response = send(client, tokens["member"], method, url, body)
        assert response.status_code == 403, (method, response.content)
        assert response.json() == REFUSAL
    assert texts() == before


def test_a_member_changes_and_deletes_their_own_notes_from_the_room_and_the_api(client, tokens, room, member):
    token = tokens["member"]
    created = send(client, token, "post", URL, {"touchpoint": room["touchpoint"].pk, "kind": "bud", "text": "Chat"})
    assert created.status_code == 201, created.content
    assert created.json()["author"] == member.pk and created.json()["participant"] is None
    own_api, own_room = f"{URL}{created.json()['id']}/", f"{URL}{room['notes']['member'].pk}/"
    assert send(client, token, "patch", own_api, {"text": "Een chatknop"}).json()["text"] == "Een chatknop"
    assert send(client, token, "patch", own_room, {"kind": "rose"}).json()["kind"] == "rose"
    assert send(client, token, "delete", own_api).status_code == 204
    assert send(client, token, "delete", own_room).status_code == 204
    assert texts() == ["Traag volgens colleague", "Traag volgens guest"]


@pytest.mark.parametrize("role", ["facilitator", "owner"])
def test_facilitators_and_owners_change_and_delete_anyones_note(client, tokens, room, role):
    token = tokens[role]
    assert send(client, token, "patch", f"{URL}{room['notes']['guest'].pk}/", {"text": "Netjes"}).status_code == 200
    assert send(client, token, "delete", f"{URL}{room['notes']['member'].pk}/").status_code == 204
    assert texts() == ["Netjes", "Traag volgens colleague"]


def test_the_refusal_speaks_dutch_to_a_dutch_user(client, tokens, room, monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "nl")
    response = send(client, tokens["member"], "delete", f"{URL}{room['notes']['guest'].pk}/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Alleen wie de notitie schreef en de facilitators van de workshop kunnen "
                                         "haar wijzigen of verwijderen."}


def test_the_migration_gives_a_members_notes_from_the_room_their_author(room, member):
    """Notes written before authors were kept: a member's (by their participant) become theirs; a guest's none."""
    import importlib

    migration = importlib.import_module("journeys.migrations.0004_note_author")
    Note.objects.update(author=None)
    migration.authors_from_participants(apps, None)
    assert {note.text: note.author for note in Note.objects.all()} == {
        "Traag volgens guest": None, "Traag volgens member": member,
        "Traag volgens colleague": room["people"]["colleague"].user}


def test_a_backup_without_authors_imports_with_none(room, team):
    """Authors came later in version 1 of the backup: an older document still imports."""
    document = export_workshop(room["workshop"])
    for stage in document["workshops"][0]["journey"]["stages"]:
        for touchpoint in stage["touchpoints"]:
            for note in touchpoint["notes"]:
                assert "author" in note
                del note["author"]
    result = import_backup(json.dumps(document), team=team)
    copied = Note.objects.filter(touchpoint__stage__journey__workshop=result.workshops[0])
    assert copied.count() == 3 and not copied.exclude(author=None).exists()
