"""Every write the API offers, sent by an outsider (a member of another team, with a token of their own) at team A's
objects: a PUT, PATCH or DELETE of one of A's objects is a 404, a POST making something in A is refused, and nothing
is written (every row of the database compared before and after, tests/db_snapshot.py).

The routes and their methods come from the URL resolver and the router (tests/urlwalk.py), so a resource registered
later is walked the day it is added; what each is sent comes from ``BODIES``, keyed by URL name, and a write route
without a body there fails the walk. A's owner sends the same requests and they go through: the bodies are valid.
"""

import datetime
import json

import pytest
from django.utils import timezone

from actions.models import Improvement, Status
from tests.api.conftest import used_token
from tests.db_snapshot import changes, snapshot
from tests.room_writes import rolled_back
from tests.urlwalk import api_object, routes, url_of
from workshops.dates import working_day_on_or_after
from workshops.services import participant_for_member

pytestmark = pytest.mark.django_db


def _journey(a):
    return a["workshop"].journey


def _a_new_score(a):
    """A first score in the round being scored (the review's), of a participant who has none yet."""
    return {"measurement": a["objects"]["review"].measurement_id, "touchpoint": a["objects"]["touchpoint"].pk,
            "participant": participant_for_member(workshop=a["workshop"], user=a["owner"]).pk, "score": 2}


# What each write route is sent: a change of A's object (PUT and PATCH alike) or something new in A. Valid bodies,
# as A's owner's requests show.
BODIES = {
    "v1:membership-detail": lambda a: {"role": "facilitator"},
    "v1:workshop-list": lambda a: {"team": a["team"].pk, "title": "Overgenomen"},
    "v1:workshop-detail": lambda a: {"title": "Overgenomen"},
    "v1:participant-list": lambda a: {"workshop": a["workshop"].pk, "display_name": "Indringer"},
    "v1:persona-list": lambda a: {"team": a["team"].pk, "name": "Indringer"},
    "v1:persona-detail": lambda a: {"name": "Indringer"},
    "v1:journey-detail": lambda a: {"title": "Overgenomen", "customer_goal": "Ik neem het over"},
    "v1:stage-list": lambda a: {"journey": _journey(a).pk, "name": "Indringer"},
    "v1:stage-detail": lambda a: {"name": "Indringer"},
    "v1:touchpoint-list": lambda a: {"stage": a["objects"]["stage"].pk, "name": "Indringer"},
    "v1:touchpoint-detail": lambda a: {"stage": a["objects"]["stage"].pk, "name": "Indringer", "importance": 5},
    "v1:evidence-list": lambda a: {"journey": _journey(a).pk, "kind": "qualitative", "quote": "Ingebroken"},
    "v1:evidence-detail": lambda a: {"kind": "qualitative", "quote": "Ingebroken"},
    "v1:note-list": lambda a: {"touchpoint": a["objects"]["touchpoint"].pk, "kind": "bud", "text": "Ingebroken"},
    "v1:note-detail": lambda a: {"kind": "bud", "text": "Ingebroken"},
    "v1:emotion_rating-list": _a_new_score,
    "v1:emotion_rating-detail": lambda a: {"score": 5},
    "v1:gap-list": lambda a: {"journey": _journey(a).pk, "problem": "Ingebroken"},
    "v1:gap-detail": lambda a: {"problem": "Ingebroken"},
    "v1:improvement-list": lambda a: {"journey": _journey(a).pk, "title": "Ingebroken"},
    "v1:improvement-detail": lambda a: {"title": "Ingebroken"},
    "v1:review_cycle-detail": lambda a: {"cadence_months": 6, "next_due": working_day_on_or_after(
        timezone.localdate() + datetime.timedelta(days=60)).isoformat()},
}
SUCCESS = {"POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}

# What a write needs beforehand, made before the database is compared (and rolled back after).
BEFORE = {
    # Only a proposed improvement can be deleted (a planned one is dropped): A's is planned.
    ("v1:improvement-detail", "DELETE"): lambda a: Improvement.objects.filter(
        pk=a["objects"]["improvement"].pk).update(status=Status.PROPOSED),
}


def api_writes():
    """(route, method) for every write method of every route of the API."""
    writes = [(route, method) for route in routes() if route.name and route.name.startswith("v1:")
              for method in sorted(route.writes)]
    assert writes, "the walk found no write of the API"
    return writes


def request_for(a, route, method):
    """(url, body) of ``method`` at ``route``: A's object where the route names one, the body from BODIES. Call it
    before comparing the database: making the body, or what BEFORE says the write needs, may write (a new score
    needs a participant without one)."""
    url = url_of(route, {"pk": api_object(a, route.name).pk} if "pk" in route.params else {})
    if (route.name, method) in BEFORE:
        BEFORE[route.name, method](a)
    if method == "DELETE":
        return url, None
    assert route.name in BODIES, f"No body to send to the API write route {route.name!r}: add one to BODIES."
    return url, BODIES[route.name](a)


def walk(client, headers, a, judge):
    """Every write of the API with ``headers``, each into team A as it is, rolled back after; ``judge(method,
    response, written)`` says what is wrong. Returns what went wrong."""
    wrong = []
    for route, method in api_writes():
        with rolled_back():
            url, body = request_for(a, route, method)
            before = snapshot()
            data = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
            response = client.generic(method, url, **data, **headers)
            written = changes(before, snapshot())
        problem = judge(method, response, written)
        if problem:
            wrong.append(f"{method} {url} ({route.name}): {problem}")
    return wrong


def test_every_write_of_the_api_has_a_body():
    writes = api_writes()
    names = {route.name for route, method in writes if method != "DELETE"}
    missing = sorted(names - BODIES.keys())
    assert not missing, f"API write routes without a body to try: {missing}: add one to BODIES."
    assert not BODIES.keys() - names, f"Bodies for routes without writes: {sorted(BODIES.keys() - names)}"
    # Guards against a walk that silently finds less.
    methods = {method for _route, method in writes}
    assert methods == {"POST", "PUT", "PATCH", "DELETE"}, methods
    assert len(writes) >= 40, len(writes)


def test_an_outsider_writes_nothing_of_team_a_through_the_api(client, team_a, outsider):
    def judge(method, response, written):
        # A's object is not there for them (404); a new object's parent in A "does not exist" (400) or is not
        # there (404).
        refused = response.status_code == 404 or (method == "POST" and response.status_code == 400)
        problem = "" if refused else f"expected a 404, got {response.status_code}: {response.content[:200]!r}"
        return f"{problem}; wrote {written}".lstrip("; ") if written != "nothing" else problem

    wrong = walk(client, used_token(client, outsider), team_a, judge)
    assert not wrong, "\n".join(wrong)


def test_team_as_owner_makes_every_write(client, team_a, owner):
    """The walk's requests are valid: from A's owner each one goes through and writes."""
    def judge(method, response, written):
        if response.status_code != SUCCESS[method]:
            return f"expected {SUCCESS[method]}, got {response.status_code}: {response.content[:300]!r}"
        return "went through but wrote nothing" if written == "nothing" else ""

    wrong = walk(client, used_token(client, owner), team_a, judge)
    assert not wrong, "\n".join(wrong)
