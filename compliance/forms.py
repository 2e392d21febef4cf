"""Forms parse and check the shape of input; the services validate against the data and write."""

from __future__ import annotations

from django import forms

from compliance import catalogue
from compliance.models import ChecklistOutcome, Document, ReverificationReason
from compliance.services import FACT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or plain text; the type is checked from the content."
    )


class FactsForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = FACT_FIELDS
        widgets = {
            "issued_on": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "standards_applied": forms.Textarea(attrs={"rows": 2}),
            "compliance_claim": forms.Textarea(attrs={"rows": 2}),
            "gdpr_statement": forms.NullBooleanSelect,
        }

    def _post_clean(self):
        # The service applies and validates the values, after taking its "before" snapshot.
        pass


class AskForm(forms.Form):
    """When the vendor was asked for documents: empty is today, an earlier day when the e-mail went out before."""

    requested_on = forms.DateField(
        label="Asked the vendor on",
        required=False,
        widget=DATE,
        help_text="Leave empty for today. The 10 business days run from this day.",
    )


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class WaiveForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why we do not need this document.")


class RiskAcceptanceForm(forms.Form):
    justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the organisation accepts this risk, what mitigates it and until when.",
    )


class ReverificationForm(forms.Form):
    reason = forms.ChoiceField(choices=ReverificationReason.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    """One outcome and note per checklist item of the document's type."""

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = catalogue.checklist(document.request.document_type)
        existing = {r.item_id: r for r in document.checklist_results.all()}
        choices = [("", "Not marked"), *ChecklistOutcome.choices]
        for item in self.items:
            result = existing.get(item.id)
            self.fields[f"outcome_{item.id}"] = forms.ChoiceField(
                label=item.text, choices=choices, required=False, initial=result.outcome if result else ""
            )
            self.fields[f"note_{item.id}"] = forms.CharField(
                label="Note", required=False, initial=result.note if result else ""
            )

    def rows(self):
        """(item, outcome field, note field) for the template."""
        return [(item, self[f"outcome_{item.id}"], self[f"note_{item.id}"]) for item in self.items]

    def results(self) -> list[dict]:
        return [
            {
                "item_id": item.id,
                "outcome": self.cleaned_data[f"outcome_{item.id}"],
                "note": self.cleaned_data[f"note_{item.id}"],
            }
            for item in self.items
            if self.cleaned_data[f"outcome_{item.id}"]
        ]
