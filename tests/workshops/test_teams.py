import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import Review
from journeys.models import JourneyTemplate, Measurement, MeasurementKind
from journeys.services.workshops import workshop_create
from tests.factories import InvitationFactory, MembershipFactory, TeamFactory, UserFactory
from workshops.models import Invitation, Membership, Role, Team, User, Workshop

pytestmark = pytest.mark.django_db


def members_url(team):
    return reverse("workshops:team_members", args=[team.slug])


# --- Teams --------------------------------------------------------------------------------------

def test_creating_a_team_makes_you_its_owner_and_current_team(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("workshops:team_list"), {"name": "  Klantcontact   Noord "})
    team = Team.objects.get(name="Klantcontact Noord")
    assert response.url == members_url(team)
    assert Membership.objects.get(team=team, user=outsider).role == Role.OWNER
    outsider.refresh_from_db()
    assert outsider.current_team == team
    assert re.fullmatch(r"klantcontact-noord-[0-9a-f]{6}", team.slug)


def test_duplicate_team_name_is_refused_next_to_the_field(client, owner, team):
    client.force_login(owner)
    response = client.post(reverse("workshops:team_list"), {"name": team.name.upper()})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Team.objects.filter(name__iexact=team.name).count() == 1


def test_someone_elses_team_name_is_free_to_use(client, outsider, team):
    client.force_login(outsider)
    client.post(reverse("workshops:team_list"), {"name": team.name})
    assert Team.objects.filter(name=team.name).count() == 2


def test_blank_team_name_is_refused(client, owner):
    client.force_login(owner)
    response = client.post(reverse("workshops:team_list"), {"name": "   "})
    assert response.context["form"].errors["name"]


def test_team_switcher_changes_the_current_team(client, owner, other_team):
    MembershipFactory(team=other_team, user=owner, role=Role.VIEWER)
    client.force_login(owner)
    response = client.post(reverse("workshops:team_switch", args=[other_team.slug]))
    assert response.url == reverse("workshops:team_detail", args=[other_team.slug])
    owner.refresh_from_db()
    assert owner.current_team == other_team
    assert client.get(reverse("workshops:home")).url == reverse("workshops:team_detail", args=[other_team.slug])


def test_home_sends_a_user_without_teams_to_the_team_list(client):
    client.force_login(UserFactory())
    assert client.get(reverse("workshops:home")).url == reverse("workshops:team_list")


# --- Invitations ---------------------------------------------------------------------------------

def invite(client, team, email, role="member"):
    return client.post(members_url(team), {"email": email, "role": role})


def accept_path(email_message):
    return re.search(r"https?://[^/\s]+(/invitations/[\w-]+/)", email_message.body).group(1)


def test_owner_invites_by_email_with_an_unguessable_link(client, owner, team, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, team, "Nieuw@Example.com", "facilitator")
    assert response.status_code == 302
    invitation = Invitation.objects.get(team=team)
    assert invitation.email == "nieuw@example.com"
    assert invitation.role == Role.FACILITATOR
    assert len(invitation.token) >= 43  # 32 random bytes
    assert invitation.sent_at is not None
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.com"]
    assert accept_path(message) == reverse("workshops:invitation_accept", args=[invitation.token])
    assert team.name in message.subject
    assert message.alternatives[0][1] == "text/html"


def test_invitation_email_is_in_the_inviters_language(client, owner, team, django_capture_on_commit_callbacks):
    client.force_login(owner)
    client.post(reverse("workshops:set_language"), {"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, team, "new@example.com")
    assert "invited" in mail.outbox[0].subject


def test_inviting_an_existing_member_is_refused(client, owner, member, team):
    client.force_login(owner)
    response = invite(client, team, member.email.upper())
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("data,field", [
    ({"email": "geen-adres", "role": "member"}, "email"),
    ({"email": "", "role": "member"}, "email"),
    ({"email": "a@example.com", "role": "king"}, "role"),
])
def test_invalid_invitation_input_gets_a_message_next_to_the_field(client, owner, team, data, field):
    client.force_login(owner)
    response = client.post(members_url(team), data)
    assert response.status_code == 400
    assert response.context["invite_form"].errors[field]
    assert not Invitation.objects.exists()


def test_inviting_again_renews_the_open_invitation(client, owner, team, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, team, "again@example.com")
        first_token = Invitation.objects.get().token
        invite(client, team, "again@example.com", "viewer")
    invitation = Invitation.objects.get()
    assert invitation.token != first_token
    assert invitation.role == Role.VIEWER
    assert len(mail.outbox) == 2
    assert client.get(reverse("workshops:invitation_accept", args=[first_token])).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "member", "viewer"])
def test_only_owners_invite(client, team, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert invite(client, team, "x@example.com").status_code == 403
    assert not Invitation.objects.exists()


def test_new_person_signs_up_by_accepting(client, owner, team):
    invitation = InvitationFactory(team=team, invited_by=owner, email="nieuw@example.com", role=Role.FACILITATOR)
    url = reverse("workshops:invitation_accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200
    assert team.name in page.content.decode()
    response = client.post(url, {
        "name": "Noor Nieuw", "password1": "welkom-bij-alfa-1", "password2": "welkom-bij-alfa-1"})
    assert response.url == reverse("workshops:team_detail", args=[team.slug])
    user = User.objects.get(email="nieuw@example.com")
    assert Membership.objects.get(team=team, user=user).role == Role.FACILITATOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_through_invitation_with_a_weak_password_saves_nothing(client, team):
    invitation = InvitationFactory(team=team)
    response = client.post(reverse("workshops:invitation_accept", args=[invitation.token]),
                           {"name": "Zwak", "password1": "1234", "password2": "1234"})
    assert response.status_code == 400
    assert response.context["signup_form"].errors["password2"]
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_logged_in_user_accepts_with_their_account(client, outsider, team):
    invitation = InvitationFactory(team=team, role=Role.VIEWER)
    client.force_login(outsider)
    client.post(reverse("workshops:invitation_accept", args=[invitation.token]))
    assert Membership.objects.get(team=team, user=outsider).role == Role.VIEWER


def test_existing_account_is_asked_to_log_in(client, outsider, team):
    invitation = InvitationFactory(team=team, email=outsider.email)
    page = client.get(reverse("workshops:invitation_accept", args=[invitation.token]))
    assert page.context["account_exists"] is True
    assert page.context["signup_form"] is None


def test_used_invitation_cannot_be_used_again(client, outsider, member, team):
    invitation = InvitationFactory(team=team)
    client.force_login(outsider)
    client.post(reverse("workshops:invitation_accept", args=[invitation.token]))
    client.force_login(member)
    response = client.post(reverse("workshops:invitation_accept", args=[invitation.token]))
    assert response.status_code == 410
    assert "already been used" in response.content.decode() or "al gebruikt" in response.content.decode()


def test_expired_invitation_says_so(client, team):
    invitation = InvitationFactory(team=team, expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("workshops:invitation_accept", args=[invitation.token]))
    assert response.status_code == 410
    assert response.context["reason"] == "expired"


def test_forged_invitation_token_says_the_link_is_not_valid(client):
    response = client.get(reverse("workshops:invitation_accept", args=["a" * 43]))
    assert response.status_code == 404
    assert response.context["reason"] == "unknown"


def test_owner_withdraws_and_resends_invitations(client, owner, team, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(team=team)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:invitation_resend", args=[team.slug, invitation.pk]))
    assert len(mail.outbox) == 1
    client.post(reverse("workshops:invitation_revoke", args=[team.slug, invitation.pk]))
    assert not Invitation.objects.exists()


# --- Roles and membership -----------------------------------------------------------------------

def test_owner_changes_a_role_with_htmx_and_gets_the_row_back(client, owner, member, team):
    membership = Membership.objects.get(user=member)
    client.force_login(owner)
    response = client.post(reverse("workshops:member_role", args=[team.slug, membership.pk]), {"role": "facilitator"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="member-{membership.pk}"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR


def test_the_last_owner_cannot_be_demoted(client, owner, team):
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)
    response = client.post(reverse("workshops:member_role", args=[team.slug, membership.pk]), {"role": "viewer"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps only 2xx: the row shows the reason
    assert response.context["row_error"]
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_a_second_owner_makes_demotion_possible(client, owner, member, team):
    Membership.objects.filter(user=member).update(role=Role.OWNER)
    client.force_login(owner)
    client.post(reverse("workshops:member_role", args=[team.slug, Membership.objects.get(user=owner).pk]),
                {"role": "member"})
    assert Membership.objects.get(user=owner).role == Role.MEMBER


def test_members_cannot_change_roles(client, member, viewer, team):
    client.force_login(member)
    response = client.post(reverse("workshops:member_role", args=[team.slug, Membership.objects.get(user=viewer).pk]),
                           {"role": "owner"})
    assert response.status_code == 403
    assert Membership.objects.get(user=viewer).role == Role.VIEWER


def test_owner_removes_a_member(client, owner, member, team):
    client.force_login(owner)
    client.post(reverse("workshops:member_remove", args=[team.slug, Membership.objects.get(user=member).pk]))
    assert not Membership.objects.filter(user=member).exists()
    member.refresh_from_db()
    assert member.current_team is None


def test_membership_of_another_team_is_404_even_for_an_owner(client, owner, outsider, team):
    client.force_login(owner)
    foreign = Membership.objects.get(user=outsider)
    response = client.post(reverse("workshops:member_remove", args=[team.slug, foreign.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_member_leaves_a_team(client, member, team):
    client.force_login(member)
    response = client.post(reverse("workshops:team_leave", args=[team.slug]))
    assert response.url == reverse("workshops:home")
    assert not Membership.objects.filter(user=member, team=team).exists()


def test_last_owner_cannot_leave(client, owner, member, team):
    client.force_login(owner)
    response = client.post(reverse("workshops:team_leave", args=[team.slug]), follow=True)
    assert Membership.objects.filter(user=owner, team=team).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_viewer_reads_the_team_but_sees_no_management(client, viewer, team):
    client.force_login(viewer)
    response = client.get(members_url(team))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert 'name="email"' not in response.content.decode()  # no invitation form
    assert 'name="role"' not in response.content.decode()


# --- Query counts -------------------------------------------------------------------------------

def grow(team, people):
    for index in range(people):
        membership = MembershipFactory(team=team)
        InvitationFactory(team=team)
        if index % 5 == 0:
            workshop = workshop_create(team=team, title=f"Workshop {index}", facilitator=membership.user,
                                       template=JourneyTemplate.FIVE_PHASES)
            in_state(workshop, ["open", "closed", "review"][index // 5 % 3])


def in_state(workshop, state):
    """Put ``workshop`` in one of the states the team page shows: open, closed, or a review in progress (which
    opens the closed workshop's room again, at the emotions step)."""
    if state == "open":
        return workshop
    Workshop.objects.filter(pk=workshop.pk).update(is_open=state == "review", closed_at=timezone.now())
    if state == "review":
        measurement = Measurement.objects.create(journey=workshop.journey, kind=MeasurementKind.REVIEW,
                                                 taken_on=timezone.localdate())
        Review.objects.create(journey=workshop.journey, measurement=measurement, held_on=timezone.localdate())
    return workshop


def _items(page):
    """The team page's workshop list: title → the text of its item (tags dropped, spaces joined)."""
    html = page.content.decode()
    listed = html.split('<ul class="workshop-list">', 1)[1].split("</ul>", 1)[0]
    items = {}
    for item in listed.split("<li>")[1:]:
        text = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        items[text.split(" ", 1)[0]] = text
    return items


def test_team_page_shows_each_workshops_date_and_state(client, owner, team, facilitator):
    def make(title, **options):
        return workshop_create(team=team, title=title, facilitator=facilitator, template=JourneyTemplate.BLANK,
                               **options)

    in_state(make("Gepland", scheduled_for=date(2026, 3, 12)), "open")
    in_state(make("Afgerond", scheduled_for=date(2026, 1, 5)), "closed")
    in_state(make("Herzien", scheduled_for=date(2025, 10, 1)), "review")
    with time_machine.travel(datetime(2026, 2, 3, 23, 30, tzinfo=UTC)):  # 4 February in Amsterdam
        make("Ongepland")
    client.force_login(owner)

    items = _items(client.get(reverse("workshops:team_detail", args=[team.slug])))

    assert items["Gepland"] == "Gepland Open 12 maart 2026 · Scope · Fenna Facilitator"
    assert items["Afgerond"] == "Afgerond Gesloten 5 januari 2026 · Scope · Fenna Facilitator"
    assert items["Herzien"] == "Herzien Review bezig 1 oktober 2025 · Scope · Fenna Facilitator"
    assert items["Ongepland"] == "Ongepland Open aangemaakt op 4 februari 2026 · Scope · Fenna Facilitator"
    client.cookies["klantreis_language"] = "en"
    owner.language = "en"
    owner.save(update_fields=["language"])
    items = _items(client.get(reverse("workshops:team_detail", args=[team.slug])))
    assert items["Afgerond"] == "Afgerond Closed 5 January 2026 · Scope · Fenna Facilitator"
    assert items["Herzien"] == "Herzien Review in progress 1 October 2025 · Scope · Fenna Facilitator"
    assert items["Ongepland"] == "Ongepland Open created 4 February 2026 · Scope · Fenna Facilitator"


@pytest.mark.parametrize("people", [0, 25])
def test_members_page_query_count_does_not_grow(client, owner, team, people, django_assert_num_queries):
    grow(team, people)
    client.force_login(owner)
    # 1 session, 2 user, 3 team with my role, 4 members with users, 5 open invitations with inviter,
    # 6 the team switcher's teams
    with django_assert_num_queries(6):
        assert client.get(members_url(team)).status_code == 200


@pytest.mark.parametrize("people", [0, 25])
def test_team_page_query_count_does_not_grow(client, owner, team, people, django_assert_num_queries):
    grow(team, people)
    client.force_login(owner)
    # 1 session, 2 user, 3 team with my role, 4 workshops with facilitators and whether a review is open,
    # 5 members with users, 6 the team switcher's teams
    with django_assert_num_queries(6):
        assert client.get(reverse("workshops:team_detail", args=[team.slug])).status_code == 200


@pytest.mark.parametrize("teams", [1, 20])
def test_team_list_query_count_does_not_grow(client, owner, teams, django_assert_num_queries):
    for _ in range(teams):
        MembershipFactory(user=owner, team=TeamFactory())
    client.force_login(owner)
    # 1 session, 2 user, 3 my teams, 4 the team switcher's teams
    with django_assert_num_queries(4):
        assert client.get(reverse("workshops:team_list")).status_code == 200
