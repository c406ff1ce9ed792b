"""Step 2, data: figures and quotes on the journey, a stage or a touchpoint — adding, validating,
listing (grouped, figures formatted), deleting, who may do what, the projector and query counts.
The CSV import has its own file, test_data_csv.py."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from journeys.models import Evidence, EvidenceKind, JourneyTemplate, Stage, Touchpoint
from journeys.services.workshops import workshop_create
from journeys.steps.data import format_figure, format_number
from tests.actors import MEMBER
from tests.fixtures import HTMX, closed_workshop_posts, join_room
from workshops.models import Participant, Step

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.DATA, template=JourneyTemplate.BLANK, title="Fietsen")]



@pytest.fixture
def places(workshop):
    """Two stages; three touchpoints."""
    orientation = Stage.objects.create(journey=workshop.journey, name="Oriëntatie", position=1)
    purchase = Stage.objects.create(journey=workshop.journey, name="Aankoop", position=2)
    return {
        "orientation": orientation,
        "purchase": purchase,
        "website": Touchpoint.objects.create(stage=orientation, name="Website", position=1),
        "ad": Touchpoint.objects.create(stage=orientation, name="Google-advertentie", position=2),
        "till": Touchpoint.objects.create(stage=purchase, name="Kassa", position=1),
    }


@pytest.fixture
def other_journey(other_team, outsider):
    workshop = workshop_create(team=other_team, title="Elders", facilitator=outsider, template=JourneyTemplate.BLANK)
    stage = Stage.objects.create(journey=workshop.journey, name="Vreemd")
    Touchpoint.objects.create(stage=stage, name="Vreemd contactmoment")
    return workshop.journey


def figure(**changes):
    data = {"metric": "Conversie", "value": "12,5", "unit": "%", "attach_to": "journey", "source": "web_analytics",
            "source_detail": "Google Analytics, Q3"}
    return {f"figure-{key}": value for key, value in {**data, **changes}.items()}


def quote(**changes):
    data = {"quote": "Ik kon nergens de levertijd vinden.", "attach_to": "journey", "source": "interview",
            "source_detail": "Klant 4"}
    return {f"quote-{key}": value for key, value in {**data, **changes}.items()}


# --- Formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language,value,unit,expected", [
    ("en", "12.5000", "%", "12.5\u00a0%"),
    ("nl", "12.5000", "%", "12,5\u00a0%"),
    ("en", "1240.0000", "visitors", "1\u00a0240\u00a0visitors"),
    ("nl", "1240", "bezoekers", "1\u00a0240\u00a0bezoekers"),
    ("en", "1234567.2500", "€", "€\u00a01\u00a0234\u00a0567.25"),
    ("en", "-12.0000", "", "-12"),
    ("en", "0.0000", "days", "0\u00a0days"),
    ("en", "999.0000", "", "999"),
    ("en", "0.0500", "", "0.05"),
])
def test_figures_are_formatted_without_trailing_zeros(language, value, unit, expected):
    with translation.override(language):
        assert format_figure(Decimal(value), unit) == expected


def test_format_number_groups_thousands_only_from_four_digits():
    assert format_number(Decimal("100")) == "100"
    assert format_number(Decimal("1000")) == "1\u00a0000"


# --- Adding figures and quotes -------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["member", "facilitator", "owner"])
def test_members_and_up_add_a_figure(client, workshop, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]), figure())
    assert response.status_code == 302
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + "#data-figure"
    saved = Evidence.objects.get()
    assert (saved.kind, saved.metric, saved.value, saved.unit, saved.source, saved.source_detail) == (
        EvidenceKind.QUANTITATIVE, "Conversie", Decimal("12.5"), "%", "web_analytics", "Google Analytics, Q3")
    assert saved.journey_id == workshop.journey_id and saved.stage is None and saved.touchpoint is None


def test_htmx_add_answers_with_a_fresh_form_and_the_list_out_of_band(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]), figure(value="1240",
                                                                                         unit="bezoekers"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="data-figure"')
    assert 'class="saved-note"' in body
    assert re.search(r'<section id="data-evidence"[^>]* hx-swap-oob="true"', body)  # the list, out of band
    assert "1\u00a0240\u00a0bezoekers" in body
    assert 'value="Conversie"' not in body  # the form starts empty again


@pytest.mark.parametrize("typed,stored", [("12,5", "12.5"), ("12.5", "12.5"), ("1.240,5", "1240.5"),
                                          ("-3", "-3"), ("33,333333", "33.3333")])
def test_values_as_people_type_them(client, member, workshop, typed, stored):
    client.force_login(member)
    client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]), figure(value=typed))
    assert Evidence.objects.get().value == Decimal(stored)


def test_attach_a_figure_to_a_stage_and_a_quote_to_a_touchpoint(client, member, workshop, places):
    client.force_login(member)
    client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]),
                figure(attach_to=f"stage-{places['purchase'].pk}"))
    client.post(reverse("journeys:evidence_quote_create", args=[workshop.pk]),
                quote(attach_to=f"touchpoint-{places['website'].pk}"))
    saved_figure = Evidence.objects.get(kind=EvidenceKind.QUANTITATIVE)
    saved_quote = Evidence.objects.get(kind=EvidenceKind.QUALITATIVE)
    assert (saved_figure.stage, saved_figure.touchpoint) == (places["purchase"], None)
    assert (saved_quote.stage, saved_quote.touchpoint) == (None, places["website"])
    assert saved_quote.quote == "Ik kon nergens de levertijd vinden." and saved_quote.source == "interview"


def test_the_select_lists_the_journey_then_each_stage_with_its_touchpoints(client, member, workshop, places):
    client.force_login(member)
    form = client.get(reverse("workshops:room", args=[workshop.pk])).context["figure_form"]
    choices = form.fields["attach_to"].choices
    assert choices[0][0] == "journey"
    assert [group for group, _options in choices[1:]] == ["Oriëntatie", "Aankoop"]
    assert [value for value, _label in choices[1][1]] == [
        f"stage-{places['orientation'].pk}", f"touchpoint-{places['website'].pk}", f"touchpoint-{places['ad'].pk}"]


@pytest.mark.parametrize("data,field", [
    (figure(metric=""), "metric"),
    (figure(metric="   "), "metric"),
    (figure(value=""), "value"),
    (figure(value="twaalf"), "value"),
    (figure(value="12,5%"), "value"),
    (figure(value="NaN"), "value"),
    (figure(value="99999999999"), "value"),
    (figure(unit="x" * 31), "unit"),
    (figure(source="gut_feeling"), "source"),
    (figure(source_detail="x" * 201), "source_detail"),
])
def test_bad_figures_are_refused_next_to_the_field(client, member, workshop, data, field):
    client.force_login(member)
    response = client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]), data)
    assert response.status_code == 400
    assert response.context["figure_form"].errors[field]
    assert f'id="id_figure-{field}_error"' in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_a_figure_without_a_metric_says_what_to_write(client, member, workshop):
    client.force_login(member)
    with translation.override("en"):
        response = client.post(reverse("journeys:evidence_figure_create", args=[workshop.pk]),
                               figure(metric="", value="x"), HTTP_ACCEPT_LANGUAGE="en")
    errors = response.context["figure_form"].errors
    assert errors["metric"] == ["Name the metric, e.g. “Conversion rate”."]
    assert errors["value"] == ["“x” is not a number. Write e.g. 12.5 or 12,5."]


@pytest.mark.parametrize("blank", ["", "   \n  "])
def test_a_quote_needs_words(client, member, workshop, blank):
    client.force_login(member)
    response = client.post(reverse("journeys:evidence_quote_create", args=[workshop.pk]), quote(quote=blank), **HTMX)
    assert response.status_code == 200
    assert 'id="id_quote-quote_error"' in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()  # the list did not change
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("forged", ["stage-999999", "touchpoint-999999", "nonsense", "stage-abc", "",
                                    "foreign-stage", "foreign-touchpoint"])
def test_a_forged_place_is_a_form_error_not_a_500(client, member, workshop, places, other_journey, forged):
    if forged == "foreign-stage":
        forged = f"stage-{other_journey.stages.get().pk}"
    elif forged == "foreign-touchpoint":
        forged = f"touchpoint-{Touchpoint.objects.get(stage__journey=other_journey).pk}"
    client.force_login(member)
    for url, data in [("journeys:evidence_figure_create", figure(attach_to=forged)),
                      ("journeys:evidence_quote_create", quote(attach_to=forged))]:
        response = client.post(reverse(url, args=[workshop.pk]), data)
        assert response.status_code == 400, url
        form = response.context["figure_form" if "figure" in url else "quote_form"]
        assert form.errors["attach_to"], url
    assert not Evidence.objects.exists()


def test_the_service_refuses_another_journeys_stage(workshop, other_journey):
    from django.core.exceptions import ValidationError

    from journeys.services.data import evidence_create
    with pytest.raises(ValidationError):
        evidence_create(actor=MEMBER, journey=workshop.journey, kind=EvidenceKind.QUALITATIVE, quote="Hallo",
                        stage=other_journey.stages.get())
    assert not Evidence.objects.exists()


# --- Who may ------------------------------------------------------------------------------------

def test_viewer_and_guest_read_the_evidence_but_cannot_add_or_delete(client, viewer, workshop):
    item = Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Te duur", source="survey")
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "Te duur" in page and reverse("journeys:evidence_delete", args=[workshop.pk, item.pk]) not in page
    assert reverse("journeys:evidence_figure_create", args=[workshop.pk]) not in page
    for name, args in [("journeys:evidence_figure_create", []), ("journeys:evidence_quote_create", []),
                       ("journeys:evidence_delete", [item.pk])]:
        assert client.post(reverse(name, args=[workshop.pk, *args]), {**figure(), **quote()}).status_code == 403
    client.logout()
    join_room(client, workshop)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "Te duur" in page and reverse("journeys:evidence_figure_create", args=[workshop.pk]) not in page
    for name, args in [("journeys:evidence_figure_create", []), ("journeys:evidence_quote_create", []),
                       ("journeys:evidence_delete", [item.pk])]:
        assert client.post(reverse(name, args=[workshop.pk, *args]), {**figure(), **quote()}).status_code == 403
    assert Evidence.objects.count() == 1


def test_outsider_gets_404(client, outsider, workshop):
    item = Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Te duur")
    client.force_login(outsider)
    for name, args in [("journeys:evidence_figure_create", []), ("journeys:evidence_quote_create", []),
                       ("journeys:evidence_delete", [item.pk])]:
        assert client.post(reverse(name, args=[workshop.pk, *args]), {**figure(), **quote()}).status_code == 404
    assert Evidence.objects.count() == 1


def test_a_closed_workshop_takes_no_evidence_from_members(client, member, facilitator, workshop):
    assert closed_workshop_posts(client, workshop, reverse("journeys:evidence_figure_create", args=[workshop.pk]),
                                 figure(), member=member, facilitator=facilitator) == (403, 302)


# --- Listing and deleting ------------------------------------------------------------------------

def test_evidence_is_listed_by_where_it_is_attached(client, viewer, workshop, places):
    journey = workshop.journey
    Evidence.objects.create(journey=journey, kind="quantitative", metric="Kassabonnen", value=Decimal("1240"),
                            unit="bonnen", touchpoint=places["till"])
    Evidence.objects.create(journey=journey, kind="qualitative", quote="Waar is de winkel?",
                            stage=places["orientation"])
    Evidence.objects.create(journey=journey, kind="quantitative", metric="NPS", value=Decimal("-12"),
                            source="survey")
    Evidence.objects.create(journey=journey, kind="qualitative", quote="Mooie site", touchpoint=places["website"])
    client.force_login(viewer)
    response = client.get(reverse("workshops:room", args=[workshop.pk]))
    groups = response.context["evidence_groups"]
    assert [group.stage for group in groups] == [None, places["orientation"], places["purchase"]]
    assert [item.metric for item in groups[0].items] == ["NPS"]
    assert [item.quote for item in groups[1].items] == ["Waar is de winkel?"]
    assert [(tp.name, [item.quote for item in items]) for tp, items in groups[1].touchpoints] == [
        ("Website", ["Mooie site"])]
    assert groups[2].items == [] and groups[2].touchpoints[0][0] == places["till"]
    page = response.content.decode()
    assert page.index("NPS") < page.index("Waar is de winkel?") < page.index("Mooie site") < page.index("Kassabonnen")
    assert ('<strong class="evidence-value" title="1\u00a0240\u00a0bonnen"><span class="data-number">1\u00a0240</span> '
            '<span class="data-unit">bonnen</span></strong>') in page  # a long unit may wrap, the number never
    assert '<blockquote class="evidence-quote"><p>Waar is de winkel?</p></blockquote>' in page


def test_delete_with_one_small_button(client, member, workshop):
    keep = Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Blijft")
    gone = Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Weg ermee")
    client.force_login(member)
    response = client.post(reverse("journeys:evidence_delete", args=[workshop.pk, gone.pk]), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="data-evidence"') and "Blijft" in body and "Weg ermee" not in body
    assert list(Evidence.objects.all()) == [keep]
    response = client.post(reverse("journeys:evidence_delete", args=[workshop.pk, keep.pk]))
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + "#data-evidence"
    assert not Evidence.objects.exists()


def test_evidence_of_another_journey_cannot_be_deleted_through_this_room(client, member, workshop, team, facilitator):
    elsewhere = workshop_create(team=team, title="Andere reis", facilitator=facilitator, template="blank")
    item = Evidence.objects.create(journey=elsewhere.journey, kind="qualitative", quote="Elders")
    client.force_login(member)
    assert client.post(reverse("journeys:evidence_delete", args=[workshop.pk, item.pk])).status_code == 404
    assert client.post(reverse("journeys:evidence_delete", args=[workshop.pk, 999999])).status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_get_is_not_allowed_on_the_actions(client, member, workshop):
    client.force_login(member)
    assert client.get(reverse("journeys:evidence_figure_create", args=[workshop.pk])).status_code == 405


# --- The projector -------------------------------------------------------------------------------

def test_projector_shows_counts_and_the_latest_quotes_large(client, viewer, workshop, places):
    journey = workshop.journey
    for n in range(5):
        Evidence.objects.create(journey=journey, kind="qualitative", quote=f"Citaat {n}", source="interview",
                                touchpoint=places["website"] if n == 4 else None)
    Evidence.objects.create(journey=journey, kind="quantitative", metric="Conversie", value=Decimal("12.5"),
                            unit="%")
    client.force_login(viewer)
    response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert (response.context["figure_count"], response.context["quote_count"]) == (1, 5)
    assert [item.quote for item in response.context["latest_quotes"]] == ["Citaat 4", "Citaat 3", "Citaat 2"]
    body = response.content.decode()
    assert body.count('<figure class="data-projector-quote">') == 3 and "Citaat 1" not in body
    assert "Website" in body  # where the quote is attached
    assert "12.5\u00a0%" in body


def test_empty_projector_says_so(client, viewer, workshop):
    client.force_login(viewer)
    response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert 'class="data-projector-empty muted"' in response.content.decode()


# --- Query counts --------------------------------------------------------------------------------

def grow(workshop, size):
    """``size`` stages of ``size`` touchpoints, evidence of both kinds on each level, ``size`` guests."""
    journey = workshop.journey
    stages = Stage.objects.bulk_create(Stage(journey=journey, name=f"Fase {n}", position=n) for n in range(size))
    touchpoints = Touchpoint.objects.bulk_create(Touchpoint(stage=stage, name=f"TP {n}", position=n)
                                                 for stage in stages for n in range(size))
    evidence = [Evidence(journey=journey, kind="qualitative", quote="Citaat")]
    evidence += [Evidence(journey=journey, kind="quantitative", metric="Bezoek", value=Decimal(n), stage=stage)
                 for n, stage in enumerate(stages)]
    evidence += [Evidence(journey=journey, kind="qualitative", quote="Op dit moment", touchpoint=touchpoint)
                 for touchpoint in touchpoints]
    Evidence.objects.bulk_create(evidence)
    Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"Gast {n}") for n in range(size))


@pytest.mark.parametrize("size", [1, 10])
def test_room_page_queries_do_not_grow_with_the_journey(client, member, workshop, size, django_assert_num_queries):
    grow(workshop, size)
    client.force_login(member)
    client.get(reverse("workshops:room", args=[workshop.pk]))  # the member becomes a participant once
    # 1 session, 2 user, 3 workshop + journey + team with my role (access.room_for), 4 my participant,
    # 5 stages, 6 their touchpoints, 7 the evidence, 8 the navigation's teams (context processor)
    with django_assert_num_queries(8):
        response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.context["quote_count"] == 1 + size * size


@pytest.mark.parametrize("size", [1, 10])
def test_projector_live_queries_do_not_grow_with_the_journey(client, member, workshop, size,
                                                             django_assert_num_queries):
    grow(workshop, size)
    client.force_login(member)
    # 1 session, 2 user, 3 workshop + journey + team with my role, 4 my participant (access.room_for),
    # 5 the counts, 6 the latest quotes with their stage and touchpoint, 7 the latest figures
    with django_assert_num_queries(7):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.context["figure_count"] == size


# --- The live list -------------------------------------------------------------------------------

def test_the_list_poll_answers_204_until_the_evidence_changes(client, workshop, django_assert_num_queries):
    join_room(client, workshop)
    first = client.get(reverse("workshops:room", args=[workshop.pk])).context["evidence_version"]
    url = reverse("journeys:evidence_list", args=[workshop.pk])
    # 1 session, 2 the guest's participant with workshop, journey and team (access.room_for), 3 count + last id
    with django_assert_num_queries(3):
        assert client.get(url, {"v": first}).status_code == 204
    item = Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Nieuw binnen")
    response = client.get(url, {"v": first, "figures": "0", "quotes": "0"})
    assert response.status_code == 200 and "Nieuw binnen" in response.content.decode()
    assert 'data-announce="1 new quote."' in response.content.decode()  # read out by the room's live region
    assert '&amp;figures=0&amp;quotes=1"' in response.content.decode()  # what the next poll sends back
    second = response.context["evidence_version"]
    assert second != first and client.get(url, {"v": second}).status_code == 204
    item.delete()
    gone = client.get(url, {"v": second, "figures": "0", "quotes": "1"})
    assert gone.status_code == 200 and 'data-announce="The evidence was changed."' in gone.content.decode()


def test_the_list_poll_is_404_for_outsiders(client, outsider, workshop):
    client.force_login(outsider)
    assert client.get(reverse("journeys:evidence_list", args=[workshop.pk])).status_code == 404
