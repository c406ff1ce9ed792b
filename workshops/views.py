from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .forms import (
    InvitationForm,
    InvitationSignupForm,
    ProfileForm,
    RoleForm,
    SignupForm,
    TeamForm,
    apply_validation_error,
)
from .middleware import SUPPORTED
from .models import Role
from .responses import fragment_or_redirect


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    team = request.user.current_team
    if team is not None and access.teams_for(request.user).filter(pk=team.pk).exists():
        return redirect("workshops:team_detail", slug=team.slug)
    return redirect("workshops:team_list")


def signup(request):
    if request.user.is_authenticated:
        return redirect("workshops:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.language = get_language()
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        welcome = _("Welcome to Klantreis, %(name)s! Start by creating your team.")
        messages.success(request, welcome % {"name": user.name})
        return redirect("workshops:team_list")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("workshops:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
        return response
    return render(request, "registration/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Switch between Dutch and English; remembered on the account and in a cookie."""
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in SUPPORTED:
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 60 * 60,
            samesite="Lax", secure=request.is_secure(),
        )
    return response


@login_required
def team_list(request):
    teams = access.teams_for(request.user).order_by("name")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(name=form.cleaned_data["name"], creator=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Team “%(name)s” created. Invite your colleagues.") % {"name": team.name})
            return redirect("workshops:team_members", slug=team.slug)
    return render(request, "workshops/team_list.html", {"teams": teams, "form": form})


@login_required
def team_detail(request, slug):
    team = access.get_team(request.user, slug)
    if request.user.current_team_id != team.pk:
        services.team_switch(user=request.user, team=team)
    return team_page(request, team)


def team_page(request, team, *, backup_error=None, status=200):
    """The team page; ``backup_error``: why an uploaded backup was refused, shown next to the upload field."""
    members = _memberships(team).order_by("user__name")
    # In the same query: whether a quarterly review of the workshop's journey is open (at most one can be).
    workshops = (team.workshops.select_related("facilitator").order_by("-created_at")
                 .annotate(in_review=Count("journey__reviews", filter=Q(journey__reviews__finished_at__isnull=True))))
    context = {"team": team, "members": members, "workshops": workshops, "backup_error": backup_error}
    return render(request, "workshops/team_detail.html", context, status=status)


@require_POST
@login_required
def team_switch(request, slug):
    team = access.get_team(request.user, slug)
    services.team_switch(user=request.user, team=team)
    return redirect("workshops:team_detail", slug=team.slug)


def _members_page(request, team, invite_form=None, status=200):
    members = _memberships(team).order_by("user__name")
    invitations = _open_invitations(team).select_related("invited_by")
    context = {
        "team": team,
        "members": members,
        "invitations": invitations,
        "invite_form": invite_form or InvitationForm(),
        "roles": Role,
        "can_manage": access.can(team, access.MANAGE),
    }
    return render(request, "workshops/team_members.html", context, status=status)


@login_required
def team_members(request, slug):
    team = access.get_team(request.user, slug, needs=access.MANAGE if request.method == "POST" else access.READ)
    if request.method != "POST":
        return _members_page(request, team)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, renewed = services.invitation_create(
                team=team, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                invited_by=request.user, language=get_language(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            text = _("Invitation sent again to %(email)s.") if renewed else _("Invitation sent to %(email)s.")
            messages.success(request, text % {"email": invitation.email})
            return redirect("workshops:team_members", slug=team.slug)
    return _members_page(request, team, invite_form=form, status=400)


def _managed(request, slug, related, pk):
    """An owner's team and one of its memberships or open invitations (404 when not in this team)."""
    team = access.get_team(request.user, slug, needs=access.MANAGE)
    return team, get_object_or_404(related(team), pk=pk)


def _memberships(team):
    return team.memberships.select_related("user")


def _open_invitations(team):
    return team.invitations.filter(accepted_at__isnull=True)


@require_POST
@login_required
def member_role(request, slug, membership_id):
    team, membership = _managed(request, slug, _memberships, membership_id)
    form = RoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            membership = services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            error = exc.message_dict["role"][0]
    else:
        error = _("Choose one of the roles.")
    def member_row():
        context = {"team": team, "member": membership, "roles": Role, "can_manage": True, "row_error": error,
                   "row_saved": error is None}
        # htmx swaps only 2xx answers: the refused change comes back as a 200 row that shows the reason.
        return render(request, "workshops/partials/member_row.html", context)

    done = _("%(name)s is now %(role)s.") % {"name": membership.user.name,
                                             "role": membership.get_role_display().lower()}
    return fragment_or_redirect(request, member_row, reverse("workshops:team_members", args=[team.slug]),
                                error or done, level=messages.ERROR if error else messages.SUCCESS)


@require_POST
@login_required
def member_remove(request, slug, membership_id):
    team, membership = _managed(request, slug, _memberships, membership_id)
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("workshops:team_members", slug=team.slug)
    if membership.user_id == request.user.pk:
        messages.success(request, _("You have left %(team)s.") % {"team": team.name})
        return redirect("workshops:home")
    messages.success(request, _("%(name)s has been removed from the team.") % {"name": membership.user.name})
    return redirect("workshops:team_members", slug=team.slug)


@require_POST
@login_required
def team_leave(request, slug):
    team = access.get_team(request.user, slug)
    membership = selectors.membership_of(team, request.user)
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("workshops:team_members", slug=team.slug)
    messages.success(request, _("You have left %(team)s.") % {"team": team.name})
    return redirect("workshops:home")


@require_POST
@login_required
def invitation_revoke(request, slug, invitation_id):
    team, invitation = _managed(request, slug, _open_invitations, invitation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("workshops:team_members", slug=team.slug)


@require_POST
@login_required
def invitation_resend(request, slug, invitation_id):
    team, invitation = _managed(request, slug, _open_invitations, invitation_id)
    services.invitation_create(team=team, email=invitation.email, role=invitation.role,
                               invited_by=request.user, language=get_language())
    messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return redirect("workshops:team_members", slug=team.slug)


INVITATION_PROBLEMS = {  # lazy: translated per request, not once at import
    "unknown": (404, gettext_lazy("This invitation link is not valid. Check that you copied the whole link, "
                       "or ask the team owner for a new invitation.")),
    "used": (410, gettext_lazy("This invitation has already been used. Log in to reach the team.")),
    "expired": (410, gettext_lazy("This invitation has expired. Ask the team owner to invite you again.")),
}


def invitation_accept(request, token):
    """The link from the invitation email: join as the signed-in user, or sign up on the spot."""
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationUnusable as problem:
        status, text = INVITATION_PROBLEMS[problem.reason]
        return render(request, "workshops/invitation_problem.html", {"problem": text, "reason": problem.reason},
                      status=status)

    team = invitation.team
    already_member = request.user.is_authenticated and team.memberships.filter(user=request.user).exists()
    account_exists = selectors.has_account(invitation.email)
    signup_form = None
    if not request.user.is_authenticated and not account_exists:
        signup_form = InvitationSignupForm(request.POST or None, email=invitation.email)

    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.invitation_accept(token=token, user=request.user)
                messages.success(request, _("Welcome to %(team)s!") % {"team": team.name})
                return redirect("workshops:team_detail", slug=team.slug)
            if signup_form is not None and signup_form.is_valid():
                user = services.invitation_accept_as_new_user(
                    token=token, name=signup_form.cleaned_data["name"],
                    password=signup_form.cleaned_data["password1"], language=get_language(),
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to %(team)s!") % {"team": team.name})
                return redirect("workshops:team_detail", slug=team.slug)
        except services.InvitationUnusable as problem:
            status, text = INVITATION_PROBLEMS[problem.reason]
            return render(request, "workshops/invitation_problem.html", {"problem": text}, status=status)
        except ValidationError as error:
            if signup_form is not None:
                apply_validation_error(signup_form, error)

    context = {
        "invitation": invitation,
        "team": team,
        "already_member": already_member,
        "account_exists": account_exists,
        "signup_form": signup_form,
        "login_url": f"{reverse('workshops:login')}?next={request.path}",
    }
    return render(request, "workshops/invitation_accept.html", context, status=400 if request.method == "POST" else 200)
