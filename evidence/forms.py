from __future__ import annotations

from django import forms

from evidence.models import EvidencePolicy
from vendors.models import AiSystem, Vendor


class PackForm(forms.Form):
    """What the pack covers: one AI system, one vendor, or (neither chosen) the whole organisation; and a period."""

    ai_system = forms.ModelChoiceField(
        queryset=AiSystem.objects.none(),
        required=False,
        label="AI system",
        empty_label="— every AI system —",
        help_text="Leave both AI system and vendor empty for a pack of the whole organisation.",
    )
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.none(), required=False, label="Vendor", empty_label="— every vendor —"
    )
    since = forms.DateField(required=False, label="Period from", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="Period until", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ai_system"].queryset = AiSystem.objects.filter(organisation=organisation).select_related("vendor")
        self.fields["vendor"].queryset = Vendor.objects.filter(organisation=organisation)

    def clean(self):
        data = super().clean()
        if data.get("ai_system") and data.get("vendor"):
            self.add_error("vendor", "Choose an AI system or a vendor, not both.")
        return data


class RetentionForm(forms.ModelForm):
    class Meta:
        model = EvidencePolicy
        fields = ["retention_days"]
        labels = {"retention_days": "Keep pack files for (days)"}
