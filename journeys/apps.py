from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Customer journeys")

    def ready(self):
        from . import steps  # noqa: F401 — registers steps 1–6 with the room (workshops.steps)
