from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Improvements and reviews")

    def ready(self):
        from . import steps  # noqa: F401 — registers step 7 with the room (workshops.steps)
