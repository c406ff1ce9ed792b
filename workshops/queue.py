"""The one way the apps enqueue a Celery task: after the transaction that asked for it commits."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

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
