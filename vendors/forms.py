"""Forms parse and check the shape of input; the services validate against the data and write."""

from __future__ import annotations

from django import forms

from core.forms import MemberChoiceField
from core.models import Membership
from core.selectors import member_choices
from vendors import services
from vendors.models import AiSystem, Contact, GpaiModel, Vendor, VendorStatus


class ShapeOnlyModelForm(forms.ModelForm):
    """A ModelForm for its fields and widgets only: the service, not the form, applies values and validates."""

    def _post_clean(self):
        # ModelForm would copy the values onto the instance and run model validation here,
        # which would change the object before the service takes its "before" snapshot.
        pass


class VendorForm(ShapeOnlyModelForm):
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Vendor
        fields = services.VENDOR_FIELDS
        widgets = {"eu_rep_address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "eu_rep_name": "Needed when the vendor is established outside the EU/EEA (Art. 22 and 54 AI Act); "
            "leave empty for vendors established in the EEA.",
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Vendor.objects.filter(organisation=organisation).exclude(status=VendorStatus.ARCHIVED)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.only("pk", "legal_name")
        if not self.instance.is_archived:
            # Archiving is its own action with a confirmation; restoring is a status change.
            self.fields["status"].choices = [c for c in VendorStatus.choices if c[0] != VendorStatus.ARCHIVED]


def _vendor_choices(organisation, instance: GpaiModel | AiSystem):
    """Active vendors to attach to, and the current one, so an archived vendor's own stay editable."""
    vendors = Vendor.objects.filter(organisation=organisation).exclude(status=VendorStatus.ARCHIVED)
    if instance.pk:
        vendors |= Vendor.objects.filter(pk=instance.vendor_id)
    return vendors.only("pk", "legal_name")


class ContactForm(ShapeOnlyModelForm):
    class Meta:
        model = Contact
        fields = services.CONTACT_FIELDS


class GpaiModelForm(ShapeOnlyModelForm):
    class Meta:
        model = GpaiModel
        fields = services.GPAI_MODEL_FIELDS
        widgets = {
            "training_compute_flop": forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "e.g. 3e25"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendor_choices(organisation, self.instance)


class AiSystemForm(ShapeOnlyModelForm):
    business_owner = MemberChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        help_text=AiSystem._meta.get_field("business_owner").help_text,
    )

    class Meta:
        model = AiSystem
        fields = services.AI_SYSTEM_FIELDS
        widgets = {
            "intended_purpose": forms.Textarea(attrs={"rows": 4}),
            "deployment_context": forms.Textarea(attrs={"rows": 4}),
            "placed_on_market_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendor_choices(organisation, self.instance)
        self.fields["business_owner"].queryset = member_choices(organisation)
        self.fields["gpai_model"].queryset = GpaiModel.objects.filter(organisation=organisation).select_related(
            "vendor"
        )
        self.fields["gpai_model"].label_from_instance = lambda model: f"{model} ({model.vendor})"
