import pytest


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """The step tests read the English source texts, so every request here is answered in English.

    Dutch is checked where it is the subject: tests/test_project.py (every string translated), the
    accounts tests (Dutch by default) and the browser tests, which run in Dutch.
    """
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "en")
