"""Every URL pattern of the project, requested by people outside team A: never a 200 with A's data.

The patterns come from the URL resolver, so views added later are walked without touching this
test. A URL parameter this test cannot fill makes it fail: add a filler below for the new name.
"""

import hashlib
import re
import secrets

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys.models import (
    EmotionRating,
    Evidence,
    Gap,
    GapVote,
    Journey,
    JourneyTemplate,
    Measurement,
    Note,
    Persona,
    ReportFile,
    Stage,
    Touchpoint,
)
from tests.factories import InvitationFactory
from workshops.api_auth import api_token_create
from workshops.models import Invitation, Membership, Participant, Team, Workshop
from workshops.services import workshop_create

ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAM = re.compile(r"\(\?P<(\w+)>")


def walk(resolver=None, namespace="", route=""):
    """Yield (qualified name, full route) for every pattern, descending into includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, inner, text)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), text


def params_of(route):
    return list(dict.fromkeys(ROUTE_PARAM.findall(route) + REGEX_PARAM.findall(route)))


# The API's detail routes name their object "pk"; which object that is follows from the route's basename.
API_OBJECTS = {
    "team": lambda a: a["team"], "membership": lambda a: a["membership"], "workshop": lambda a: a["workshop"],
    "journey": lambda a: a["workshop"].journey, "api_token": lambda a: a["api_token"],
    "stage": lambda a: a["objects"]["stage"], "touchpoint": lambda a: a["objects"]["touchpoint"],
    "evidence": lambda a: a["objects"]["evidence"], "note": lambda a: a["objects"]["note"],
    "gap": lambda a: a["objects"]["gap"], "persona": lambda a: a["objects"]["persona"],
    "participant": lambda a: a["objects"]["participant"], "improvement": lambda a: a["objects"]["improvement"],
    "review": lambda a: a["objects"]["review"], "measurement": lambda a: a["objects"]["review"].measurement,
    "emotion_rating": lambda a: a["rating"], "review_cycle": lambda a: a["cycle"],
    "status_change": lambda a: a["status_change"],
}


def api_basename(name):
    """"v1:touchpoint-detail" → "touchpoint", "v1:measurement-emotion-ratings" (a nested list) → "measurement";
    None outside the API. A basename unknown to API_OBJECTS comes back whole, so the walk asks for it."""
    if not (name and name.startswith("v1:")):
        return None
    route = name.split(":", 1)[1]
    known = [basename for basename in API_OBJECTS if route.startswith(f"{basename}-")]
    return max(known, key=len) if known else route.rsplit("-", 1)[0]


@pytest.fixture
def team_a(owner, member, viewer, facilitator):
    """Team A with people, an open invitation, and the strings that would betray its data."""
    team = owner.current_team
    invitation = InvitationFactory(team=team, email="secret-invitee@alfa.example", invited_by=owner)
    workshop = workshop_create(team=team, title="Geheime workshop Alfa", facilitator=owner,
                               template=JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    persona = Persona.objects.create(team=team, name="Geheime Gerrit")
    stage = journey.stages.first()
    touchpoint = Touchpoint.objects.create(stage=stage, name="Geheim contactmoment")
    evidence = Evidence.objects.create(journey=journey, kind="qualitative", quote="Geheim citaat van Alfa")
    participant = Participant.objects.create(workshop=workshop, display_name="Geheime gast")
    note = Note.objects.create(touchpoint=touchpoint, participant=participant, kind="thorn", text="Geheime doorn")
    gap = Gap.objects.create(journey=journey, problem="Geheim knelpunt van Alfa")
    improvement = Improvement.objects.create(journey=journey, gap=gap, title="Geheime verbetering van Alfa",
                                             kpi="Geheime KPI", owner=member, status="planned",
                                             deadline="2030-01-31")
    status_change = StatusChange.objects.create(improvement=improvement, new_status="planned",
                                                comment="Geheim commentaar")
    cycle = ReviewCycle.objects.create(journey=journey, next_due="2030-03-01")
    review = Review.objects.create(
        journey=journey, held_on="2030-03-01", notes="Geheime reviewnotities",
        measurement=Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01"))
    objects = {"stage": stage, "touchpoint": touchpoint, "evidence": evidence, "note": note, "gap": gap,
               "persona": persona, "participant": participant, "improvement": improvement, "review": review}
    markers = [team.name, team.slug, invitation.email, invitation.token, workshop.title, workshop.join_code,
               persona.name, touchpoint.name, evidence.quote, note.text, gap.problem, participant.display_name,
               improvement.title, improvement.kpi, "Geheim commentaar", review.notes]
    for person in (owner, member, viewer, facilitator):
        markers += [person.email, person.name]
    rating = EmotionRating.objects.create(measurement=review.measurement, touchpoint=touchpoint,
                                          participant=participant, score=-4, comment="Geheime toelichting")
    api_token, _text = api_token_create(user=owner, name="Geheim script")
    # A report PDF that was made: its status and download are addressed by its fingerprint.
    report_file = ReportFile.objects.create(
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


def fillers(a):
    return {
        "slug": a["team"].slug,
        "membership_id": a["membership"].pk,
        "invitation_id": a["invitation"].pk,
        # Invitation links are capabilities: an outsider does not hold A's token, so we try a
        # well-formed forged one (the tests in test_teams.py cover a real token's behaviour).
        "token": secrets.token_urlsafe(32),
        "workshop_id": a["workshop"].pk,
        "token_id": a["api_token"].pk,
        "key": a["report_file"].fingerprint,  # a report's fingerprint: A's own, which an outsider can't reach
        **{f"{name}_id": obj.pk for name, obj in a["objects"].items()},
        # Join codes are capabilities too: a guess, never A's code (test_room.py covers the real one).
        "code": "ZZZZ2222",
        "uidb64": urlsafe_base64_encode(force_bytes(a["owner"].pk)),
        # Django admin
        "app_label": "workshops",
        "model_name": "team",
        "object_id": str(a["team"].pk),
        "content_type_id": "1",
        "url": "workshops/team/",
        "id": str(a["owner"].pk),
    }


def urls_to_try(a):
    values = fillers(a)
    urls = []
    for name, route in walk():
        params = params_of(route)
        missing = [p for p in params if p not in values and p != "pk"]
        assert not missing, f"No filler for URL parameter(s) {missing} of {route!r}: add one to fillers()"
        if name is None:
            assert route.startswith("admin/"), f"URL pattern {route!r} needs a name"
            continue  # the admin's catch-all
        kwargs = {p: values[p] for p in params if p != "pk"}
        if "pk" in params:
            basename = api_basename(name)
            assert basename in API_OBJECTS, f"No team-A object for the API route {name!r}: add it to API_OBJECTS"
            kwargs["pk"] = API_OBJECTS[basename](a).pk
        urls.append((name, reverse(name, kwargs=kwargs)))
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
        list(Journey.objects.filter(team=team).order_by("pk").values_list("pk", "title", "customer_goal", "persona")),
        list(Persona.objects.filter(team=team).order_by("pk").values_list("pk", "name", "goals")),
        list(Stage.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "name", "position")),
        list(Touchpoint.objects.filter(stage__journey__team=team).order_by("pk").values_list(
            "pk", "name", "position", "importance", "target_emotion")),
        list(Evidence.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "quote", "metric")),
        list(Note.objects.filter(touchpoint__stage__journey__team=team).order_by("pk").values_list("pk", "text")),
        list(Gap.objects.filter(**journey_of_team).order_by("pk").values_list("pk", "problem")),
        list(GapVote.objects.filter(gap__journey__team=team).order_by("pk").values_list("pk", "dots")),
        list(EmotionRating.objects.filter(measurement__journey__team=team).order_by("pk").values_list("pk", "score")),
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
    assert {"team_detail", "team_members", "member_role", "invitation_accept", "admin:index"} <= names


def test_outsider_never_gets_team_a_data_on_any_url(client, team_a, outsider):
    client.force_login(outsider)
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        if name == "logout":
            continue  # would end the outsider's session for the URLs after it
        for method, response in requests_for(client, url):
            assert response.status_code != 500, f"{method} {url}"
            assert_no_data_of_a(response, team_a["markers"], url)
            if is_team_a_url(team_a, url, name):
                # 405: a POST-only view answers GET before it looks anything up, so it reveals nothing.
                assert response.status_code in (404, 405), f"{method} {url} gave {response.status_code}"
    assert snapshot(team_a["team"]) == before, "an outsider's request changed team A"


def test_anonymous_never_gets_team_a_data_on_any_url(client, team_a):
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        for method, response in requests_for(client, url):
            assert response.status_code != 500, f"{method} {url}"
            assert_no_data_of_a(response, team_a["markers"], url)
            if is_team_a_url(team_a, url, name):
                assert response.status_code in NOT_SIGNED_IN, f"{method} {url} gave {response.status_code}"
                if response.status_code in (401, 403):
                    assert api_basename(name), f"{method} {url}: only the API answers {response.status_code}"
                if response.status_code == 302:
                    assert response.url.startswith(reverse("login")), f"{method} {url} → {response.url}"
    assert snapshot(team_a["team"]) == before, "an anonymous request changed team A"


def test_guest_of_another_workshop_never_gets_team_a_data_on_any_url(client, team_a, outsider, other_team):
    """A guest holds a participant id in their session for one workshop (here team B's): nothing of A."""
    workshop_b = workshop_create(team=other_team, title="Workshop B", facilitator=outsider, template="blank")
    joined = client.post(reverse("join"), {"code": workshop_b.join_code, "display_name": "Gast van B"})
    assert joined.url == reverse("room", args=[workshop_b.pk])
    before = snapshot(team_a["team"])
    for name, url in urls_to_try(team_a):
        if name in ("logout", "join", "join_code"):
            continue  # would end or replace the guest's session (and count against the join rate limit)
        for method, response in requests_for(client, url):
            assert response.status_code != 500, f"{method} {url}"
            assert_no_data_of_a(response, team_a["markers"], url)
            if is_team_a_url(team_a, url, name):
                assert response.status_code in NOT_SIGNED_IN, f"{method} {url} gave {response.status_code}"
                if response.status_code in (401, 403):
                    assert api_basename(name), f"{method} {url}: only the API answers {response.status_code}"
                if response.status_code == 302:
                    assert response.url.startswith(reverse("login")), f"{method} {url} → {response.url}"
    assert snapshot(team_a["team"]) == before, "a guest of another workshop changed team A"
    assert client.get(reverse("room", args=[workshop_b.pk])).status_code == 200  # still B's guest throughout
