"""Positions order a journey's stages and a stage's touchpoints, so no two share one: the database refuses a duplicate
(on SQLite and PostgreSQL alike, so the constraint is not deferrable), every reordering service keeps them 0..n−1
without ever writing two rows on one position on the way, and the migration that adds the constraints first repairs
the duplicates already there — in the order the pages showed them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from journeys.models import JourneyTemplate, Persona, Stage, Touchpoint
from journeys.services import touchpoints as services
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(team, facilitator):
    workshop = workshop_create(team=team, title="Offertes", facilitator=facilitator,
                               template=JourneyTemplate.FIVE_PHASES)
    return workshop.journey


def positions(queryset):
    return list(queryset.order_by("position", "pk").values_list("name", "position"))


def test_the_database_refuses_two_stages_or_touchpoints_on_one_position(journey):
    stage = journey.stages.order_by("position").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(journey=journey, name="Dubbel", position=stage.position)
    Touchpoint.objects.create(stage=stage, name="Website", position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Touchpoint.objects.create(stage=stage, name="Telefoon", position=0)
    other = journey.stages.order_by("position").last()
    Touchpoint.objects.create(stage=other, name="Telefoon", position=0)  # another stage: its own positions


def test_every_reordering_keeps_positions_unique_and_dense(journey, facilitator):
    stages = list(journey.stages.order_by("position"))
    names = [stage.name for stage in stages]
    services.stage_move(actor=MEMBER, stage=stages[0], direction="down")  # a swap: 0 ↔ 1
    names[0], names[1] = names[1], names[0]
    assert positions(journey.stages.all()) == [(name, index) for index, name in enumerate(names)]
    services.stage_move(actor=MEMBER, stage=stages[4], direction="up")
    names[3], names[4] = names[4], names[3]
    assert positions(journey.stages.all()) == [(name, index) for index, name in enumerate(names)]
    services.stage_delete(actor=MEMBER, stage=Stage.objects.get(journey=journey, position=1))
    added = services.stage_create(actor=MEMBER, journey=journey, name="Nazorg")
    assert [position for _name, position in positions(journey.stages.all())] == [0, 1, 2, 3, 4]
    assert added.position == 4

    first, last = journey.stages.order_by("position")[0], journey.stages.order_by("position")[4]
    made = [services.touchpoint_create(actor=MEMBER, stage=first, name=f"Contact {n}") for n in range(4)]
    services.touchpoint_move(actor=MEMBER, touchpoint=made[3], direction="up")
    services.touchpoint_move(actor=MEMBER, touchpoint=made[0], direction="down")
    assert positions(first.touchpoints.all()) == [("Contact 1", 0), ("Contact 0", 1), ("Contact 3", 2),
                                                  ("Contact 2", 3)]
    services.touchpoint_create(actor=MEMBER, stage=last, name="Elders")
    services.touchpoint_update(actor=MEMBER, touchpoint=made[1], stage=last)  # to the end of another stage
    assert positions(first.touchpoints.all()) == [("Contact 0", 0), ("Contact 3", 1), ("Contact 2", 2)]
    assert positions(last.touchpoints.all()) == [("Elders", 0), ("Contact 1", 1)]
    services.touchpoint_delete(actor=MEMBER, touchpoint=made[0])
    assert positions(first.touchpoints.all()) == [("Contact 3", 0), ("Contact 2", 1)]


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_duplicates_first_and_leaves_long_text_as_it_is(team):
    before = [("journeys", "0004_note_author")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    journey = old.get_model("journeys", "Journey").objects.create(team_id=team.pk, title="Oud")
    OldStage, OldTouchpoint = old.get_model("journeys", "Stage"), old.get_model("journeys", "Touchpoint")
    # As a backup could bring them in before the constraints: three stages on 0, one on 5; two touchpoints on 2.
    stages = [OldStage.objects.create(journey=journey, name=name, position=position)
              for name, position in (("B", 0), ("C", 0), ("D", 5), ("A", 0))]
    for name, position in (("t3", 7), ("t1", 2), ("t2", 2)):
        OldTouchpoint.objects.create(stage=stages[0], name=name, position=position)
    untouched = OldStage.objects.create(journey=old.get_model("journeys", "Journey").objects.create(
        team_id=team.pk, title="Goed"), name="Alleen", position=3)
    long_text = "W" * 20_000  # longer than any maximum that came after
    persona = old.get_model("journeys", "Persona").objects.create(team_id=team.pk, name="Nina", description=long_text)

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert positions(Stage.objects.filter(journey_id=journey.pk)) == [("B", 0), ("C", 1), ("A", 2), ("D", 3)]
    assert positions(Touchpoint.objects.filter(stage_id=stages[0].pk)) == [("t1", 0), ("t2", 1), ("t3", 2)]
    assert Stage.objects.get(pk=untouched.pk).position == 3  # a list without duplicates is left as it is
    assert Persona.objects.get(pk=persona.pk).description == long_text
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(journey_id=journey.pk, name="Dubbel", position=0)
