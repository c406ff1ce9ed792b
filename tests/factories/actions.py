"""Factories for the actions app: improvements and their history, reviews, reminders' settings."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from actions.models import (
    CalendarFeed,
    Improvement,
    ReminderKind,
    ReminderLog,
    ReminderOptOut,
    Review,
    ReviewCycle,
    Status,
    StatusChange,
)
from journeys.models import MeasurementKind

from .journeys import JourneyFactory, MeasurementFactory
from .workshops import UserFactory


class ImprovementFactory(DjangoModelFactory):
    """A proposed improvement; a planned or started one needs ``owner`` and ``deadline`` too."""

    class Meta:
        model = Improvement

    journey = factory.SubFactory(JourneyFactory)
    title = factory.Sequence(lambda n: f"Verbetering {n}")
    status = Status.PROPOSED


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    improvement = factory.SubFactory(ImprovementFactory)
    old_status = Status.PROPOSED
    new_status = Status.PLANNED


class ReviewCycleFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCycle

    journey = factory.SubFactory(JourneyFactory)
    next_due = factory.LazyFunction(timezone.localdate)


class ReviewFactory(DjangoModelFactory):
    """An open review of a journey, with its own review measurement."""

    class Meta:
        model = Review

    journey = factory.SubFactory(JourneyFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    measurement = factory.SubFactory(MeasurementFactory, journey=factory.SelfAttribute("..journey"),
                                     kind=MeasurementKind.REVIEW, taken_on=factory.SelfAttribute("..held_on"))


class ReminderOptOutFactory(DjangoModelFactory):
    class Meta:
        model = ReminderOptOut

    user = factory.SubFactory(UserFactory)
    kind = ReminderKind.DEADLINE_WEEK


class CalendarFeedFactory(DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)


class ReminderLogFactory(DjangoModelFactory):
    """A reminder claimed for sending (the sweep's claim): kind, object and period make its key."""

    class Meta:
        model = ReminderLog

    kind = ReminderKind.DEADLINE_WEEK
    object_id = factory.Sequence(lambda n: n + 1)
    period = factory.LazyFunction(lambda: timezone.localdate().isoformat())
    recipient = factory.SubFactory(UserFactory)
