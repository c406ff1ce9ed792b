from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import room_views, views, views_sessions, views_tokens
from .forms import LoginForm

app_name = "workshops"

account_patterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/",
         auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", views_sessions.LogoutEverywhereView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/tokens/", views_tokens.api_tokens, name="api_tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", views_tokens.api_token_revoke_view, name="api_token_revoke"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(
        success_url=reverse_lazy("workshops:password_change_done")), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(
        email_template_name="emails/password_reset.txt",
        html_email_template_name="emails/password_reset.html",
        subject_template_name="emails/password_reset_subject.txt",
        success_url=reverse_lazy("workshops:password_reset_done"),
    ), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("workshops:password_reset_complete")),
         name="password_reset_confirm"),
    path("accounts/password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("language/", views.set_language, name="set_language"),
]

team_patterns = [
    path("", views.home, name="home"),
    path("teams/", views.team_list, name="team_list"),
    path("t/<slug:slug>/", views.team_detail, name="team_detail"),
    path("t/<slug:slug>/switch/", views.team_switch, name="team_switch"),
    path("t/<slug:slug>/members/", views.team_members, name="team_members"),
    path("t/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("t/<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("t/<slug:slug>/leave/", views.team_leave, name="team_leave"),
    path("t/<slug:slug>/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("t/<slug:slug>/invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

workshop_patterns = [
    path("w/<int:workshop_id>/", room_views.room, name="room"),
    path("w/<int:workshop_id>/state/", room_views.room_state, name="room_state"),
    path("w/<int:workshop_id>/step/live/", room_views.step_live, name="step_live"),
    path("w/<int:workshop_id>/projector/", room_views.projector, name="projector"),
    path("w/<int:workshop_id>/projector/live/", room_views.projector_live, name="projector_live"),
    path("w/<int:workshop_id>/qr.svg", room_views.join_qr, name="join_qr"),
    path("w/<int:workshop_id>/step/", room_views.workshop_step, name="workshop_step"),
    path("w/<int:workshop_id>/countdown/", room_views.workshop_countdown, name="workshop_countdown"),
    path("w/<int:workshop_id>/open/", room_views.workshop_open, name="workshop_open"),
    path("w/<int:workshop_id>/join-code/", room_views.workshop_join_code, name="workshop_join_code"),
    path("join/", room_views.join, name="join"),
    path("join/<str:code>/", room_views.join, name="join_code"),
]

urlpatterns = account_patterns + team_patterns + workshop_patterns
