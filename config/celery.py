"""The Celery app, configured from Django settings (``CELERY_*``). The one way the apps enqueue is
``workshops.queue.enqueue_on_commit``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("klantreis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
