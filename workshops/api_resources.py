"""API resources of the workshops app: the participants of a workshop (the workshops themselves are made with
their journey, so their resource is ``journeys.api_workshops``).

Writes go through ``workshops.services``. A workshop in a request body is looked up among the user's own teams
(``ScopedRelatedField``: a foreign id "does not exist"); the user's role in it is then checked like a detail route
(403 below the role).
"""

from django.core.exceptions import ValidationError
from django_filters import rest_framework as filters
from rest_framework import serializers

from .access import READ
from .api import ScopedRelatedField, TeamScopedViewSet
from .models import Participant, Workshop
from .services import guest_join

# --- Participants -----------------------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    workshop = ScopedRelatedField(queryset=Workshop.objects.all(), needs=READ)

    class Meta:
        model = Participant
        fields = ["id", "workshop", "display_name", "user", "joined_at"]
        read_only_fields = ["id", "user", "joined_at"]


class ParticipantFilter(filters.FilterSet):
    workshop = filters.NumberFilter(field_name="workshop_id")

    class Meta:
        model = Participant
        fields = ["workshop"]


class ParticipantViewSet(TeamScopedViewSet):
    """The people in my teams' workshop rooms. Members and up add one by name (a script scoring for several
    people); the workshop must be open for contributions."""

    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    ordering_fields = ["joined_at", "display_name"]
    ordering = ["joined_at", "pk"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        workshop = serializer.validated_data["workshop"]
        self.check_parent_role(workshop.team_id)
        try:
            serializer.instance = guest_join(workshop=workshop, display_name=serializer.validated_data["display_name"])
        except ValidationError as error:
            # guest_join names the join form's field ("code"); here the workshop is what is closed
            raise ValidationError({"workshop" if name == "code" else name: messages
                                   for name, messages in error.message_dict.items()}) from None


ROUTES = [
    ("participants", ParticipantViewSet, "participant"),
]
