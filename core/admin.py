"""Admin for operators: audit evidence and memberships are read-only here.

Changes to members and tokens go through the app's audited pages; an organisation
created here goes through `organisation_create`, with the creating operator as owner.
"""

from __future__ import annotations

from django.contrib import admin

from core import services
from core.forms import ThrottledAdminAuthenticationForm
from core.models import ApiToken, AuditEvent, Membership, Organisation

# /admin/login/ is a password login like /login/: same throttle, same counters.
admin.site.login_form = ThrottledAdminAuthenticationForm


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "country", "time_zone"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        organisation = services.organisation_create(**form.cleaned_data, owner=request.user)
        # The admin goes on to log and redirect with the object it built.
        obj.pk, obj.created_at = organisation.pk, organisation.created_at


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["membership__organisation"]
    search_fields = ["name", "prefix", "membership__user__username"]
    list_select_related = ["membership__user", "membership__organisation"]
    exclude = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "created_at", "organisation", "actor_label", "action", "object_label"]
    list_filter = ["organisation", "actor_type"]
    search_fields = ["action", "actor_label", "object_label", "object_id", "request_id"]
    list_select_related = ["organisation"]
    # Ordering by the (organisation, sequence) index and no full count: cheap on long logs.
    ordering = ["organisation", "-sequence"]
    show_full_result_count = False
