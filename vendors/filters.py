"""Filters of the vendor, AI system, GPAI model and contact lists, shared by the web pages and the API."""

from __future__ import annotations

import django_filters
from django import forms

from core.countries import COUNTRY_CHOICES, EEA_COUNTRIES
from core.filters import AnyYesNo, MemberFilter, members_of_caller, rows_of_caller
from vendors.models import (
    SYSTEMIC_RISK_FLOP_THRESHOLD,
    AiSystem,
    CodeOfPracticeSignatory,
    Contact,
    GpaiModel,
    Lifecycle,
    Vendor,
    VendorStatus,
)


class VendorFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, empty_label="Any country")
    eu_established = django_filters.BooleanFilter(
        label="EU-established", method="filter_eu_established", widget=AnyYesNo
    )
    status = django_filters.ChoiceFilter(
        choices=VendorStatus.choices,
        empty_label="Any but archived",
        help_text="Archived vendors are only listed when you ask for them.",
    )

    class Meta:
        model = Vendor
        fields = ["country", "eu_established", "status"]

    def filter_eu_established(self, queryset, name, value):
        in_eea = {"country__in": EEA_COUNTRIES}
        return queryset.filter(**in_eea) if value else queryset.exclude(**in_eea)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=VendorStatus.ARCHIVED)
        return super().filter_queryset(queryset)


class AiSystemFilter(django_filters.FilterSet):
    # A hidden field: the page links here from a vendor; a select of thousands of vendors would not help.
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor), widget=forms.HiddenInput)
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, empty_label="Any")
    business_owner = MemberFilter(queryset=members_of_caller, empty_label="Anyone")
    processes_personal_data = django_filters.BooleanFilter(label="Personal data", widget=AnyYesNo)
    gpai_based = django_filters.BooleanFilter(
        label="Built on a GPAI model", field_name="gpai_model", lookup_expr="isnull", exclude=True, widget=AnyYesNo
    )
    gpai_model = django_filters.ModelChoiceFilter(queryset=rows_of_caller(GpaiModel), widget=forms.HiddenInput)
    archived = django_filters.BooleanFilter(label="Archived", method="filter_archived", widget=AnyYesNo)

    class Meta:
        model = AiSystem
        fields = ["vendor", "lifecycle", "business_owner", "processes_personal_data", "gpai_based", "gpai_model"]

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=not value)

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("archived") is None:
            queryset = queryset.filter(archived_at__isnull=True)
        return super().filter_queryset(queryset)


class GpaiModelFilter(django_filters.FilterSet):
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor), widget=forms.HiddenInput)
    code_of_practice_signatory = django_filters.ChoiceFilter(
        label="Code of Practice signatory", choices=CodeOfPracticeSignatory.choices, empty_label="Any"
    )
    systemic_risk = django_filters.BooleanFilter(
        label="Presumed systemic risk", method="filter_systemic_risk", widget=AnyYesNo
    )

    class Meta:
        model = GpaiModel
        fields = ["vendor", "code_of_practice_signatory", "systemic_risk"]

    def filter_systemic_risk(self, queryset, name, value):
        above = {"training_compute_flop__gt": SYSTEMIC_RISK_FLOP_THRESHOLD}
        return queryset.filter(**above) if value else queryset.exclude(**above)


class ContactFilter(django_filters.FilterSet):
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor))
    is_primary = django_filters.BooleanFilter(widget=AnyYesNo)

    class Meta:
        model = Contact
        fields = ["vendor", "is_primary"]
