"""{% picture p %} and {% picture_table p %}: draw one of journeys.pictures' pictures inside a page."""

from django import template

from .. import pictures

register = template.Library()


@register.simple_tag
def picture(value):
    return pictures.render(value)


@register.simple_tag
def picture_table(value):
    return pictures.render_table(value)
