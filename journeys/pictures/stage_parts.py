"""A stage split over pages (the report's map and curve), and a stage's title with its part."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


class _Listed(tuple):
    """Touchpoints that answer ``all()``, as a stage's prefetched ``touchpoints`` do."""

    def all(self):
        return self


@dataclass(frozen=True)
class StagePart:
    """Part ``part`` of ``parts`` of a stage with more touchpoints than one page of the report shows legibly:
    what ``journey_map`` and ``emotion_curve`` read of a stage, with only the part's touchpoints, and a
    ``part_label`` ("(1/2)") that its drawn name always ends in."""

    stage: object
    items: tuple
    part: int
    parts: int

    @property
    def pk(self):
        return self.stage.pk

    @property
    def name(self):
        return self.stage.name

    @property
    def customer_goal(self):
        return self.stage.customer_goal

    @property
    def scenario(self):
        return self.stage.scenario

    @property
    def touchpoints(self):
        return _Listed(self.items)

    @property
    def part_label(self):
        # Translators: one part of a stage whose touchpoints the report spreads over pages, e.g. "(1/2)".
        return _("(%(part)s/%(parts)s)") % {"part": self.part, "parts": self.parts}


def part_label(stage):
    """"(1/2)" for a ``StagePart``, "" for a whole stage."""
    return getattr(stage, "part_label", "")


def stage_title(stage):
    """The stage's name, with its part ("Bestellen (1/2)") when it is a ``StagePart``."""
    return f"{stage.name} {part_label(stage)}".rstrip()
