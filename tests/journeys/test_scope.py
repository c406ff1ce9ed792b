"""Step 1, scope: the persona, the customer's goal (and the hint when it reads like our own process),
the end point and the departments — on the room page, through htmx and plain POSTs, and on the projector."""

import pytest
from django.urls import reverse
from django.utils import translation

from journeys.models import Journey, Persona, Stage, Touchpoint
from journeys.services.scope import customer_goal_hints, normalise_departments
from tests.db_snapshot import nothing_written
from tests.fixtures import HTMX, closed_workshop_posts, join_room
from workshops.models import Participant, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(title="Offertes")]



@pytest.fixture
def persona(team):
    return Persona.objects.create(team=team, name="Drukke Daan", archetype="de haastige ondernemer",
                                  goals="Snel een prijs", frustrations="Wachten op een belletje")


def scope_data(**changes):
    data = {"title": "Offerte aanvragen", "customer_goal": "Ik vraag een offerte aan",
            "end_point": "De offerte ligt in mijn mailbox", "departments": "sales, marketing", "scope_notes": ""}
    return {**data, **changes}


def persona_data(prefix, **changes):
    data = {"name": "Slimme Sanne", "archetype": "de vergelijker", "description": "Vergelijkt alles",
            "goals": "De beste prijs", "frustrations": "Verborgen kosten"}
    return {f"{prefix}-{key}": value for key, value in {**data, **changes}.items()}


# --- The goal hint -------------------------------------------------------------------------------

@pytest.mark.parametrize("goal", [
    "Ik vraag een offerte aan",
    "Als klant wil ik snel weten wat het kost",
    "Wij willen ons pakket morgen in huis",
    "Ik beheer mijn abonnement zelf",  # "beheer" is the customer's verb here, not our process
    "I request a quote",
    "We want our order delivered tomorrow",
    "Quickly, I want to know the price",
    "I process my return online",
    "",
])
def test_goals_in_the_customers_words_get_no_hint(goal):
    assert customer_goal_hints(goal) == []


@pytest.mark.parametrize("goal,internal_word", [
    ("Offertetraject", "Offertetraject"),
    ("Klachtenafhandeling", "Klachtenafhandeling"),
    ("Debiteurenbeheer", "Debiteurenbeheer"),
    ("Intake nieuwe klanten", "Intake"),
    ("Quotation process", "process"),
    ("Sales funnel", "funnel"),
    ("Onboarding workflow", "workflow"),
    ("Lead pipeline management", "pipeline"),
])
def test_internal_process_names_get_a_hint_naming_the_word(goal, internal_word):
    hints = customer_goal_hints(goal)
    assert len(hints) == 2  # an internal word, and not the customer speaking
    assert f"“{internal_word}”" in hints[0]


@pytest.mark.parametrize("goal", ["Offerte aanvragen", "Request a quote", "Snelle levering"])
def test_a_goal_not_in_the_first_person_gets_the_first_person_hint_only(goal):
    with translation.override("en"):  # the English source text, whatever an earlier test left active
        hints = customer_goal_hints(goal)
    assert len(hints) == 1 and "“I …”" in hints[0]


@pytest.mark.parametrize("goal", ["Ik start het intakeproces", "We enter the sales pipeline"])
def test_first_person_with_internal_words_still_gets_the_internal_hint(goal):
    with translation.override("en"):  # the English source text, whatever an earlier test left active
        hints = customer_goal_hints(goal)
    assert len(hints) == 1 and "internal process" in hints[0]


def test_departments_are_trimmed_and_deduplicated():
    assert normalise_departments(" sales,  IT,,Sales , klanten  service,") == "sales, IT, klanten service"
    assert normalise_departments("") == ""


# --- Saving the scope ----------------------------------------------------------------------------

@pytest.mark.parametrize("persona_name", ["member", "facilitator", "owner"])
def test_members_and_up_save_the_scope(client, workshop, persona_name, request):
    client.force_login(request.getfixturevalue(persona_name))
    response = client.post(reverse("journeys:scope_update", args=[workshop.pk]),
                           scope_data(departments="sales,  IT,, Sales"))
    assert response.status_code == 302
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + "#scope-journey"
    journey = Journey.objects.get(pk=workshop.journey_id)
    assert (journey.title, journey.customer_goal, journey.end_point, journey.departments) == (
        "Offerte aanvragen", "Ik vraag een offerte aan", "De offerte ligt in mijn mailbox", "sales, IT")


def test_htmx_save_answers_with_the_card_and_the_hint(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_update", args=[workshop.pk]),
                           scope_data(customer_goal="Offertetraject"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="scope-journey"')
    assert 'class="scope-goal-hint"' in body and "“Offertetraject”" in body
    assert 'class="saved-note"' in body
    assert Journey.objects.get(pk=workshop.journey_id).customer_goal == "Offertetraject"  # a hint, not an error


def test_the_hint_stays_on_the_page_until_the_goal_is_reworded(client, member, workshop):
    Journey.objects.filter(pk=workshop.journey_id).update(customer_goal="Orderproces")
    client.force_login(member)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert 'class="scope-goal-hint"' in page and "“Orderproces”" in page
    client.post(reverse("journeys:scope_update", args=[workshop.pk]), scope_data(customer_goal="Ik bestel een fiets"))
    assert 'class="scope-goal-hint"' not in client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()


def test_departments_show_as_chips(client, viewer, workshop):
    Journey.objects.filter(pk=workshop.journey_id).update(departments="sales, IT, klantenservice")
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert page.count('<li class="scope-chip">') == 3
    assert '<li class="scope-chip">klantenservice</li>' in page


@pytest.mark.parametrize("data,field", [
    (scope_data(title=""), "title"),
    (scope_data(title="x" * 151), "title"),
    (scope_data(customer_goal="x" * 201), "customer_goal"),
    (scope_data(departments="x" * 301), "departments"),
])
def test_bad_scope_input_is_shown_next_to_the_field_and_nothing_saved(client, member, workshop, data, field):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_update", args=[workshop.pk]), data)
    assert response.status_code == 400
    assert response.context["scope_form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    journey = Journey.objects.get(pk=workshop.journey_id)
    assert journey.title == "Offertes" and journey.customer_goal == ""


def test_bad_htmx_input_answers_200_with_the_error_in_the_card(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_update", args=[workshop.pk]), scope_data(title=""), **HTMX)
    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    assert Journey.objects.get(pk=workshop.journey_id).title == "Offertes"


def test_bad_input_after_the_room_moved_on_redirects_with_the_message(client, member, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(step="data")
    client.force_login(member)
    response = client.post(reverse("journeys:scope_update", args=[workshop.pk]), scope_data(title=""), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_viewer_and_guest_read_the_scope_but_cannot_change_it(client, viewer, workshop, persona):
    Journey.objects.filter(pk=workshop.journey_id).update(customer_goal="Ik vraag een offerte aan", persona=persona)
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "“Ik vraag een offerte aan”" in page and "Drukke Daan" in page
    assert f'action="{reverse("journeys:scope_update", args=[workshop.pk])}"' not in page  # no form
    assert client.post(reverse("journeys:scope_update", args=[workshop.pk]), scope_data()).status_code == 403
    client.logout()
    join_room(client, workshop)
    page = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "Drukke Daan" in page and "<form" not in page.split('class="step-body"')[1]
    for name, args in [("journeys:scope_update", []), ("journeys:scope_persona_choose", []),
                       ("journeys:scope_persona_create", []), ("journeys:scope_persona_update", [persona.pk])]:
        assert client.post(reverse(name, args=[workshop.pk, *args]), scope_data()).status_code == 403, name
    assert Journey.objects.get(pk=workshop.journey_id).title == "Offertes"


def test_a_closed_workshop_is_read_only_for_members_not_for_the_facilitator(client, member, facilitator, workshop):
    assert closed_workshop_posts(client, workshop, reverse("journeys:scope_update", args=[workshop.pk]), scope_data(),
                                 member=member, facilitator=facilitator) == (403, 302)


def test_outsider_gets_404_on_every_scope_action(client, outsider, workshop, persona):
    client.force_login(outsider)
    with nothing_written():
        for name, args in [("journeys:scope_update", []), ("journeys:scope_persona_choose", []),
                           ("journeys:scope_persona_create", []), ("journeys:scope_persona_update", [persona.pk])]:
            assert client.post(reverse(name, args=[workshop.pk, *args]), scope_data()).status_code == 404, name


def test_get_is_not_allowed_on_the_actions(client, member, workshop):
    client.force_login(member)
    assert client.get(reverse("journeys:scope_update", args=[workshop.pk])).status_code == 405


# --- The persona ---------------------------------------------------------------------------------

def test_choose_one_of_the_teams_personas(client, member, workshop, persona):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_choose", args=[workshop.pk]),
                           {"persona": persona.pk}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="scope-persona"') and "Drukke Daan" in body
    assert Journey.objects.get(pk=workshop.journey_id).persona == persona
    # … and back to none
    client.post(reverse("journeys:scope_persona_choose", args=[workshop.pk]), {"persona": ""})
    assert Journey.objects.get(pk=workshop.journey_id).persona is None


@pytest.mark.parametrize("forged", ["999999", "abc", "other-team"])
def test_a_persona_outside_the_team_is_a_form_error(client, member, workshop, persona, outsider, other_team, forged):
    if forged == "other-team":
        forged = Persona.objects.create(team=other_team, name="Vreemde Vera").pk
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_choose", args=[workshop.pk]), {"persona": forged})
    assert response.status_code == 400
    assert response.context["persona_choose_form"].errors["persona"]
    assert Journey.objects.get(pk=workshop.journey_id).persona is None


def test_create_a_persona_and_use_it_at_once(client, member, workshop, team):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_create", args=[workshop.pk]),
                           persona_data("new-persona"), **HTMX)
    assert response.status_code == 200
    created = Persona.objects.get(name="Slimme Sanne")
    assert created.team == team and created.frustrations == "Verborgen kosten"
    assert Journey.objects.get(pk=workshop.journey_id).persona == created
    assert "Slimme Sanne" in response.content.decode()


def test_a_persona_needs_a_name(client, member, workshop):
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_create", args=[workshop.pk]),
                           persona_data("new-persona", name=" "))
    assert response.status_code == 400
    assert response.context["persona_new_form"].errors["name"]
    assert 'id="id_new-persona-name_error"' in response.content.decode()
    assert not Persona.objects.exists()


def test_edit_the_chosen_persona(client, member, workshop, persona):
    Journey.objects.filter(pk=workshop.journey_id).update(persona=persona)
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_update", args=[workshop.pk, persona.pk]),
                           persona_data("persona", name="Drukke Daan", goals="Binnen een dag een prijs"), **HTMX)
    assert response.status_code == 200
    persona.refresh_from_db()
    assert persona.goals == "Binnen een dag een prijs"
    # errors keep the saved persona as it was
    response = client.post(reverse("journeys:scope_persona_update", args=[workshop.pk, persona.pk]),
                           persona_data("persona", name=""), **HTMX)
    assert response.status_code == 200 and 'id="id_persona-name_error"' in response.content.decode()
    persona.refresh_from_db()
    assert persona.name == "Drukke Daan"


def test_another_teams_persona_cannot_be_edited(client, member, workshop, other_team):
    foreign = Persona.objects.create(team=other_team, name="Vreemde Vera")
    client.force_login(member)
    response = client.post(reverse("journeys:scope_persona_update", args=[workshop.pk, foreign.pk]),
                           persona_data("persona"))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Vreemde Vera"


# --- The projector -------------------------------------------------------------------------------

def test_projector_shows_persona_goal_departments_and_end_point(client, viewer, workshop, persona):
    Journey.objects.filter(pk=workshop.journey_id).update(
        persona=persona, customer_goal="Ik vraag een offerte aan", end_point="Offerte ontvangen",
        departments="sales, IT")
    client.force_login(viewer)
    for name in ("workshops:projector", "workshops:projector_live"):
        body = client.get(reverse(name, args=[workshop.pk])).content.decode()
        assert '<p class="scope-goal-big">“Ik vraag een offerte aan”</p>' in body, name
        assert "Drukke Daan" in body and "de haastige ondernemer" in body and "Wachten op een belletje" in body
        assert '<li class="scope-chip">IT</li>' in body and "Offerte ontvangen" in body


def test_guest_sees_the_projector_too(client, workshop):
    join_room(client, workshop)
    assert client.get(reverse("workshops:projector_live", args=[workshop.pk])).status_code == 200


# --- Query counts --------------------------------------------------------------------------------

def grow(workshop, team, size):
    """``size`` personas in the team, stages and touchpoints in the journey, guests in the room."""
    personas = Persona.objects.bulk_create(Persona(team=team, name=f"Persona {n}") for n in range(size))
    Journey.objects.filter(pk=workshop.journey_id).update(persona=personas[0], departments="a, b, c, d",
                                                          customer_goal="Offerteproces")
    after = workshop.journey.stages.count()  # the template's stages come first
    stages = Stage.objects.bulk_create(Stage(journey=workshop.journey, name=f"Fase {n}", position=after + n)
                                       for n in range(size))
    Touchpoint.objects.bulk_create(Touchpoint(stage=stage, name=f"TP {n}", position=n)
                                   for stage in stages for n in range(size))
    Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"Gast {n}") for n in range(size))


@pytest.mark.parametrize("size", [1, 12])
def test_room_page_queries_do_not_grow_with_the_journey(client, member, workshop, team, size,
                                                        django_assert_num_queries):
    grow(workshop, team, size)
    client.force_login(member)
    client.get(reverse("workshops:room", args=[workshop.pk]))  # the member becomes a participant once
    # 1 session, 2 user, 3 workshop + journey + team with my role (access.room_for), 4 my participant,
    # 5 the team's personas (scope), 6 the navigation's teams (context processor)
    with django_assert_num_queries(6):
        response = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert response.status_code == 200
    assert len(response.context["personas"]) == size


@pytest.mark.parametrize("size", [1, 12])
def test_projector_live_queries_do_not_grow_with_the_journey(client, member, workshop, team, size,
                                                             django_assert_num_queries):
    grow(workshop, team, size)
    client.force_login(member)
    # 1 session, 2 user, 3 workshop + journey + team with my role, 4 my participant (access.room_for),
    # 5 the persona
    with django_assert_num_queries(5):
        response = client.get(reverse("workshops:projector_live", args=[workshop.pk]))
    assert response.context["persona"].name == "Persona 0"


# --- Read-only screens follow ----------------------------------------------------------------------

def test_readers_get_a_polled_scope_and_editors_do_not(client, member, viewer, workshop):
    live_url = reverse("journeys:scope_live", args=[workshop.pk])
    client.force_login(viewer)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    version = page.context["scope_version"]
    assert f'hx-get="{live_url}?v={version}"' in page.content.decode()
    assert client.get(live_url, {"v": version}).status_code == 204  # unchanged: nothing swapped, nothing read out
    Journey.objects.filter(pk=workshop.journey_id).update(customer_goal="Ik wil mijn fiets terug")
    response = client.get(live_url, {"v": version})
    body = response.content.decode()
    assert response.status_code == 200 and "“Ik wil mijn fiets terug”" in body
    assert 'data-announce="The scope was changed."' in body  # read out by the room's live region
    assert client.get(live_url, {"v": response.context["scope_version"]}).status_code == 204
    client.force_login(member)
    assert f'hx-get="{live_url}' not in client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()


def test_a_guest_follows_the_scope_and_an_outsider_gets_404(client, outsider, workshop):
    join_room(client, workshop)
    assert client.get(reverse("journeys:scope_live", args=[workshop.pk])).status_code == 200
    client.logout()  # a fresh session: the guest's would still let its holder in
    client.force_login(outsider)
    assert client.get(reverse("journeys:scope_live", args=[workshop.pk])).status_code == 404
