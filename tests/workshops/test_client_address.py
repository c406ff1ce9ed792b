"""Whose request it is (workshops/client_address.py): the connection's address unless the proxy it came
through is trusted (TRUSTED_PROXIES); the login lockout and the API throttle go by the same address as the
guest join limit."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.test_project import run_manage
from workshops.api_auth import PrincipalThrottle
from workshops.client_address import client_address


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address("10.0.0.5", "198.51.100.1, 10.0.0.4") == "10.0.0.5"


@pytest.mark.parametrize("remote,forwarded,expected", [
    ("10.0.0.5", "198.51.100.1", "198.51.100.1"),  # the hop our proxy saw
    ("10.0.0.5", "192.0.2.66, 198.51.100.1", "198.51.100.1"),  # what the client wrote itself is not believed
    ("10.0.0.5", "198.51.100.1, 10.0.0.9", "198.51.100.1"),  # through two proxies of ours
    ("10.0.0.5", "10.0.0.8, 10.0.0.9", "10.0.0.8"),  # nothing but our proxies: the first of them
    ("10.0.0.5", "", "10.0.0.5"),  # the proxy's own request
    ("10.0.0.5", "unknown", "10.0.0.5"),  # not an address: the last hop we trust
    ("10.0.0.5", "198.51.100.1:5123", "198.51.100.1"),  # with a port
    ("10.0.0.5", "[2001:db8::7]:443", "2001:db8::7"),
    ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not through our proxy: the header means nothing
    ("::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1"),  # IPv4 as IPv6 is still our proxy
    ("2001:db8:1::2", "198.51.100.1", "198.51.100.1"),
])
def test_behind_trusted_proxies_the_client_is_the_first_untrusted_hop_from_the_right(settings, remote, forwarded,
                                                                                     expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:1::/48"]
    assert address(remote, forwarded) == expected


def test_a_wrong_trusted_proxies_setting_stops_the_start():
    result = run_manage("check", DEBUG="true", TRUSTED_PROXIES="10.0.0.1,the-proxy")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'the-proxy' is not an IP address or network." in result.stderr


# --- The login lockout (django-axes) -------------------------------------------------------------------

def login(client, email, password, proxy="10.0.0.5", visitor="198.51.100.20"):
    return client.post(reverse("workshops:login"), {"username": email, "password": password}, REMOTE_ADDR=proxy,
                       HTTP_X_FORWARDED_FOR=visitor)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_a_lockout_shuts_out_only_the_one_visitor(client, member, password, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    for _ in range(5):
        login(client, member.email, "wrong-password")
    assert login(client, member.email, password).status_code == 429
    # a colleague behind the same proxy, with the same account: their own address, no lockout
    assert login(client, member.email, password, visitor="198.51.100.21").status_code == 302


@pytest.mark.django_db
def test_a_made_up_forwarded_header_does_not_escape_the_lockout(client, member, password, settings):
    settings.TRUSTED_PROXIES = []
    for number in range(5):
        login(client, member.email, "wrong-password", proxy="203.0.113.7", visitor=f"192.0.2.{number}")
    assert login(client, member.email, password, proxy="203.0.113.7", visitor="192.0.2.99").status_code == 429


# --- The API throttle -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_api_throttle_of_anonymous_requests_goes_by_the_same_address(client, monkeypatch, settings):
    settings.TRUSTED_PROXIES = []
    monkeypatch.setattr(PrincipalThrottle, "THROTTLE_RATES", {"principal": "2/minute"})
    docs = reverse("api_docs")
    for number in range(2):
        assert client.get(docs, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").status_code == 200
    refused = client.get(docs, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert refused.status_code == 429
    assert client.get(docs, REMOTE_ADDR="198.51.100.9").status_code == 200  # another address
