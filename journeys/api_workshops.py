"""The API's workshops: made with their journey (from a template) and its baseline measurement, through
``journeys.services.workshops``; their participants are ``workshops.api_resources``.

A team in a request body is looked up among the user's own teams (``ScopedRelatedField``: a foreign id "does not
exist"); the user's role in it is then checked like a detail route (403 below the role).
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workshops.access import CONTRIBUTE, FACILITATE, READ, role_allows
from workshops.api import CreateOnlyFieldsSerializer, ScopedRelatedField, TeamScopedViewSet
from workshops.models import Team, Workshop

from .models import JourneyTemplate
from .services.workshops import workshop_create, workshop_update

# --- Workshops --------------------------------------------------------------------------------------------


class WorkshopSerializer(CreateOnlyFieldsSerializer):
    create_only_fields = ["team", "template"]  # chosen once, when it is made
    team = ScopedRelatedField(queryset=Team.objects.all(), needs=READ)
    template = serializers.ChoiceField(choices=JourneyTemplate.choices, default=JourneyTemplate.FIVE_PHASES,
                                       write_only=True, help_text="The journey's stages to start from (create only).")
    join_code = serializers.SerializerMethodField(help_text="Members and up only (null for viewers).")
    my_role = serializers.CharField(read_only=True)

    class Meta:
        model = Workshop
        fields = ["id", "team", "journey", "title", "template", "scheduled_for", "votes_per_participant", "step",
                  "is_open", "closed_at", "facilitator", "join_code", "created_at", "my_role"]
        read_only_fields = ["id", "journey", "step", "is_open", "closed_at", "facilitator", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_join_code(self, workshop):
        role = getattr(workshop, "my_role", None)
        return workshop.join_code if role and role_allows(role, CONTRIBUTE) else None


class WorkshopFilter(filters.FilterSet):
    team = filters.NumberFilter(field_name="team_id")

    class Meta:
        model = Workshop
        fields = ["team"]


class WorkshopViewSet(TeamScopedViewSet):
    """Workshops of my teams. Facilitators and owners create one (with its journey, from a template) and change
    its title, date and dots per participant; running the room happens on the web."""

    queryset = Workshop.objects.all()
    serializer_class = WorkshopSerializer
    filterset_class = WorkshopFilter
    ordering_fields = ["created_at", "title", "scheduled_for"]
    ordering = ["-created_at", "-pk"]
    write_role = FACILITATE
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_parent_role(data["team"].pk)
        workshop = workshop_create(team=data["team"], title=data["title"], facilitator=self.request.user,
                                   template=data["template"], scheduled_for=data.get("scheduled_for"),
                                   votes_per_participant=data.get("votes_per_participant"))
        workshop.my_role = self.request.user.memberships.get(team_id=workshop.team_id).role
        serializer.instance = workshop

    def perform_update(self, serializer):
        serializer.instance = workshop_update(workshop=serializer.instance, **serializer.validated_data)


ROUTES = [
    ("workshops", WorkshopViewSet, "workshop"),
]
