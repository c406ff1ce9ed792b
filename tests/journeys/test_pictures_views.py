"""The map page and the SVG downloads: who may see them, what they show, and a fixed number of queries."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from journeys.pictures import XML_DECLARATION
from journeys.services.workshops import workshop_create
from tests.fixtures import new_guest_client
from workshops.models import Participant

from .test_pictures import SVG, build_workshop, with_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(team, facilitator):
    return build_workshop(team, facilitator, stages=3, touchpoints=5, participants=3, reviews=2,
                          title="Sokken & meer")


def urls(workshop):
    return {name: reverse(f"journeys:{name}", args=[workshop.pk])
            for name in ("journey_map", "journey_map_svg", "emotion_curve_svg")}


def svgs_in(html):
    """The inline <svg> elements of a page, parsed."""
    found, rest = [], html
    while "<svg " in rest:
        start = rest.index("<svg ")
        end = rest.index("</svg>", start) + len("</svg>")
        fragment = rest[start:end]
        if 'class="pic ' in fragment[:200]:
            found.append(ET.fromstring(fragment))
        rest = rest[end:]
    return found


# --- Who may look -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["owner", "facilitator", "member", "viewer"])
def test_team_members_see_the_map_page_and_download_both_pictures(client, workshop, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name, url in urls(workshop).items():
        response = client.get(url)
        assert response.status_code == 200, f"{persona} {name}"


def test_a_guest_of_the_workshop_sees_the_map_and_downloads(workshop):
    guest = new_guest_client(workshop)
    for url in urls(workshop).values():
        assert guest.get(url).status_code == 200


def test_a_guest_of_a_closed_workshop_still_sees_the_map(workshop):
    guest = new_guest_client(workshop)
    workshop.is_open = False
    workshop.save(update_fields=["is_open"])
    assert guest.get(urls(workshop)["journey_map"]).status_code == 200


def test_outsiders_anonymous_and_other_guests_get_404(client, workshop, outsider, other_team):
    client.force_login(outsider)
    for url in urls(workshop).values():
        assert client.get(url).status_code == 404
    assert all(Client().get(url).status_code == 404 for url in urls(workshop).values())
    other = workshop_create(team=other_team, title="Bravo", facilitator=outsider, template="blank")
    other_guest = new_guest_client(other)
    for url in urls(workshop).values():
        assert other_guest.get(url).status_code == 404


def test_a_guest_whose_code_was_renewed_gets_404(workshop):
    from workshops.services import workshop_renew_join_code

    guest = new_guest_client(workshop)
    workshop_renew_join_code(workshop=workshop)
    assert guest.get(urls(workshop)["journey_map"]).status_code == 404


def test_the_pages_only_answer_reads(client, workshop, member):
    client.force_login(member)
    for url in urls(workshop).values():
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


# --- What the page shows -----------------------------------------------------------------------------------

def test_map_page_shows_both_pictures_with_their_numbers_as_tables(client, workshop, member):
    client.force_login(member)
    response = client.get(urls(workshop)["journey_map"])
    html = response.content.decode()
    journey_map, curve = svgs_in(html)
    for svg in (journey_map, curve):
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert f'id="{title_id}"' in html and f'id="{desc_id}"' in html
    assert len(with_class(journey_map, "pic-map-stage")) == 3
    assert len(with_class(journey_map, "pic-map-touchpoint")) == 5
    assert len(with_class(curve, "pic-curve-marker--current")) == 4
    assert len(with_class(curve, "pic-curve-line--review")) == 2
    # The same numbers as tables: one row per touchpoint under each picture.
    assert html.count('<table class="table pic-table"') == 2
    assert html.count("<tr data-touchpoint=") == 2 * 5
    assert "Track &amp; trace per sms" in html  # new in the ideal: in the curve's table
    assert reverse("journeys:journey_map_svg", args=[workshop.pk]) in html
    assert reverse("journeys:emotion_curve_svg", args=[workshop.pk]) in html
    assert reverse("workshops:room", args=[workshop.pk]) in html
    assert "Doorn 1 bij Contact 1" in html


def test_map_page_of_a_journey_without_stages(client, team, facilitator):
    workshop = workshop_create(team=team, title="Leeg", facilitator=facilitator, template="blank")
    client.force_login(facilitator)
    html = client.get(urls(workshop)["journey_map"]).content.decode()
    assert "This journey has no stages yet" in html
    assert "No touchpoints yet" in html
    assert client.get(urls(workshop)["journey_map_svg"]).status_code == 200


@pytest.mark.parametrize("name,filename,kind", [
    ("journey_map_svg", "sokken-meer-journey-map.svg", "pic-map"),
    ("emotion_curve_svg", "sokken-meer-emotion-curve.svg", "pic-curve"),
])
def test_downloads_are_standalone_svg_files(client, workshop, member, name, filename, kind):
    client.force_login(member)
    response = client.get(reverse(f"journeys:{name}", args=[workshop.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert body.startswith(XML_DECLARATION + '<svg xmlns="http://www.w3.org/2000/svg"')
    root = ET.fromstring(body.removeprefix(XML_DECLARATION))
    assert root.tag == f"{SVG}svg" and kind in root.get("class").split()
    assert root.get("width") and root.get("viewBox")
    assert "Sokken &amp; meer" in body


# --- Queries: the same for a small and a large journey ------------------------------------------------------

SMALL = {"stages": 2, "touchpoints": 3, "participants": 2, "reviews": 0}
LARGE = {"stages": 10, "touchpoints": 25, "participants": 30, "reviews": 2}


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "10x25"])
def sized(request, team, facilitator):
    return build_workshop(team, facilitator, long_names=request.param is LARGE, title="Maat", **request.param)


def test_map_page_queries_do_not_grow_with_the_journey(client, sized, member, django_assert_num_queries):
    client.force_login(member)
    Participant.objects.create(workshop=sized, user=member, display_name=member.name)
    # 1 session, 2 user, 3 workshop with journey, team and my role, 4 my participant,
    # 5 stages, 6 their touchpoints, 7 the baseline measurement, 8 its statistics,
    # 9 the thorns, 10 the evidence counted per stage / touchpoint / kind,
    # 11 the ideal journey's touchpoints with their stage, 12 the review rounds, 13 their statistics,
    # 14 the team switcher's teams.
    with django_assert_num_queries(14):
        response = client.get(urls(sized)["journey_map"])
    assert response.status_code == 200


def test_map_page_queries_for_a_guest(sized, django_assert_num_queries):
    guest = new_guest_client(sized)
    # 1 session, 2 my participant with its workshop, journey and team, 3 stages, 4 touchpoints,
    # 5 baseline, 6 statistics, 7 thorns, 8 evidence, 9 ideal touchpoints, 10 review rounds, 11 their statistics.
    with django_assert_num_queries(11):
        assert guest.get(urls(sized)["journey_map"]).status_code == 200


def test_map_download_queries(client, sized, member, django_assert_num_queries):
    client.force_login(member)
    # 1 session, 2 user, 3 workshop, 4 my participant, 5 stages, 6 touchpoints, 7 baseline, 8 statistics,
    # 9 thorns, 10 evidence.
    with django_assert_num_queries(10):
        assert client.get(urls(sized)["journey_map_svg"]).status_code == 200


def test_curve_download_queries(client, sized, member, django_assert_num_queries):
    client.force_login(member)
    # 1 session, 2 user, 3 workshop, 4 my participant, 5 stages, 6 touchpoints, 7 baseline, 8 statistics,
    # 9 ideal touchpoints, 10 review rounds, 11 their statistics.
    with django_assert_num_queries(11):
        response = client.get(urls(sized)["emotion_curve_svg"])
    root = ET.fromstring(response.content.decode().removeprefix(XML_DECLARATION))
    assert len(with_class(root, "pic-curve-line--review")) == len(
        [m for m in sized.journey.measurements.all() if m.kind == "review"])
