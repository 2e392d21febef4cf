"""Forms of the duties pages: they parse and check shapes; services decide."""

from __future__ import annotations

from django import forms

from core.models import Membership
from duties.models import FRIA_ELEMENTS, DutyStatus, Fria
from duties.records import MemberChoiceField


def _members(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__username")


class OrganisationForm(forms.Form):
    """A form whose member choices are the organisation's members."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = _members(organisation)


class DutyForm(OrganisationForm):
    owner = MemberChoiceField(queryset=Membership.objects.none(), required=False, label="Owner")
    status = forms.ChoiceField(choices=DutyStatus.choices)
    not_applicable_reason = forms.CharField(
        label="Why it does not apply", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class EvidenceFileForm(forms.Form):
    file = forms.FileField(required=False, label="File")


class OversightForm(OrganisationForm):
    member = MemberChoiceField(queryset=Membership.objects.none(), label="Person")
    competence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    training_course = forms.CharField(required=False, max_length=200, label="Training course")
    trained_on = forms.DateField(required=False, label="Trained on", widget=forms.DateInput(attrs={"type": "date"}))
    can_stop = forms.BooleanField(required=False, label="Has the authority to stop the system")
    certificate = forms.FileField(required=False, label="Training certificate")


class FriaSectionForm(forms.Form):
    """One element of Art 27(1), and for a reused FRIA whether it differs from the source."""

    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    reuse_check = forms.ChoiceField(
        required=False,
        label="Compared with the reused FRIA",
        choices=[("", "Not checked yet"), ("same", "The same holds here"), ("changed", "Changed for this system")],
    )

    def __init__(self, *args, element, **kwargs):
        super().__init__(*args, **kwargs)
        _field, letter, title, prompt = element
        self.fields["text"].label = f"({letter}) {title}"
        self.fields["text"].help_text = prompt


class FriaStartForm(OrganisationForm):
    reuse = forms.ModelChoiceField(
        queryset=Fria.objects.none(), required=False, label="Start from an earlier FRIA for a similar case"
    )

    def __init__(self, *args, reusable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reuse"].queryset = reusable
        self.fields["reuse"].empty_label = "No: start blank"


class FriaSubmitForm(OrganisationForm):
    reviewers = forms.ModelMultipleChoiceField(queryset=Membership.objects.none(), label="Reviewers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()


class FriaNotifyForm(forms.Form):
    authority = forms.CharField(label="Market surveillance authority", max_length=200)
    sent_on = forms.DateField(label="Sent on", widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class TrainingForm(OrganisationForm):
    member = MemberChoiceField(queryset=Membership.objects.none(), label="Member")
    title = forms.CharField(max_length=200)
    taken_on = forms.DateField(label="Taken on", widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(required=False, label="Evidence (certificate, attendance list)")


class SystemUserForm(OrganisationForm):
    member = MemberChoiceField(queryset=Membership.objects.none(), label="Member who uses it")


FRIA_ELEMENT_BY_FIELD = {element[0]: element for element in FRIA_ELEMENTS}
