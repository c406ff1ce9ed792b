"""API resources of the actions app: improvements (with the impact/effort matrix of a journey),
review cycles and reviews.

Writes go through the services the pages use, so the API checks what the forms check: impact and effort
1–5, the gap and touchpoints of the same journey, an owner who is a member (or more) of the team, a deadline
not in the past, planned and in progress only with an owner and a deadline, and every status change in the
improvement's history (``change_status``). One request is one transaction: nothing is half-saved.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from journeys.models import Gap, Journey, Touchpoint
from workshops.access import FACILITATE, READ, get_for_user
from workshops.api import (
    CreateOnlyFieldsSerializer,
    ReadOnlyTeamScopedViewSet,
    ScopedRelatedField,
    TeamScopedViewSet,
    api_actor,
)
from workshops.limits import COMMENT_MAX

from .matrix import Quadrant, quadrant
from .models import Improvement, Review, ReviewCycle, Status
from .selectors import in_quadrant
from .services import improvements as room_services
from .services.reviews import update_cycle

# --- Improvements -----------------------------------------------------------------------------------------


class TeamPersonField(serializers.PrimaryKeyRelatedField):
    """A user who shares a team with the requesting user (anyone else "does not exist"); whether they may own
    this improvement is the service's rule (a member or more of its team)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(memberships__team__memberships__user=request.user).distinct()


class ImprovementSerializer(CreateOnlyFieldsSerializer):
    create_only_fields = ["journey"]  # an improvement stays with its journey
    journey = ScopedRelatedField(queryset=Journey.objects.all(), needs=READ)
    gap = ScopedRelatedField(queryset=Gap.objects.all(), needs=READ, required=False, allow_null=True)
    touchpoints = ScopedRelatedField(queryset=Touchpoint.objects.all(), needs=READ, many=True, required=False)
    owner = TeamPersonField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    comment = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=COMMENT_MAX,
                                    help_text="Kept in the history with a status change.")
    quadrant = serializers.SerializerMethodField()

    class Meta:
        model = Improvement
        fields = ["id", "journey", "gap", "touchpoints", "title", "description", "impact", "effort", "kpi", "owner",
                  "deadline", "status", "comment", "quadrant", "created_at", "updated_at"]
        read_only_fields = ["id", "quadrant", "created_at", "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=[q.value for q in Quadrant]))
    def get_quadrant(self, improvement) -> str:
        return quadrant(improvement.impact, improvement.effort).value


class ImprovementFilter(filters.FilterSet):
    journey = filters.NumberFilter(field_name="journey_id")
    gap = filters.NumberFilter(field_name="gap_id")
    owner = filters.NumberFilter(field_name="owner_id")
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    quadrant = filters.ChoiceFilter(choices=[(q.value, q.value) for q in Quadrant], method="filter_quadrant")

    class Meta:
        model = Improvement
        fields = ["journey", "gap", "owner", "status", "quadrant"]

    def filter_quadrant(self, queryset, name, value):
        return queryset.filter(in_quadrant(value))


MATRIX = inline_serializer("ImprovementMatrix", {
    "journey": serializers.IntegerField(),
    "quadrants": inline_serializer("MatrixQuadrant", {
        "quadrant": serializers.ChoiceField(choices=[q.value for q in Quadrant]),
        "heading": serializers.CharField(),
        "improvements": inline_serializer("MatrixImprovement", {
            "id": serializers.IntegerField(), "title": serializers.CharField(),
            "impact": serializers.IntegerField(), "effort": serializers.IntegerField(),
            "status": serializers.ChoiceField(choices=Status.choices)}, many=True),
    }, many=True),
})


class ImprovementViewSet(TeamScopedViewSet):
    """Improvements of my teams' journeys. Members and up propose, edit, assign and move them (a status change
    lands in the history, with the optional ``comment``); only a proposed one can be deleted."""

    queryset = Improvement.objects.prefetch_related(Prefetch("touchpoints", Touchpoint.objects.only("pk")))
    serializer_class = ImprovementSerializer
    filterset_class = ImprovementFilter
    ordering_fields = ["deadline", "impact", "effort", "status", "title", "created_at"]
    ordering = ["created_at", "pk"]

    def _check_journey(self, journey):
        self.check_parent_role(journey.team_id)

    def perform_create(self, serializer):
        journey = serializer.validated_data["journey"]
        self._check_journey(journey)
        improvement = room_services.improvement_propose_and_plan(actor=api_actor(self.request, journey),
                                                                 **serializer.validated_data)
        serializer.instance = self._fresh(improvement.pk)

    def perform_update(self, serializer):
        current = serializer.instance
        room_services.improvement_change(improvement=current, actor=api_actor(self.request, current),
                                         **serializer.validated_data)
        serializer.instance = self._fresh(current.pk)

    def perform_destroy(self, instance):
        room_services.improvement_delete(improvement=instance, actor=api_actor(self.request, instance))

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    @extend_schema(
        parameters=[OpenApiParameter("journey", OpenApiTypes.INT, required=True,
                                     description="The journey whose matrix to read.")],
        responses={200: MATRIX},
    )
    @action(detail=False, methods=["get"], url_path="matrix", filter_backends=[], pagination_class=None)
    def matrix(self, request):
        """The impact/effort matrix of one journey: the four quadrants, each with its improvements (the rule the
        pictures draw with). Two queries: the journey (404 when it is not in my teams), its improvements."""
        try:
            journey_id = int(request.query_params.get("journey", ""))
        except ValueError:
            raise exceptions.ValidationError({"journey": [_("Give the journey's id: ?journey=<id>.")]}) from None
        journey = get_for_user(Journey.objects.all(), request.user, pk=journey_id)
        by_quadrant = {which: [] for which in Quadrant}
        for improvement in Improvement.objects.filter(journey=journey).order_by("created_at", "pk"):
            by_quadrant[quadrant(improvement.impact, improvement.effort)].append({
                "id": improvement.pk, "title": improvement.title, "impact": improvement.impact,
                "effort": improvement.effort, "status": improvement.status})
        return Response({"journey": journey.pk, "quadrants": [
            {"quadrant": which.value, "heading": str(which.heading), "improvements": items}
            for which, items in by_quadrant.items()]})


# --- Review cycles and reviews ----------------------------------------------------------------------------


class ReviewCycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCycle
        fields = ["id", "journey", "cadence_months", "next_due"]
        read_only_fields = ["id", "journey"]


class ReviewCycleViewSet(TeamScopedViewSet):
    """How often each journey of my teams is reviewed and when the next review is due. Facilitators and owners
    change it."""

    queryset = ReviewCycle.objects.all()
    serializer_class = ReviewCycleSerializer
    filterset_fields = ["journey"]
    ordering_fields = ["next_due", "cadence_months"]
    ordering = ["next_due", "pk"]
    write_role = FACILITATE
    http_method_names = ["get", "put", "patch", "head", "options"]

    def perform_update(self, serializer):
        cycle, data = serializer.instance, serializer.validated_data
        updated = update_cycle(journey=cycle.journey, cadence_months=data.get("cadence_months", cycle.cadence_months),
                               next_due=data.get("next_due", cycle.next_due))
        cycle.cadence_months, cycle.next_due = updated.cadence_months, updated.next_due


class ReviewSerializer(serializers.ModelSerializer):
    walked = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "journey", "measurement", "held_on", "notes", "finished_at", "walked", "created_at"]
        read_only_fields = fields


class ReviewViewSet(ReadOnlyTeamScopedViewSet):
    """The quarterly reviews of my teams' journeys (held on the web), with the improvements walked through."""

    queryset = Review.objects.prefetch_related(Prefetch("walked", Improvement.objects.only("pk")))
    serializer_class = ReviewSerializer
    filterset_fields = ["journey"]
    ordering_fields = ["held_on", "created_at"]
    ordering = ["held_on", "pk"]


ROUTES = [
    ("improvements", ImprovementViewSet, "improvement"),
    ("review-cycles", ReviewCycleViewSet, "review_cycle"),
    ("reviews", ReviewViewSet, "review"),
]
