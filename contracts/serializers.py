"""API shapes of contracts, clause status and modification log entries; writes go through the services."""

from __future__ import annotations

from rest_framework import serializers

from contracts.library import default_library
from contracts.models import ClauseState, ClauseStatus, Contract, Modification
from core.serializers import ModelSerializer, OrganisationObjectField
from vendors.models import AiSystem, Vendor


class ContractSerializer(ModelSerializer):
    vendor = OrganisationObjectField(queryset=Vendor.objects.all(), unknown="Unknown vendor.")
    systems = OrganisationObjectField(
        queryset=AiSystem.objects.all(),
        many=True,
        unknown="Unknown AI system.",
        help_text="Ids of the systems covered.",
    )
    signed_file_sha256 = serializers.CharField(read_only=True)
    missing_mandatory = serializers.IntegerField(
        read_only=True, help_text="Required clauses neither present nor waived."
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "reference",
            "vendor",
            "systems",
            "signed_on",
            "starts_on",
            "ends_on",
            "auto_renews",
            "notice_period_days",
            "notice_in_business_days",
            "governing_law",
            "signed_file_name",
            "signed_file_sha256",
            "missing_mandatory",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["signed_file_name", "created_at", "updated_at"]


class ClauseStatusSerializer(ModelSerializer):
    title = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()

    class Meta:
        model = ClauseStatus
        fields = [
            "id",
            "clause_code",
            "title",
            "citation",
            "required",
            "severity",
            "state",
            "section",
            "page",
            "note",
            "justification",
            "updated_at",
        ]

    def get_title(self, row) -> str:
        clause = default_library().clause(row.clause_code)
        return clause.title if clause else row.clause_code

    def get_citation(self, row) -> str:
        clause = default_library().clause(row.clause_code)
        return clause.citation if clause else ""


class ClauseUpdateSerializer(serializers.Serializer):
    clause_code = serializers.CharField()
    state = serializers.ChoiceField(choices=ClauseState.choices)
    section = serializers.CharField(required=False, allow_blank=True, max_length=60)
    page = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100_000)
    note = serializers.CharField(required=False, allow_blank=True)
    justification = serializers.CharField(required=False, allow_blank=True)


class ModificationSerializer(ModelSerializer):
    new_annex_iii_points = serializers.ListField(child=serializers.CharField(max_length=4), required=False)
    confirm = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Record it even though it makes us the provider."
    )

    class Meta:
        model = Modification
        fields = [
            "id",
            "changed_on",
            "description",
            "reason",
            "reference",
            "approved_by",
            "substantial",
            "new_annex_iii_points",
            "under_our_name",
            "compute_flop",
            "cumulative_compute_flop",
            "triggers",
            "confirmed",
            "classification",
            "created_at",
            "confirm",
        ]
        read_only_fields = ["cumulative_compute_flop", "triggers", "confirmed", "classification", "created_at"]


class TriggerPreviewSerializer(serializers.Serializer):
    detail = serializers.CharField()
    triggers = serializers.ListField(child=serializers.DictField())
    new_duties = serializers.ListField(child=serializers.DictField())
    risk_tier = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    warning = serializers.CharField()
