"""Every list endpoint of the API router, walked generically (a resource registered later is walked without
touching this file): the owner's query count does not grow with the data, anonymous requests get nothing, an
outsider's token sees nothing of team A; the schema lists every route and the docs page needs no CDN."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.api import router
from tests.api.conftest import bearer, grow_team
from tests.factories import MembershipFactory, TeamFactory
from workshops.models import Role

pytestmark = pytest.mark.django_db

LIST_ROUTES = [basename for _prefix, viewset, basename in router.registry if hasattr(viewset, "list")]


def list_url(basename):
    return reverse(f"v1:{basename}-list")


def count_queries(client, url, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **bearer(token))
    assert response.status_code == 200, f"GET {url}: {response.status_code} {response.content[:300]!r}"
    return len(queries), response.json()


def test_the_walk_finds_the_list_endpoints():
    assert {"team", "membership"} <= set(LIST_ROUTES)  # a guard against a walk that silently finds nothing


@pytest.mark.parametrize("basename", LIST_ROUTES)
def test_a_list_costs_the_same_queries_with_more_rows_of_every_kind(client, team_a, tokens, owner, member,
                                                                    basename):
    url = list_url(basename)
    client.get(list_url("team"), **bearer(tokens["owner"]))  # the token's first use records last_used_at
    small, small_page = count_queries(client, url, tokens["owner"])

    second_team = TeamFactory(name="Team Charlie", slug="team-charlie")
    MembershipFactory(team=second_team, user=owner, role=Role.OWNER)
    for team in (team_a["team"], team_a["team"], second_team):
        grow_team(team, owner=owner, member=member)
    large, large_page = count_queries(client, url, tokens["owner"])

    print(f"{url}: {small} queries for {small_page['count']} rows, {large} for {large_page['count']}")
    assert large_page["count"] > small_page["count"], f"{url}: the larger data set must show more rows"
    assert large == small, f"{url}: {small} queries for {small_page['count']} rows, {large} for {large_page['count']}"


@pytest.mark.parametrize("basename", LIST_ROUTES)
def test_a_list_answers_anonymous_with_401_or_403(client, team_a, basename):
    response = client.get(list_url(basename))
    assert response.status_code in (401, 403)
    assert not any(marker in response.content.decode() for marker in team_a["markers"])


@pytest.mark.parametrize("basename", LIST_ROUTES)
def test_a_list_shows_an_outsider_nothing_of_team_a(client, team_a, tokens, basename):
    url = list_url(basename)
    response = client.get(url, **bearer(tokens["outsider"]))
    assert response.status_code == 200
    body = response.content.decode()
    leaked = [marker for marker in team_a["markers"] if marker in body]
    assert not leaked, f"{url} showed {leaked} to an outsider"
    ids_of_a = {team_a["team"].pk}
    assert not [row for row in response.json()["results"] if row.get("team") in ids_of_a], url


def openapi_path(pattern):
    """A router URL pattern as drf-spectacular writes its path: '^teams/(?P<pk>[^/.]+)/$' → '/api/v1/teams/{id}/'."""
    route = str(pattern.pattern).lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "{id}" if m.group(1) == "pk" else f"{{{m.group(1)}}}", route)
    return f"/api/v1/{route}"


def test_the_schema_lists_every_registered_route(client):
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    routes = [openapi_path(url) for url in router.urls if url.name != "api-root"]
    assert len(routes) >= 2 * len(router.registry)  # a list or detail route (or both) for every resource
    missing = [route for route in routes if route not in paths]
    assert not missing, f"routes missing from /api/schema/: {missing}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("src", "href") and value]


def test_the_docs_page_loads_only_our_own_static_files(client, owner):
    client.force_login(owner)
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Links()
    parser.feed(html)
    assert parser.links, "the docs page should load Swagger UI's script and stylesheet"
    for link in parser.links:
        assert link.startswith("/") and not link.startswith("//"), f"/api/docs/ loads {link} from elsewhere"
        path = link.split("?")[0]
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")), f"{link} is not among our static files"
    assert not re.search(r"https?://(?!localhost|testserver)", html.replace("http://www.w3.org", "")), \
        "the docs page names an outside address"
