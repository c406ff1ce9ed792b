"""factory_boy factories for the models tests build, one module per app; import them from here."""

from .actions import (
    CalendarFeedFactory,
    ImprovementFactory,
    ReminderOptOutFactory,
    ReviewCycleFactory,
    ReviewFactory,
    StatusChangeFactory,
)
from .journeys import (
    EmotionRatingFactory,
    EvidenceFactory,
    GapFactory,
    GapVoteFactory,
    JourneyFactory,
    MeasurementFactory,
    NoteFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
    baseline_of,
)
from .workshops import (
    PASSWORD,
    InvitationFactory,
    MembershipFactory,
    ParticipantFactory,
    TeamFactory,
    UserFactory,
    WorkshopFactory,
)

__all__ = [
    "PASSWORD",
    "CalendarFeedFactory",
    "EmotionRatingFactory",
    "EvidenceFactory",
    "GapFactory",
    "GapVoteFactory",
    "ImprovementFactory",
    "InvitationFactory",
    "JourneyFactory",
    "MeasurementFactory",
    "MembershipFactory",
    "NoteFactory",
    "ParticipantFactory",
    "PersonaFactory",
    "ReminderOptOutFactory",
    "ReviewCycleFactory",
    "ReviewFactory",
    "StageFactory",
    "StatusChangeFactory",
    "TeamFactory",
    "TouchpointFactory",
    "UserFactory",
    "WorkshopFactory",
    "baseline_of",
]
