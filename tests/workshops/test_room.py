from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from journeys.models import JourneyTemplate, Measurement, Stage, Touchpoint
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from tests.db_snapshot import nothing_written
from tests.factories import TeamFactory
from workshops.limits import DISPLAY_NAME_MAX
from workshops.models import Participant, Step, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(template=JourneyTemplate.SUBSCRIPTION)]


def join(client, code, name="Gast Gerda"):
    return client.post(reverse("workshops:join"), {"code": code, "display_name": name})


# --- Creating ------------------------------------------------------------------------------------

@pytest.mark.parametrize("template,stages", [
    (JourneyTemplate.FIVE_PHASES, 5), (JourneyTemplate.SUBSCRIPTION, 6), (JourneyTemplate.CUSTOMER_CONTACT, 5),
    (JourneyTemplate.B2B, 6), (JourneyTemplate.BLANK, 0),
])
def test_facilitator_creates_a_workshop_from_a_template(client, facilitator, team, template, stages):
    client.force_login(facilitator)
    response = client.post(reverse("journeys:workshop_new", args=[team.slug]),
                           {"title": "Klantreis 2027", "template": template, "scheduled_for": "2027-01-15"})
    workshop = Workshop.objects.get(team=team)
    assert response.url == reverse("workshops:room", args=[workshop.pk])
    assert workshop.journey.stages.count() == stages
    assert workshop.facilitator == facilitator
    assert Measurement.objects.filter(journey=workshop.journey, kind="baseline").count() == 1


def test_dutch_stage_names_from_the_subscription_template(workshop):
    names = list(workshop.journey.stages.values_list("name", flat=True))
    assert names == ["Bewustwording", "Overweging", "Beslissing", "Onboarding", "Gebruik", "Advocacy"]


def test_workshop_can_copy_an_earlier_journey(client, facilitator, team, workshop):
    stage = workshop.journey.stages.first()
    Touchpoint.objects.create(stage=stage, name="Instagram-advertentie", channel="social", importance=4)
    client.force_login(facilitator)
    client.post(reverse("journeys:workshop_new", args=[team.slug]),
                {"title": "Tweede ronde", "template": "blank", "copy_from": workshop.journey.pk})
    copy = Workshop.objects.get(title="Tweede ronde").journey
    assert copy.stages.count() == 6
    assert Touchpoint.objects.get(stage__journey=copy).name == "Instagram-advertentie"


def test_copy_from_another_teams_journey_is_refused(client, facilitator, team, outsider, other_team):
    foreign = workshop_create(team=other_team, title="Bravo", facilitator=outsider, template="blank")
    client.force_login(facilitator)
    response = client.post(reverse("journeys:workshop_new", args=[team.slug]),
                           {"title": "Stiekem", "template": "blank", "copy_from": foreign.journey.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["copy_from"]
    assert not Workshop.objects.filter(team=team).exists()


@pytest.mark.parametrize("data,field", [
    ({"title": "", "template": "blank"}, "title"),
    ({"title": "X", "template": "nonsense"}, "template"),
    ({"title": "X", "template": "blank", "scheduled_for": "31-31-2027"}, "scheduled_for"),
])
def test_bad_workshop_input_is_shown_next_to_the_field(client, facilitator, team, data, field):
    client.force_login(facilitator)
    response = client.post(reverse("journeys:workshop_new", args=[team.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_only_facilitators_and_owners_create_workshops(client, team, persona, request):
    client.force_login(request.getfixturevalue(persona))
    with nothing_written():
        response = client.post(reverse("journeys:workshop_new", args=[team.slug]), {"title": "X", "template": "blank"})
    assert response.status_code == 403


def test_journey_copy_as_ideal_links_every_touchpoint_to_its_source(workshop):
    stage = workshop.journey.stages.first()
    original = Touchpoint.objects.create(stage=stage, name="Website", importance=5, moment_of_truth=True)
    ideal = journey_copy(source=workshop.journey, title="Ideaal", ideal=True)
    assert ideal.ideal_of == workshop.journey
    copied = Touchpoint.objects.get(stage__journey=ideal)
    assert (copied.source, copied.importance, copied.moment_of_truth) == (original, 5, True)
    assert Stage.objects.filter(journey=ideal).count() == 6


# --- The room ------------------------------------------------------------------------------------

def test_member_entering_the_room_becomes_a_participant(client, member, workshop):
    client.force_login(member)
    response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.status_code == 200
    assert Participant.objects.filter(workshop=workshop, user=member).count() == 1
    client.get(reverse("workshops:room", args=[workshop.pk]))
    assert Participant.objects.filter(workshop=workshop, user=member).count() == 1


def test_a_member_with_a_name_as_long_as_names_may_be_takes_part(client, member, workshop):
    """A person's name may be longer than a name in the room: it is shortened to fit (PostgreSQL refused it: a 500)."""
    member.name = " ".join(["Maximiliaan"] * 12)  # 143 of the 150 characters a name may have
    member.save(update_fields=["name"])
    client.force_login(member)
    assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200
    participant = Participant.objects.get(workshop=workshop, user=member)
    assert participant.display_name == member.name[:DISPLAY_NAME_MAX]


def test_viewer_sees_the_room_without_becoming_a_participant(client, viewer, workshop):
    client.force_login(viewer)
    response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.status_code == 200
    assert response.context["room"].can_rate is False
    assert not Participant.objects.filter(user=viewer).exists()


def test_facilitator_moves_the_room_through_the_steps(client, facilitator, workshop):
    client.force_login(facilitator)
    url = reverse("workshops:workshop_step", args=[workshop.pk])
    client.post(url, {"move": "next"})
    workshop.refresh_from_db()
    assert workshop.step == Step.DATA
    client.post(url, {"step": "gaps"})
    workshop.refresh_from_db()
    assert workshop.step == Step.GAPS
    client.post(url, {"move": "previous"})
    workshop.refresh_from_db()
    assert workshop.step == Step.IDEAL
    response = client.post(url, {"step": "nonsense"}, follow=True)
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.step == Step.IDEAL


def test_moving_past_the_last_step_stays_there(client, facilitator, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IMPROVEMENTS)
    client.force_login(facilitator)
    client.post(reverse("workshops:workshop_step", args=[workshop.pk]), {"move": "next"})
    workshop.refresh_from_db()
    assert workshop.step == Step.IMPROVEMENTS


def test_members_cannot_move_the_room(client, member, workshop):
    client.force_login(member)
    with nothing_written():
        assert client.post(reverse("workshops:workshop_step", args=[workshop.pk]), {"move": "next"}).status_code == 403


def test_countdown_starts_shows_and_stops(client, facilitator, workshop):
    client.force_login(facilitator)
    client.post(reverse("workshops:workshop_countdown", args=[workshop.pk]), {"minutes": "7"})
    workshop.refresh_from_db()
    assert workshop.step_ends_at is not None
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert f'data-countdown="{workshop.step_ends_at.isoformat()}"' in page
    client.post(reverse("workshops:workshop_countdown", args=[workshop.pk]), {"stop": "1"})
    workshop.refresh_from_db()
    assert workshop.step_ends_at is None


@pytest.mark.parametrize("minutes", ["0", "500", "tien", ""])
def test_bad_countdown_gets_a_message_not_a_500(client, facilitator, workshop, minutes):
    client.force_login(facilitator)
    response = client.post(reverse("workshops:workshop_countdown", args=[workshop.pk]),
                           {"minutes": minutes}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    workshop.refresh_from_db()
    assert workshop.step_ends_at is None


def test_screens_reload_only_when_the_room_changes(client, member, facilitator, workshop):
    client.force_login(member)
    version = client.get(reverse("workshops:room", args=[workshop.pk])).context["version"]
    state = client.get(reverse("workshops:room_state", args=[workshop.pk]), {"version": version})
    assert state.status_code == 204 and "HX-Refresh" not in state
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.DATA)
    state = client.get(reverse("workshops:room_state", args=[workshop.pk]), {"version": version})
    assert state["HX-Refresh"] == "true"


def test_projector_and_its_live_part_render(client, viewer, workshop):
    client.force_login(viewer)
    page = client.get(reverse("workshops:projector", args=[workshop.pk]))
    assert page.status_code == 200
    assert workshop.join_code in page.content.decode()
    assert client.get(reverse("workshops:projector_live", args=[workshop.pk])).status_code == 200


def test_join_qr_code_is_an_svg_of_the_join_link(client, facilitator, workshop):
    client.force_login(facilitator)
    response = client.get(reverse("workshops:join_qr", args=[workshop.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


# --- Guests --------------------------------------------------------------------------------------

def test_guest_joins_with_the_code_and_a_name(client, workshop):
    response = join(client, workshop.join_code.lower(), "  Gerda   van Gast ")
    assert response.url == reverse("workshops:room", args=[workshop.pk])
    guest = Participant.objects.get(workshop=workshop)
    assert guest.user is None and guest.display_name == "Gerda van Gast"
    room = client.get(response.url)
    assert room.status_code == 200
    assert room.context["room"].is_guest and room.context["room"].can_rate
    assert room.context["room"].can_edit is False


def test_join_link_prefills_the_code(client, workshop):
    page = client.get(reverse("workshops:join_code", args=[workshop.join_code]))
    assert page.context["form"]["code"].value() == workshop.join_code


@pytest.mark.parametrize("code,name,field", [
    ("WRONG123", "Gerda", "code"), ("", "Gerda", "code"), (None, "", "display_name"),
])
def test_bad_join_input_is_explained(client, workshop, code, name, field):
    response = join(client, workshop.join_code if code is None else code, name)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Participant.objects.exists()


def test_guests_cannot_join_a_closed_workshop(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    response = join(client, workshop.join_code)
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_guest_of_a_closed_workshop_can_only_look(client, workshop):
    join(client, workshop.join_code)
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    room = client.get(reverse("workshops:room", args=[workshop.pk])).context["room"]
    assert room.can_rate is False


def test_renewing_the_code_shuts_out_guests_with_the_old_one(client, facilitator, workshop):
    join(client, workshop.join_code)
    assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200
    from django.test import Client

    facilitator_client = Client()
    facilitator_client.force_login(facilitator)
    facilitator_client.post(reverse("workshops:workshop_join_code", args=[workshop.pk]))
    old_code = workshop.join_code
    workshop.refresh_from_db()
    assert workshop.join_code != old_code
    assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 404
    state = client.get(reverse("workshops:room_state", args=[workshop.pk]))
    assert state["HX-Redirect"] == reverse("workshops:join")
    assert join(client, old_code).status_code == 400
    assert join(client, workshop.join_code).status_code == 302


def test_guest_of_workshop_a_sees_nothing_of_workshop_b(client, workshop, outsider, other_team):
    other = workshop_create(team=other_team, title="Workshop B", facilitator=outsider, template="blank")
    join(client, workshop.join_code)
    for name in ("workshops:room", "workshops:projector", "workshops:projector_live", "workshops:join_qr"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    assert client.get(reverse("workshops:team_detail", args=[workshop.team.slug])).status_code == 302  # to the login


def test_guest_cannot_run_the_workshop(client, workshop):
    join(client, workshop.join_code)
    for name in ("workshops:workshop_step", "workshops:workshop_countdown",
                 "workshops:workshop_open", "workshops:workshop_join_code"):
        assert client.post(reverse(name, args=[workshop.pk]), {"move": "next", "minutes": 5}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.step == Step.SCOPE and workshop.step_ends_at is None


def test_team_member_with_the_code_enters_as_themselves(client, member, workshop):
    client.force_login(member)
    response = join(client, workshop.join_code)
    assert response.url == reverse("workshops:room", args=[workshop.pk])
    assert not Participant.objects.filter(user__isnull=True).exists()


def test_wrong_codes_are_rate_limited_per_address(client, workshop):
    """More in test_join_limit.py. The limit counts in minutes of the clock: the test runs inside one."""
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            assert join(client, "WRONG999").status_code == 400
        blocked = join(client, workshop.join_code)
    assert blocked.status_code == 429
    assert not Participant.objects.exists()


def test_facilitator_closes_and_reopens(client, facilitator, workshop):
    client.force_login(facilitator)
    client.post(reverse("workshops:workshop_open", args=[workshop.pk]), {"open": "0"})
    workshop.refresh_from_db()
    assert workshop.is_open is False
    client.post(reverse("workshops:workshop_open", args=[workshop.pk]), {"open": "1"})
    workshop.refresh_from_db()
    assert workshop.is_open is True


def test_team_page_lists_workshops(client, viewer, workshop):
    client.force_login(viewer)
    assert workshop.title in client.get(reverse("workshops:team_detail", args=[workshop.team.slug])).content.decode()


def test_workshops_of_other_teams_are_404(client, member):
    other = workshop_create(team=TeamFactory(), title="Elders", facilitator=None, template="blank")
    client.force_login(member)
    assert client.get(reverse("workshops:room", args=[other.pk])).status_code == 404


# --- Watchers see the board change ---------------------------------------------------------------

def test_a_guest_watching_the_touchpoints_sees_the_teams_edits(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.TOUCHPOINTS)
    join(client, workshop.join_code)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert page.context["live_step"] is True
    seen, count = page.context["step_fingerprint"], page.context["live_count"]
    assert f'?seen={seen}&amp;n={count}"' in page.content.decode()
    assert "data-announce" not in page.content.decode()  # a page just opened has nothing to announce
    live = reverse("workshops:step_live", args=[workshop.pk])
    assert client.get(live, {"seen": seen, "n": count}).status_code == 204  # nothing changed: nothing swapped
    stage = workshop.journey.stages.first()
    Touchpoint.objects.bulk_create(Touchpoint(stage=stage, name=name, position=position)
                                   for name, position in (("Nieuwsbrief", 9), ("App", 10)))
    changed = client.get(live, {"seen": seen, "n": count})
    assert changed.status_code == 200
    assert "Nieuwsbrief" in changed.content.decode()
    assert changed.context["step_fingerprint"] != seen
    assert 'data-announce="2 nieuwe contactmomenten."' in changed.content.decode()  # read out by the live region
    Touchpoint.objects.filter(name="App").update(name="De app")
    edited = client.get(live, {"seen": changed.context["step_fingerprint"], "n": count + 2})
    assert 'data-announce="De contactmomenten zijn gewijzigd."' in edited.content.decode()
    for bogus in ("-1", "1e9", "99999999", "<b>"):  # a count the page never sent: the general words, no error
        answer = client.get(live, {"seen": "x", "n": bogus})
        assert answer.status_code == 200
        assert 'data-announce="De contactmomenten zijn gewijzigd."' in answer.content.decode()


def test_editors_are_not_polled_under_their_fingers(client, member, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.TOUCHPOINTS)
    client.force_login(member)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert page.context["live_step"] is False
    assert reverse("workshops:step_live", args=[workshop.pk]) not in page.content.decode()
    assert client.get(reverse("workshops:step_live", args=[workshop.pk]), {"seen": "x"}).status_code == 204


@pytest.mark.parametrize("step", [Step.EMOTIONS, Step.GAPS])
def test_where_guests_score_or_vote_the_step_is_not_swapped(client, workshop, step):
    Workshop.objects.filter(pk=workshop.pk).update(step=step)
    join(client, workshop.join_code)
    assert client.get(reverse("workshops:room", args=[workshop.pk])).context["live_step"] is False


def test_the_longest_title_the_form_allows_is_saved_whole(client, facilitator, team):
    client.force_login(facilitator)
    title = "Klantreis " + "x" * 140  # 150 characters: more than a measurement's label holds
    response = client.post(reverse("journeys:workshop_new", args=[team.slug]), {"title": title, "template": "blank"})
    assert response.status_code == 302
    workshop = Workshop.objects.get(team=team)
    assert workshop.title == title
    assert Measurement.objects.get(journey=workshop.journey).label == title[:100]
