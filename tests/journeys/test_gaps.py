"""Step 6, gaps: the suggestions (deltas to the ideal, touchpoints new in the ideal, thorns) and writing,
editing and deleting problem statements — who may, what is refused, the hint for texts that read like a solution.
Dot voting, the ranking and the projector are in test_gaps_votes.py; the shared builders in gap_support.py."""

import pytest
from django.test import Client
from django.urls import reverse

from journeys.models import (
    Gap,
    GapOrigin,
    GapVote,
    JourneyTemplate,
    Note,
    NoteKind,
    Stage,
    Touchpoint,
)
from journeys.services.gaps import gap_create, looks_like_solution
from journeys.services.workshops import workshop_create
from journeys.steps.gaps import gap_suggestions
from tests.actors import MEMBER
from tests.api.conftest import bearer
from tests.fixtures import HTMX, join_room
from tests.journeys.gap_support import (
    copy_in,
    ideal_of,
    messages_of,
    people,
    rate,
    room_url,
    set_target,
    stage_of,
    touchpoint,
)
from workshops.api_auth import api_token_create
from workshops.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.GAPS, title="Sokken bestellen")]


@pytest.fixture
def journey_with_ideal(workshop):
    """Bestellen: 'Bevestigingsmail' now +1 (ideal +3: delta 2.0), 'Betaalpagina' now +1.1 (ideal +3: 1.9);
    'Track & trace' is new in the ideal; one thorn and one rose on 'Bevestigingsmail'."""
    stage = stage_of(workshop, 2)
    mail = touchpoint(stage, "Bevestigingsmail", importance=4, position=1)
    payment = touchpoint(stage, "Betaalpagina", importance=5, position=2)
    rate(workshop, mail, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    rate(workshop, payment, [1, 1, 1, 1, 1, 1, 1, 1, 1, 2])
    ideal = ideal_of(workshop)
    set_target(ideal, mail, 3)
    set_target(ideal, payment, 3)
    new = Touchpoint.objects.create(stage=Stage.objects.get(journey=ideal, position=stage.position),
                                    name="Track & trace", position=3, target_emotion=4)
    thorn = Note.objects.create(touchpoint=mail, kind=NoteKind.THORN, text="Mail komt pas na een dag")
    Note.objects.create(touchpoint=mail, kind=NoteKind.ROSE, text="Mooie huisstijl")
    return {"mail": mail, "payment": payment, "ideal": ideal, "new": new, "thorn": thorn, "stage": stage}


# --- Suggestions --------------------------------------------------------------------------------------

def test_a_delta_of_exactly_two_is_suggested_and_one_point_nine_is_not(workshop, journey_with_ideal):
    suggestions = gap_suggestions(workshop.journey)
    deltas = suggestions["deltas"]
    assert [s.touchpoint.source_id for s in deltas] == [journey_with_ideal["mail"].pk]
    (delta,) = deltas
    assert (delta.current, delta.target, delta.delta) == (1.0, 3, 2.0)
    assert delta.origin == GapOrigin.DELTA and not delta.used


def test_deltas_are_weighted_by_importance(workshop):
    stage = stage_of(workshop)
    light = touchpoint(stage, "Banner", importance=1, position=1)  # delta 6, weight 6
    heavy = touchpoint(stage, "Zoekresultaat", importance=5, position=2)  # delta 3, weight 15
    rate(workshop, light, [-2, -2])
    rate(workshop, heavy, [0, 0])
    ideal = ideal_of(workshop)
    set_target(ideal, light, 4)
    set_target(ideal, heavy, 3)
    deltas = gap_suggestions(workshop.journey)["deltas"]
    assert [s.touchpoint.source_id for s in deltas] == [heavy.pk, light.pk]
    assert [s.weight for s in deltas] == [15, 6]


def test_a_touchpoint_without_scores_or_target_is_no_delta(workshop):
    stage = stage_of(workshop)
    unscored = touchpoint(stage, "Flyer", position=1)
    untargeted = touchpoint(stage, "Poster", position=2)
    rate(workshop, untargeted, [-5])
    ideal = ideal_of(workshop)
    set_target(ideal, unscored, 5)
    assert gap_suggestions(workshop.journey)["deltas"] == []


def test_touchpoints_new_in_the_ideal_are_suggested_copies_are_not(workshop, journey_with_ideal):
    new = gap_suggestions(workshop.journey)["new"]
    assert [s.touchpoint for s in new] == [journey_with_ideal["new"]]
    assert new[0].origin == GapOrigin.NEW


def test_thorns_are_suggested_roses_buds_and_other_journeys_thorns_are_not(workshop, journey_with_ideal, team,
                                                                           facilitator):
    mail = journey_with_ideal["mail"]
    Note.objects.create(touchpoint=mail, kind=NoteKind.BUD, text="Kan ook via WhatsApp")
    other = workshop_create(team=team, title="Ander", facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES)
    Note.objects.create(touchpoint=touchpoint(stage_of(other), "Elders"), kind=NoteKind.THORN, text="Andere doorn")
    thorns = gap_suggestions(workshop.journey)["thorns"]
    assert [(s.note.text, s.touchpoint) for s in thorns] == [("Mail komt pas na een dag", mail)]


def test_without_an_ideal_journey_only_thorns_are_suggested(workshop):
    current = touchpoint(stage_of(workshop), "Webshop")
    Note.objects.create(touchpoint=current, kind=NoteKind.THORN, text="Traag")
    suggestions = gap_suggestions(workshop.journey)
    assert suggestions["has_ideal"] is False
    assert suggestions["deltas"] == suggestions["new"] == []
    assert len(suggestions["thorns"]) == 1


def test_a_suggestion_turned_into_a_gap_is_marked_used(workshop, journey_with_ideal):
    mail, new = journey_with_ideal["mail"], journey_with_ideal["new"]
    journey = workshop.journey
    # A team gap on the same touchpoint does not use up the delta or the thorn: the origin differs.
    gap_create(actor=MEMBER, journey=journey, problem="Klanten twijfelen", touchpoints=[mail])
    suggestions = gap_suggestions(journey)
    assert not any(s.used for s in suggestions["deltas"] + suggestions["new"] + suggestions["thorns"])

    gap_create(actor=MEMBER,
               journey=journey, problem="Klanten weten niet of hun bestelling gelukt is", touchpoints=[mail],
               origin=GapOrigin.DELTA)
    gap_create(actor=MEMBER,
               journey=journey, problem="De bevestiging komt te laat", touchpoints=[mail], origin=GapOrigin.THORN)
    gap_create(actor=MEMBER,
               journey=journey, problem="Klanten weten niet wanneer hun sokken komen", origin=GapOrigin.NEW,
               ideal_touchpoint=new)
    suggestions = gap_suggestions(journey)
    assert [s.used for s in suggestions["deltas"]] == [True]
    assert [s.used for s in suggestions["thorns"]] == [True]
    assert [s.used for s in suggestions["new"]] == [True]
    assert suggestions["open_count"] == 0


def test_room_offers_write_as_a_gap_once_per_suggestion(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    body = client.get(room_url(workshop)).content.decode()
    assert body.count("Write as a gap") == 3
    assert "Mail komt pas na een dag" in body and "Track &amp; trace" in body
    # The mean now with the number of scores it rests on (ten people scored the mail).
    assert 'now <strong>+1.0</strong> <span class="gap-n">(n=10)</span> → ideal <strong>+3</strong>' in body
    assert "Betaalpagina" not in body.split('id="gap-suggestions"')[1].split("</section>")[0]  # 1.9: not offered
    gap_create(actor=MEMBER, journey=workshop.journey, problem="Bevestiging komt laat", origin=GapOrigin.THORN,
               touchpoints=[journey_with_ideal["mail"]])
    body = client.get(room_url(workshop)).content.decode()
    assert body.count("Write as a gap") == 2
    assert "Written as a gap" in body


def test_guests_and_viewers_see_no_suggestions_and_no_gap_form(client, viewer, workshop, journey_with_ideal):
    client.force_login(viewer)
    body = client.get(room_url(workshop)).content.decode()
    assert 'id="gap-suggestions"' not in body and 'id="gap-form"' not in body
    client.logout()
    join_room(client, workshop)
    body = client.get(room_url(workshop)).content.decode()
    assert 'id="gap-suggestions"' not in body and 'id="gap-form"' not in body
    assert 'id="gap-list"' in body


def test_write_as_a_gap_prefills_a_delta(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    ideal_mail = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])
    response = client.get(reverse("journeys:gap_new", args=[workshop.pk]),
                          {"origin": "delta", "touchpoint": ideal_mail.pk}, **HTMX)
    assert response.status_code == 200
    form = response.context["gap_form"]
    assert form["origin"].value() == "delta"
    assert form.selected_touchpoint_ids() == {str(journey_with_ideal["mail"].pk)}
    assert not form["problem"].value()  # wording the problem is the team's work
    assert "+1.0" in form["description"].value() and "+3" in form["description"].value()
    body = response.content.decode()
    assert 'id="gap-form"' in body and "<html" not in body
    assert f'value="{journey_with_ideal["mail"].pk}" checked' in body


def test_write_as_a_gap_prefills_a_thorn_and_a_new_touchpoint(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    url = reverse("journeys:gap_new", args=[workshop.pk])
    form = client.get(url, {"origin": "thorn", "note": journey_with_ideal["thorn"].pk}, **HTMX).context["gap_form"]
    assert form["origin"].value() == "thorn"
    assert form.selected_touchpoint_ids() == {str(journey_with_ideal["mail"].pk)}
    assert "Mail komt pas na een dag" in form["description"].value()
    form = client.get(url, {"origin": "new", "touchpoint": journey_with_ideal["new"].pk}, **HTMX).context["gap_form"]
    assert form["origin"].value() == "new"
    assert form["ideal_touchpoint"].value() == journey_with_ideal["new"].pk
    assert form.selected_touchpoint_ids() == set()
    assert "Track & trace" in form["description"].value()


@pytest.mark.parametrize("params", [
    {"origin": "delta", "touchpoint": "abc"}, {"origin": "thorn", "note": "999999"}, {"origin": "nonsense"},
    {"origin": "new", "touchpoint": ""}, {},
])
def test_write_as_a_gap_with_odd_parameters_gives_a_plain_form(client, member, workshop, journey_with_ideal, params):
    client.force_login(member)
    response = client.get(reverse("journeys:gap_new", args=[workshop.pk]), params, **HTMX)
    assert response.status_code == 200
    assert response.context["gap_form"].selected_touchpoint_ids() == set()


def test_write_as_a_gap_cannot_reach_another_workshops_thorn(client, member, workshop, team, facilitator):
    other = workshop_create(team=team, title="Ander", facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES)
    note = Note.objects.create(touchpoint=touchpoint(stage_of(other), "Elders"), kind=NoteKind.THORN, text="Geheim")
    client.force_login(member)
    response = client.get(reverse("journeys:gap_new", args=[workshop.pk]), {"origin": "thorn", "note": note.pk}, **HTMX)
    assert "Geheim" not in response.content.decode()


def test_write_as_a_gap_without_htmx_shows_the_room_with_the_form(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    response = client.get(reverse("journeys:gap_new", args=[workshop.pk]),
                          {"origin": "thorn", "note": journey_with_ideal["thorn"].pk})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response.context["gap_form"]["origin"].value() == "thorn"


# --- Writing gaps ------------------------------------------------------------------------------------

def gap_data(problem="Klanten weten na het bestellen niet wanneer hun sokken komen", touchpoints=(), **extra):
    return {"problem": problem, "description": "", "touchpoints": [t.pk for t in touchpoints], **extra}


@pytest.mark.parametrize("persona", ["member", "facilitator", "owner"])
def test_members_and_up_write_a_gap(client, workshop, journey_with_ideal, persona, request):
    client.force_login(request.getfixturevalue(persona))
    mail = journey_with_ideal["mail"]
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                           gap_data(touchpoints=[mail], description="Zie de doorn"))
    gap = Gap.objects.get()
    assert response.status_code == 302 and response.url == f"{room_url(workshop)}#gap-{gap.pk}"
    assert (gap.journey, gap.origin, gap.description) == (workshop.journey, GapOrigin.TEAM, "Zie de doorn")
    assert list(gap.touchpoints.all()) == [mail]
    assert "Gap added." in messages_of(response)


def test_a_gap_from_a_suggestion_keeps_its_origin(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                gap_data(touchpoints=[journey_with_ideal["mail"]], origin="thorn"))
    assert Gap.objects.get().origin == GapOrigin.THORN


def test_a_gap_from_a_new_touchpoint_marks_that_suggestion_used(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    new = journey_with_ideal["new"]
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                           gap_data(origin="new", ideal_touchpoint=new.pk))
    assert response.status_code == 302
    gap = Gap.objects.get()
    assert (gap.origin, list(gap.touchpoints.all())) == (GapOrigin.NEW, [new])
    assert gap_suggestions(workshop.journey)["new"][0].used


@pytest.mark.parametrize("persona,status", [("viewer", 403), ("outsider", 404)])
def test_viewers_and_outsiders_cannot_write_gaps(client, workshop, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data()).status_code == status
    assert client.get(reverse("journeys:gap_new", args=[workshop.pk])).status_code == status
    assert not Gap.objects.exists()


def test_guests_cannot_write_gaps(client, workshop):
    join_room(client, workshop)
    assert client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data()).status_code == 403
    assert not Gap.objects.exists()


@pytest.mark.parametrize("problem,message", [
    ("", "Describe the problem the customer runs into."),
    ("   ", "Describe the problem the customer runs into."),
    ("x" * 251, "Ensure this value has at most 250 characters (it has 251)."),
])
def test_a_bad_problem_is_explained_next_to_the_field(client, member, workshop, problem, message):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data(problem=problem))
    assert response.status_code == 400
    assert response.context["gap_form"].errors["problem"] == [message]
    assert 'id="id_problem_error"' in response.content.decode()
    assert not Gap.objects.exists()


def test_touchpoints_of_another_journey_are_a_form_error(client, member, workshop, journey_with_ideal, team,
                                                         facilitator):
    other = workshop_create(team=team, title="Ander", facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES)
    foreign = touchpoint(stage_of(other), "Elders")
    ideal_copy = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])
    client.force_login(member)
    for wrong in ([foreign.pk], [ideal_copy.pk], ["abc"], [journey_with_ideal["mail"].pk, 10**9]):
        response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                               {"problem": "Iets", "touchpoints": wrong})
        assert response.status_code == 400, wrong
        assert response.context["gap_form"].errors["touchpoints"] == ["Choose touchpoints of this journey."]
    assert not Gap.objects.exists()


@pytest.mark.parametrize("extra", [{"origin": "nonsense"}, {"origin": "new", "ideal_touchpoint": "abc"}])
def test_a_tampered_hidden_field_is_a_message_above_the_form(client, member, workshop, extra):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data(**extra))
    assert response.status_code == 400
    assert response.context["gap_form"].non_field_errors()
    assert not Gap.objects.exists()


def test_a_current_touchpoint_is_no_new_ideal_touchpoint(client, member, workshop, journey_with_ideal):
    client.force_login(member)
    copied = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])  # has a source: not new
    for pk in (journey_with_ideal["mail"].pk, copied.pk):
        response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                               gap_data(origin="new", ideal_touchpoint=pk))
        assert response.status_code == 400
    assert not Gap.objects.exists()


def test_errors_on_an_htmx_form_come_back_as_a_200_fragment(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data(problem=""), **HTMX)
    assert response.status_code == 200
    assert "Describe the problem" in response.content.decode() and "<html" not in response.content.decode()


def test_a_gap_written_through_htmx_comes_back_with_a_fresh_form_and_the_list(client, member, workshop,
                                                                            journey_with_ideal):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                           gap_data(problem="Bouw een app", origin="thorn", touchpoints=[journey_with_ideal["mail"]]),
                           **HTMX)
    gap = Gap.objects.get()
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="gap-list" aria-labelledby="gap-list-title" hx-swap-oob="true"' in body
    assert 'id="gap-suggestions" aria-labelledby="gap-suggestions-title" hx-swap-oob="true"' in body
    assert f'id="gap-{gap.pk}"' in body and "Written as a gap" in body
    assert response.context["gap_form"]["problem"].value() is None  # ready for the next one
    assert "It reads like a solution, though" in body


def test_errors_when_the_room_moved_on_come_back_as_a_message(client, member, workshop):
    workshop.step = Step.IMPROVEMENTS
    workshop.save(update_fields=["step"])
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data(problem=""))
    assert response.status_code == 302
    assert messages_of(response) == ["Describe the problem the customer runs into."]


@pytest.mark.parametrize("text", [
    "We moeten een chatbot bouwen", "we gaan de mail sneller versturen", "Wij moeten beter communiceren",
    "Een nieuwe app voor track & trace", "Introduceer een statuspagina", "Bouw een klantportaal",
    "Laten we een FAQ maken", "We should add tracking", "Build a status page", "add a chatbot",
    "Introduce loyalty points", "Launch a newsletter", "  “We need to call customers”",
])
def test_texts_that_start_like_a_solution_get_the_hint(text):
    assert looks_like_solution(text)


@pytest.mark.parametrize("text", [
    "Klanten weten na het bestellen niet wanneer hun sokken komen", "Een nieuwe klant vindt de maat niet",
    "Addresses are checked too late", "Customers cannot find the size chart", "Bouwmarkt-klanten haken af",
    "Wegwerpverpakking stoort klanten", "", "Launching is slow for first-time users",
])
def test_problem_statements_get_no_hint(text):
    assert not looks_like_solution(text)


def test_the_hint_endpoint_answers_while_typing(client, member, workshop):
    client.force_login(member)
    url = reverse("journeys:gap_hint", args=[workshop.pk])
    assert "reads like a solution" in client.get(url, {"problem": "We moeten een app bouwen"}, **HTMX).content.decode()
    assert client.get(url, {"problem": "Klanten haken af"}, **HTMX).content.decode().strip() == ""


def test_a_solution_is_saved_with_a_gentle_warning(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_create", args=[workshop.pk]),
                           gap_data(problem="We moeten een chatbot bouwen"))
    assert response.status_code == 302
    assert Gap.objects.filter(problem="We moeten een chatbot bouwen").exists()
    assert any("reads like a solution" in message for message in messages_of(response))
    body = client.get(room_url(workshop)).content.decode()
    assert "Reads like a solution" in body


def test_the_services_check_what_the_form_checks(workshop, journey_with_ideal, team, facilitator):
    """Services validate on their own: a caller that skips the form still cannot link across journeys."""
    from django.core.exceptions import ValidationError

    from journeys.services.gaps import gap_update, workshop_set_votes_per_participant

    ideal_copy = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])
    with pytest.raises(ValidationError) as error:
        gap_create(actor=MEMBER, journey=workshop.journey, problem="Iets", touchpoints=[ideal_copy])
    assert "touchpoints" in error.value.message_dict
    with pytest.raises(ValidationError):
        gap_create(actor=MEMBER, journey=journey_with_ideal["ideal"], problem="Op het ideaal")
    with pytest.raises(ValidationError):
        gap_create(actor=MEMBER,
                   journey=workshop.journey, problem="Nieuw", origin=GapOrigin.NEW, ideal_touchpoint=ideal_copy)
    gap = gap_create(actor=MEMBER, journey=workshop.journey, problem="Goed")
    with pytest.raises(ValidationError):
        gap_update(actor=MEMBER, gap=gap, problem="Goed", touchpoints=[ideal_copy])
    with pytest.raises(ValidationError):
        gap_update(actor=MEMBER, gap=gap, problem="  ")
    for bad in (0, 21, "5", None):
        with pytest.raises(ValidationError):
            workshop_set_votes_per_participant(workshop=workshop, votes=bad)
    assert Gap.objects.count() == 1 and gap.touchpoints.count() == 0
    # An ideal touchpoint given with another origin is not linked: only "new" remembers one.
    other = gap_create(actor=MEMBER, journey=workshop.journey, problem="Anders", origin=GapOrigin.TEAM,
                       ideal_touchpoint=journey_with_ideal["new"])
    assert other.touchpoints.count() == 0


def test_the_room_and_the_api_refuse_the_same_touchpoint_link(client, member, workshop, journey_with_ideal):
    """One rule, the gap service's: a touchpoint of the ideal journey (or of any other journey) is not one a gap
    links to, whether it comes through the room's form or the API's body. Same message, nothing saved."""
    ideal_copy = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])
    refusal = "Choose touchpoints of this journey."
    client.force_login(member)
    room = client.post(reverse("journeys:gap_create", args=[workshop.pk]), gap_data(touchpoints=[ideal_copy]))
    assert room.status_code == 400 and refusal in room.content.decode()
    created = Client().post("/api/v1/gaps/", {"journey": workshop.journey.pk, "problem": "Iets",
                                              "touchpoints": [ideal_copy.pk]},
                            content_type="application/json", **bearer(api_token_create(user=member, name="s")[1]))
    assert created.status_code == 400 and created.json() == {"touchpoints": [refusal]}
    assert not Gap.objects.exists()
    gap = gap_create(actor=MEMBER, journey=workshop.journey, problem="Goed")
    changed = Client().patch(f"/api/v1/gaps/{gap.pk}/", {"touchpoints": [ideal_copy.pk]},
                             content_type="application/json", **bearer(api_token_create(user=member, name="t")[1]))
    assert changed.status_code == 400 and changed.json() == {"touchpoints": [refusal]}
    assert gap.touchpoints.count() == 0


def test_the_api_links_a_new_gap_to_the_ideal_touchpoint_it_was_written_from(member, workshop, journey_with_ideal):
    """As the room's "new in the ideal journey" suggestion does: origin "new" with ``ideal_touchpoint``, through the
    same service rule: the ideal's new touchpoint is linked; a copied one (it has a source) is refused."""
    auth = bearer(api_token_create(user=member, name="s")[1])
    body = {"journey": workshop.journey.pk, "problem": "Geen bevestiging", "origin": "new",
            "touchpoints": [journey_with_ideal["mail"].pk]}
    copied = copy_in(journey_with_ideal["ideal"], journey_with_ideal["mail"])
    refused = Client().post("/api/v1/gaps/", {**body, "ideal_touchpoint": copied.pk},
                            content_type="application/json", **auth)
    assert refused.status_code == 400 and not Gap.objects.exists()
    created = Client().post("/api/v1/gaps/", {**body, "ideal_touchpoint": journey_with_ideal["new"].pk},
                            content_type="application/json", **auth)
    assert created.status_code == 201, created.json()
    gap = Gap.objects.get()
    assert set(gap.touchpoints.values_list("pk", flat=True)) == {journey_with_ideal["mail"].pk,
                                                                 journey_with_ideal["new"].pk}
    linked = sorted([journey_with_ideal["mail"].pk, journey_with_ideal["new"].pk])
    assert sorted(created.json()["touchpoints"]) == linked


@pytest.fixture
def gap(workshop, journey_with_ideal):
    return gap_create(actor=MEMBER, journey=workshop.journey, problem="Klanten weten niet wanneer hun sokken komen",
                      description="Oud", touchpoints=[journey_with_ideal["mail"]], origin=GapOrigin.NEW,
                      ideal_touchpoint=journey_with_ideal["new"])


def test_edit_form_loads_with_the_gap(client, member, workshop, gap, journey_with_ideal):
    client.force_login(member)
    response = client.get(reverse("journeys:gap_edit", args=[workshop.pk, gap.pk]), **HTMX)
    assert response.status_code == 200
    form = response.context["gap_form"]
    assert form["problem"].value() == gap.problem
    assert form.selected_touchpoint_ids() == {str(journey_with_ideal["mail"].pk)}
    assert "Save the gap" in response.content.decode()


def test_editing_rewords_and_relinks_but_keeps_origin_and_ideal_link(client, member, workshop, gap,
                                                                    journey_with_ideal):
    client.force_login(member)
    payment = journey_with_ideal["payment"]
    response = client.post(reverse("journeys:gap_edit", args=[workshop.pk, gap.pk]),
                           {"problem": "Klanten missen een bezorgmoment", "description": "Nieuw",
                            "touchpoints": [payment.pk]})
    assert response.status_code == 302
    gap.refresh_from_db()
    assert (gap.problem, gap.description, gap.origin) == ("Klanten missen een bezorgmoment", "Nieuw", GapOrigin.NEW)
    assert set(gap.touchpoints.all()) == {payment, journey_with_ideal["new"]}


def test_a_bad_edit_changes_nothing(client, member, workshop, gap):
    client.force_login(member)
    response = client.post(reverse("journeys:gap_edit", args=[workshop.pk, gap.pk]), {"problem": "", "touchpoints": []})
    assert response.status_code == 400
    assert response.context["editing"] == gap
    gap.refresh_from_db()
    assert gap.problem == "Klanten weten niet wanneer hun sokken komen" and gap.touchpoints.count() == 2


def test_another_workshops_gap_is_404(client, member, workshop, team, facilitator):
    other = workshop_create(team=team, title="Ander", facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES)
    foreign = gap_create(actor=MEMBER, journey=other.journey, problem="Elders")
    client.force_login(member)
    for name in ("journeys:gap_edit", "journeys:gap_delete", "journeys:gap_vote"):
        assert client.post(reverse(name, args=[workshop.pk, foreign.pk]), {"dots": "add"}).status_code == 404
    assert client.get(reverse("journeys:gap_edit", args=[workshop.pk, foreign.pk])).status_code == 404
    assert Gap.objects.filter(pk=foreign.pk).exists()


def test_delete_removes_the_gap_and_its_dots(client, member, workshop, gap):
    GapVote.objects.create(gap=gap, participant=people(workshop, 1)[0], dots=3)
    client.force_login(member)
    response = client.post(reverse("journeys:gap_delete", args=[workshop.pk, gap.pk]))
    assert response.status_code == 302
    assert not Gap.objects.exists() and not GapVote.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "guest"])
def test_viewers_and_guests_cannot_edit_or_delete(client, workshop, gap, persona, request):
    if persona == "guest":
        join_room(client, workshop)
    else:
        client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("journeys:gap_edit", args=[workshop.pk, gap.pk]),
                       {"problem": "Gekaapt"}).status_code == 403
    assert client.post(reverse("journeys:gap_delete", args=[workshop.pk, gap.pk])).status_code == 403
    assert Gap.objects.get().problem == "Klanten weten niet wanneer hun sokken komen"
