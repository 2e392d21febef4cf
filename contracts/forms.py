"""Forms of the contracts pages: they parse and check shapes; the services decide."""

from __future__ import annotations

from django import forms

from compliance.forms import DATE as DateInput
from contracts.models import ClauseState
from vendors.models import AiSystem, Vendor


class ContractForm(forms.Form):
    title = forms.CharField(max_length=200)
    reference = forms.CharField(max_length=100, required=False, help_text="The contract number on the signed copy.")
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none())
    systems = forms.ModelMultipleChoiceField(
        queryset=AiSystem.objects.none(),
        label="AI systems covered",
        widget=forms.CheckboxSelectMultiple,
        help_text="Systems of this vendor that the contract covers.",
    )
    signed_on = forms.DateField(required=False, widget=DateInput)
    starts_on = forms.DateField(widget=DateInput)
    ends_on = forms.DateField(required=False, widget=DateInput, help_text="End of the current term.")
    auto_renews = forms.BooleanField(required=False, label="Renews automatically")
    notice_period_days = forms.IntegerField(required=False, min_value=0, max_value=3650, label="Notice period (days)")
    notice_in_business_days = forms.BooleanField(required=False, label="Notice counted in business days")
    governing_law = forms.CharField(max_length=100, required=False)
    signed_file = forms.FileField(required=False, label="Signed contract", help_text="PDF, Word or an image.")

    def __init__(self, *args, organisation, vendor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.filter(organisation=organisation).exclude(status="archived")
        systems = AiSystem.objects.filter(organisation=organisation, archived_at__isnull=True).select_related("vendor")
        self.fields["systems"].queryset = systems.filter(vendor=vendor) if vendor else systems
        self.fields["systems"].label_from_instance = lambda system: f"{system} ({system.vendor})"


class ClauseForm(forms.Form):
    state = forms.ChoiceField(choices=ClauseState.choices)
    section = forms.CharField(max_length=60, required=False, help_text="Where it sits in the signed file, e.g. 12.3.")
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    justification = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Needed to waive the clause."
    )


class ModificationForm(forms.Form):
    changed_on = forms.DateField(widget=DateInput)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What changed")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")
    reference = forms.CharField(max_length=200, required=False, label="Version or configuration reference")
    approved_by = forms.CharField(max_length=200, help_text="Name and function of who approved the change.")
    substantial = forms.BooleanField(
        required=False,
        label="Substantial modification",
        help_text="Not foreseen by the provider's conformity assessment and affects compliance (Art 3(23)).",
    )
    new_annex_iii_points = forms.CharField(
        required=False,
        label="New intended purpose: Annex III points",
        help_text="If the change of purpose falls under Annex III, its points separated by spaces (e.g. 4a 5b).",
    )
    under_our_name = forms.BooleanField(required=False, label="We now put our name or trademark on it")
    compute_flop = forms.FloatField(
        required=False, min_value=0, label="Compute used (FLOP)", help_text="For a GPAI model fine-tune, e.g. 2e24."
    )
    # The Art 25 grounds the person was shown and confirms (comma-separated); empty before the preview.
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_new_annex_iii_points(self):
        return self.cleaned_data["new_annex_iii_points"].replace(",", " ").split()
