"""The structured record each kind of duty keeps instead of a free note, and when it is complete.

Each kind is a form: the web page shows it, and the service validates API and web input
with it alike, so a record is checked the same way wherever it comes from. The cleaned
values are stored as JSON on the duty (dates as ISO text, members by id).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from core.models import Membership

# Art 26(6): logs are kept for at least six months unless other Union or national law says otherwise.
MIN_LOG_RETENTION_MONTHS = 6
MAX_TEXT = 4000


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name() or membership.user.get_username()


class RecordForm(forms.Form):
    """A record form; `needs_file` kinds keep a file (the notice, the DPIA) as their evidence."""

    needs_file = False
    file_label = ""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = Membership.objects.filter(organisation=organisation).select_related("user")
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = MAX_TEXT

    def stored(self) -> dict:
        """The cleaned values as JSON."""
        values = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, Membership):
                value = value.pk
            elif isinstance(value, dt.date):
                value = value.isoformat()
            values[name] = value
        return values


def _text(label: str, *, required=True, help_text="", widget=None) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, widget=widget or forms.Textarea)


def _not_future(day: dt.date | None, field: str) -> None:
    if day and day > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError({field: "This date is in the future: record it once it has happened."})


def _reasonable(day: dt.date | None, field: str) -> None:
    if day and day.year < 2000:
        raise ValidationError({field: "Give a date from 2000 on."})


class InputDataForm(RecordForm):
    controls_input_data = forms.BooleanField(
        label="We control the input data", required=False, help_text="Leave unticked when only the provider does."
    )
    checked_on = forms.DateField(label="Checked on", required=False)
    reviewer = MemberChoiceField(queryset=Membership.objects.none(), label="Reviewer", required=False)
    findings = _text("Relevance and representativeness", required=False, help_text="What was checked and found.")

    def clean(self):
        data = super().clean()
        if data.get("controls_input_data"):
            missing = dict.fromkeys(("checked_on", "reviewer", "findings"), "Needed when we control the input data.")
            missing = {name: message for name, message in missing.items() if not data.get(name)}
            if missing:
                raise ValidationError(missing)
        _reasonable(data.get("checked_on"), "checked_on")
        _not_future(data.get("checked_on"), "checked_on")
        return data


class LogsForm(RecordForm):
    retention_months = forms.IntegerField(
        label="Log retention (months)", min_value=1, max_value=1200, help_text="How long the logs we control are kept."
    )
    other_law = forms.CharField(
        label="Other law setting the period",
        required=False,
        max_length=300,
        help_text="Only when a shorter period than six months is set by another law: cite it.",
    )
    location = forms.CharField(label="Where the logs are kept", max_length=300)
    reviewer = MemberChoiceField(queryset=Membership.objects.none(), label="Who reviews them")
    review_frequency = forms.CharField(label="How often they are reviewed", max_length=200)

    def clean(self):
        data = super().clean()
        months = data.get("retention_months")
        if months is not None and months < MIN_LOG_RETENTION_MONTHS and not (data.get("other_law") or "").strip():
            raise ValidationError(
                {
                    "retention_months": (
                        "Art 26(6) asks for at least six months; a shorter period needs the law that sets it."
                    )
                }
            )
        return data


class WorkersNoticeForm(RecordForm):
    needs_file = True
    file_label = "Notice to workers"
    informed_on = forms.DateField(label="Workers and their representatives informed on")
    how = _text("How they were informed", help_text="For example works council meeting and e-mail to the team.")

    def clean(self):
        data = super().clean()
        _reasonable(data.get("informed_on"), "informed_on")
        _not_future(data.get("informed_on"), "informed_on")
        return data


class PersonsNoticeForm(RecordForm):
    notice_text = _text("Notice given to the people concerned")
    explanation_channel = forms.CharField(
        label="Channel for explanation requests (Art 86)", max_length=300, help_text="An address, form or desk."
    )


class DpiaForm(RecordForm):
    needs_file = True
    file_label = "DPIA"
    completed_on = forms.DateField(label="Completed on")
    uses_provider_information = forms.BooleanField(
        label="Uses the provider's instructions for use (Art 13)", required=False
    )

    def clean(self):
        data = super().clean()
        if "uses_provider_information" in data and not data["uses_provider_information"]:
            raise ValidationError(
                {"uses_provider_information": "Art 26(9): the DPIA draws on the provider's information."}
            )
        _reasonable(data.get("completed_on"), "completed_on")
        _not_future(data.get("completed_on"), "completed_on")
        return data


class RegistrationForm(RecordForm):
    entry_reference = forms.CharField(label="EU database entry (section C)", max_length=100)
    registered_on = forms.DateField(label="Registered on")

    def clean(self):
        data = super().clean()
        _reasonable(data.get("registered_on"), "registered_on")
        _not_future(data.get("registered_on"), "registered_on")
        return data


class DisclosureForm(RecordForm):
    how_disclosed = _text("How it is disclosed", help_text="Where and in what words people are told.")


RECORD_FORMS: dict[str, type[RecordForm]] = {
    "input_data": InputDataForm,
    "logs": LogsForm,
    "workers_notice": WorkersNoticeForm,
    "persons_notice": PersonsNoticeForm,
    "dpia": DpiaForm,
    "registration": RegistrationForm,
    "disclosure": DisclosureForm,
}


def record_form(kind: str, data=None, *, organisation, initial=None, prefix=None) -> RecordForm | None:
    form_class = RECORD_FORMS.get(kind)
    return form_class(data, organisation=organisation, initial=initial, prefix=prefix) if form_class else None


def log_retention_short(record: dict) -> bool:
    months = record.get("retention_months")
    return months is None or (months < MIN_LOG_RETENTION_MONTHS and not record.get("other_law"))
