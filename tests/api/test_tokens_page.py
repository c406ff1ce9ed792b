"""The API tokens page: my tokens only, a new one shown once (never stored in clear, never in a redirect),
revoked with a POST; another user's token is a 404."""

import pytest
from django.urls import reverse

from workshops.api_auth import api_token_create
from workshops.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_page_needs_a_login(client):
    response = client.get(reverse("workshops:api_tokens"))
    assert response.status_code == 302 and reverse("workshops:login") in response["Location"]


def test_make_a_token_shown_once_that_works_with_the_api(login, member, outsider):
    api_token_create(user=outsider, name="Bravo script")
    client = login(member)
    response = client.post(reverse("workshops:api_tokens"), {"name": "  CRM  import "})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    text = response.context["new_token_text"]
    assert text.startswith("kr_") and text in response.content.decode()
    token = ApiToken.objects.get(user=member)
    assert token.name == "CRM import" and text.split("_", 2)[2] not in token.secret_hash
    page = client.get(reverse("workshops:api_tokens")).content.decode()
    assert "CRM import" in page and text not in page and "Bravo script" not in page  # once, and mine only
    client.logout()
    assert client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 200


def test_a_nameless_token_is_refused_with_a_message(login, member):
    response = login(member).post(reverse("workshops:api_tokens"), {"name": "   "})
    assert response.status_code == 400 and response.context["error"]
    assert not ApiToken.objects.exists()


def test_revoke_my_token_but_never_anothers(login, member, outsider):
    mine, text = api_token_create(user=member, name="Mijn script")
    theirs, their_text = api_token_create(user=outsider, name="Bravo script")
    client = login(member)
    assert client.get(reverse("workshops:api_token_revoke", args=[mine.pk])).status_code == 405
    assert client.post(reverse("workshops:api_token_revoke", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("workshops:api_token_revoke", args=[mine.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workshops:api_tokens")
    assert "Mijn script" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    client.logout()
    assert client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 401
    assert client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {their_text}").status_code == 200


def test_the_profile_links_to_the_page(login, member):
    assert reverse("workshops:api_tokens") in login(member).get(reverse("workshops:profile")).content.decode()


@pytest.mark.parametrize("language, words", [("en", ["API tokens", "Your profile", "Copy"]),
                                               ("nl", ['lang="nl"', "Je profiel", "Kopiëren"])])
def test_the_page_in_english_and_dutch(login, member, language, words):
    member.language = language
    member.save(update_fields=["language"])
    client = login(member)
    page = client.post(reverse("workshops:api_tokens"), {"name": "Script"}).content.decode()
    for word in words:
        assert word in page
