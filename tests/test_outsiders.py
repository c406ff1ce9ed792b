"""Every URL pattern of the project, requested by people outside team A: never a 200 with A's data.

The patterns come from the URL resolver (tests/urlwalk.py), so views added later are walked without touching
this test. A URL parameter the walk cannot fill makes it fail: add a filler to ``urlwalk.fillers``.
"""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys import models as journey_models
from journeys.services.workshops import workshop_create
from tests.factories import InvitationFactory
from tests.urlwalk import API_OBJECTS, api_basename, api_object, fillers, routes, url_of
from workshops.api_auth import api_token_create
from workshops.models import Invitation, Membership, Participant, Team, Workshop


@pytest.fixture
def team_a(owner, member, viewer, facilitator):
    """Team A with people, an open invitation, and the strings that would betray its data."""
    team = owner.current_team
    invitation = InvitationFactory(team=team, email="secret-invitee@alfa.example", invited_by=owner)
    workshop = workshop_create(team=team, title="Geheime workshop Alfa", facilitator=owner,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    persona = journey_models.Persona.objects.create(team=team, name="Geheime Gerrit")
    stage = journey.stages.first()
    touchpoint = journey_models.Touchpoint.objects.create(stage=stage, name="Geheim contactmoment")
    evidence = journey_models.Evidence.objects.create(journey=journey, kind="qualitative",
                                                      quote="Geheim citaat van Alfa")
    participant = Participant.objects.create(workshop=workshop, display_name="Geheime gast")
    note = journey_models.Note.objects.create(touchpoint=touchpoint, participant=participant, kind="thorn",
                                              text="Geheime doorn")
    gap = journey_models.Gap.objects.create(journey=journey, problem="Geheim knelpunt van Alfa")
    improvement = Improvement.objects.create(journey=journey, gap=gap, title="Geheime verbetering van Alfa",
                                             kpi="Geheime KPI", owner=member, status="planned",
                                             deadline="2030-01-31")
    status_change = StatusChange.objects.create(improvement=improvement, new_status="planned",
                                                comment="Geheim commentaar")
    cycle = ReviewCycle.objects.create(journey=journey, next_due="2030-03-01")
    review = Review.objects.create(
        journey=journey, held_on="2030-03-01", notes="Geheime reviewnotities",
        measurement=journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01"))
    objects = {"stage": stage, "touchpoint": touchpoint, "evidence": evidence, "note": note, "gap": gap,
               "persona": persona, "participant": participant, "improvement": improvement, "review": review}
    markers = [team.name, team.slug, invitation.email, invitation.token, workshop.title, workshop.join_code,
               persona.name, touchpoint.name, evidence.quote, note.text, gap.problem, participant.display_name,
               improvement.title, improvement.kpi, "Geheim commentaar", review.notes]
    for person in (owner, member, viewer, facilitator):
        markers += [person.email, person.name]
    rating = journey_models.EmotionRating.objects.create(measurement=review.measurement, touchpoint=touchpoint,
                                                         participant=participant, score=-4,
                                                         comment="Geheime toelichting")
    api_token, _text = api_token_create(user=owner, name="Geheim script")
    # A report PDF that was made: its status and download are addressed by its fingerprint.
    report_file = journey_models.ReportFile.objects.create(
        workshop=workshop, language="nl", fingerprint=hashlib.sha256(b"alfa").hexdigest(), state="ready",
        filename="geheim-rapport-van-alfa.pdf", pdf=b"%PDF-1.7 Geheim rapport van Alfa", requested_at=timezone.now())
    markers += [rating.comment, api_token.name, "Geheim rapport van Alfa", report_file.filename]
    return {
        "report_file": report_file,
        "cycle": cycle, "status_change": status_change, "rating": rating, "api_token": api_token,
        "team": team,
        "membership": Membership.objects.get(team=team, user=member),
        "invitation": invitation,
        "workshop": workshop,
        "objects": objects,
        "owner": owner,
        "markers": markers,
    }


def team_a_fillers(a):
    return fillers({"team": a["team"], "membership": a["membership"], "invitation": a["invitation"],
                    "workshop": a["workshop"], "api_token": a["api_token"], "report_file": a["report_file"],
                    "owner": a["owner"], **a["objects"]})


def urls_to_try(a):
    values = team_a_fillers(a)
    urls = []
    for route in routes():
        if route.name is None:
            assert route.route.startswith("admin/"), f"URL pattern {route.route!r} needs a name"
            continue  # the admin's catch-all
        if "pk" in route.params:
            urls.append((route.name, url_of(route, {**values, "pk": api_object(a, route.name).pk})))
        else:
            urls.append((route.name, url_of(route, values)))
    return urls


def snapshot(team):
    """What a stranger's POST must not be able to change (their own new teams may appear)."""
    journey_of_team = {"journey__team": team}
    return (
        list(Team.objects.filter(pk=team.pk).values_list("pk", "name", "slug")),
        list(Membership.objects.filter(team=team).order_by("pk").values_list("pk", "user_id", "role")),
        list(Invitation.objects.filter(team=team).order_by("pk").values_list("pk", "email", "role", "token",
                                                                               "accepted_at")),
        list(Workshop.objects.filter(team=team).values_list("pk", "title", "step", "step_ends_at", "is_open",
                                                            "join_code", "votes_per_participant", "closed_at")),
        list(journey_models.Journey.objects.filter(team=team).order_by("pk").values_list("pk", "title", "customer_goal",
                                                                                         "persona")),
        list(journey_models.Persona.objects.filter(team=team).order_by("pk").values_list("pk", "name", "goals")),
        list(journey_models.Stage.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "name",
                                                                                               "position")),
        list(journey_models.Touchpoint.objects.filter(stage__journey__team=team).order_by("pk").values_list(
            "pk", "name", "position", "importance", "target_emotion")),
        list(journey_models.Evidence.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "quote",
                                                                                                  "metric")),
        list(journey_models.Note.objects.filter(touchpoint__stage__journey__team=team).order_by("pk").values_list(
            "pk", "text")),
        list(journey_models.Gap.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "problem")),
        list(journey_models.GapVote.objects.filter(gap__journey__team=team).order_by("pk").values_list("pk", "dots")),
        list(journey_models.EmotionRating.objects.filter(measurement__journey__team=team).order_by("pk").values_list(
            "pk", "score")),
        list(Participant.objects.filter(workshop__team=team).order_by("pk").values_list("pk", "display_name")),
        list(Improvement.objects.filter(**journey_of_team).order_by("pk").values_list(
            "pk", "title", "impact", "effort", "owner", "deadline", "status", "kpi", "gap")),
        list(StatusChange.objects.filter(improvement__journey__team=team).order_by("pk").values_list(
            "pk", "new_status", "comment")),
        list(ReviewCycle.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "cadence_months",
                                                                                      "next_due")),
        list(Review.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "held_on", "notes",
                                                                                 "finished_at")),
    )


def assert_no_data_of_a(response, markers, url):
    if response.status_code == 200 and not response.streaming:
        body = response.content.decode(errors="replace")
        leaked = [marker for marker in markers if marker in body]
        assert not leaked, f"{url} showed {leaked} to someone outside team A"


def is_team_a_url(a, url, name):
    """A URL naming one of team A's objects (not the admin's, which sends non-staff to its login)."""
    if api_basename(name) is not None:
        return name.endswith("-detail") or "/api/v1/" in url and any(  # detail routes and nested lists
            f"/{getter(a).pk}/" in url for getter in API_OBJECTS.values())
    return not name.startswith("admin:") and (a["team"].slug in url or f"/w/{a['workshop'].pk}/" in url)


# Without a session the API answers 401/403 (it never redirects to the login page).
NOT_SIGNED_IN = (302, 401, 403, 404, 405)


def requests_for(client, url):
    yield "GET", client.get(url)
    yield "POST", client.post(url, {"role": "owner", "email": "x@example.com", "name": "Hijack"})


def test_walk_covers_the_project(team_a):
    names = {name for name, _url in urls_to_try(team_a)}
    # A guard against a walk that silently finds nothing.
    assert {"workshops:team_detail", "workshops:team_members", "workshops:member_role",
            "workshops:invitation_accept", "admin:index"} <= names


def test_outsider_never_gets_team_a_data_on_any_url(client, team_a, outsider):
    client.force_login(outsider)
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        if name == "workshops:logout":
            continue  # would end the outsider's session for the URLs after it
        for method, response in requests_for(client, url):
            assert response.status_code != 500, f"{method} {url}"
            assert_no_data_of_a(response, team_a["markers"], url)
            if is_team_a_url(team_a, url, name):
                # 405: a POST-only view answers GET before it looks anything up, so it reveals nothing.
                assert response.status_code in (404, 405), f"{method} {url} gave {response.status_code}"
    assert snapshot(team_a["team"]) == before, "an outsider's request changed team A"


def assert_not_signed_in_answer(team_a, name, url, method, response):
    """A request of someone not signed in (anonymous, or a guest of another team's workshop): never a 500 nor any
    of A's data; on A's urls a refusal (the API's 401/403) or the way to the login page."""
    assert response.status_code != 500, f"{method} {url}"
    assert_no_data_of_a(response, team_a["markers"], url)
    if is_team_a_url(team_a, url, name):
        assert response.status_code in NOT_SIGNED_IN, f"{method} {url} gave {response.status_code}"
        if response.status_code in (401, 403):
            assert api_basename(name), f"{method} {url}: only the API answers {response.status_code}"
        if response.status_code == 302:
            assert response.url.startswith(reverse("workshops:login")), f"{method} {url} → {response.url}"


def test_anonymous_never_gets_team_a_data_on_any_url(client, team_a):
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        for method, response in requests_for(client, url):
            assert_not_signed_in_answer(team_a, name, url, method, response)
    assert snapshot(team_a["team"]) == before, "an anonymous request changed team A"


def test_guest_of_another_workshop_never_gets_team_a_data_on_any_url(client, team_a, outsider, other_team):
    """A guest holds a participant id in their session for one workshop (here team B's): nothing of A."""
    workshop_b = workshop_create(team=other_team, title="Workshop B", facilitator=outsider, template="blank")
    joined = client.post(reverse("workshops:join"), {"code": workshop_b.join_code, "display_name": "Gast van B"})
    assert joined.url == reverse("workshops:room", args=[workshop_b.pk])
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        if name in ("workshops:logout", "workshops:join", "workshops:join_code"):
            continue  # would end or replace the guest's session (and count against the join rate limit)
        for method, response in requests_for(client, url):
            assert_not_signed_in_answer(team_a, name, url, method, response)
    assert snapshot(team_a["team"]) == before, "a guest of another workshop changed team A"
    assert client.get(reverse("workshops:room", args=[workshop_b.pk])).status_code == 200  # still B's guest throughout
