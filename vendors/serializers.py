"""API shapes of vendors, contacts, GPAI models and AI systems. Validation against the data is the services' job."""

from __future__ import annotations

from rest_framework import serializers

from core.models import Membership
from core.serializers import ModelSerializer, OrganisationObjectField
from vendors import services
from vendors.models import AiSystem, Contact, GpaiModel, Vendor


class VendorSerializer(ModelSerializer):
    parent = OrganisationObjectField(
        queryset=Vendor.objects.all(), unknown=services.UNKNOWN["parent"], required=False, allow_null=True
    )
    is_eu_established = serializers.BooleanField(read_only=True)
    lacks_eu_representative = serializers.BooleanField(
        read_only=True, help_text="Established outside the EEA and no EU authorised representative recorded."
    )
    system_count = serializers.IntegerField(read_only=True, help_text="AI systems of this vendor, not archived.")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Vendor
        fields = [
            "id",
            *services.VENDOR_FIELDS,
            "is_eu_established",
            "lacks_eu_representative",
            "system_count",
            "created_by",
            "created_at",
            "updated_at",
        ]
        validators = []  # uniqueness is checked by the service, with a clearer message
        # The service normalises the LEI (case, blanks) before checking it.
        extra_kwargs = {"lei": {"validators": []}}


class ContactSerializer(ModelSerializer):
    vendor = OrganisationObjectField(queryset=Vendor.objects.all(), unknown=services.UNKNOWN["vendor"])

    class Meta:
        model = Contact
        fields = ["id", "vendor", *services.CONTACT_FIELDS]
        validators = []  # a new primary contact takes over from the old one (the service), it is not a duplicate


class GpaiModelSerializer(ModelSerializer):
    vendor = OrganisationObjectField(queryset=Vendor.objects.all(), unknown=services.UNKNOWN["vendor"])
    presumed_systemic_risk = serializers.BooleanField(
        read_only=True, help_text="Trained with more than 10^25 FLOP (Art. 51(2) AI Act)."
    )
    system_count = serializers.IntegerField(read_only=True, help_text="AI systems built on it, not archived.")

    class Meta:
        model = GpaiModel
        fields = [
            "id",
            *services.GPAI_MODEL_FIELDS,
            "presumed_systemic_risk",
            "system_count",
            "created_at",
            "updated_at",
        ]
        validators = []


class AiSystemSerializer(ModelSerializer):
    vendor = OrganisationObjectField(queryset=Vendor.objects.all(), unknown=services.UNKNOWN["vendor"])
    business_owner = OrganisationObjectField(
        queryset=Membership.objects.all(), unknown=services.UNKNOWN["business_owner"], required=False, allow_null=True
    )
    gpai_model = OrganisationObjectField(
        queryset=GpaiModel.objects.all(), unknown=services.UNKNOWN["gpai_model"], required=False, allow_null=True
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AiSystem
        fields = ["id", *services.AI_SYSTEM_FIELDS, "archived_at", "created_by", "created_at", "updated_at"]
        read_only_fields = ["archived_at"]
