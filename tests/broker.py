"""Taking the broker away from this process, for tests of what happens when it is down."""

import os
from contextlib import contextmanager

from config.celery import app


@contextmanager
def broker_down():
    """Point this process at a broker address where nothing listens (a real refused connection).

    Celery reads the CELERY_BROKER_URL *environment variable* before its configuration (``Settings.broker_url``),
    so when it is set (as in CI) it must change too, or the real broker would still be reached."""
    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager, os.environ.get("CELERY_BROKER_URL")
    nowhere = "redis://127.0.0.1:1/0"
    conf.broker_url, conf.task_always_eager = nowhere, False
    if saved[2] is not None:
        os.environ["CELERY_BROKER_URL"] = nowhere
    app._pool = None
    app.amqp._producer_pool = None
    try:
        target = app.connection_for_write()
        assert (target.hostname, target.port) == ("127.0.0.1", 1)
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved[:2]
        if saved[2] is not None:
            os.environ["CELERY_BROKER_URL"] = saved[2]
        app._pool = None
        app.amqp._producer_pool = None
