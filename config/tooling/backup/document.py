"""What a backup document is made of: its format name and version, its scopes, the fields written as they are
per model, and the error of a document that cannot be imported. The format itself is described in ``__init__``."""

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys import models as journey_models
from workshops.models import Participant, Role, Workshop

FORMAT = "klantreis-backup"
VERSION = 1
SCOPES = ("workshop", "team")

# The fields written as they are, per model. Links (refs, emails) are handled next to them.
FIELDS = {
    Workshop: ["title", "scheduled_for", "step", "is_open", "closed_at", "votes_per_participant", "created_at"],
    Participant: ["display_name", "joined_at"],
    journey_models.Persona: ["name", "archetype", "description", "goals", "frustrations"],
    journey_models.Journey: ["title", "customer_goal", "end_point", "departments", "scope_notes", "template",
                             "created_at"],
    journey_models.Stage: ["position", "name", "customer_goal", "scenario"],
    journey_models.Touchpoint: ["position", "name", "channel", "category", "media", "lane", "importance",
                                "moment_of_truth", "target_emotion"],
    journey_models.Note: ["kind", "text", "created_at"],
    journey_models.Evidence: ["kind", "metric", "value", "unit", "quote", "source", "source_detail", "created_at"],
    journey_models.Measurement: ["kind", "taken_on", "label"],
    journey_models.EmotionRating: ["score", "comment", "updated_at"],
    journey_models.Gap: ["problem", "description", "origin", "created_at"],
    journey_models.GapVote: ["dots"],
    Improvement: ["title", "description", "impact", "effort", "kpi", "deadline", "status", "created_at",
                  "updated_at"],
    StatusChange: ["old_status", "new_status", "comment", "changed_at"],
    ReviewCycle: ["cadence_months", "next_due"],
    Review: ["held_on", "notes", "finished_at", "created_at"],
}
OWNER_ROLES = {Role.MEMBER, Role.FACILITATOR, Role.OWNER}  # as actions.services.plan: viewers own nothing


class BackupError(Exception):
    """The document cannot be imported; the message says where and why. Nothing was saved."""

