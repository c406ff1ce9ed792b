"""Fixtures of the actions tests: a real SMTP server on loopback (aiosmtpd) for the reminder emails."""

import socket

import pytest
from aiosmtpd.controller import Controller

from tests.actions.reminder_support import Mailbox


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1; yields (mailbox, port)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        mailbox.release.set()
        controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """This process sends through ``smtp_server`` (Django's real SMTP backend); yields the mailbox."""
    mailbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return mailbox
