"""Admin for operators: deadlines are derived from their sources and claims are evidence of what was sent,
so both are read-only here; failed and abandoned reminders are found by their status."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from deadlines.models import Deadline, ReminderClaim


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "kind", "due_date", "owner", "is_milestone"]
    list_filter = ["kind", "is_milestone", "organisation"]
    search_fields = ["title", "source_type", "source_id"]
    date_hierarchy = "due_date"
    list_select_related = ["organisation", "owner__user"]


@admin.register(ReminderClaim)
class ReminderClaimAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "threshold", "days", "recipient", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "threshold", "organisation"]
    search_fields = ["last_error", "deadline__title", "recipient__user__email"]
    list_select_related = ["deadline", "recipient__user"]
