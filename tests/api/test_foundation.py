"""The API's foundation: personal tokens (hashed, shown once, revocable), team scoping, roles, JSON errors,
the schema and the offline Swagger UI."""

import pytest
from django.urls import reverse

from workshops.api_auth import api_token_create, api_token_revoke
from workshops.models import ApiToken, Membership

pytestmark = pytest.mark.django_db


def bearer(text):
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def test_a_token_is_stored_hashed_shown_once_and_revocable(client, owner):
    token, text = api_token_create(user=owner, name="  CRM   import ")
    assert token.name == "CRM import" and text.startswith("kr_") and len(text) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert text.split("_", 2)[2] not in (stored.secret_hash, stored.key_id)  # only the hash is kept
    response = client.get("/api/v1/teams/", **bearer(text))
    assert response.status_code == 200
    assert [team["slug"] for team in response.json()["results"]] == [owner.current_team.slug]
    assert response.json()["results"][0]["my_role"] == "owner"
    assert api_token_revoke(user=owner, token_id=token.pk)
    assert client.get("/api/v1/teams/", **bearer(text)).status_code == 401


@pytest.mark.parametrize("header", ["Bearer kr_nothing_here", "Bearer kr_", "Bearer", "Bearer a b",
                                    "Token " + "x" * 300])
def test_a_wrong_token_is_a_401_never_a_500(client, header):
    response = client.get("/api/v1/teams/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401 and "detail" in response.json()


def test_anonymous_gets_no_data(client, owner):
    assert client.get("/api/v1/teams/").status_code in (401, 403)


def test_an_outsiders_token_never_reaches_another_team(client, owner, member, outsider):
    _token, text = api_token_create(user=outsider, name="script")
    membership = Membership.objects.get(team=owner.current_team, user=member)
    assert client.get(f"/api/v1/members/{membership.pk}/", **bearer(text)).status_code == 404
    response = client.patch(f"/api/v1/members/{membership.pk}/", {"role": "owner"},
                            content_type="application/json", **bearer(text))
    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == "member"
    slugs = [team["slug"] for team in client.get("/api/v1/teams/", **bearer(text)).json()["results"]]
    assert owner.current_team.slug not in slugs


def test_only_owners_change_roles_and_bad_values_are_field_errors(client, owner, member):
    membership = Membership.objects.get(team=owner.current_team, user=member)
    _token, member_token = api_token_create(user=member, name="mine")
    url = f"/api/v1/members/{membership.pk}/"
    assert client.patch(url, {"role": "owner"}, content_type="application/json",
                        **bearer(member_token)).status_code == 403
    _token, owner_token = api_token_create(user=owner, name="mine")
    response = client.patch(url, {"role": "emperor"}, content_type="application/json", **bearer(owner_token))
    assert response.status_code == 400 and "role" in response.json()
    response = client.patch(url, {"role": "facilitator"}, content_type="application/json", **bearer(owner_token))
    assert response.status_code == 200 and response.json()["role"] == "facilitator"


def test_the_schema_and_the_offline_swagger_ui(client, owner):
    client.force_login(owner)
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/teams/" in schema.json()["paths"]
    docs = client.get(reverse("api_docs")).content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in docs  # served from our static files
    assert "cdn.jsdelivr" not in docs and "unpkg" not in docs
