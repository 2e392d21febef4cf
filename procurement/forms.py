"""Forms of procurement pages: they parse shapes; services decide."""

from __future__ import annotations

from django import forms

from core.countries import COUNTRY_CHOICES
from procurement.models import Decision
from procurement.questionnaire import QUESTIONS
from vendors.models import AiSystem


class ProcurementRequestForm(forms.Form):
    ai_system = forms.ModelChoiceField(queryset=AiSystem.objects.none(), label="AI system")
    business_need = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What it is for.")
    intended_users = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Who will use it, and on whom."
    )
    personal_data = forms.BooleanField(required=False, label="Processes personal data")
    special_categories = forms.BooleanField(
        required=False, label="Special categories of personal data (health, biometrics, beliefs…)"
    )
    data_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Data involved")
    countries = forms.MultipleChoiceField(choices=COUNTRY_CHOICES, required=False, label="Countries of use")
    expected_start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    workplace_use = forms.BooleanField(required=False, label="Used at the workplace (on employees)")
    public_use = forms.BooleanField(required=False, label="Used on the public")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ai_system"].queryset = AiSystem.objects.filter(
            organisation=organisation, archived_at__isnull=True
        ).select_related("vendor")


class AcceptanceForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label="Review by", widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons")
    condition_text = forms.CharField(required=False, label="Condition (for an approval with conditions)")
    condition_due = forms.DateField(
        required=False, label="Condition due", widget=forms.DateInput(attrs={"type": "date"})
    )
    condition_owner = forms.ModelChoiceField(queryset=None, required=False, label="Condition owner")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_owner"].queryset = members

    def conditions(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("condition_text"):
            return []
        owner = data.get("condition_owner")
        return [
            {
                "text": data["condition_text"],
                "due_date": data.get("condition_due"),
                "owner": owner.pk if owner else None,
            }
        ]


def questionnaire_form_class():
    """A form with one field per question of the vendor questionnaire."""
    fields = {}
    for question in QUESTIONS:
        if question.kind == "choice":
            field = forms.ChoiceField(choices=[("", "—"), *question.choices], required=False)
        elif question.kind == "date":
            field = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
        elif question.kind == "email":
            field = forms.EmailField(required=False)
        elif question.kind == "long_text":
            field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
        else:
            field = forms.CharField(required=False, max_length=2000)
        field.label = question.text
        fields[question.key] = field
    return type("QuestionnaireForm", (forms.Form,), fields)


QuestionnaireForm = questionnaire_form_class()
