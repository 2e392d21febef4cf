"""Admin: the notified-body registry is maintained here or by import; the rest is read-only evidence."""

from django.contrib import admin

from compliance.models import DocumentRequest, NotifiedBody, RedFlag
from core.admin import ReadOnlyAdmin


@admin.register(NotifiedBody)
class NotifiedBodyAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "country", "ai_act", "status", "updated_at")
    list_filter = ("ai_act", "status", "country")
    search_fields = ("number", "name")


# Requests and flags change only through the services, which audit every change.
@admin.register(DocumentRequest)
class DocumentRequestAdmin(ReadOnlyAdmin):
    list_display = ("document_type", "ai_system", "vendor", "status", "due_date", "organisation")
    list_filter = ("status",)
    list_select_related = ("ai_system", "vendor", "organisation")


@admin.register(RedFlag)
class RedFlagAdmin(ReadOnlyAdmin):
    list_display = ("code", "severity", "state", "ai_system", "vendor", "organisation", "opened_at")
    list_filter = ("severity", "state")
    list_select_related = ("ai_system", "vendor", "organisation")
