"""The run is really on the services it was started for.

The race tests skip on SQLite (it lets one writer in at a time, so nothing can race there), and a run whose
settings fell back to SQLite, the filesystem broker or the file cache would otherwise pass on the defaults,
quietly, with those tests skipped. CI's PostgreSQL half sets ``KLANTREIS_EXPECT_SERVICES=postgresql,redis``:
then each named service must be the one configured *and* answer — a query on the database, a ping of Redis
through the Celery broker connection and through the cache. Unset (a run on the embedded defaults, or a
developer's), these tests skip and say why."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from config.celery import app

VARIABLE = "KLANTREIS_EXPECT_SERVICES"
KNOWN = ("postgresql", "redis")


def expected():
    return [name.strip().lower() for name in os.environ.get(VARIABLE, "").split(",") if name.strip()]


pytestmark = pytest.mark.skipif(
    not expected(), reason=f"{VARIABLE} is not set: this run is not required to be on PostgreSQL and Redis "
                           f"(CI's PostgreSQL half sets {VARIABLE}=postgresql,redis)")


def test_every_expected_service_is_one_this_test_knows():
    unknown = sorted(set(expected()) - set(KNOWN))
    assert not unknown, f"{VARIABLE} names {unknown}: known are {', '.join(KNOWN)}"


@pytest.mark.django_db
def test_the_database_is_postgresql_and_answers():
    if "postgresql" not in expected():
        pytest.skip(f"{VARIABLE} does not name postgresql")
    engine = settings.DATABASES["default"]["ENGINE"]
    assert connection.vendor == "postgresql", (
        f"{VARIABLE} expects PostgreSQL, but the settings use {engine} (DATABASE_URL not set or not passed on?)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL "), version


def test_the_celery_broker_is_redis_and_answers():
    if "redis" not in expected():
        pytest.skip(f"{VARIABLE} does not name redis")
    url = app.conf.broker_url
    assert url.startswith(("redis://", "rediss://")), (
        f"{VARIABLE} expects Redis as the Celery broker, but it is {url.split('://')[0]}:// "
        f"(CELERY_BROKER_URL not set or not passed on?)")
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1)
        assert broker.transport.driver_name == "redis"
        assert broker.default_channel.client.ping() is True


def test_the_cache_is_redis_and_answers():
    if "redis" not in expected():
        pytest.skip(f"{VARIABLE} does not name redis")
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.redis.RedisCache", (
        f"{VARIABLE} expects Redis as the cache, but it is {backend} (CACHE_URL not set or not passed on?)")
    assert cache._cache.get_client(write=True).ping() is True
    cache.set("expected-services-probe", "here", 30)
    assert cache.get("expected-services-probe") == "here"
    cache.delete("expected-services-probe")
