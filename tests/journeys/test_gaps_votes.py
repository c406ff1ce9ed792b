"""Step 6, gaps: dot voting (the limit per participant, taking dots back, who may vote, a closed workshop,
simultaneous votes), the facilitator's dots per participant, the ranking on the room page and the projector, and
a fixed number of queries whatever the size of the journey. Suggesting and writing gaps: test_gaps.py."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from journeys.models import (
    GapOrigin,
    GapVote,
    JourneyTemplate,
    Note,
    NoteKind,
    Stage,
    Touchpoint,
)
from journeys.services.gaps import gap_create, gap_vote_add
from journeys.services.workshops import workshop_create
from journeys.steps.gaps import ranked_gaps
from tests.actors import MEMBER
from tests.fixtures import HTMX, join_room
from tests.journeys.gap_support import ideal_of, messages_of, people, rate, room_url, touchpoint
from workshops.models import Participant, Step
from workshops.services import workshop_set_open

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.GAPS, title="Sokken bestellen")]


# --- Dot voting --------------------------------------------------------------------------------------

@pytest.fixture
def gaps(workshop):
    return [gap_create(actor=MEMBER, journey=workshop.journey, problem=f"Probleem {n}") for n in range(3)]


def vote(client, workshop, gap, direction="add", **extra):
    return client.post(reverse("journeys:gap_vote", args=[workshop.pk, gap.pk]), {"dots": direction}, **extra)


def dots_of(participant, gap=None):
    votes = GapVote.objects.filter(participant=participant)
    if gap is not None:
        votes = votes.filter(gap=gap)
    return sum(votes.values_list("dots", flat=True))


def test_a_guest_puts_dots_on_and_takes_them_back(client, workshop, gaps):
    guest = join_room(client, workshop)
    first = gaps[0]
    assert vote(client, workshop, first).status_code == 302
    vote(client, workshop, first)
    assert GapVote.objects.get(gap=first, participant=guest).dots == 2  # more than one dot on a gap is fine
    vote(client, workshop, first, "remove")
    assert GapVote.objects.get(gap=first, participant=guest).dots == 1
    vote(client, workshop, first, "remove")
    assert not GapVote.objects.filter(gap=first).exists()  # at zero the row goes: never a 0 or a negative
    response = vote(client, workshop, first, "remove")
    assert messages_of(response) == ["You have no dot on this gap."]
    assert not GapVote.objects.exists()


def test_members_and_facilitators_vote_too(client, member, facilitator, workshop, gaps):
    for person in (member, facilitator):
        client.force_login(person)
        vote(client, workshop, gaps[1])
    assert GapVote.objects.filter(gap=gaps[1]).count() == 2


def test_no_participant_spends_more_dots_than_the_workshop_gives(client, workshop, gaps):
    guest = join_room(client, workshop)
    for gap in (gaps[0], gaps[0], gaps[1], gaps[2], gaps[2]):
        vote(client, workshop, gap)
    assert dots_of(guest) == 5
    response = vote(client, workshop, gaps[1], **HTMX)
    assert response.status_code == 200  # htmx shows the refusal in the row
    assert "You have used all your 5 dots" in response.content.decode()
    assert dots_of(guest) == 5
    vote(client, workshop, gaps[2], "remove")
    vote(client, workshop, gaps[1])
    assert (dots_of(guest, gaps[1]), dots_of(guest)) == (2, 5)


def test_the_htmx_answer_is_the_row_and_the_dots_left(client, workshop, gaps):
    join_room(client, workshop)
    response = vote(client, workshop, gaps[2], **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="gap-{gaps[2].pk}"' in body and f'id="gap-{gaps[0].pk}"' not in body
    assert 'id="gap-dots" data-left="4" hx-swap-oob="true"' in body
    assert '<span class="gap-mine">1</span>' in body
    # …and how many have voted now, counting this vote
    assert 'id="gap-voting-summary" hx-swap-oob="true"' in body
    assert "1 of 1 participant has voted." in body


@pytest.mark.parametrize("direction", ["", "twice", "up"])
def test_an_unknown_vote_direction_is_a_message(client, workshop, gaps, direction):
    join_room(client, workshop)
    response = vote(client, workshop, gaps[0], direction)
    assert response.status_code == 302 and messages_of(response)
    assert not GapVote.objects.exists()


def test_viewers_cannot_vote(client, viewer, workshop, gaps):
    client.force_login(viewer)
    assert vote(client, workshop, gaps[0]).status_code == 403
    assert not GapVote.objects.exists()


def test_outsiders_cannot_vote(client, outsider, workshop, gaps):
    client.force_login(outsider)
    assert vote(client, workshop, gaps[0]).status_code == 404


def test_a_guest_of_another_workshop_cannot_vote_here(client, workshop, gaps, team, facilitator):
    other = workshop_create(team=team, title="Ander", facilitator=facilitator, template=JourneyTemplate.BLANK)
    join_room(client, other)
    assert vote(client, workshop, gaps[0]).status_code == 404
    other_gap = gap_create(actor=MEMBER, journey=other.journey, problem="Daar")
    assert vote(client, workshop, other_gap).status_code == 404  # wrong workshop in the URL for this gap
    assert not GapVote.objects.exists()


@pytest.mark.parametrize("persona", ["guest", "member", "facilitator"])
def test_a_closed_workshop_refuses_votes(client, workshop, gaps, persona, request):
    if persona == "guest":
        guest = join_room(client, workshop)
        GapVote.objects.create(gap=gaps[0], participant=guest, dots=1)
    else:
        client.force_login(request.getfixturevalue(persona))
    workshop_set_open(workshop=workshop, is_open=False)
    assert vote(client, workshop, gaps[0]).status_code == 403
    assert vote(client, workshop, gaps[0], "remove").status_code == 403
    assert GapVote.objects.count() == (1 if persona == "guest" else 0)


def test_the_service_refuses_votes_in_a_closed_workshop(workshop, gaps):
    from django.core.exceptions import ValidationError

    participant = people(workshop, 1)[0]
    workshop_set_open(workshop=workshop, is_open=False)
    with pytest.raises(ValidationError):
        gap_vote_add(gap=gaps[0], participant=participant)


def test_a_closed_workshop_shows_no_vote_buttons(client, member, workshop, gaps):
    workshop_set_open(workshop=workshop, is_open=False)
    client.force_login(member)
    body = client.get(room_url(workshop)).content.decode()
    assert "gap-vote-form" not in body and "voting has ended" in body


def test_lowering_the_dots_keeps_placed_dots_and_stops_new_ones(client, workshop, gaps):
    guest = join_room(client, workshop)
    for _ in range(4):
        vote(client, workshop, gaps[0])
    workshop.votes_per_participant = 2
    workshop.save(update_fields=["votes_per_participant"])
    response = vote(client, workshop, gaps[1], **HTMX)
    assert "You have used all your 2 dots" in response.content.decode()
    assert 'data-left="0"' in response.content.decode()
    assert dots_of(guest) == 4


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks (select_for_update) need PostgreSQL; SQLite serialises every write anyway")
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_votes_never_exceed_the_limit(workshop, gaps, member):
    """One participant, ten requests at once from ten threads, each a real HTTP round trip; five dots."""
    import threading

    from django.db import connections

    participant = Participant.objects.create(workshop=workshop, user=member, display_name=member.name)
    clients = []
    for _ in range(10):
        one = Client()
        one.force_login(member)
        clients.append(one)
    start = threading.Barrier(len(clients))
    statuses = []

    def fire(one, gap):
        try:
            start.wait()
            statuses.append(one.post(reverse("journeys:gap_vote", args=[workshop.pk, gap.pk]), {"dots": "add"},
                                     HTTP_HX_REQUEST="true").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fire, args=(one, gaps[n % 2])) for n, one in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 10
    assert dots_of(participant) == 5
    assert GapVote.objects.filter(participant=participant).count() == 2


# --- The facilitator's dots ----------------------------------------------------------------------------

def test_facilitator_sets_the_dots_per_participant(client, facilitator, workshop):
    client.force_login(facilitator)
    response = client.post(reverse("journeys:gap_votes_setting", args=[workshop.pk]), {"votes_per_participant": "8"})
    assert response.status_code == 302 and response.url.endswith("#gap-dots-setting")
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 8
    assert messages_of(response) == ["Each participant now has 8 dots."]


@pytest.mark.parametrize("value", ["0", "21", "-3", "abc", "", "5.5"])
def test_bad_dots_per_participant_get_a_message(client, facilitator, workshop, value):
    client.force_login(facilitator)
    response = client.post(reverse("journeys:gap_votes_setting", args=[workshop.pk]), {"votes_per_participant": value})
    assert response.status_code == 302
    assert messages_of(response) == ["Choose between 1 and 20 dots per participant."]
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 5


def test_only_facilitators_set_the_dots(client, member, workshop):
    client.force_login(member)
    assert client.post(reverse("journeys:gap_votes_setting", args=[workshop.pk]),
                       {"votes_per_participant": "9"}).status_code == 403
    client.logout()
    join_room(client, workshop)
    assert client.post(reverse("journeys:gap_votes_setting", args=[workshop.pk]),
                       {"votes_per_participant": "9"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 5


def test_the_dots_setting_shows_for_the_facilitator_only(client, facilitator, member, workshop):
    client.force_login(facilitator)
    assert 'id="gap-dots-setting"' in client.get(room_url(workshop)).content.decode()
    client.force_login(member)
    assert 'id="gap-dots-setting"' not in client.get(room_url(workshop)).content.decode()


# --- Ranking and the projector -------------------------------------------------------------------------

def test_gaps_rank_by_total_dots_ties_by_creation_order(workshop, gaps):
    first, second, third = gaps
    a, b = people(workshop, 2)
    GapVote.objects.create(gap=third, participant=a, dots=2)
    GapVote.objects.create(gap=third, participant=b, dots=1)
    GapVote.objects.create(gap=second, participant=a, dots=1)
    GapVote.objects.create(gap=first, participant=b, dots=1)
    ranked = ranked_gaps(workshop.journey, participant=a)
    assert [(gap, gap.total, gap.mine) for gap in ranked] == [(third, 3, 2), (first, 1, 0), (second, 1, 1)]


def test_room_and_projector_show_the_ranking(client, viewer, workshop, gaps):
    GapVote.objects.create(gap=gaps[2], participant=people(workshop, 1)[0], dots=2)
    client.force_login(viewer)
    room = client.get(room_url(workshop)).content.decode()
    assert room.index("Probleem 2") < room.index("Probleem 0") < room.index("Probleem 1")
    assert "gap-vote-form" not in room  # viewers look, they do not vote
    live = client.get(reverse("workshops:projector_live", args=[workshop.pk])).content.decode()
    assert live.index("Probleem 2") < live.index("Probleem 0") < live.index("Probleem 1")
    assert "<strong>1</strong> of 1 participant has voted" in live
    page = client.get(reverse("workshops:projector", args=[workshop.pk]))
    assert page.status_code == 200 and "Probleem 2" in page.content.decode()


def test_the_gap_list_refreshes_on_its_own(client, member, workshop, gaps):
    client.force_login(member)
    response = client.get(reverse("journeys:gap_list", args=[workshop.pk]), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and body.count('class="gap-item') == 3 and "<html" not in body


def test_the_projector_shows_the_top_ten_and_counts_the_rest(client, viewer, workshop):
    for n in range(13):
        gap_create(actor=MEMBER, journey=workshop.journey, problem=f"Knelpunt {n:02d}")
    client.force_login(viewer)
    response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert len(response.context["gaps"]) == 10 and response.context["more_gaps"] == 3
    assert "3 more gaps" in response.content.decode()


def test_the_projector_draws_dots_then_bars(client, viewer, workshop, gaps):
    voters = people(workshop, 5)
    client.force_login(viewer)
    GapVote.objects.create(gap=gaps[0], participant=voters[0], dots=3)
    body = client.get(reverse("workshops:projector_live", args=[workshop.pk])).content.decode()
    assert body.count('<span class="dot"></span>') == 3 and "gaps-projector-bar" not in body
    GapVote.objects.bulk_create(GapVote(gap=gaps[1], participant=p, dots=5) for p in voters)  # 25 > 20
    response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    body = response.content.decode()
    assert '<span class="dot"></span>' not in body and 'width="100%"' in body and 'width="12%"' in body


# --- Query counts --------------------------------------------------------------------------------------

def build(workshop, *, gaps, participants, touchpoints_per_stage):
    """A journey of the given size with an ideal version, thorns, scores and dots from every participant."""
    stages = list(Stage.objects.filter(journey=workshop.journey))
    currents = [touchpoint(stage, f"{stage.name} {n}", position=n) for stage in stages
                for n in range(touchpoints_per_stage)]
    voters = people(workshop, participants)
    for current in currents:
        rate(workshop, current, [-2] * participants, participants=voters)
        Note.objects.create(touchpoint=current, kind=NoteKind.THORN, text=f"Doorn bij {current.name}")
    ideal = ideal_of(workshop)
    Touchpoint.objects.filter(stage__journey=ideal).update(target_emotion=3)
    Touchpoint.objects.create(stage=Stage.objects.filter(journey=ideal).first(), name="Nieuw", target_emotion=4,
                              position=touchpoints_per_stage)
    made = [gap_create(actor=MEMBER, journey=workshop.journey, problem=f"Knelpunt {n}", touchpoints=currents[:2],
                       origin=GapOrigin.THORN) for n in range(gaps)]
    GapVote.objects.bulk_create(
        GapVote(gap=made[(p + d) % gaps], participant=voter, dots=2) for p, voter in enumerate(voters) for d in range(2)
    )
    return made


SIZES = [pytest.param(2, 2, 1, id="small"), pytest.param(40, 30, 6, id="large")]


@pytest.mark.parametrize("gap_count,participants,per_stage", SIZES)
def test_room_page_queries_do_not_grow_with_the_journey(client, member, workshop, django_assert_num_queries,
                                                        gap_count, participants, per_stage):
    build(workshop, gaps=gap_count, participants=participants, touchpoints_per_stage=per_stage)
    client.force_login(member)
    client.get(room_url(workshop))  # the member becomes a participant once
    # 1 session, 2 user, 3 workshop with team and role, 4 the member's participant,
    # 5 ranked gaps with totals and my dots, 6 their touchpoints (with stages), 7 participants who voted,
    # 8 stages, 9 their touchpoints (the form's checkboxes),
    # 10 ideal journey, 11 its touchpoints, 12 baseline, 13 emotion stats, 14 thorns, 15 gaps' (origin, touchpoint)
    # 16 the team switcher's teams (base.html)
    with django_assert_num_queries(16):
        response = client.get(room_url(workshop))
    assert response.status_code == 200
    assert response.content.decode().count('class="gap-item') == gap_count


@pytest.mark.parametrize("gap_count,participants,per_stage", SIZES)
def test_guest_room_page_queries_do_not_grow(client, workshop, django_assert_num_queries, gap_count, participants,
                                             per_stage):
    build(workshop, gaps=gap_count, participants=participants, touchpoints_per_stage=per_stage)
    join_room(client, workshop)
    # 1 session, 2 the guest's participant with workshop and team,
    # 3 ranked gaps with totals and my dots, 4 their touchpoints, 5 participants who voted
    with django_assert_num_queries(5):
        response = client.get(room_url(workshop))
    assert response.content.decode().count("gap-vote-form") == gap_count


@pytest.mark.parametrize("gap_count,participants,per_stage", SIZES)
def test_projector_live_queries_do_not_grow_with_the_journey(client, viewer, workshop, django_assert_num_queries,
                                                             gap_count, participants, per_stage):
    build(workshop, gaps=gap_count, participants=participants, touchpoints_per_stage=per_stage)
    client.force_login(viewer)
    # 1 session, 2 user, 3 workshop with team and role, 4 the viewer's participant (none),
    # 5 ranked gaps with totals, 6 participants who voted
    with django_assert_num_queries(6):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.status_code == 200
    assert response.context["voting"] == {"participants": participants, "voted": participants}
