"""The test cache, emptied per test process."""


def clear_cache():
    """Empty this test process's cache and nothing else: its own folder (file cache), or in Redis only the keys
    under its own prefix — Django's ``cache.clear()`` on Redis would FLUSHDB, taking the keys of every other test
    process (and installation) on that database with it."""
    from django.conf import settings
    from django.core.cache import cache

    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()  # the file cache's clear() empties its own folder, var/test/<process>/test-cache
        return
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    assert prefix, "a test process's Redis cache keys need a prefix of their own (config/test_settings.py)"
    delete_keys(cache._cache.get_client(write=True), f"{prefix}:*")


def delete_keys(client, pattern):
    """Delete the keys matching ``pattern`` (SCAN, never KEYS or FLUSHDB) through the Redis ``client``."""
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)
