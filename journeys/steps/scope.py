"""Step 1, scope: who the customer is (persona), what they want (goal), where the journey ends, who is involved.

Room page: one query (the team's personas, which also holds the journey's own). Projector: one query.
"""

import hashlib

from django.utils.translation import gettext_lazy as _

from ..forms.scope import PersonaChoiceForm, PersonaForm, ScopeForm
from ..selectors import journey_persona
from ..selectors import team_personas as personas_of_team
from ..services.scope import customer_goal_hints

ROOM_TEMPLATE = "journeys/steps/scope.html"
PROJECTOR_TEMPLATE = "journeys/projector/scope.html"

NEW_PERSONA_PREFIX = "new-persona"
EDIT_PERSONA_PREFIX = "persona"


def team_personas(room):
    """The team's personas by name. One query."""
    return personas_of_team(room.workshop.team_id)


def persona_context(room, *, personas=None, choose_form=None, new_form=None, edit_form=None, saved=""):
    """What the persona card needs (``templates/journeys/partials/scope_persona.html``)."""
    journey = room.workshop.journey
    personas = team_personas(room) if personas is None else personas
    persona = next((p for p in personas if p.pk == journey.persona_id), None)
    context = {"persona": persona, "personas": personas, "persona_saved": saved}
    if room.can_edit:
        context.update({
            "persona_choose_form": choose_form or PersonaChoiceForm(
                personas=personas, initial={"persona": persona.pk if persona else ""}),
            "persona_new_form": new_form or PersonaForm(prefix=NEW_PERSONA_PREFIX),
            "persona_edit_form": (edit_form or PersonaForm(instance=persona, prefix=EDIT_PERSONA_PREFIX)
                                  if persona else None),
        })
    return context


def journey_scope_context(room, *, form=None, saved=False):
    """What the goal-and-boundaries card needs (``templates/journeys/partials/scope_journey.html``).

    The wording hints are about what is saved, so they stay on the page until the goal is reworded.
    """
    journey = room.workshop.journey
    context = {"journey": journey, "goal_hints": customer_goal_hints(journey.customer_goal), "scope_saved": saved}
    if room.can_edit:
        context["scope_form"] = form or ScopeForm(instance=journey)
    return context


def room_context(room):
    context = {**persona_context(room), **journey_scope_context(room)}
    context["scope_version"] = scope_version(context["journey"], context["persona"])
    return context


def scope_version(journey, persona):
    """A fingerprint of what the read-only scope shows (``partials/scope_live.html``): its poll sends it back and
    gets 204 while it is the same, so nothing is swapped, or read out, while nothing changed. No query."""
    shown = [journey.title, journey.customer_goal, journey.end_point, journey.departments, journey.scope_notes]
    if persona is not None:
        shown += [persona.pk, persona.name, persona.archetype, persona.description, persona.goals,
                  persona.frustrations]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


LIVE_NEWS = _("The scope was changed.")


def projector_context(room):
    journey = room.workshop.journey
    # Always the one query, with or without a persona, so the projector's cost does not vary.
    persona = journey_persona(journey)
    return {"journey": journey, "persona": persona}
