"""Forms of the core app: they parse and check shapes; services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from core import login_throttle
from core.audit_actions import filter_choices
from core.models import ApiToken, Organisation, Role
from core.request_context import current_request_context
from core.selectors import day_bounds


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def submit(form: forms.Form, write: Callable[[dict], Any]) -> tuple[bool, Any]:
    """(done, result): run the service on valid input; a refusal's errors go onto the form."""
    if not form.is_valid():
        return False, None
    try:
        return True, write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False, None


class MemberChoiceField(forms.ModelChoiceField):
    """A member chosen from a list, labelled by name and role."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.user.get_full_name() or obj.user.username} ({obj.get_role_display()})"


class LoginThrottleMixin:
    """Refuses further attempts for a while after repeated failures (see core.login_throttle).

    Mixed into every password login form, the app's and the admin's, so failures on one
    count toward the pause on the other.
    """

    throttle_messages = {
        "locked": "Too many failed attempts. Wait a few minutes, then try again.",
        "slowed": "Too many failed attempts from your network. Wait {seconds} seconds, then try again.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = current_request_context().ip_address
        pause = login_throttle.begin_attempt(username, address)
        if pause is not None:
            if pause.per_address:
                raise ValidationError(self.throttle_messages["slowed"].format(seconds=pause.seconds), code="slowed")
            raise ValidationError(self.throttle_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_throttle.record_failure(address)
            raise
        login_throttle.record_success(username)
        return cleaned


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    revoke_api_tokens = forms.BooleanField(
        required=False,
        initial=True,
        label="Also revoke my API tokens",
        help_text="In every organisation. Leave it ticked if the old password may have leaked: "
        "a token keeps working without the password.",
    )


class ThrottledAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    """Django's login form, throttled."""


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The admin's login form (staff only), throttled with the same counters."""


class MemberInviteForm(forms.Form):
    username = forms.CharField(
        max_length=150, required=False, help_text="The person's username, or the username for a new account."
    )
    email = forms.EmailField(required=False, help_text="The person's email address.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    # The least privileged role (read-only) unless the inviter chooses more: a slip gives too little, not too much.
    role = forms.ChoiceField(choices=Role.choices, initial=Role.AUDITOR)
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Used only when no account holds the username or address: the first password you hand over.",
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="Where you will use it, for example “CI export”.",
    )


# Bounds keep "the day after" computable and catch typos such as year 20266.
_PLAUSIBLE_DATE = [
    MinValueValidator(dt.date(1970, 1, 1), "Enter a date from 1970 on."),
    MaxValueValidator(dt.date(2999, 12, 31), "Enter a date before the year 3000."),
]


class AuditLogFilterForm(forms.Form):
    actor = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Member")
    actor_label = forms.CharField(max_length=200, required=False, label="Actor contains")
    action = forms.ChoiceField(required=False, label="What happened")
    object_type = forms.CharField(max_length=100, required=False, help_text="For example vendors.vendor")
    object_id = forms.CharField(max_length=64, required=False, label="Object id")
    object_label = forms.CharField(max_length=300, required=False, label="Object contains")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}), validators=_PLAUSIBLE_DATE
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}), validators=_PLAUSIBLE_DATE
    )

    def __init__(self, *args, organisation: Organisation, member_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["actor"].choices = [("", "Anyone"), *member_choices]
        self.fields["action"].choices = [("", "Anything"), *filter_choices()]
        self.fields["date_to"].help_text = f"Days are counted in {organisation.time_zone}; both ends included."

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def criteria(self) -> dict:
        """Keyword arguments for selectors.audit_events_matching (call after is_valid())."""
        data = self.cleaned_data
        created_from, created_before = day_bounds(data["date_from"], data["date_to"], self.organisation.time_zone)
        return {
            "actor_user_id": data["actor"],
            "actor_label": data["actor_label"].strip(),
            "action": data["action"].strip(),
            "object_type": data["object_type"].strip(),
            "object_id": data["object_id"].strip(),
            "object_label": data["object_label"].strip(),
            "created_from": created_from,
            "created_before": created_before,
        }

    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
