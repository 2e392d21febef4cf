"""Read-only admin: every change goes through the services so that it is audited."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from vendors.models import AiSystem, Contact, GpaiModel, Vendor


@admin.register(Vendor)
class VendorAdmin(ReadOnlyAdmin):
    list_display = ["legal_name", "organisation", "country", "status", "updated_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["legal_name", "trade_name", "vat_number", "lei"]
    list_select_related = ["organisation"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "vendor", "role", "email", "is_primary"]
    search_fields = ["name", "email", "vendor__legal_name"]
    list_select_related = ["vendor"]


@admin.register(GpaiModel)
class GpaiModelAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "vendor", "training_compute_flop", "code_of_practice_signatory"]
    search_fields = ["name", "vendor__legal_name"]
    list_select_related = ["vendor"]


@admin.register(AiSystem)
class AiSystemAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "vendor", "organisation", "lifecycle", "archived_at"]
    list_filter = ["lifecycle", "organisation"]
    search_fields = ["name", "vendor__legal_name"]
    list_select_related = ["vendor", "organisation"]
