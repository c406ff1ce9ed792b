"""Writes of the scope step (persona, the journey's goal and boundaries), and the goal-wording hint."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Journey, Persona
from . import check_may_edit

SCOPE_FIELDS = ["title", "customer_goal", "end_point", "departments", "scope_notes"]
PERSONA_FIELDS = ["name", "archetype", "description", "goals", "frustrations"]

# Words a customer says about themselves. The hint only asks for one of them somewhere in the goal
# ("Als klant wil ik …", "Quickly, I want …"), not at the start: it nudges, it does not police.
FIRST_PERSON = {"ik", "wij", "we", "i"}
# The company's words for its own work. Matched at the END of a word as well, because Dutch glues
# them onto compounds ("offertetraject", "klachtenafhandeling", "debiteurenbeheer", "salesfunnel").
INTERNAL_WORDS = (
    "traject", "proces", "procedure", "afhandeling", "beheer", "funnel", "pipeline", "workflow", "flow",
    "management", "intake", "process", "handling", "fulfilment", "fulfillment", "leadgeneratie",
    "conversie", "conversion", "acquisitie", "acquisition", "retentie", "retention",
)
INTERNAL_WORD = re.compile("(" + "|".join(INTERNAL_WORDS) + ")(s|en|sen|es)?$")
WORD = re.compile(r"[^\W\d_]+")


def customer_goal_hints(goal):
    """Gentle hints when ``goal`` reads like an internal process name rather than the customer's words.

    Two signals: no first-person word (ik/wij/we/I) at all, and a word for internal work. A word
    right after a first-person pronoun is the customer's verb ("Ik beheer mijn abonnement",
    "I process my return") and never counts as internal.
    """
    written = WORD.findall(goal or "")
    words = [word.casefold() for word in written]
    if not words:
        return []
    hints = []
    internal = [
        written[index] for index, word in enumerate(words)
        if INTERNAL_WORD.search(word) and not (index and words[index - 1] in FIRST_PERSON)
    ]
    if internal:
        hints.append(_("“%(word)s” sounds like the name of an internal process. Say what the customer wants to "
                       "get done, e.g. “I request a quote” rather than “Quotation process”.") % {"word": internal[0]})
    if not FIRST_PERSON.intersection(words):
        hints.append(_("Write the goal as the customer would say it, starting with “I …” or “we …”."))
    return hints


def normalise_departments(text):
    """'sales,  IT,,Sales , service' → 'sales, IT, service' (trimmed, no blanks, no duplicates)."""
    seen, parts = set(), []
    for part in (text or "").split(","):
        part = " ".join(part.split())
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            parts.append(part)
    return ", ".join(parts)


@transaction.atomic
def journey_update_scope(*, journey, title, customer_goal="", end_point="", departments="", scope_notes="",
                         actor):
    check_may_edit(actor, journey=journey.pk)
    journey.title = title
    journey.customer_goal = customer_goal
    journey.end_point = end_point
    journey.departments = normalise_departments(departments)
    journey.scope_notes = scope_notes
    journey.full_clean()
    journey.save(update_fields=SCOPE_FIELDS)
    return journey


def _check_same_team(journey, persona):
    if persona is not None and persona.team_id != journey.team_id:
        raise ValidationError({"persona": _("Choose one of your team's personas.")})


@transaction.atomic
def journey_set_persona(*, journey, persona, actor):
    """Make ``persona`` (one of the journey's team's, or None) the journey's persona."""
    check_may_edit(actor, journey=journey.pk)
    _check_same_team(journey, persona)
    Journey.objects.filter(pk=journey.pk).update(persona=persona)
    journey.persona = persona
    return journey


@transaction.atomic
def persona_create(*, team, journey=None, actor, **fields):
    """A new persona of ``team``; with ``journey``, it becomes that journey's persona at once (refused, and no
    persona kept, when the journey's workshop is closed to ``actor``). A persona is the team's, not one
    workshop's: without a journey nothing is closed to it."""
    persona = Persona(team=team, **{name: fields.get(name, "") for name in PERSONA_FIELDS})
    persona.full_clean()
    persona.save()
    if journey is not None:
        journey_set_persona(journey=journey, persona=persona, actor=actor)
    return persona


@transaction.atomic
def persona_update(*, persona, **fields):
    for name in PERSONA_FIELDS:
        if name in fields:
            setattr(persona, name, fields[name])
    persona.full_clean()
    persona.save(update_fields=PERSONA_FIELDS)
    return persona
