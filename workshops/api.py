"""The API's team scoping through ``workshops.access``, and the team resources (teams, members).

Every resource of the API is a ``TeamScopedViewSet``: its queryset is narrowed to the requesting user's teams
(the model's ``team_path``), each object carries the user's role in its team (``my_role``), a missing or
foreign object is a 404 (never a 403 that would confirm it exists), and writes need ``write_role`` (member by
default). Foreign keys in a request body are looked up the same way (``ScopedRelatedField``), so a token never
reaches beyond its user's teams. What an object belongs to is chosen when it is made: PUT and PATCH leave it out
(``CreateOnlyFieldsSerializer``). Errors are JSON ({"field": ["message", …]}), never a 500 (see api_auth.py
for tokens, throttling, pagination and the error handler).
"""

from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, mixins, permissions, serializers, viewsets

from .access import CONTRIBUTE, MANAGE, READ, Actor, role_allows, scoped
from .models import Membership, Role, Team

# --- Team scoping -----------------------------------------------------------------------------------------


def api_actor(request, obj):
    """Who acts through the API on ``obj`` (fetched through the team scoping, so it carries ``my_role``): the
    ``actor=`` the services take."""
    return Actor.for_api(request.user, obj.my_role)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key in a request body: only objects in the user's teams where their role is at least
    ``needs`` exist (others answer "does not exist", as if they were not there)."""

    def __init__(self, **kwargs):
        self.needs = kwargs.pop("needs", CONTRIBUTE)
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return scoped(queryset, request.user, needs=self.needs)


# A serializer with fields chosen once, when the object is made (``create_only_fields``: its parent, …). PUT and
# PATCH use ``for_update()``: the same serializer with those fields read-only (write-only ones left out), so the
# schema's update bodies neither require nor offer them, and an update sending them changes nothing.
# (Comments, not a docstring: drf-spectacular would show a base class's docstring as every resource's description.)
class CreateOnlyFieldsSerializer(serializers.ModelSerializer):
    create_only_fields = ()
    updating = False

    @classmethod
    def for_update(cls):
        if "_update_class" not in cls.__dict__:
            name = cls.__name__.removesuffix("Serializer") + "UpdateSerializer"
            cls._update_class = type(name, (cls,), {
                "updating": True, "resource_serializer": cls, "__module__": cls.__module__, "__doc__": cls.__doc__})
        return cls._update_class

    def get_fields(self):
        fields = super().get_fields()
        if self.updating:
            for name in self.create_only_fields:
                if fields[name].write_only:
                    del fields[name]
                else:
                    fields[name].read_only = True
        return fields


class TeamScopedSchema(AutoSchema):
    """An update answers with the resource as it is read: the resource's own component, not its update
    serializer's (which differs in the request body only)."""

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        return getattr(serializer, "resource_serializer", serializer)


class TeamRolePermission(permissions.BasePermission):
    """Reading needs ``view.read_role`` (viewer), writing ``view.write_role`` (member), in the object's team."""

    def has_object_permission(self, request, view, obj):
        needed = view.read_role if request.method in permissions.SAFE_METHODS else view.write_role
        role = getattr(obj, "my_role", None)
        return role is not None and role_allows(role, needed)


class TeamScopedViewSet(viewsets.ModelViewSet):
    """A resource of one team-owned model; see the module's docstring. Subclasses set ``queryset``,
    ``serializer_class``, ``filterset_class`` / ``filterset_fields``, ``ordering_fields`` and ``ordering``;
    ``write_role`` and ``read_role`` when they differ from member and viewer."""

    permission_classes = [permissions.IsAuthenticated, TeamRolePermission]
    schema = TeamScopedSchema()
    read_role = READ
    write_role = CONTRIBUTE
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)

    def get_serializer_class(self):
        serializer_class = super().get_serializer_class()
        if self.action in ("update", "partial_update") and issubclass(serializer_class, CreateOnlyFieldsSerializer):
            return serializer_class.for_update()
        return serializer_class

    def check_parent_role(self, team_id):
        """For a create: the user's role in the team the new object will belong to."""
        membership = Membership.objects.filter(team_id=team_id, user=self.request.user).first()
        if membership is None:
            raise exceptions.NotFound()
        if not role_allows(membership.role, self.write_role):
            raise exceptions.PermissionDenied()


class ReadOnlyTeamScopedViewSet(TeamScopedViewSet, viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "head", "options"]


# --- Teams and members ------------------------------------------------------------------------------------


class TeamSerializer(serializers.ModelSerializer):
    my_role = serializers.CharField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "slug", "created_at", "my_role"]
        read_only_fields = fields


class TeamViewSet(ReadOnlyTeamScopedViewSet):
    """The teams I belong to, with my role in each."""

    queryset = Team.objects.all()
    serializer_class = TeamSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "pk"]


class MembershipFilter(filters.FilterSet):
    team = filters.NumberFilter(field_name="team_id")
    role = filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["team", "role"]


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "team", "user", "email", "name", "role", "joined_at"]
        read_only_fields = ["id", "team", "user", "email", "name", "joined_at"]


class MembershipViewSet(TeamScopedViewSet, mixins.UpdateModelMixin):
    """The members of my teams. Owners change roles (the team keeps at least one owner); new members join by
    invitation, on the web."""

    queryset = Membership.objects.select_related("user")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["joined_at", "role"]
    ordering = ["team_id", "joined_at", "pk"]
    write_role = MANAGE
    http_method_names = ["get", "patch", "put", "head", "options"]

    def perform_update(self, serializer):
        from .services import membership_change_role

        if "role" in serializer.validated_data:  # a PATCH without a role changes nothing
            membership_change_role(membership=serializer.instance, role=serializer.validated_data["role"])
            serializer.instance.refresh_from_db(fields=["role"])


ROUTES = [
    ("teams", TeamViewSet, "team"),
    ("members", MembershipViewSet, "membership"),
]


def nested_list(parent_viewset, url_path, child_viewset, parent_field):
    """Add ``GET /<parent>/{id}/<url_path>/`` to ``parent_viewset``: ``child_viewset``'s list of the objects of
    that one parent (``parent_field``: the lookup from child to parent's id), with the child's own scoping,
    filters, ordering and pagination. The parent is fetched through the parent's scoping (404 outside)."""
    from drf_spectacular.utils import extend_schema
    from rest_framework.decorators import action

    def view(self, request, pk=None):
        parent = self.get_object()
        child = child_viewset()
        child.request, child.format_kwarg, child.action = request, None, "list"
        child.args, child.kwargs, child.headers = (), {}, {}
        queryset = child.filter_queryset(child.get_queryset().filter(**{parent_field: parent.pk}))
        page = child.paginate_queryset(queryset)
        return child.get_paginated_response(child.get_serializer(page, many=True).data)

    name = f"nested_{url_path.replace('-', '_')}"
    view.__name__ = name
    view = action(detail=True, methods=["get"], url_path=url_path, url_name=url_path)(view)
    view = extend_schema(  # after @action, as drf-spectacular wants it
        summary=f"The {url_path} of one {parent_viewset.queryset.model._meta.model_name}",
        description="The same list as the flat resource's (its filters and ordering apply), for this one parent.",
        responses=child_viewset.serializer_class(many=True),
        filters=False,
    )(view)
    setattr(parent_viewset, name, view)
