"""Bodies no script should send, sent to real routes: JSON nested a thousand levels deep, a body over Django's limit,
text far over its maximum, invalid UTF-8, the wrong content type. Each is a 4xx with a JSON reason, never a 500 and
never an HTML page; and an unexpected failure under /api/ is a JSON 500 too."""

import json

import pytest
from django.conf import settings
from django.test import Client

from journeys.models import Persona, Touchpoint
from workshops.limits import JSON_MAX_DEPTH, NAME_MAX, TEXT_MAX
from workshops.models import Workshop

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A client that returns the answer instead of raising what the view raised (a 500 is then a response), in
    English (the language cookie: a token's requests are in the language of the cookie, else Dutch)."""
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def api(client, tokens):

    def send(method, url, body, content_type="application/json", role="owner"):
        return getattr(client, method)(url, body, content_type=content_type, **bearer(tokens[role]))

    return send


def routes(team_a, team):
    """(method, url, a valid body to nest things in) on several resources."""
    objects = team_a["objects"]
    journey = objects["stage"].journey_id
    return [
        ("post", "/api/v1/personas/", {"team": team.pk, "name": "Nina"}),
        ("patch", f"/api/v1/touchpoints/{objects['touchpoint'].pk}/", {"name": "Website"}),
        ("put", f"/api/v1/journeys/{journey}/", {"title": "Reis"}),
        ("post", "/api/v1/gaps/", {"journey": journey, "problem": "Te lang wachten"}),
        ("patch", f"/api/v1/improvements/{objects['improvement'].pk}/", {"title": "Sneller"}),
        ("post", "/api/v1/workshops/", {"team": team.pk, "title": "Nieuw", "template": "blank"}),
    ]


def nested(depth, kind):
    return ("[" * depth + "]" * depth) if kind == "array" else ('{"a":' * depth + "1" + "}" * depth)


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("kind", ["array", "object"])
def test_json_nested_a_thousand_deep_is_a_400_saying_so_on_every_route(api, team_a, team, kind):
    for method, url, _body in routes(team_a, team):
        body = assert_json_error(api(method, url, nested(1000, kind)), 400)
        assert body == {"detail": f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep."}, (url, body)


def test_nesting_up_to_the_limit_is_read_and_then_judged_like_any_other_value(api, team_a, team):
    method, url, body = routes(team_a, team)[0]
    inner = json.loads(nested(JSON_MAX_DEPTH - 1, "array"))  # with the body's own object: exactly the limit
    answer = assert_json_error(api(method, url, json.dumps(body | {"name": inner})), 400)
    assert "name" in answer  # a field error: the body was parsed
    answer = assert_json_error(api(method, url, json.dumps(body | {"name": [inner]})), 400)
    assert "nested more than" in answer["detail"]
    # Brackets inside a string are text, not nesting.
    created = api(method, url, json.dumps(body | {"description": "[" * 3000}))
    assert created.status_code == 201 and Persona.objects.get(pk=created.json()["id"]).description == "[" * 3000


def test_the_dutch_message(api, client, team_a, team):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    method, url, _body = routes(team_a, team)[0]
    assert api(method, url, nested(3000, "array")).json() == {
        "detail": f"De JSON is meer dan {JSON_MAX_DEPTH} lagen diep genest."}


def test_a_body_over_djangos_limit_is_a_413_in_json(api, team_a, team):
    for method, url, body in routes(team_a, team)[:3]:
        huge = json.dumps(body | {"name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
        answer = assert_json_error(api(method, url, huge), 413)
        assert answer == {"detail": "The request body is too large: at most 2.5\xa0MB."}
    form = "name=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert_json_error(api("post", "/api/v1/personas/", form, content_type="application/x-www-form-urlencoded"), 413)


def test_text_far_over_its_maximum_is_a_field_error(api, team_a, team):
    method, url, body = routes(team_a, team)[0]
    before = Persona.objects.count()
    answer = assert_json_error(api(method, url, json.dumps(body | {"description": "x" * 1_000_000})), 400)
    assert answer == {"description": [f"Ensure this field has no more than {TEXT_MAX} characters."]}
    answer = assert_json_error(api(method, url, json.dumps(body | {"name": "x" * (NAME_MAX + 1)})), 400)
    assert list(answer) == ["name"]
    assert Persona.objects.count() == before
    created = api(method, url, json.dumps(body | {"description": "x" * TEXT_MAX}))
    assert created.status_code == 201


FUZZ = {
    "invalid UTF-8": (b'{"name": "\xff\xfe"}', "application/json", 400),
    "truncated": ('{"name": "Ni', "application/json", 400),
    "NaN": ('{"name": NaN}', "application/json", 400),
    "not an object": ('"just text"', "application/json", 400),
    "deep inside a string inside deep": ('[' * 40 + '"' + "{" * 5000 + '"' + "]" * 40, "application/json", 400),
    "an unterminated string of escapes": ('{"name": "' + '\\"' * 50_000, "application/json", 400),
    "wrong content type": ("name=Nina", "text/plain", 415),
    "XML": ("<persona><name>Nina</name></persona>", "application/xml", 415),
}


@pytest.mark.parametrize("case", FUZZ)
def test_odd_bodies_are_refused_in_json(api, team_a, team, case):
    content, content_type, status = FUZZ[case]
    for method, url, _body in routes(team_a, team)[:3]:
        answer = assert_json_error(api(method, url, content, content_type=content_type), status)
        assert answer, url


def test_a_url_that_is_not_there_is_a_json_404(api):
    answer = assert_json_error(api("get", "/api/v1/no-such-thing/", None), 404)
    assert answer == {"detail": "Not found."}


def test_an_unexpected_failure_is_a_json_500(api, team_a, team, monkeypatch, caplog):
    """Fault injection: a service that fails in a way nobody foresaw (here: it raises a RuntimeError)."""
    from journeys import api_workshops

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(api_workshops, "workshop_create", broken)
    before = Workshop.objects.count()
    answer = assert_json_error(api(*routes(team_a, team)[5][:2], {"team": team.pk, "title": "Nieuw",
                                                                   "template": "blank"}), 500)
    assert answer == {"detail": "Something went wrong on our side; it has been logged. Try again later."}
    assert "the disk is full" in caplog.text  # logged for us, not shown to the script
    assert Workshop.objects.count() == before


def test_outside_the_api_the_error_pages_stay_html(client, member):
    client.force_login(member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_scoring_a_touchpoint_twice_names_the_score_not_its_id(api, team_a):
    rating = team_a["rating"]
    body = {"measurement": rating.measurement_id, "touchpoint": rating.touchpoint_id,
            "participant": rating.participant_id, "score": 3}
    answer = assert_json_error(api("post", "/api/v1/emotion-ratings/", json.dumps(body)), 400)
    assert answer == {"non_field_errors": [
        f"This participant already scored this touchpoint in this round: −4 (emotion score {rating.pk}). "
        f"Change that one instead: PATCH /api/v1/emotion-ratings/{rating.pk}/"]}
    assert Touchpoint.objects.get(pk=rating.touchpoint_id).ratings.get().score == -4
