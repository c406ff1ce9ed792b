"""What the reminder tests share: the SMTP server's handler (the server itself is a fixture in conftest.py),
a journey of team A with its workshop, and improvements and review cycles due on given days."""

import asyncio
import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy

from actions.models import Improvement, ReviewCycle, Status
from journeys.services.workshops import workshop_create


class Mailbox:
    """An aiosmtpd handler. ``accepted`` holds what the server acknowledged with 250 — what counts as sent.

    ``refuse`` makes it answer every message with that reply instead (e.g. "451 4.3.0 Try again later");
    ``refuse_next = n`` answers the next n messages with ``refuse_next_with`` (451 by default) and then accepts
    again, as a server over its limit for a moment; ``seen`` counts every message whose data arrived.
    Addresses in ``refuse_recipients`` are refused at RCPT TO (550), as for a mailbox that does not exist.
    ``hold_at = n`` holds the n-th message after its data arrived and before any reply, until ``release`` is
    set; then it is refused: a sender killed while it waits never had it accepted. With ``accept_held`` the held
    message is accepted as its data arrives instead, as a real server that queued it and whose "250" then finds
    the sender gone: the email goes out, and the sender cannot know. A message that arrives while ``delay``
    runs is accepted too, whether or not its sender is still there to hear the reply."""

    def __init__(self):
        self.accepted = []
        self.refuse = None
        self.refuse_next = 0
        self.refuse_next_with = "451 4.7.1 Too many messages, try again later"
        self.refuse_recipients = set()
        self.delay = 0  # seconds before each reply: a slow server keeps concurrent senders overlapping
        self.hold_at = None
        self.accept_held = False
        self.seen = 0
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_recipients:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.hold_at == self.seen:
            if self.accept_held:
                self.accepted.append(message_from_bytes(envelope.content, policy=email_policy))
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "250 OK" if self.accept_held else "451 4.3.0 The sender went away"
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return self.refuse_next_with
        self.accepted.append(message_from_bytes(envelope.content, policy=email_policy))
        return "250 OK"

    def subjects(self):
        return sorted(str(message["Subject"]) for message in self.accepted)


def journey_for(team, facilitator, title="Bestellen bij Alfa"):
    return workshop_create(team=team, title=title, facilitator=facilitator, template="blank").journey


def improvement(journey, title, *, owner, deadline, status=Status.PLANNED):
    return Improvement.objects.create(journey=journey, title=title, owner=owner, deadline=deadline, status=status)


def review_cycle(journey, due):
    return ReviewCycle.objects.create(journey=journey, next_due=due)


def plus(day, days):
    return day + timedelta(days=days)
