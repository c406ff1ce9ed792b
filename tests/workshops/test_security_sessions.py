"""Logging out, or changing the password, ends a person's other sessions (other browsers, other devices).

Every browser here is its own django.test.Client that signs in through the login form, like a person would."""

import pytest
from django.test import Client
from django.urls import reverse

from workshops.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-77"


def signed_in_browser(user, password):
    browser = Client()
    response = browser.post(reverse("workshops:login"), {"username": user.email, "password": password})
    assert response.status_code == 302, "the login form should accept these credentials"
    assert is_signed_in(browser)
    return browser


def is_signed_in(browser):
    response = browser.get(reverse("workshops:profile"))
    if response.status_code == 302:
        assert response.url.startswith(reverse("workshops:login"))
        return False
    assert response.status_code == 200
    return True


def test_logging_out_in_one_browser_logs_out_every_other_browser(member, password):
    laptop = signed_in_browser(member, password)
    phone = signed_in_browser(member, password)

    assert laptop.post(reverse("workshops:logout")).status_code == 302

    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_after_logging_out_everywhere_a_new_login_works(member, password):
    laptop = signed_in_browser(member, password)
    laptop.post(reverse("workshops:logout"))

    phone = signed_in_browser(member, password)
    assert is_signed_in(phone)
    member.refresh_from_db()
    assert member.session_generation == 1


def test_logging_out_leaves_other_people_signed_in(member, viewer, password):
    members_browser = signed_in_browser(member, password)
    viewers_browser = signed_in_browser(viewer, password)

    members_browser.post(reverse("workshops:logout"))

    assert is_signed_in(viewers_browser)


def test_an_anonymous_logout_changes_nothing(client, member, password):
    phone = signed_in_browser(member, password)

    assert client.post(reverse("workshops:logout")).status_code == 302

    assert is_signed_in(phone)
    assert User.objects.get(pk=member.pk).session_generation == 0


def test_changing_the_password_keeps_this_browser_signed_in_and_logs_out_the_others(member, password):
    laptop = signed_in_browser(member, password)
    phone = signed_in_browser(member, password)

    response = laptop.post(reverse("workshops:password_change"), {
        "old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert response.url == reverse("workshops:password_change_done")

    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    old_password_attempt = Client().post(reverse("workshops:login"), {"username": member.email, "password": password})
    assert old_password_attempt.status_code != 302
    assert is_signed_in(signed_in_browser(member, NEW_PASSWORD))


def test_a_password_change_after_a_logout_everywhere_still_keeps_the_changing_browser(member, password):
    """The generation and the password both feed the session hash; update_session_auth_hash sees both."""
    signed_in_browser(member, password).post(reverse("workshops:logout"))
    laptop = signed_in_browser(member, password)
    phone = signed_in_browser(member, password)

    laptop.post(reverse("workshops:password_change"), {
        "old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })

    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_sessions_made_before_the_session_generation_existed_stay_valid(member, password):
    """Generation 0 hashes exactly like Django: deploying this change signs nobody out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    assert member.session_generation == 0
    assert member.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(member)
    member.end_all_sessions()
    assert member.get_session_auth_hash() != AbstractBaseUser._get_session_auth_hash(member)



@pytest.fixture
def staff(member):
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    return member


def signed_in_admin(user, password):
    browser = Client()
    response = browser.post(reverse("admin:login"), {"username": user.email, "password": password})
    assert response.status_code == 302, "the admin login should accept these credentials"
    assert is_in_admin(browser)
    return browser


def is_in_admin(browser):
    return browser.get(reverse("admin:index")).status_code == 200


def test_the_admin_logout_logs_out_every_browser_like_the_sites_logout(staff, password):
    admin_laptop = signed_in_admin(staff, password)
    admin_phone = signed_in_admin(staff, password)
    site_tablet = signed_in_browser(staff, password)

    response = admin_laptop.post(reverse("admin:logout"))

    assert response.status_code == 302, "LOGOUT_REDIRECT_URL, as for the admin's own logout"
    assert not is_in_admin(admin_laptop)
    assert not is_in_admin(admin_phone)
    assert not is_signed_in(site_tablet)
    assert User.objects.get(pk=staff.pk).session_generation == 1


def test_a_forged_admin_logout_without_the_csrf_token_ends_no_session(staff, password):
    forger = Client(enforce_csrf_checks=True)
    forger.post(reverse("admin:login"), {"username": staff.email, "password": password})
    phone = signed_in_admin(staff, password)

    assert forger.post(reverse("admin:logout")).status_code == 403

    assert is_in_admin(phone)
    assert User.objects.get(pk=staff.pk).session_generation == 0


def test_a_get_on_the_admin_logout_ends_no_session(staff, password):
    laptop = signed_in_admin(staff, password)

    assert laptop.get(reverse("admin:logout")).status_code == 405

    assert is_in_admin(laptop)
    assert User.objects.get(pk=staff.pk).session_generation == 0
