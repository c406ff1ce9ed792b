"""Logging out logs out everywhere: every other browser and device of this person is signed out too.

(A new password does the same by itself: the session auth hash includes the password; the browser that changed
it stays signed in through update_session_auth_hash.)"""

from django.contrib import admin
from django.contrib.auth import views as auth_views


class LogoutEverywhereView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            request.user.end_all_sessions()
        return super().post(request, *args, **kwargs)


def admin_logout_everywhere(request):
    """The admin's own logout (its page, its "log in again" link), but signing out every device like ours.

    Routed through admin.site.admin_view like the admin's logout: CSRF-checked, never cached, staff only."""
    if request.method == "POST":
        request.user.end_all_sessions()
    return admin.site.logout(request)
