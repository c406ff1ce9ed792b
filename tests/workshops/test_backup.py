"""Backup: a workshop or a team as JSON, imported into another team without losing anything.

The round trip is checked with ``canonical``, which walks the graph under a team by itself (not through the
backup module) and writes every concrete field of every object, ids replaced by the object's place in the walk.
Kept as they were: all fields, timestamps included. Made new on import, so left out of the comparison and
checked on their own: ids, the join code and its generation, a running countdown (``step_ends_at``).
"""

import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse
from django.utils import translation

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from actions.services.reviews import finish_review, start_review, walk_improvement
from config.tooling.backup import BackupError, export_team, export_workshop, import_backup
from config.tooling.demo import load_demo_workshop
from journeys import models as journey_models
from tests.actors import acting
from tests.factories import MembershipFactory, TeamFactory
from workshops.limits import JSON_MAX_DEPTH, TEXT_MAX
from workshops.models import Participant, Role, Workshop

MODELS = [Workshop, Participant, journey_models.Persona, journey_models.Journey, journey_models.Stage,
          journey_models.Touchpoint, journey_models.Note, journey_models.Evidence, journey_models.Measurement,
          journey_models.EmotionRating, journey_models.Gap, journey_models.GapVote, Improvement, StatusChange,
          ReviewCycle, Review]
NOT_COMPARED = {Workshop: {"id", "join_code", "join_generation", "step_ends_at"},
                Participant: {"id", "join_generation"},
                journey_models.EmotionRating: {"id", "client_page", "client_seq"}}


def canonical(team):
    """{label: {field: value}} for everything under ``team``'s workshops and personas. A label is the object's
    place in the walk ("w0.j.s2.t1"); foreign keys become labels, users their email, the team "TEAM"."""
    walked = []  # (label, object)

    def add(label, obj):
        walked.append((label, obj))

    for index, persona in enumerate(journey_models.Persona.objects.filter(team=team).order_by("name", "pk")):
        add(f"persona{index}", persona)
    for w, workshop in enumerate(Workshop.objects.filter(team=team).order_by("created_at", "pk")):
        add(f"w{w}", workshop)
        for index, participant in enumerate(workshop.participants.order_by("joined_at", "pk")):
            add(f"w{w}.p{index}", participant)
        journeys = [("j", workshop.journey)]
        ideal = journey_models.Journey.objects.filter(ideal_of=workshop.journey).first()
        if ideal is not None:
            journeys.append(("ideal", ideal))
        for key, journey in journeys:
            base = f"w{w}.{key}"
            add(base, journey)
            for s, stage in enumerate(journey.stages.order_by("position", "pk")):
                add(f"{base}.s{s}", stage)
                for t, touchpoint in enumerate(stage.touchpoints.order_by("position", "pk")):
                    add(f"{base}.s{s}.t{t}", touchpoint)
                    for n, note in enumerate(touchpoint.notes.order_by("created_at", "pk")):
                        add(f"{base}.s{s}.t{t}.n{n}", note)
            for index, evidence in enumerate(journey.evidence.order_by("created_at", "pk")):
                add(f"{base}.e{index}", evidence)
            for m, measurement in enumerate(journey.measurements.order_by("taken_on", "pk")):
                add(f"{base}.m{m}", measurement)
                for index, rating in enumerate(measurement.ratings.order_by("pk")):
                    add(f"{base}.m{m}.r{index}", rating)
            for g, gap in enumerate(journey.gaps.order_by("created_at", "pk")):
                add(f"{base}.g{g}", gap)
                for index, vote in enumerate(gap.votes.order_by("pk")):
                    add(f"{base}.g{g}.v{index}", vote)
            for i, improvement in enumerate(journey.improvements.order_by("created_at", "pk")):
                add(f"{base}.i{i}", improvement)
                for index, change in enumerate(improvement.status_changes.order_by("changed_at", "pk")):
                    add(f"{base}.i{i}.c{index}", change)
            cycle = ReviewCycle.objects.filter(journey=journey).first()
            if cycle is not None:
                add(f"{base}.cycle", cycle)
            for index, review in enumerate(journey.reviews.order_by("held_on", "pk")):
                add(f"{base}.rv{index}", review)

    labels = {(type(obj), obj.pk): label for label, obj in walked}

    def link(model, pk):
        if pk is None:
            return None
        if model._meta.label == "workshops.Team":
            return "TEAM"
        if model._meta.label == "workshops.User":
            return model.objects.get(pk=pk).email
        return labels[(model, pk)]  # a KeyError: a link out of the team's own data

    dump = {}
    for label, obj in walked:
        model = type(obj)
        row = {}
        for model_field in model._meta.concrete_fields:
            if model_field.name in NOT_COMPARED.get(model, {"id"}):
                continue
            value = getattr(obj, model_field.attname)
            row[model_field.name] = link(model_field.related_model, value) if model_field.is_relation else value
        for model_field in model._meta.many_to_many:
            row[model_field.name] = sorted(link(model_field.related_model, pk)
                                           for pk in getattr(obj, model_field.name).values_list("pk", flat=True))
        dump[label] = row
    return dump


@pytest.fixture(autouse=True)
def _english():
    """The messages checked below are the English source; the pages pick the visitor's language themselves."""
    with translation.override("en"):
        yield


def count_everything():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(team, owner, facilitator, member):
    """The demo workshop in team A, plus a finished review round (scores, a walked improvement with a
    comment), evidence on a stage and a closed workshop: a bit of everything the backup has to carry."""
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    journey = workshop.journey
    journey_models.Evidence.objects.create(journey=journey, stage=journey.stages.first(), kind="quantitative",
                                           metric="Bezoekers per maand", value=Decimal("12345.6789"), unit="bezoekers")
    review = start_review(workshop=workshop, actor=acting(facilitator))
    people = list(workshop.participants.order_by("pk"))
    journey_models.EmotionRating.objects.bulk_create(
        journey_models.EmotionRating(measurement=review.measurement, touchpoint=touchpoint,
                                     participant=people[n % len(people)], score=(n % 11) - 5, comment=f"ronde {n}")
        for n, touchpoint in enumerate(journey_models.Touchpoint.objects.filter(stage__journey=journey)))
    improvement = Improvement.objects.filter(journey=journey, status="planned", deadline__isnull=False).first()
    walk_improvement(review=review, improvement=improvement, status="in_progress", comment="Gestart",
                     actor=acting(member))
    finish_review(review=review, notes="Goede voortgang")
    Workshop.objects.filter(pk=workshop.pk).update(closed_at="2026-01-15T10:00:00+00:00",
                                                   scheduled_for="2026-01-15", votes_per_participant=7)
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def team_b(owner, facilitator, member):
    """Another team with the same people in it, so every user of team A's workshop can be linked."""
    other = TeamFactory(name="Team Charlie", slug="team-charlie")
    for user, role in ((owner, Role.OWNER), (facilitator, Role.FACILITATOR), (member, Role.MEMBER)):
        MembershipFactory(team=other, user=user, role=role)
    return other


def test_demo_round_trip_keeps_every_field_of_every_object(demo, team, team_b):
    source = canonical(team)
    assert len(source) > 150  # the demo and its review: a guard against a walk that finds nothing

    result = import_backup(json.dumps(export_workshop(demo)), team=team_b)

    assert canonical(team_b) == source
    assert result.notes == []
    copy = result.workshops[0]
    assert copy.team == team_b and copy.pk != demo.pk
    assert copy.join_code != demo.join_code and copy.join_generation == 1 and copy.step_ends_at is None
    assert set(copy.participants.values_list("join_generation", flat=True)) == {1}
    # The copy is its own: nothing under team B points into team A.
    assert not journey_models.Touchpoint.objects.filter(stage__journey__team=team_b).exclude(
        source__isnull=True).exclude(source__stage__journey__team=team_b).exists()


def test_export_of_an_import_is_the_same_document(demo, team_b):
    first = export_workshop(demo)
    copy = import_backup(first, team=team_b).workshops[0]
    second = export_workshop(copy)
    for document in (first, second):
        del document["exported_at"], document["team"]
    assert second == first


def test_team_backup_carries_every_workshop_and_persona(demo, team, team_b, facilitator):
    from journeys.services.workshops import workshop_create

    workshop_create(team=team, title="Tweede workshop", facilitator=facilitator, template="five_phases")
    journey_models.Persona.objects.create(team=team, name="Ongebruikte Ursula")
    document = export_team(team)
    assert document["scope"] == "team" and len(document["workshops"]) == 2 and len(document["personas"]) == 2

    import_backup(document, team=team_b)

    assert canonical(team_b) == canonical(team)


def test_importing_twice_gives_two_independent_copies(demo, team_b):
    document = export_workshop(demo)
    first = import_backup(document, team=team_b).workshops[0]
    second = import_backup(document, team=team_b).workshops[0]
    assert first.journey_id != second.journey_id and first.join_code != second.join_code
    assert first.journey.persona_id != second.journey.persona_id
    journey_models.Touchpoint.objects.filter(stage__journey=first.journey).update(name="Alleen in de eerste kopie")
    assert not journey_models.Touchpoint.objects.filter(stage__journey=second.journey,
                                                        name="Alleen in de eerste kopie").exists()
    assert journey_models.Persona.objects.filter(team=team_b).count() == 2


def test_people_outside_the_target_team_become_guests_and_empty_owners(demo, member, outsider, other_team):
    result = import_backup(export_workshop(demo), team=other_team)
    copy = result.workshops[0]
    assert copy.facilitator is None  # Fenna is not in team B
    members = demo.participants.filter(user__isnull=False)
    assert members.count() == 3
    assert not copy.participants.filter(user__isnull=False).exists()
    assert sorted(copy.participants.values_list("display_name", flat=True)) == sorted(
        demo.participants.values_list("display_name", flat=True))
    assert not Improvement.objects.filter(journey=copy.journey, owner__isnull=False).exists()
    assert any(member.email in note and "guest" in note for note in result.notes)
    assert any("cannot own improvements" in note for note in result.notes)
    # The rest is all there: the same number of scores and votes.
    ratings = journey_models.EmotionRating.objects
    assert ratings.filter(measurement__journey=copy.journey).count() == ratings.filter(
        measurement__journey=demo.journey).count()


def test_a_viewer_is_linked_as_participant_but_never_as_improvement_owner(demo, member, team_b):
    team_b.memberships.filter(user=member).update(role=Role.VIEWER)
    result = import_backup(export_workshop(demo), team=team_b)
    journey = result.workshops[0].journey
    assert result.workshops[0].participants.filter(user=member).exists()
    assert not Improvement.objects.filter(journey=journey, owner=member).exists()
    assert Improvement.objects.filter(journey__in=[demo.journey], owner=member).exists()
    assert [note for note in result.notes if member.email in note]


def _tamper(document, change):
    change(document["workshops"][0]["journey"])
    return document


TAMPERED = {
    "score 9": lambda j: j["measurements"][0]["ratings"][0].update(score=9),
    "unknown touchpoint ref": lambda j: j["gaps"][0].update(touchpoints=[9999]),
    "touchpoint of the ideal journey in a gap of the current one": lambda j: j["gaps"][0].update(touchpoints=[
        j["stages"][0]["touchpoints"][0]["ref"] + 1000]),
    "importance as text": lambda j: j["stages"][0]["touchpoints"][0].update(importance="5"),
    "missing key": lambda j: j["stages"][0]["touchpoints"][0].pop("name"),
    "unknown status": lambda j: j["improvements"][0].update(status="finished"),
    "naive timestamp": lambda j: j["gaps"][0].update(created_at="2026-01-01T10:00:00"),
    "a second baseline": lambda j: j["measurements"][1].update(kind="baseline"),
    "duplicate ref": lambda j: j["stages"][1].update(ref=j["stages"][0]["ref"]),
    "text too long": lambda j: j["gaps"][0].update(problem="x" * 251),
    "a description too long": lambda j: j["gaps"][0].update(description="x" * (TEXT_MAX + 1)),
    "two stages at one position": lambda j: j["stages"][1].update(position=j["stages"][0]["position"]),
    "two touchpoints of a stage at one position": lambda j: j["stages"][3]["touchpoints"][2].update(
        position=j["stages"][3]["touchpoints"][0]["position"]),
    "stages not a list": lambda j: j.update(stages={}),
}


@pytest.mark.parametrize("case", TAMPERED)
def test_a_tampered_backup_is_refused_with_nothing_saved(demo, team_b, case):
    document = _tamper(export_workshop(demo), TAMPERED[case])
    before = count_everything()
    with pytest.raises(BackupError) as refused:
        import_backup(document, team=team_b)
    assert str(refused.value)
    assert count_everything() == before


def test_the_error_says_where_and_why(demo, team_b):
    document = _tamper(export_workshop(demo), TAMPERED["score 9"])
    with pytest.raises(BackupError, match=r"workshops\[0\]\.journey\.measurements\[0\]\.ratings\[0\]\.score: "):
        import_backup(document, team=team_b)
    document = _tamper(export_workshop(demo), TAMPERED["unknown touchpoint ref"])
    with pytest.raises(BackupError, match=r"gaps\[0\]\.touchpoints: no touchpoint with ref 9999"):
        import_backup(document, team=team_b)


def test_a_duplicate_position_is_refused_with_its_place_and_reason(demo, team_b):
    document = _tamper(export_workshop(demo), TAMPERED["two stages at one position"])
    before = count_everything()
    with pytest.raises(BackupError) as refused:
        import_backup(document, team=team_b)
    assert str(refused.value) == (
        "backup.workshops[0].journey.stages[1].position: backup.workshops[0].journey.stages[0] has position 0 too; "
        "no two stages of a journey share a position.")
    document = _tamper(export_workshop(demo), TAMPERED["two touchpoints of a stage at one position"])
    with pytest.raises(BackupError, match=r"journey\.stages\[3\]\.touchpoints\[2\]\.position: .*stages\[3\]\."
                                          r"touchpoints\[0\] has position 0 too; no two touchpoints of a stage share"):
        import_backup(document, team=team_b)
    assert count_everything() == before
    # The same positions in different stages, and in the ideal journey, are fine.
    import_backup(export_workshop(demo), team=team_b)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(version=2), "version 2"),
    (lambda d: d.update(format="something-else"), "not a Klantreis backup"),
    (lambda d: d.pop("workshops"), r"backup\.workshops: missing"),
    (lambda d: d.update(scope="everything"), r"backup\.scope"),
    (lambda d: d["workshops"].append(d["workshops"][0]), "exactly one workshop"),
])
def test_a_wrong_header_is_refused(demo, team_b, change, message):
    document = export_workshop(demo)
    change(document)
    before = count_everything()
    with pytest.raises(BackupError, match=message):
        import_backup(document, team=team_b)
    assert count_everything() == before


def test_not_json_is_refused(team_b):
    with pytest.raises(BackupError, match="not JSON"):
        import_backup(b"\xff{not json", team=team_b)


@pytest.mark.parametrize("content", [b"[" * 3000, b'{"format": ' * 3000, b"[" * 3000 + b"]" * 3000])
def test_json_nested_too_deep_is_refused_before_it_is_read(team_b, content):
    with pytest.raises(BackupError, match=f"nested more than {JSON_MAX_DEPTH} levels deep"):
        import_backup(content, team=team_b)


def test_a_backup_in_utf16_with_a_bom_still_imports(demo, team_b):
    import_backup(json.dumps(export_workshop(demo)).encode("utf-16"), team=team_b)
    assert canonical(team_b) == canonical(demo.team)


def _grow(team, facilitator, member, copies):
    document = export_workshop(Workshop.objects.get(team=team))
    for _ in range(copies):
        import_backup(document, team=team)


def test_export_reads_a_fixed_number_of_queries(demo, team, facilitator, member, django_assert_num_queries):
    # workshops (+ journey, facilitator), ideal journeys, personas, participants (+ user), stages, touchpoints,
    # notes, evidence, measurements, ratings, gaps, gap↔touchpoint, votes, improvements (+ owner),
    # improvement↔touchpoint, status changes (+ changed by), review cycles, reviews (+ started by), walked
    expected = 19
    with django_assert_num_queries(expected):
        small = export_team(team)
    _grow(team, facilitator, member, copies=3)
    with django_assert_num_queries(expected):
        large = export_team(team)
    assert len(large["workshops"]) == 4 * len(small["workshops"])
    with django_assert_num_queries(expected):
        export_workshop(demo)


def test_commands_export_and_import(demo, team, team_b, tmp_path, capsys):
    path = tmp_path / "backup.json"
    call_command("export_backup", "--team", team.slug, str(path))
    assert json.loads(path.read_text())["format"] == "klantreis-backup"
    call_command("import_backup", str(path), "--team", team_b.slug)
    assert "Imported 1 workshop(s) and 1 persona(s)" in capsys.readouterr().out
    assert canonical(team_b) == canonical(team)

    call_command("export_backup", "--workshop", str(demo.pk), "-")
    assert json.loads(capsys.readouterr().out)["scope"] == "workshop"

    path.write_text(path.read_text().replace('"version": 1', '"version": 7'))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_backup", str(path), "--team", team_b.slug)
    with pytest.raises(CommandError, match="no team"):
        call_command("export_backup", "--team", "nope", str(path))


# --- The team page: download and upload (owners only) ------------------------------------------


def test_owner_downloads_the_team_backup(demo, team, login, owner):
    response = login(owner).get(reverse("tooling:team_backup", args=[team.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["scope"] == "team" and document["workshops"][0]["title"] == demo.title


@pytest.mark.parametrize("persona", ["facilitator", "member", "viewer"])
def test_only_owners_download_or_import(demo, team, login, persona, request):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("tooling:team_backup", args=[team.slug])).status_code == 403
    response = client.post(reverse("tooling:team_backup_import", args=[team.slug]),
                           {"file": _upload(export_workshop(demo))})
    assert response.status_code == 403
    assert Workshop.objects.filter(team=team).count() == 1


def test_outsider_cannot_download_another_teams_backup(demo, team, login, outsider):
    assert login(outsider).get(reverse("tooling:team_backup", args=[team.slug])).status_code == 404


def _upload(document):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile("backup.json", content, content_type="application/json")


def test_owner_imports_a_workshop_backup_on_the_team_page(demo, team, team_b, login, owner):
    response = login(owner).post(reverse("tooling:team_backup_import", args=[team_b.slug]),
                                 {"file": _upload(export_workshop(demo))}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("workshops:team_detail", args=[team_b.slug])
    assert Workshop.objects.filter(team=team_b, title=demo.title).count() == 1
    assert canonical(team_b) == canonical(team)
    assert demo.title in response.content.decode()


def test_a_bad_upload_is_refused_on_the_page_with_nothing_saved(demo, team_b, login, owner):
    document = _tamper(export_workshop(demo), TAMPERED["score 9"])
    before = count_everything()
    response = login(owner).post(reverse("tooling:team_backup_import", args=[team_b.slug]), {"file": _upload(document)})
    assert response.status_code == 400
    error = re.search(r'id="backup-file-error"[^>]*><p>(.*?)</p>', response.content.decode())
    assert error and "score" in error.group(1)  # next to the upload field
    assert 'aria-describedby="backup-file-error"' in response.content.decode()
    assert count_everything() == before
    response = login(owner).post(reverse("tooling:team_backup_import", args=[team_b.slug]), {})
    assert response.status_code == 400
    assert count_everything() == before


def test_an_upload_nested_too_deep_is_refused_on_the_page(team_b, login, owner):
    owner.language = "en"
    owner.save(update_fields=["language"])
    before = count_everything()
    response = login(owner).post(reverse("tooling:team_backup_import", args=[team_b.slug]),
                                 {"file": _upload(b"[" * 3000)})
    assert response.status_code == 400
    assert "Nothing was imported. This file is not a Klantreis backup: The JSON is nested more than 64 levels deep." \
        in response.content.decode()
    assert count_everything() == before


def test_every_concrete_field_is_in_the_walk():
    """A field added to a model later must show up in the comparison (canonical walks _meta), and in the
    backup: the backup's field lists name every concrete field but the links and what is made new."""
    from config.tooling.backup import FIELDS

    links_or_new = {"id", "join_code", "join_generation", "step_ends_at", "client_page", "client_seq"}
    for model in MODELS:
        written = set(FIELDS[model])
        for model_field in model._meta.concrete_fields:
            if model_field.name in links_or_new or isinstance(model_field, models.ForeignKey):
                continue
            assert model_field.name in written, f"{model.__name__}.{model_field.name} is not in the backup"
