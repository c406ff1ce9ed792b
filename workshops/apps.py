from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Teams and workshops")

    def ready(self):
        from . import steps  # noqa: F401 — its system check says when a step has no module to draw it
