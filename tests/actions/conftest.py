"""Fixtures of the actions tests: this process sending its reminder emails through the real SMTP server on loopback
(``smtp_server``, tests/conftest.py)."""


import pytest


@pytest.fixture
def smtp(smtp_server, settings):
    """This process sends through ``smtp_server`` (Django's real SMTP backend); yields the mailbox."""
    mailbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return mailbox
