"""Who takes part (``journeys.selectors.taking_part``): the facilitator who opens the room to lead it is in the
room's participants, but is not counted among the people who score and vote until they do — in the
projector's "4 of 4 done", the voting summary and the report's cover alike."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from actions.report import gather_report, workshop_report_pdf
from journeys.models import EmotionRating, Gap, GapVote, Note
from journeys.selectors import baseline_measurement, taking_part
from journeys.services.emotions import emotion_rating_save
from tests.actions.test_report import pdf_pages
from tests.actors import GUEST
from workshops.models import Participant, Step, Workshop

from .emotion_support import make_workshop, touchpoints_of

pytestmark = pytest.mark.django_db

GUESTS = ["Gerda Gast", "Bram (logistiek)", "Sanne"]


@pytest.fixture
def room(client, team, facilitator, member):
    """The issue's room: the facilitator runs it, a member and three guests score every touchpoint."""
    workshop = make_workshop(team, facilitator, title="Sokken bestellen")
    client.force_login(facilitator)
    # the facilitator is in the room
    assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200
    measurement, touchpoints = baseline_measurement(workshop.journey), touchpoints_of(workshop)
    people = [Participant.objects.create(workshop=workshop, user=member, display_name=member.name)]
    people += [Participant.objects.create(workshop=workshop, display_name=name) for name in GUESTS]
    for person in people:
        for touchpoint in touchpoints:
            emotion_rating_save(actor=GUEST,
                                measurement=measurement, touchpoint=touchpoint, participant=person, score=1)
    return workshop


def leader(workshop, facilitator):
    return Participant.objects.get(workshop=workshop, user=facilitator)


def names(workshop):
    return sorted(taking_part(workshop).values_list("display_name", flat=True))


def test_the_facilitator_leading_the_room_does_not_take_part_until_they_score_or_vote(room, facilitator, member,
                                                                                       owner):
    assert Participant.objects.filter(workshop=room).count() == 5
    assert names(room) == sorted([member.name, *GUESTS])
    Note.objects.create(touchpoint=touchpoints_of(room)[0], participant=leader(room, facilitator), kind="thorn",
                        text="Notulen: de wachttijd")  # taking notes for the room is leading it
    assert len(names(room)) == 4
    gap = Gap.objects.create(journey=room.journey, problem="Klanten weten niet wanneer hun sokken komen")
    runner = Participant.objects.create(workshop=room, user=owner, display_name=owner.name)
    assert owner.name not in names(room)
    GapVote.objects.create(gap=gap, participant=runner)  # an owner's own dot: they take part
    assert owner.name in names(room)
    emotion_rating_save(actor=GUEST, measurement=baseline_measurement(room.journey), touchpoint=touchpoints_of(room)[1],
                        participant=leader(room, facilitator), score=-2)
    assert facilitator.name in names(room) and len(names(room)) == 6


def test_a_guest_or_member_who_joined_takes_part_before_doing_anything(room, team):
    Participant.objects.create(workshop=room, display_name="Net binnen")
    assert "Net binnen" in names(room)


def test_one_query_whatever_the_room(room, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(taking_part(room))) == 4


def test_the_projector_counts_the_four_who_score(client, room, facilitator):
    client.force_login(facilitator)
    body = client.get(reverse("workshops:projector_live", args=[room.pk])).content.decode()
    assert "4 of 4 done" in body
    scorers = re.findall(r'<span class="em-scorer-name">([^<]+)</span>', body)
    assert sorted(scorers) == sorted(["Mo Member", *GUESTS])


def test_the_voting_summary_counts_the_four_who_vote(client, room, facilitator):
    Workshop.objects.filter(pk=room.pk).update(step=Step.GAPS)
    Gap.objects.create(journey=room.journey, problem="Klanten vinden hun maat niet")
    client.force_login(facilitator)
    page = client.get(reverse("workshops:room", args=[room.pk])).content.decode()
    assert "0 of 4 participants have voted." in page
    projector = client.get(reverse("workshops:projector_live", args=[room.pk])).content.decode()
    assert "<strong>0</strong> of 4 participants have voted" in projector
    guest = Client()
    guest.post(reverse("workshops:join"), {"code": room.join_code, "display_name": "Laatkomer"})
    answer = guest.post(reverse("journeys:gap_vote", args=[room.pk, Gap.objects.get().pk]), {"dots": "add"},
                        HTTP_HX_REQUEST="true")
    assert "1 of 5 participants have voted." in answer.content.decode()


def test_the_reports_cover_counts_and_lists_those_who_took_part(room, facilitator):
    assert [person.display_name for person in gather_report(room.pk).participants] == ["Mo Member", *GUESTS]
    with translation.override("nl"):
        pdf, _report = workshop_report_pdf(room.pk, language="nl")
    _reader, pages = pdf_pages(pdf)
    assert "Deelnemers 4 " in pages[0]
    assert facilitator.name not in pages[0].split("Deelnemers 4 ")[1]  # named as facilitator, not as a participant
    assert EmotionRating.objects.filter(participant__user=facilitator).count() == 0
