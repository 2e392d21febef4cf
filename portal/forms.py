from __future__ import annotations

from django import forms

from portal.services import DEFAULT_DAYS, MAX_DAYS
from vendors.models import Vendor


class SendLinkForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none())
    email = forms.EmailField(label="Contact's e-mail", help_text="The link goes to this address only.")
    days = forms.IntegerField(
        label="Valid for (days)", min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS, help_text="30 by default."
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.filter(organisation=organisation).order_by("legal_name")
