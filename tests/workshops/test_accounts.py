import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from workshops.models import User

pytestmark = pytest.mark.django_db


def test_signup_creates_account_logs_in_and_keeps_the_chosen_language(client):
    client.post(reverse("workshops:set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("workshops:signup"), {
        "name": "Sanne de Vries", "email": "Sanne@Example.com",
        "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
    })
    assert response.status_code == 302
    assert response.url == reverse("workshops:team_list")
    user = User.objects.get(email="sanne@example.com")
    assert user.name == "Sanne de Vries"
    assert user.language == "en"
    assert client.get(reverse("workshops:team_list")).context["user"] == user


def test_signup_with_an_existing_address_says_so_next_to_the_field(client, owner):
    response = client.post(reverse("workshops:signup"), {
        "name": "Dubbel", "email": owner.email.upper(),
        "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
    })
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact=owner.email).count() == 1


@pytest.mark.parametrize("email", ["not-an-email", "", "a@b"])
def test_signup_rejects_an_invalid_address(client, email):
    response = client.post(reverse("workshops:signup"), {
        "name": "X", "email": email, "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_signup_rejects_a_weak_or_mismatched_password(client):
    weak = client.post(reverse("workshops:signup"), {
        "name": "X", "email": "x@example.com", "password1": "123", "password2": "123"})
    assert weak.context["form"].errors["password2"]
    mismatch = client.post(reverse("workshops:signup"), {
        "name": "X", "email": "x@example.com", "password1": "een-lang-wachtwoord-42", "password2": "anders-42-lang"})
    assert mismatch.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_login_with_email_in_any_case(client, owner, password):
    response = client.post(reverse("workshops:login"), {"username": owner.email.upper(), "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_wrong_password_shows_a_clear_message(client, owner):
    response = client.post(reverse("workshops:login"), {"username": owner.email, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    assert "wachtwoord" in response.content.decode()  # Dutch by default


def test_logout_is_a_post_and_ends_the_session(client, owner):
    client.force_login(owner)
    assert client.get(reverse("workshops:logout")).status_code == 405
    client.post(reverse("workshops:logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_requires_the_old_password(client, owner, password):
    client.force_login(owner)
    wrong = client.post(reverse("workshops:password_change"), {
        "old_password": "wrong", "new_password1": "nieuw-wachtwoord-77", "new_password2": "nieuw-wachtwoord-77"})
    assert wrong.context["form"].errors["old_password"]
    right = client.post(reverse("workshops:password_change"), {
        "old_password": password, "new_password1": "nieuw-wachtwoord-77", "new_password2": "nieuw-wachtwoord-77"})
    assert right.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("nieuw-wachtwoord-77")


def test_password_reset_by_email_end_to_end(client, owner):
    response = client.post(reverse("workshops:password_reset"), {"email": owner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [owner.email]
    assert email.alternatives, "the reset email has an HTML part"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "hersteld-wachtwoord-9", "new_password2": "hersteld-wachtwoord-9"})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("hersteld-wachtwoord-9")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_what_to_check(client):
    response = client.post(reverse("workshops:password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []
    body = response.content.decode()
    assert "spam" in body  # the page says to check the address and the spam folder


def test_password_reset_with_a_forged_link_says_it_no_longer_works(client, owner):
    response = client.get(reverse("workshops:password_reset_confirm", args=["MQ", "forged-token"]), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_dutch_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("workshops:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert "Inloggen" in response.content.decode()


def test_language_switch_sets_cookie_and_account_and_returns(client, owner):
    client.force_login(owner)
    response = client.post(reverse("workshops:set_language"), {"language": "en", "next": "/teams/"})
    assert response.url == "/teams/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    owner.refresh_from_db()
    assert owner.language == "en"
    assert "Your teams" in client.get(reverse("workshops:team_list")).content.decode()


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post(reverse("workshops:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.url == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_profile_updates_name_and_language(client, owner):
    client.force_login(owner)
    response = client.post(reverse("workshops:profile"), {"name": "Olga O.", "language": "en"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.name, owner.language) == ("Olga O.", "en")
    bad = client.post(reverse("workshops:profile"), {"name": "", "language": "xx"})
    assert set(bad.context["form"].errors) == {"name", "language"}
