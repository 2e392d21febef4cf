"""REST API of vendors, contacts, GPAI models and AI systems; every write goes through vendors.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.access import Capability
from core.api_base import ScopedModelViewSet
from vendors import selectors, services
from vendors.filters import AiSystemFilter, ContactFilter, GpaiModelFilter, VendorFilter
from vendors.models import AiSystem, Contact, GpaiModel, Vendor
from vendors.serializers import AiSystemSerializer, ContactSerializer, GpaiModelSerializer, VendorSerializer


class RegistryViewSet(ScopedModelViewSet):
    """Lists come from a selector of the caller's organisation; creates and updates call a service."""

    write_capability = Capability.CREATE_OWN_REGISTRY  # the services refine who may change what
    count_systems_via: str | None = None  # "vendor" / "gpai_model": rows answer with their `system_count`

    def filter_queryset(self, queryset):
        # Filters, search and ordering shape lists; one object is found by its id whatever its state.
        if self.action != "list":
            return queryset
        if self.count_systems_via and "system_count" in self.request.query_params.get("ordering", ""):
            queryset = queryset.annotate(system_count=selectors.ACTIVE_SYSTEM_COUNT)  # only this sort counts all
        return super().filter_queryset(queryset)

    def paginate_queryset(self, queryset):
        return self.with_counts(super().paginate_queryset(queryset))

    def get_object(self):
        return self.with_counts([super().get_object()])[0]

    def with_counts(self, rows):
        """Counts for the rows answered, in one query, after the page is cut (never for the whole register)."""
        if self.count_systems_via and rows is not None:
            selectors.attach_system_counts(rows, via=self.count_systems_via)
        return rows

    def create_object(self, data: dict) -> Model:
        raise NotImplementedError

    def update_object(self, instance: Model, data: dict) -> Model:
        raise NotImplementedError

    def perform_create(self, serializer):
        created = self.create_object(serializer.validated_data)
        serializer.instance = self.with_counts([self.get_queryset().get(pk=created.pk)])[0]

    def perform_update(self, serializer):
        updated = self.update_object(serializer.instance, serializer.validated_data)
        serializer.instance = self.with_counts([self.get_queryset().get(pk=updated.pk)])[0]


@extend_schema_view(
    destroy=extend_schema(
        summary="Archive a vendor",
        description="Vendors are never deleted: DELETE archives the vendor, which keeps its history.",
    )
)
class VendorViewSet(RegistryViewSet):
    queryset = Vendor.objects.all()
    serializer_class = VendorSerializer
    filterset_class = VendorFilter
    count_systems_via = "vendor"
    search_fields = selectors.VENDOR_SEARCH_FIELDS
    ordering_fields = ["legal_name", "country", "status", "system_count", "updated_at", "created_at"]
    ordering = ["legal_name", "pk"]

    @staticmethod
    def organisation_queryset(organisation):
        return selectors.vendors_for_list(organisation).select_related("created_by")

    def create_object(self, data):
        return services.vendor_create(actor=self.actor, data=data)

    def update_object(self, instance, data):
        return services.vendor_update(actor=self.actor, vendor=instance, data=data)

    def perform_destroy(self, instance):
        services.vendor_archive(actor=self.actor, vendor=instance)


class ContactViewSet(RegistryViewSet):
    queryset = Contact.objects.all()
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = selectors.CONTACT_SEARCH_FIELDS
    ordering_fields = ["name", "role", "is_primary"]
    ordering = ["vendor_id", "-is_primary", "name", "pk"]

    @staticmethod
    def organisation_queryset(organisation):
        return Contact.objects.filter(organisation=organisation).select_related("vendor")

    def create_object(self, data):
        data = dict(data)
        vendor = data.pop("vendor")
        return services.contact_create(actor=self.actor, vendor=vendor, data=data)

    def update_object(self, instance, data):
        data = dict(data)
        if data.pop("vendor", instance.vendor) != instance.vendor:
            raise ValidationError({"vendor": "A contact cannot move to another vendor: add it to that vendor instead."})
        return services.contact_update(actor=self.actor, contact=instance, data=data)

    def perform_destroy(self, instance):
        services.contact_delete(actor=self.actor, contact=instance)


class GpaiModelViewSet(RegistryViewSet):
    queryset = GpaiModel.objects.all()
    serializer_class = GpaiModelSerializer
    write_capability = Capability.MANAGE_REGISTRY
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # models are not deleted
    filterset_class = GpaiModelFilter
    count_systems_via = "gpai_model"
    search_fields = selectors.GPAI_MODEL_SEARCH_FIELDS
    ordering_fields = ["name", "training_compute_flop", "system_count", "updated_at"]
    ordering = ["name", "version", "pk"]

    @staticmethod
    def organisation_queryset(organisation):
        return selectors.gpai_models_for_list(organisation)

    def create_object(self, data):
        return services.gpai_model_create(actor=self.actor, data=data)

    def update_object(self, instance, data):
        return services.gpai_model_update(actor=self.actor, model=instance, data=data)


@extend_schema_view(
    destroy=extend_schema(
        summary="Archive an AI system",
        description="AI systems are never deleted: DELETE archives the system, which keeps its history.",
    )
)
class AiSystemViewSet(RegistryViewSet):
    queryset = AiSystem.objects.all()
    serializer_class = AiSystemSerializer
    filterset_class = AiSystemFilter
    search_fields = selectors.AI_SYSTEM_SEARCH_FIELDS
    ordering_fields = ["name", "lifecycle", "updated_at", "created_at"]
    ordering = ["name", "version", "pk"]

    @staticmethod
    def organisation_queryset(organisation):
        return selectors.ai_systems_for_list(organisation).select_related("created_by")

    def create_object(self, data):
        return services.ai_system_create(actor=self.actor, data=data)

    def update_object(self, instance, data):
        return services.ai_system_update(actor=self.actor, system=instance, data=data)

    def perform_destroy(self, instance):
        services.ai_system_archive(actor=self.actor, system=instance)
