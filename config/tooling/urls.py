from django.urls import path

from . import views

app_name = "tooling"

urlpatterns = [
    path("t/<slug:slug>/backup.json", views.team_backup, name="team_backup"),
    path("t/<slug:slug>/backup/import/", views.team_backup_import, name="team_backup_import"),
]
