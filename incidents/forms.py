"""Forms of the incident pages; the services validate again and have the last word."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone

from core.filters import rows_of_caller
from core.models import Organisation
from incidents.models import MANUAL_STEPS, MEMBER_STATE_CHOICES, REPORT_SECTIONS, ReportType, StepKind
from incidents.regulation import regulation
from vendors.models import AiSystem

TIME_ZONE_CHOICES = [("UTC", "UTC")] + [(zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, kept naive: the service reads it in the time zone chosen beside it."""

    widget = DATETIME_WIDGET

    def to_python(self, value):
        result = super().to_python(value)
        return timezone.make_naive(result) if result is not None and timezone.is_aware(result) else result


def harm_choices():
    return [(code, f"{harm.label} ({harm.point})") for code, harm in regulation().harms.items()]


class FactsForm(forms.Form):
    """The facts of an incident that decide its assessment."""

    harms = forms.MultipleChoiceField(
        choices=harm_choices, widget=forms.CheckboxSelectMultiple, required=False, label="Harms (Art 3(49))"
    )
    member_states = forms.MultipleChoiceField(
        choices=MEMBER_STATE_CHOICES,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        required=False,
        label="Member States where it occurred",
    )
    widespread = forms.BooleanField(
        required=False, label="Widespread: harm in two Member States other than ours, or three at once (Art 3(61))"
    )
    provider_reachable = forms.BooleanField(required=False, initial=True, label="We can reach the provider (Art 26(5))")
    medical_device = forms.BooleanField(required=False, label="The system is or is part of a medical device")
    equivalent_sectoral_reporting = forms.BooleanField(
        required=False, label="The provider reports under an equivalent sectoral regime (Art 73(9))"
    )
    ai_office_competence = forms.BooleanField(
        required=False, label="The AI Office supervises this system (same provider for the GPAI model and the system)"
    )

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "incident.harms": data["harms"],
            "incident.member_states": data["member_states"],
            "incident.widespread_infringement": data["widespread"],
            "org.provider_reachable": data["provider_reachable"],
            "system.medical_device": data["medical_device"],
            "provider.equivalent_sectoral_reporting": data["equivalent_sectoral_reporting"],
            "system.ai_office_competence": data["ai_office_competence"],
        }


class IncidentReportForm(FactsForm):
    ai_system = forms.ModelChoiceField(queryset=AiSystem.objects.none(), label="AI system")
    title = forms.CharField(max_length=200, label="Short title")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What happened")
    aware_at = LocalDateTimeField(label="When we became aware", help_text="The clock starts here.")
    aware_time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, label="Time zone of that time")
    occurred_at = LocalDateTimeField(required=False, label="When it happened (if known)")
    affected_persons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Who was affected"
    )
    affected_count = forms.IntegerField(min_value=0, max_value=2_000_000_000, required=False, label="How many")

    field_order = ["ai_system", "title", "description", "aware_at", "aware_time_zone", "occurred_at", "harms"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ai_system"].queryset = rows_of_caller(AiSystem)(request).filter(archived_at__isnull=True)

    def incident_data(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("title", "description", "occurred_at", "affected_persons", "affected_count")
        }


class ReassessForm(FactsForm):
    facts_aware_at = LocalDateTimeField(label="When the new facts became known")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What changed")


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (kind.value, kind.label) for kind in (*MANUAL_STEPS, StepKind.INITIAL_REPORT, StepKind.COMPLETE_REPORT)
        ],
        label="Step",
    )
    happened_at = LocalDateTimeField(label="When")
    method = forms.CharField(max_length=200, required=False, label="How (e-mail, portal, phone…)")
    reference = forms.CharField(max_length=200, required=False, label="Reference")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note")


class ReportDraftForm(forms.Form):
    report_type = forms.ChoiceField(choices=ReportType.choices, label="Report type")
    recipient = forms.CharField(max_length=200, required=False, label="Sent to (authority or provider)")


class ReportEditForm(forms.Form):
    recipient = forms.CharField(max_length=200, required=False, label="Sent to (authority or provider)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in REPORT_SECTIONS:
            self.fields[key] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}), required=False, label=title, max_length=20_000
            )

    def sections(self) -> dict:
        return {key: self.cleaned_data[key] for key, _ in REPORT_SECTIONS}


class MarkSentForm(forms.Form):
    sent_at = LocalDateTimeField(label="Sent at")


class CloseForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Closing note")


class FileForm(forms.Form):
    file = forms.FileField(label="File")


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["worldwide_turnover_eur", "is_sme", "is_small_mid_cap", "is_public_authority", "is_union_institution"]
        labels = {
            "worldwide_turnover_eur": "Worldwide annual turnover (EUR, preceding financial year)",
            "is_sme": "SME or start-up",
            "is_small_mid_cap": "Small mid-cap enterprise",
            "is_public_authority": "National public authority or body",
            "is_union_institution": "Union institution, body, office or agency",
        }


class EvidenceForm(forms.Form):
    article = forms.CharField(widget=forms.HiddenInput)
    point = forms.CharField(widget=forms.HiddenInput)
    in_place = forms.BooleanField(required=False, label="We have evidence")
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000, label="Evidence"
    )
