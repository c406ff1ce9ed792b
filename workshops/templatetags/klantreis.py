from django import template

from workshops import access, dates
from workshops.models import Role

register = template.Library()


@register.filter
def short_date(value):
    """"17 dec. 2026" in Dutch, "17 Dec 2026" in English (``workshops.dates``)."""
    return dates.short_date(value)


@register.filter
def day_month(value):
    """"17 dec." in Dutch, "17 Dec" in English."""
    return dates.short_date(value, year=False)


@register.filter
def short_datetime(value):
    """"17 dec. 2026 14:05"."""
    return dates.short_datetime(value)


@register.filter
def role_label(value):
    """The translated name of a role code such as an annotated ``my_role``."""
    return Role(value).label if value in Role.values else ""


@register.filter
def can(team, needed):
    """``{% if team|can:"owner" %}`` — for a team fetched through workshops.access."""
    return access.can(team, needed)
