"""The journeys part of the API: personas, journeys (with their emotion curve), stages, touchpoints,
evidence, notes, measurements, emotion ratings and gaps.

Every resource is a ``TeamScopedViewSet`` (see workshops/api.py). Writes go through the same services as the
workshop's forms, so they validate alike. What a new object belongs to (its parent: the team of a persona, the
journey of a stage, …) is a ``ParentField``: an id outside the user's teams "does not exist", and a viewer's
team answers 403. Other foreign keys in a body are ``ScopedRelatedField``s, and must belong to the same journey
(a field error otherwise). A parent never changes: it is a create-only field, absent from PUT and PATCH bodies
(``CreateOnlyFieldsSerializer``); a touchpoint may move to another stage of its journey.

Emotion ratings: a second POST for the same (measurement, touchpoint, participant) is a 400 giving the existing
score and its id; change a score with PATCH.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from workshops.access import CONTRIBUTE, role_allows, scoped
from workshops.api import (
    CreateOnlyFieldsSerializer,
    ReadOnlyTeamScopedViewSet,
    ScopedRelatedField,
    TeamScopedViewSet,
    api_actor,
)
from workshops.models import Participant, Team

from .models import (
    EmotionRating,
    Evidence,
    Gap,
    Journey,
    Measurement,
    MeasurementKind,
    Note,
    Persona,
    Stage,
    Touchpoint,
)
from .numbers import round_name, signed
from .selectors import baseline_measurement, emotion_stats, journey_stages, journey_touchpoints, review_rounds
from .services.data import evidence_create, evidence_delete, evidence_update, evidence_value
from .services.emotions import (
    emotion_rating_delete,
    emotion_rating_save,
    emotion_rating_update,
    note_create,
    note_delete,
    note_update,
)
from .services.gaps import gap_create, gap_delete, gap_update
from .services.scope import PERSONA_FIELDS, journey_set_persona, journey_update_scope, persona_create, persona_update
from .services.touchpoints import (
    TOUCHPOINT_FIELDS,
    stage_create,
    stage_delete,
    stage_update,
    touchpoint_create,
    touchpoint_delete,
    touchpoint_update,
)

# --- Shared pieces ----------------------------------------------------------------------------------------


class ParentField(serializers.PrimaryKeyRelatedField):
    """The object a new one belongs to. Looked up in the user's teams only (another team's id "does not
    exist"); in a team where the user may only read, the request is refused with a 403, as for the web."""

    def get_queryset(self):
        request = self.context.get("request")
        queryset = self.queryset.all()
        return scoped(queryset, request.user) if request is not None else queryset.none()

    def to_internal_value(self, data):
        parent = super().to_internal_value(data)
        if not role_allows(parent.my_role, CONTRIBUTE):
            raise exceptions.PermissionDenied()
        return parent


def _field_error(field, message):
    return serializers.ValidationError({field: [message]})


# --- Personas ---------------------------------------------------------------------------------------------


class PersonaSerializer(CreateOnlyFieldsSerializer):
    create_only_fields = ["team"]
    team = ParentField(queryset=Team.objects.all())

    class Meta:
        model = Persona
        fields = ["id", "team", *PERSONA_FIELDS]

    def create(self, validated_data):
        return persona_create(**validated_data, actor=api_actor(self.context["request"], validated_data["team"]))

    def update(self, instance, validated_data):
        return persona_update(persona=instance, **validated_data)


class PersonaViewSet(TeamScopedViewSet):
    queryset = Persona.objects.all()
    serializer_class = PersonaSerializer
    filterset_fields = ["team"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]


# --- Journeys and their curve -----------------------------------------------------------------------------


class JourneyFilter(filters.FilterSet):
    is_ideal = filters.BooleanFilter(field_name="ideal_of", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Journey
        fields = ["team", "is_ideal"]


class JourneySerializer(serializers.ModelSerializer):
    persona = ScopedRelatedField(queryset=Persona.objects.all(), allow_null=True, required=False)
    is_ideal = serializers.BooleanField(read_only=True)

    class Meta:
        model = Journey
        fields = ["id", "team", "title", "customer_goal", "end_point", "departments", "scope_notes", "persona",
                  "template", "ideal_of", "is_ideal", "created_at"]
        read_only_fields = ["team", "template", "ideal_of", "created_at"]

    @transaction.atomic
    def update(self, instance, validated_data):
        actor = api_actor(self.context["request"], instance)
        scope = {name: validated_data.get(name, getattr(instance, name))
                 for name in ["title", "customer_goal", "end_point", "departments", "scope_notes"]}
        journey_update_scope(journey=instance, actor=actor, **scope)
        if "persona" in validated_data:
            journey_set_persona(journey=instance, persona=validated_data["persona"], actor=actor)
        return instance


class CurveTouchpointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.IntegerField()
    name = serializers.CharField()
    target = serializers.IntegerField(allow_null=True, help_text="The ideal journey's target emotion, −5…+5.")


class CurveScoreSerializer(serializers.Serializer):
    touchpoint = serializers.IntegerField()
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    stdev = serializers.FloatField(allow_null=True, help_text="Population standard deviation.")


class CurveRoundSerializer(serializers.Serializer):
    measurement = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeasurementKind.choices)
    taken_on = serializers.DateField()
    label = serializers.CharField(help_text="A label given to the round through the API (empty unless given).")
    name = serializers.CharField(help_text="How the pages name the round, in the request's language: "
                                           "\"Baseline (workshop, 12 Mar 2026)\", \"Review 2 (14 Jun 2026)\".")
    scores = CurveScoreSerializer(many=True)


class CurveSerializer(serializers.Serializer):
    """Documents the ``curve`` action's answer (built by ``journey_curve``)."""

    journey = serializers.IntegerField()
    touchpoints = CurveTouchpointSerializer(many=True)
    rounds = CurveRoundSerializer(many=True)


def journey_curve(journey):
    """The emotion curve of ``journey``: its touchpoints in order with the ideal's target, and per round
    (the baseline, then the review rounds by date) every touchpoint's statistics (count 0 when unscored).

    Six queries whatever the journey's size: stages, touchpoints, the ideal's targets, the baseline and its
    statistics, the review rounds and theirs (two). An ideal journey is its own target, without rounds.
    """
    touchpoints = journey_touchpoints(journey_stages(journey))
    if journey.is_ideal:
        targets = {touchpoint.pk: touchpoint.target_emotion for touchpoint in touchpoints}
        rounds = []
    else:
        targets = dict(Touchpoint.objects.filter(stage__journey__ideal_of=journey, source__isnull=False)
                       .values_list("source_id", "target_emotion"))
        baseline = baseline_measurement(journey)
        rounds = ([(baseline, emotion_stats(baseline))] if baseline else []) + review_rounds(journey)

    def score(touchpoint, stats):
        found = stats.get(touchpoint.pk)
        if found is None:
            return {"touchpoint": touchpoint.pk, "count": 0, "mean": None, "min": None, "max": None, "stdev": None}
        return {"touchpoint": touchpoint.pk, "count": found.count, "mean": found.mean, "min": found.minimum,
                "max": found.maximum, "stdev": found.stdev}

    return {
        "journey": journey.pk,
        "touchpoints": [{"id": touchpoint.pk, "stage": touchpoint.stage_id, "name": touchpoint.name,
                         "target": targets.get(touchpoint.pk)} for touchpoint in touchpoints],
        "rounds": [{"measurement": measurement.pk, "kind": measurement.kind, "taken_on": measurement.taken_on,
                    "label": measurement.label, "name": round_name(measurement),
                    "scores": [score(touchpoint, stats) for touchpoint in touchpoints]}
                   for measurement, stats in rounds],
    }


class JourneyViewSet(TeamScopedViewSet):
    """Journeys are made with their workshop (POST /workshops/); here they are read and their scope changed."""

    queryset = Journey.objects.all()
    serializer_class = JourneySerializer
    filterset_class = JourneyFilter
    ordering_fields = ["title", "created_at"]
    ordering = ["-created_at", "pk"]
    http_method_names = ["get", "put", "patch", "head", "options"]

    @extend_schema(responses=CurveSerializer, filters=False)
    @action(detail=True, methods=["get"])
    def curve(self, request, pk=None):
        """The emotion curve per measurement round (mean, min, max, stdev and count per touchpoint) with the
        ideal journey's target per touchpoint."""
        return Response(journey_curve(self.get_object()))


# --- Stages and touchpoints -------------------------------------------------------------------------------


class StageSerializer(CreateOnlyFieldsSerializer):
    create_only_fields = ["journey"]
    journey = ParentField(queryset=Journey.objects.all())

    class Meta:
        model = Stage
        fields = ["id", "journey", "position", "name", "customer_goal", "scenario"]
        read_only_fields = ["position"]
        validators = []  # positions are unique, and the service gives each new stage a free one (the last)

    def create(self, validated_data):
        return stage_create(**validated_data, actor=api_actor(self.context["request"], validated_data["journey"]))

    def update(self, instance, validated_data):
        return stage_update(stage=instance, actor=api_actor(self.context["request"], instance), **validated_data)


class StageViewSet(TeamScopedViewSet):
    """A new stage goes at the end of its journey; positions stay 0…n−1."""

    queryset = Stage.objects.all()
    serializer_class = StageSerializer
    filterset_fields = ["journey"]
    ordering_fields = ["position"]
    ordering = ["journey_id", "position", "pk"]

    def perform_destroy(self, instance):
        stage_delete(stage=instance, actor=api_actor(self.request, instance))


class TouchpointFilter(filters.FilterSet):
    journey = filters.NumberFilter(field_name="stage__journey")

    class Meta:
        model = Touchpoint
        fields = ["stage", "journey", "channel", "moment_of_truth"]


class TouchpointSerializer(serializers.ModelSerializer):
    stage = ParentField(queryset=Stage.objects.select_related("journey"))
    journey = serializers.IntegerField(source="stage.journey_id", read_only=True)

    class Meta:
        model = Touchpoint
        fields = ["id", "stage", "journey", "position", *TOUCHPOINT_FIELDS, "source"]
        read_only_fields = ["position", "source"]
        validators = []  # as a stage's: the service places it

    def create(self, validated_data):
        return touchpoint_create(**validated_data, actor=api_actor(self.context["request"], validated_data["stage"]))

    def update(self, instance, validated_data):
        return touchpoint_update(touchpoint=instance, actor=api_actor(self.context["request"], instance),
                                 **validated_data)


class TouchpointViewSet(TeamScopedViewSet):
    """A new touchpoint goes at the end of its stage; a PATCH of ``stage`` moves it to the end of another
    stage of the same journey. ``target_emotion`` (−5…+5) belongs to ideal journeys."""

    queryset = Touchpoint.objects.select_related("stage__journey")
    serializer_class = TouchpointSerializer
    filterset_class = TouchpointFilter
    ordering_fields = ["position", "importance", "name"]
    ordering = ["stage__journey", "stage__position", "position", "pk"]

    def perform_destroy(self, instance):
        touchpoint_delete(touchpoint=instance, actor=api_actor(self.request, instance))


# --- Evidence ---------------------------------------------------------------------------------------------


class EvidenceValueField(serializers.DecimalField):
    """A figure as people write it ("12,5" as well as 12.5), read as the data step's form reads it."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=4, allow_null=True, required=False, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        try:
            return evidence_value(str(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class EvidenceSerializer(CreateOnlyFieldsSerializer):
    """A figure (kind "quantitative": metric and value, unit optional) or a quote ("qualitative"), attached to
    the journey, one of its stages or one of its touchpoints."""

    create_only_fields = ["journey"]
    journey = ParentField(queryset=Journey.objects.all())
    stage = ScopedRelatedField(queryset=Stage.objects.all(), allow_null=True, required=False)
    touchpoint = ScopedRelatedField(queryset=Touchpoint.objects.select_related("stage"), allow_null=True,
                                    required=False)
    value = EvidenceValueField()

    class Meta:
        model = Evidence
        fields = ["id", "journey", "stage", "touchpoint", "kind", "metric", "value", "unit", "quote", "source",
                  "source_detail", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # the figure-or-quote rule is the evidence service's, with a message per field

    def create(self, validated_data):
        return evidence_create(**validated_data, actor=api_actor(self.context["request"], validated_data["journey"]))

    def update(self, instance, validated_data):
        return evidence_update(evidence=instance, actor=api_actor(self.context["request"], instance),
                               **validated_data)


class EvidenceViewSet(TeamScopedViewSet):
    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_fields = ["journey", "stage", "touchpoint", "kind", "source"]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "pk"]

    def perform_destroy(self, instance):
        evidence_delete(evidence=instance, actor=api_actor(self.request, instance))


# --- Notes ------------------------------------------------------------------------------------------------


class NoteSerializer(CreateOnlyFieldsSerializer):
    """A rose, bud or thorn on a touchpoint. Notes made through the API have no participant; their author is
    the token's user. A member changes or deletes only notes they wrote (here or in the room), facilitators and
    owners anyone's (403 otherwise). Once the workshop is closed, only its facilitators add, change or delete
    notes (as in the room)."""

    create_only_fields = ["touchpoint"]
    touchpoint = ParentField(queryset=Touchpoint.objects.select_related("stage"))

    class Meta:
        model = Note
        fields = ["id", "touchpoint", "participant", "author", "kind", "text", "created_at"]
        read_only_fields = ["participant", "author", "created_at"]

    def create(self, validated_data):
        touchpoint = validated_data["touchpoint"]
        return note_create(touchpoint=touchpoint, participant=None, kind=validated_data["kind"],
                           text=validated_data["text"], actor=api_actor(self.context["request"], touchpoint))

    def update(self, instance, validated_data):
        return note_update(note=instance, actor=api_actor(self.context["request"], instance),
                           kind=validated_data.get("kind"), text=validated_data.get("text"))


class NoteViewSet(TeamScopedViewSet):
    queryset = Note.objects.all()
    serializer_class = NoteSerializer
    filterset_fields = ["touchpoint", "kind"]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "pk"]

    def perform_destroy(self, instance):
        note_delete(note=instance, actor=api_actor(self.request, instance))


# --- Measurements and emotion ratings ---------------------------------------------------------------------


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "journey", "kind", "taken_on", "label"]
        read_only_fields = fields


class MeasurementViewSet(ReadOnlyTeamScopedViewSet):
    """Scoring rounds: the workshop's baseline and the reviews (made by workshops and reviews, not here)."""

    queryset = Measurement.objects.all()
    serializer_class = MeasurementSerializer
    filterset_fields = ["journey", "kind"]
    ordering_fields = ["taken_on"]
    ordering = ["taken_on", "pk"]


class EmotionRatingSerializer(CreateOnlyFieldsSerializer):
    create_only_fields = ["measurement", "touchpoint", "participant"]  # a score is changed, never moved
    measurement = ParentField(queryset=Measurement.objects.all())
    touchpoint = ScopedRelatedField(queryset=Touchpoint.objects.select_related("stage"))
    participant = ScopedRelatedField(queryset=Participant.objects.select_related("workshop"))

    class Meta:
        model = EmotionRating
        fields = ["id", "measurement", "touchpoint", "participant", "score", "comment", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # the one-score-per-triple rule is checked in validate, with a clear message

    def validate_comment(self, value):
        return value.strip()

    def validate(self, attrs):
        if self.instance is not None:
            return attrs
        # Which journey the touchpoint and participant belong to is the emotions service's rule.
        measurement, touchpoint, participant = attrs["measurement"], attrs["touchpoint"], attrs["participant"]
        existing = EmotionRating.objects.filter(measurement=measurement, touchpoint=touchpoint,
                                                participant=participant).values_list("pk", "score").first()
        if existing is not None:
            pk, score = existing
            raise serializers.ValidationError({"non_field_errors": [
                _("This participant already scored this touchpoint in this round: %(score)s (emotion score "
                  "%(id)s). Change that one instead: PATCH %(url)s") % {
                    "score": signed(score), "id": pk,
                    "url": reverse("v1:emotion_rating-detail", args=[pk])}]})
        return attrs

    def create(self, validated_data):
        return emotion_rating_save(**validated_data, actor=api_actor(self.context["request"],
                                                                     validated_data["measurement"]))

    def update(self, instance, validated_data):
        return emotion_rating_update(rating=instance, actor=api_actor(self.context["request"], instance),
                                     score=validated_data.get("score"), comment=validated_data.get("comment"))


class EmotionRatingViewSet(TeamScopedViewSet):
    """Scores (−5…+5) per participant, touchpoint and round. POST adds a participant's first score of a
    touchpoint in a round (a second is a 400 naming the first); PATCH changes it. A member writes only their
    own scores (as their participant in the workshop); facilitators and owners anyone's, e.g. scores given on
    paper (403 otherwise). Once the workshop is closed, only its facilitators add, change or delete scores (as
    in the room). Only the current round takes scores: the baseline until the first review starts, then an open
    review's round; between reviews none does, so the rounds the reviews compare stay as they were (400)."""

    queryset = EmotionRating.objects.all()
    serializer_class = EmotionRatingSerializer
    filterset_fields = ["measurement", "touchpoint", "participant"]
    ordering_fields = ["score", "updated_at"]
    ordering = ["measurement_id", "touchpoint_id", "pk"]

    def perform_destroy(self, instance):
        emotion_rating_delete(rating=instance, actor=api_actor(self.request, instance))


# --- Gaps -------------------------------------------------------------------------------------------------


class GapSerializer(CreateOnlyFieldsSerializer):
    """A problem statement on a current journey, linked to touchpoints of that journey. The gap service decides
    what a gap may be and be linked to, for the room and the API alike; a link to the ideal journey's touchpoint
    it was written from (made in the room) stays when the touchpoints change."""

    create_only_fields = ["journey", "origin", "ideal_touchpoint"]
    journey = ParentField(queryset=Journey.objects.all())
    touchpoints = ScopedRelatedField(queryset=Touchpoint.objects.select_related("stage__journey"), many=True,
                                     required=False)
    ideal_touchpoint = ScopedRelatedField(
        queryset=Touchpoint.objects.select_related("stage__journey"), required=False, allow_null=True,
        write_only=True, help_text="Origin \"new\" only: the ideal journey's new touchpoint this gap was written "
                                   "from, linked too (create only).")

    class Meta:
        model = Gap
        fields = ["id", "journey", "problem", "description", "origin", "touchpoints", "ideal_touchpoint",
                  "created_at"]
        read_only_fields = ["created_at"]

    def create(self, validated_data):
        return gap_create(actor=api_actor(self.context["request"], validated_data["journey"]), **validated_data)

    def update(self, instance, validated_data):
        touchpoints = validated_data.get("touchpoints")
        if touchpoints is None:
            touchpoints = instance.touchpoints.filter(stage__journey=instance.journey_id)
        return gap_update(gap=instance, problem=validated_data.get("problem", instance.problem),
                          description=validated_data.get("description", instance.description),
                          touchpoints=touchpoints, actor=api_actor(self.context["request"], instance))


class GapViewSet(TeamScopedViewSet):
    queryset = Gap.objects.prefetch_related(Prefetch("touchpoints", queryset=Touchpoint.objects.only("pk")))
    serializer_class = GapSerializer
    filterset_fields = ["journey", "origin"]
    ordering_fields = ["created_at", "problem"]
    ordering = ["created_at", "pk"]

    def perform_destroy(self, instance):
        gap_delete(gap=instance, actor=api_actor(self.request, instance))


ROUTES = [
    ("personas", PersonaViewSet, "persona"),
    ("journeys", JourneyViewSet, "journey"),
    ("stages", StageViewSet, "stage"),
    ("touchpoints", TouchpointViewSet, "touchpoint"),
    ("evidence", EvidenceViewSet, "evidence"),
    ("notes", NoteViewSet, "note"),
    ("measurements", MeasurementViewSet, "measurement"),
    ("emotion-ratings", EmotionRatingViewSet, "emotion_rating"),
    ("gaps", GapViewSet, "gap"),
]
