"""Every row of every model of our apps (their many-to-many tables too), as comparable tuples: what a refused
request must leave exactly as it was.

    before = snapshot()
    response = client.post(url, data)
    assert snapshot() == before, changes(before, snapshot())

or, around a refused request or several, ``with nothing_written(): …``.

"Our apps" are the project's own packages (workshops, journeys, actions and any added later), found from the app
registry, not listed. Django's own tables (sessions, auth groups and permissions) and third-party apps are not in it:
a refused request may still touch a session. One query per table (about 30), so a walk can take one before and after
each of hundreds of requests.
"""

from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings


@cache
def our_models():
    base = Path(settings.BASE_DIR).resolve()
    return tuple(
        model
        for config in apps.get_app_configs() if Path(config.path).resolve().parent == base
        for model in config.get_models(include_auto_created=True)
    )


def _comparable(value):
    return bytes(value) if isinstance(value, memoryview) else value  # a BinaryField on PostgreSQL


def snapshot():
    """{model label: (row, …)}, each row a tuple of its concrete fields' values (its primary key first), in primary
    key order."""
    tables = {}
    for model in our_models():
        pk = model._meta.pk.attname  # first: ``changes`` tells rows apart by it
        names = [pk] + [field.attname for field in model._meta.concrete_fields if field.attname != pk]
        rows = model._base_manager.order_by("pk").values_list(*names)
        tables[model._meta.label] = tuple(tuple(_comparable(value) for value in row) for row in rows)
    return tables


def changes(before, after):
    """What differs between two snapshots, in words (for an assertion's message): rows added, removed, changed."""
    said = []
    for label in sorted(before.keys() | after.keys()):
        old = {row[0]: row for row in before.get(label, ())}
        new = {row[0]: row for row in after.get(label, ())}
        added = sorted(new.keys() - old.keys())
        removed = sorted(old.keys() - new.keys())
        changed = sorted(pk for pk in old.keys() & new.keys() if old[pk] != new[pk])
        said += [f"{label} {what} {pks}" for what, pks in (("added", added), ("removed", removed),
                                                            ("changed", changed)) if pks]
    return "; ".join(said) or "nothing"


@contextmanager
def nothing_written():
    """Whatever the block does (a refused request or several) must leave every row as it was."""
    before = snapshot()
    yield
    after = snapshot()
    assert after == before, f"a refused write wrote: {changes(before, after)}"
