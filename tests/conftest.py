"""Personas, as in every test of this project: one team ("team A") with an owner, a facilitator,
a member and a viewer, and an outsider who owns another team ("team B")."""

import pytest

from tests.factories import PASSWORD, MembershipFactory, TeamFactory, UserFactory
from workshops.models import Role


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Alfa", slug="team-alfa")


def _member(team, role, email, name):
    user = UserFactory(email=email, name=name)
    MembershipFactory(team=team, user=user, role=role)
    user.current_team = team
    user.save(update_fields=["current_team"])
    return user


@pytest.fixture
def owner(team):
    return _member(team, Role.OWNER, "olga@alfa.example", "Olga Owner")


@pytest.fixture
def facilitator(team):
    return _member(team, Role.FACILITATOR, "fenna@alfa.example", "Fenna Facilitator")


@pytest.fixture
def member(team):
    return _member(team, Role.MEMBER, "mo@alfa.example", "Mo Member")


@pytest.fixture
def viewer(team):
    return _member(team, Role.VIEWER, "vera@alfa.example", "Vera Viewer")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team Bravo", slug="team-bravo")


@pytest.fixture
def outsider(other_team):
    return _member(other_team, Role.OWNER, "otto@bravo.example", "Otto Outsider")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters start at zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
