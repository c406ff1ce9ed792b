from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Klantreis administration")
admin.site.site_title = _("Klantreis")
admin.site.index_title = _("Manage teams, users, schedules and reminders")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("journeys.urls")),
    path("", include("actions.urls")),
    path("", include("config.api")),
]
