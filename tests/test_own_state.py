"""Each test process has its own state (config/test_settings.py), so test runs and pytest-xdist's workers can run side
by side: its own folder under var/test/ (SQLite test database, file cache, filesystem broker), its own INSTANCE_NAME
(Celery queue, Redis key prefix), and a cache clear that takes only its own keys."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.cache_support import clear_cache

BASE_DIR = Path(settings.BASE_DIR)


def settings_in_child(env, settings_module):
    """VAR_DIR, INSTANCE_NAME, the queue and the cache's place, as a process started with ``env`` reads them."""
    code = ("from django.conf import settings as s; "
            "print(s.VAR_DIR, s.INSTANCE_NAME, s.CELERY_TASK_DEFAULT_QUEUE, s.CACHES['default']['LOCATION'])")
    done = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=BASE_DIR,
                          env={**env, "DJANGO_SETTINGS_MODULE": settings_module}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    found = done.stdout.split()
    if found[0] != str(settings.VAR_DIR):
        shutil.rmtree(found[0], ignore_errors=True)  # another test process's folder, made by the child: gone with it
    return found


def test_this_process_has_a_folder_and_an_instance_name_of_its_own():
    worker = os.environ.get("PYTEST_XDIST_WORKER") or "main"
    assert settings.TEST_PROCESS == f"{worker}-{os.getpid()}"
    assert settings.VAR_DIR == BASE_DIR / "var" / "test" / settings.TEST_PROCESS
    assert settings.INSTANCE_NAME == f"test-{settings.TEST_PROCESS}"
    assert settings.CELERY_TASK_DEFAULT_QUEUE == settings.INSTANCE_NAME
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"].startswith(str(settings.VAR_DIR))
    else:
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] == f"{settings.INSTANCE_NAME}:"
    if connection.vendor == "sqlite":
        assert Path(connection.settings_dict["NAME"]).parent == settings.VAR_DIR
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        assert Path(settings.CACHES["default"]["LOCATION"]).parent == settings.VAR_DIR
    else:
        assert settings.CACHES["default"]["KEY_PREFIX"].startswith(settings.INSTANCE_NAME)


def test_what_a_test_starts_shares_its_state_and_another_test_process_does_not():
    ours = [str(settings.VAR_DIR), settings.INSTANCE_NAME, settings.INSTANCE_NAME]
    # a Celery worker, gunicorn or bin/run started by a test reads config.settings with the test's environment
    assert settings_in_child(os.environ, "config.settings")[:3] == ours
    # a process of the same test process that reads the test settings again keeps them
    assert settings_in_child(os.environ, "config.test_settings")[:3] == ours
    # another test process (another xdist worker, or a run started beside this one) gets its own
    other_worker = settings_in_child({**os.environ, "PYTEST_XDIST_WORKER": "gw99"}, "config.test_settings")
    another_run = settings_in_child({key: value for key, value in os.environ.items()
                                     if key not in ("KLANTREIS_TEST_PROCESS", "PYTEST_XDIST_WORKER")},
                                    "config.test_settings")
    for other in (other_worker, another_run):
        assert other[0] != ours[0] and Path(other[0]).parent == BASE_DIR / "var" / "test"
        assert other[1] != ours[1]
    assert Path(other_worker[0]).name.startswith("gw99-")


def test_clearing_the_cache_keeps_every_other_processs_keys(tmp_path):
    cache.set("mine", 1)
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        others = ["test-gw99-1klantreis-test:1:mine", "installation-b:1:rate", "celery"]
        for key in others:
            client.set(key, "theirs")
        try:
            clear_cache()
            assert cache.get("mine") is None
            assert [client.get(key) for key in others] == [b"theirs"] * len(others)
        finally:
            client.delete(*others)
    elif backend.endswith("FileBasedCache"):
        theirs = tmp_path / "gw99-1" / "test-cache"  # the folder layout of another test process
        theirs.mkdir(parents=True, exist_ok=True)
        (theirs / "x.djcache").write_bytes(b"theirs")
        try:
            clear_cache()
            assert cache.get("mine") is None
            assert (theirs / "x.djcache").read_bytes() == b"theirs"
        finally:
            shutil.rmtree(tmp_path / "gw99-1")
    else:
        pytest.fail(f"no check for {backend}")
