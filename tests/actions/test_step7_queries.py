"""Step 7: the room page, the projector, the watchers' live body and the board cost the same number of queries
for a workshop with one improvement as for one with sixty, many gaps, touchpoints and people."""

import pytest
from django.urls import reverse

from actions.models import Improvement, Status
from journeys.models import Evidence, Gap, Stage, Touchpoint
from tests.actions.step7_data import guest_client, rate, room_url, step7_workshop
from tests.fixtures import HTMX
from workshops.services import participant_for_member

pytestmark = pytest.mark.django_db


def build(team, facilitator, *, improvements, gaps, touchpoints_per_stage, people, owners):
    data = step7_workshop(team, facilitator)
    workshop, journey = data["workshop"], data["journey"]
    stages = list(Stage.objects.filter(journey=journey).order_by("position"))
    extra = [Touchpoint.objects.create(stage=stage, name=f"{stage.name} {n}", position=n + 1)
             for stage in stages for n in range(touchpoints_per_stage)]
    for touchpoint in extra:
        rate(workshop, touchpoint, [0] * people)
    all_gaps = list(data["gaps"].values()) + [
        Gap.objects.create(journey=journey, problem=f"Knelpunt {n}") for n in range(gaps)]
    for n, gap in enumerate(all_gaps[4:]):
        gap.touchpoints.set(extra[n % len(extra):][:2] if extra else [])
    Evidence.objects.create(journey=journey, kind="quantitative", metric="Conversie", value=2)
    statuses = list(Status)
    for n in range(improvements):
        item = Improvement.objects.create(
            journey=journey, title=f"Verbetering {n}", impact=n % 5 + 1, effort=(2 * n) % 5 + 1,
            gap=all_gaps[n % len(all_gaps)], status=statuses[n % len(statuses)],
            owner=owners[n % len(owners)] if n % 3 else None)
        item.touchpoints.set([data["mail"], *extra[n % max(1, len(extra)):][:2]])
    return workshop


SIZES = [
    pytest.param({"improvements": 1, "gaps": 0, "touchpoints_per_stage": 0, "people": 1}, id="small"),
    pytest.param({"improvements": 60, "gaps": 30, "touchpoints_per_stage": 4, "people": 12}, id="large"),
]


@pytest.fixture
def sized(request, team, facilitator, owner, member, viewer):
    return build(team, facilitator, owners=[owner, member, facilitator], **request.param)


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_member_room_page(client, member, sized, django_assert_num_queries):
    participant_for_member(workshop=sized, user=member)
    client.force_login(member)
    # 1 session, 2 user, 3 workshop with team and role, 4 the member's participant,
    # 5 improvements with gap and owner, 6 their touchpoints, 7 the team's possible owners,
    # 8 ranked gaps, 9 the gaps' touchpoints, 10 the ideal's targets, 11 baseline, 12 emotion stats,
    # 13 stages, 14 their touchpoints, 15 the journey's figures (KPI suggestions), 16 the team switcher (base.html)
    with django_assert_num_queries(16):
        response = client.get(room_url(sized))
    assert response.status_code == 200


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_facilitator_room_page_with_the_close_panel(client, facilitator, sized, django_assert_num_queries):
    participant_for_member(workshop=sized, user=facilitator)
    client.force_login(facilitator)
    with django_assert_num_queries(16):  # as a member's: the close panel reads the improvements already loaded
        response = client.get(room_url(sized))
    assert 'id="workshop-close"' in response.content.decode()


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_viewer_room_page_and_live_body(client, viewer, sized, django_assert_num_queries):
    client.force_login(viewer)
    # 1 session, 2 user, 3 workshop with team and role, 4 the viewer's participant (none),
    # 5 improvements with gap and owner, 6 their touchpoints, 7 the team switcher
    with django_assert_num_queries(7):
        client.get(room_url(sized))
    with django_assert_num_queries(6):  # the live body: no team switcher
        response = client.get(reverse("workshops:step_live", args=[sized.pk]), {"seen": "old"})
    assert response.status_code == 200


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_guest_room_page(sized, django_assert_num_queries):
    guest = guest_client(sized)
    # 1 session, 2 the guest's participant with workshop and team, 3 improvements, 4 their touchpoints
    with django_assert_num_queries(4):
        response = guest.get(room_url(sized))
    assert response.status_code == 200


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_projector_and_its_live_part(client, viewer, sized, django_assert_num_queries):
    client.force_login(viewer)
    # 1 session, 2 user, 3 workshop with team and role, 4 the viewer's participant (none),
    # 5 improvements with owner (the projector's own; the participants' part of the room is not built)
    with django_assert_num_queries(5):
        client.get(reverse("workshops:projector", args=[sized.pk]))
    # the live part: 1–4 as above, 5 improvements with owner
    with django_assert_num_queries(5):
        response = client.get(reverse("workshops:projector_live", args=[sized.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_board_after_a_move(client, member, sized, django_assert_num_queries):
    client.force_login(member)
    item = Improvement.objects.filter(journey=sized.journey).first()
    # 1 session, 2 user, 3 workshop, 4 participant, 5 the improvement; the move: 6 savepoint, 7 lock,
    # 8 update, 9 release; the board: 10 improvements, 11 touchpoints, 12 possible owners
    with django_assert_num_queries(12):
        response = client.post(reverse("actions:room_improvement_move", args=[sized.pk, item.pk]),
                               {"impact": 5, "effort": 1}, **HTMX)
    assert response.status_code == 200
