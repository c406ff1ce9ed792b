from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Invitation, Membership, Participant, Team, User, Workshop


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ["team"]


class KlantreisUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class KlantreisUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = KlantreisUserChangeForm
    add_form = KlantreisUserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "language", "team_count", "is_staff", "is_active", "last_login", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "name"]
    inlines = [UserMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "language", "current_team")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    raw_id_fields = ["current_team"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(team_total=Count("memberships"))

    @admin.display(description=_("teams"), ordering="team_total")
    def team_count(self, obj):
        return obj.team_total


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count", "created_at"]
    search_fields = ["name", "slug", "memberships__user__email"]
    list_filter = ["created_at"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "joined_at"]
    list_filter = ["role", "joined_at"]
    search_fields = ["user__email", "user__name", "team__name"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "team", "role", "invited_by", "created_at", "expires_at", "sent_at", "accepted_at"]
    list_filter = ["role", "accepted_at", "expires_at", "sent_at"]
    search_fields = ["email", "team__name"]
    list_select_related = ["team", "invited_by"]
    readonly_fields = ["token", "created_at", "sent_at", "accepted_at", "accepted_by"]
    autocomplete_fields = ["team", "invited_by"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["display_name", "user", "join_generation"]
    raw_id_fields = ["user"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "facilitator", "scheduled_for", "step", "is_open", "join_code", "created_at"]
    list_filter = ["step", "is_open", "scheduled_for"]
    search_fields = ["title", "team__name", "join_code"]
    list_select_related = ["team", "facilitator"]
    raw_id_fields = ["journey", "facilitator"]
    autocomplete_fields = ["team"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "workshop", "user", "joined_at"]
    list_filter = ["joined_at"]
    search_fields = ["display_name", "user__email", "workshop__title"]
    list_select_related = ["workshop", "user"]
    raw_id_fields = ["workshop", "user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_id", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["created_at", "revoked_at"]
    search_fields = ["name", "user__email", "key_id"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["key_id", "created_at", "last_used_at"]
    exclude = ["secret_hash"]
