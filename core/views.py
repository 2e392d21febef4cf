"""HTML views of the core app: dashboard, organisation switching, members, audit log, API tokens, password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import login_throttle, services, tenancy
from core.access import Capability, get_scoped_or_404
from core.audit import GENESIS_HASH, compute_hash
from core.audit_actions import USER_PASSWORD_RESET
from core.dashboard import render_dashboard_panels
from core.exporters import AuditEventExporter, ExportScope, csv_lines
from core.forms import (
    ApiTokenForm,
    AuditLogFilterForm,
    MemberInviteForm,
    MemberRoleForm,
    PasswordChangeForm,
    ThrottledAuthenticationForm,
    add_service_errors,
    submit,
)
from core.models import ApiToken, AuditEvent, Invitation, Membership, Role
from core.request_context import current_request_context
from core.selectors import (
    active_tokens_of_others,
    audit_events_matching,
    audit_page,
    change_rows,
    members_of,
    open_invitations_of,
    tokens_of,
)
from core.tasks import send_password_reset
from core.web import actor_of, member_required, organisation_of

PAGE_SIZE = 25


@member_required()
def dashboard(request):
    return render(request, "core/dashboard.html", {"panels": render_dashboard_panels(request)})


@login_required
@require_POST
def switch_organisation(request):
    chosen = tenancy.switch_organisation(request, request.POST.get("organisation", ""))
    if chosen is None:
        messages.error(request, "You are not a member of that organisation.")
    else:
        messages.success(request, f"You are now working in {chosen.organisation.name}.")
    # Back to the dashboard: the page we came from belongs to the other organisation.
    return redirect("dashboard")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, written through an audited service that can revoke the user's API tokens."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        revoked = services.user_password_change(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            revoke_tokens=form.cleaned_data["revoke_api_tokens"],
        )
        update_session_auth_hash(self.request, form.user)
        if revoked:
            messages.success(self.request, f"{revoked} API token{'s' if revoked != 1 else ''} revoked.")
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and always answers the same: whether an account has it is not told.

    The mail goes out from a task, so the answer takes as long either way; the number of
    mails per address and per client is limited (core.login_throttle).
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if login_throttle.reset_mail_allowed(email, current_request_context().ip_address):
            transaction.on_commit(lambda: send_password_reset.delay(email))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's check of the mailed link; the new password is set through the audited service,
    and the account's API tokens are revoked (whoever lost the password may have lost more)."""

    def form_valid(self, form):
        services.user_password_change(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            revoke_tokens=True,
            action=USER_PASSWORD_RESET,
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


# Members ---------------------------------------------------------------------------------


def _member_page(request, invite_form: MemberInviteForm):
    organisation = organisation_of(request)
    members = Paginator(members_of(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": members,
        "invite_form": invite_form,
        "role_choices": Role.choices,
        "invitations": open_invitations_of(organisation),
    }
    return render(request, "core/members.html", context)


@member_required(Capability.MANAGE_MEMBERS)
def member_list(request):
    return _member_page(request, MemberInviteForm())


@member_required(Capability.MANAGE_MEMBERS)
@require_POST
def member_invite(request):
    form = MemberInviteForm(request.POST)
    done, invitation = submit(form, lambda data: services.member_invite(actor=actor_of(request), **data))
    if not done:
        return _member_page(request, form)
    messages.success(
        request,
        f"Invitation for {invitation.addressee} ({invitation.get_role_display()}) recorded. They become a member "
        f"when they accept it after signing in, by {invitation.expires_at:%d %b %Y}.",
    )
    return redirect("members")


@member_required(Capability.MANAGE_MEMBERS)
@require_POST
def invitation_withdraw(request, pk: int):
    invitation = get_scoped_or_404(Invitation.objects.all(), organisation_of(request), pk=pk)
    services.invitation_withdraw(actor=actor_of(request), invitation=invitation)
    messages.success(request, f"The invitation for {invitation.addressee} was withdrawn.")
    return redirect("members")


@member_required()
def member_leave(request):
    if request.method != "POST":
        return render(request, "core/member_leave.html")
    organisation = organisation_of(request)
    try:
        services.member_leave(actor=actor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("member_leave")
    request.session.pop(tenancy.SESSION_KEY, None)
    messages.success(request, f"You left {organisation.name}.")
    return redirect("dashboard")


@login_required
def invitations(request):
    pending = services.pending_invitations_for(request.user)
    return render(request, "core/invitations.html", {"invitations": pending})


@login_required
@require_POST
def invitation_answer(request, pk: int):
    accept = request.POST.get("answer") == "accept"
    try:
        if accept:
            membership = services.invitation_accept(user=request.user, invitation_id=pk)
        else:
            invitation = services.invitation_decline(user=request.user, invitation_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invitations")
    if not accept:
        messages.success(request, f"You declined the invitation to {invitation.organisation.name}.")
        return redirect("invitations")
    tenancy.switch_to(request, membership)
    messages.success(request, f"You joined {membership.organisation.name} as {membership.get_role_display().lower()}.")
    return redirect("dashboard")


class LoginView(auth_views.LoginView):
    """Django's login, throttled; someone with open invitations sees them first."""

    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        if services.pending_invitations_for(self.request.user).exists():
            return reverse("invitations")
        return super().get_success_url()


def _membership_of(request, pk: int) -> Membership:
    return get_scoped_or_404(Membership.objects.select_related("user", "organisation"), organisation_of(request), pk=pk)


@member_required(Capability.MANAGE_MEMBERS)
@require_POST
def member_change_role(request, pk: int):
    membership = _membership_of(request, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("members")
    try:
        services.member_change_role(actor=actor_of(request), membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user.get_username()} is now {membership.get_role_display().lower()}.")
    return redirect("members")


@member_required(Capability.MANAGE_MEMBERS)
def member_remove(request, pk: int):
    membership = _membership_of(request, pk)
    if request.method != "POST":
        return render(request, "core/member_remove.html", {"member": membership})
    try:
        services.member_remove(actor=actor_of(request), membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members")
    messages.success(request, f"{membership.user.get_username()} was removed from {membership.organisation.name}.")
    # Whoever removes themselves can no longer open the members page.
    return redirect("dashboard" if membership.user_id == request.user.pk else "members")


# Audit log -------------------------------------------------------------------------------


def _audit_filter_form(request) -> AuditLogFilterForm:
    organisation = organisation_of(request)
    choices = [
        (m.user_id, m.user.get_full_name() or m.user.get_username())
        for m in Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__username")
    ]
    return AuditLogFilterForm(request.GET, organisation=organisation, member_choices=choices)


def _sequence_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@member_required(Capability.VIEW_AUDIT)
def audit_log(request):
    form = _audit_filter_form(request)
    page = None
    if form.is_valid():
        events = audit_events_matching(organisation_of(request), **form.criteria())
        page = audit_page(events, before=_sequence_param(request, "before"), after=_sequence_param(request, "after"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})


@member_required(Capability.VIEW_AUDIT)
def audit_event_detail(request, pk: int):
    organisation = organisation_of(request)
    event = get_scoped_or_404(AuditEvent.objects.all(), organisation, pk=pk)
    neighbours = {
        sequence: (pk, hash_)
        for sequence, pk, hash_ in AuditEvent.objects.filter(
            organisation=organisation, sequence__in=[event.sequence - 1, event.sequence + 1]
        )
        .order_by()
        .values_list("sequence", "pk", "hash")
    }
    previous_pk, previous_hash = neighbours.get(
        event.sequence - 1, (None, GENESIS_HASH if event.sequence == 1 else None)
    )
    context = {
        "event": event,
        "rows": change_rows(event.changes),
        "content_matches_hash": compute_hash(event) == event.hash,
        "links_to_previous": previous_hash == event.prev_hash,
        "previous_pk": previous_pk,
        "next_pk": neighbours.get(event.sequence + 1, (None, None))[0],
    }
    return render(request, "core/audit_event.html", context)


@member_required(Capability.VIEW_AUDIT)
def audit_log_export(request):
    form = _audit_filter_form(request)
    if not form.is_valid():
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        return HttpResponseBadRequest(f"Fix the filters first. {problems}", content_type="text/plain; charset=utf-8")
    organisation = organisation_of(request)
    events = audit_events_matching(organisation, **form.criteria())
    lines = csv_lines(AuditEventExporter(), ExportScope(organisation, queryset=events))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"audit-log-{organisation.slug}-{timezone.now():%Y%m%d-%H%M%S}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# API tokens ------------------------------------------------------------------------------


def _token_page(request, form: ApiTokenForm):
    membership = request.membership
    context = {
        "form": form,
        "tokens": tokens_of(membership),
        "others_tokens": active_tokens_of_others(membership) if membership.role == Role.OWNER else None,
    }
    return render(request, "core/api_tokens.html", context)


@member_required()
def api_tokens(request):
    return _token_page(request, ApiTokenForm())


@never_cache
@member_required()
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw_value = services.api_token_create(actor=actor_of(request), name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Rendered in the POST response, never stored: this page is the only time it is shown.
            return render(request, "core/api_token_created.html", {"token": token, "raw_value": raw_value})
    return _token_page(request, form)


@member_required()
@require_POST
def api_token_revoke(request, pk: int):
    token = get_scoped_or_404(
        ApiToken.objects.select_related("membership__user"), organisation_of(request), "membership__organisation", pk=pk
    )
    services.api_token_revoke(actor=actor_of(request), token=token)
    messages.success(request, f"The token “{token.name}” was revoked; calls with it are now refused.")
    return redirect("api_tokens")
