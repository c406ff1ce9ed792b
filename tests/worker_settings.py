"""The settings of a worker process started by a test (tests/worker.py): the production settings, with the broker's
transport options of the test process that started it (KLANTREIS_TEST_BROKER_OPTIONS, JSON) — its broker folders
or Redis key prefix — so both use one broker however the test run chose its folders."""

import json
import os

from config.settings import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["KLANTREIS_TEST_BROKER_OPTIONS"])
