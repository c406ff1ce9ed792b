"""The Celery app, configured from Django settings (``CELERY_*``), and the one way we enqueue."""

import logging
import os

from celery import Celery
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("klantreis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs):
    """Send ``task`` once the surrounding transaction commits; never fail the request over it.

    A rolled-back transaction enqueues nothing. When the broker is down the write still stands;
    the task's own sweep (or a resend) picks the work up later, so we log instead of raising.
    """

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except OperationalError:
            logger.exception("Broker unreachable: %s%r not enqueued", task.name, args)

    transaction.on_commit(send)
