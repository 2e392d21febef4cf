"""Read-only API of the core app: the audit log and who the caller is."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import Capability, role_can
from core.api_base import AUTHENTICATION_CLASSES, IsMember, ScopedReadOnlyViewSet, api_membership
from core.audit_actions import link_for, sentence_for
from core.filters import BoundedIsoDateTimeFilter
from core.models import ApiToken, AuditEvent
from core.pagination import SequenceCursorPagination
from core.selectors import filter_audit_events
from core.serializers import ModelSerializer

# Audit events ----------------------------------------------------------------------------


class AuditEventSerializer(ModelSerializer):
    sentence = serializers.SerializerMethodField(
        help_text="What happened, in words (the action's registered sentence)."
    )
    link = serializers.SerializerMethodField(help_text="Path of the event's object page, when there is one.")

    def get_sentence(self, event: AuditEvent) -> str:
        return sentence_for(event)

    def get_link(self, event: AuditEvent) -> str | None:
        return link_for(event)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "sequence",
            "created_at",
            "actor_type",
            "actor_label",
            "action",
            "sentence",
            "link",
            "object_type",
            "object_id",
            "object_label",
            "changes",
            "request_id",
            "ip_address",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEventFilter(django_filters.FilterSet):
    """The parameters only declare shapes; `selectors.filter_audit_events` does the filtering."""

    action = django_filters.CharFilter(help_text="Action prefix, for example `vendors.` or `core.membership.`")
    actor_label = django_filters.CharFilter(help_text="Part of the actor's name (case-insensitive)")
    object_type = django_filters.CharFilter(help_text="Exact object type, for example `vendors.vendor`")
    object_id = django_filters.CharFilter(help_text="Exact object id")
    created_from = BoundedIsoDateTimeFilter(help_text="Events at or after this ISO 8601 time")
    created_before = BoundedIsoDateTimeFilter(help_text="Events strictly before this ISO 8601 time")

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_queryset(self, queryset):
        criteria = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        return filter_audit_events(queryset, **criteria)


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The organisation's audit log, newest first (members who may view the audit log)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = SequenceCursorPagination  # the chain order: newest first, constant cost at any depth

    def required_capability(self, request) -> Capability:
        return Capability.VIEW_AUDIT


# Who am I --------------------------------------------------------------------------------


class MeOrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField()
    time_zone = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    organisation = MeOrganisationSerializer()
    role = serializers.CharField()
    capabilities = serializers.ListField(child=serializers.CharField())
    authenticated_by = serializers.ChoiceField(choices=["session", "token"])


class MeView(APIView):
    """The caller, the organisation the call acts in and their role there."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated, IsMember]

    def required_capability(self, request) -> Capability:
        return Capability.READ

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        membership = api_membership(request)
        user = membership.user
        data = {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "organisation": membership.organisation,
            "role": membership.role,
            "capabilities": [c.value for c in Capability if role_can(membership.role, c)],
            "authenticated_by": "token" if isinstance(request.auth, ApiToken) else "session",
        }
        return Response(MeSerializer(data).data)
