from django import template

from workshops import access
from workshops.models import Role

register = template.Library()


@register.filter
def role_label(value):
    """The translated name of a role code such as an annotated ``my_role``."""
    return Role(value).label if value in Role.values else ""


@register.filter
def can(team, needed):
    """``{% if team|can:"owner" %}`` — for a team fetched through workshops.access."""
    return access.can(team, needed)
