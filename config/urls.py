from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from workshops.views_sessions import admin_logout_everywhere

admin.site.site_header = _("Klantreis administration")
admin.site.site_title = _("Klantreis")
admin.site.index_title = _("Manage teams, users, schedules and reminders")

urlpatterns = [
    # Before admin.site.urls, so the admin's "Log out" (reversed as admin:logout) signs out every device too.
    path("admin/logout/", admin.site.admin_view(admin_logout_everywhere)),
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("journeys.urls")),
    path("", include("actions.urls")),
    path("", include("config.tooling.urls")),
    path("", include("config.api")),
]

# Django's error pages, but JSON under /api/ (workshops/errors.py).
handler400 = "workshops.errors.bad_request"
handler403 = "workshops.errors.permission_denied"
handler404 = "workshops.errors.page_not_found"
handler500 = "workshops.errors.server_error"
