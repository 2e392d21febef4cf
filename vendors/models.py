"""Vendors (AI providers), their contacts, the GPAI models they offer and the AI systems we buy from them."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core.countries import COUNTRY_CHOICES, country_name, is_eea
from vendors.validators import validate_lei

# Art. 51(2) AI Act: a GPAI model trained with more than 10^25 FLOP is presumed to have
# high-impact capabilities, i.e. systemic risk.
SYSTEMIC_RISK_FLOP_THRESHOLD = 1e25


class VendorStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ONBOARDING = "onboarding", "Onboarding"
    SUSPENDED = "suspended", "Suspended"
    ARCHIVED = "archived", "Archived"


class Vendor(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="vendors")
    legal_name = models.CharField(max_length=200, help_text="The registered company name, as on contracts.")
    trade_name = models.CharField(max_length=200, blank=True, help_text="The brand the vendor sells under, if other.")
    country = models.CharField(
        max_length=2, choices=COUNTRY_CHOICES, help_text="Country where the vendor is established (registered office)."
    )
    website = models.URLField(blank=True)
    vat_number = models.CharField("VAT number", max_length=32, blank=True)
    lei = models.CharField(
        "LEI",
        max_length=20,
        blank=True,
        validators=[validate_lei],
        help_text="Legal Entity Identifier (ISO 17442), 20 characters, if the vendor has one.",
    )
    eu_rep_name = models.CharField("EU authorised representative", max_length=200, blank=True)
    eu_rep_address = models.TextField("Representative's address", blank=True)
    eu_rep_email = models.EmailField("Representative's email", blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        help_text="The group company this vendor belongs to, if it is also a vendor of ours.",
    )
    status = models.CharField(max_length=20, choices=VendorStatus.choices, default=VendorStatus.ONBOARDING)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("legal_name"), name="unique_vendor_legal_name_per_organisation"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "legal_name"]),
            models.Index(fields=["organisation", "legal_name"]),  # the list's default order, read page by page
            models.Index(fields=["organisation", "country"]),
            models.Index(fields=["organisation", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("vendors:vendor_detail", args=[self.pk])

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def is_eu_established(self) -> bool:
        """Established in the EEA, where the AI Act applies directly."""
        return is_eea(self.country)

    @property
    def has_eu_representative(self) -> bool:
        return bool(self.eu_rep_name.strip())

    @property
    def lacks_eu_representative(self) -> bool:
        """Art. 22 and 54: a provider established outside the Union must appoint an authorised representative."""
        return not self.is_eu_established and not self.has_eu_representative

    @property
    def is_archived(self) -> bool:
        return self.status == VendorStatus.ARCHIVED

    def ancestors(self) -> Iterator[Vendor]:
        """The parent, its parent, and so on (stops on a loop already in the data)."""
        seen = {self.pk}
        current = self.parent
        while current is not None and current.pk not in seen:
            yield current
            seen.add(current.pk)
            current = current.parent


class Contact(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=100, blank=True, help_text="For example DPO, account manager, security.")
    is_primary = models.BooleanField("Primary contact", default=False)

    class Meta:
        ordering = ["-is_primary", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor"], condition=models.Q(is_primary=True), name="one_primary_contact_per_vendor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class CodeOfPracticeSignatory(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class GpaiModel(models.Model):
    """A general-purpose AI model a vendor provides (Chapter V AI Act)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="gpai_models")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="gpai_models")
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=60, blank=True)
    training_compute_flop = models.FloatField(
        "Training compute (FLOP)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Cumulative training compute in floating-point operations, if known (for example 3e25).",
    )
    code_of_practice_signatory = models.CharField(
        "Signed the GPAI Code of Practice",
        max_length=10,
        choices=CodeOfPracticeSignatory.choices,
        default=CodeOfPracticeSignatory.UNKNOWN,
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name", "version"], name="unique_gpai_model_version_per_vendor")
        ]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    def get_absolute_url(self) -> str:
        return reverse("vendors:gpai_model_detail", args=[self.pk])

    @property
    def presumed_systemic_risk(self) -> bool:
        return self.training_compute_flop is not None and self.training_compute_flop > SYSTEMIC_RISK_FLOP_THRESHOLD


class Lifecycle(models.TextChoices):
    EVALUATING = "evaluating", "Evaluating"
    IN_USE = "in_use", "In use"
    RETIRED = "retired", "Retired"


class AiSystem(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="ai_systems")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="ai_systems")
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=60, blank=True)
    intended_purpose = models.TextField(help_text="What the system is for, in the vendor's and our own words.")
    business_owner = models.ForeignKey(
        "core.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_ai_systems",
        help_text="The member accountable for how the system is used.",
    )
    deployment_context = models.TextField(
        blank=True, help_text="Where and how we use it: teams, countries, people affected, volumes."
    )
    lifecycle = models.CharField(max_length=20, choices=Lifecycle.choices, default=Lifecycle.EVALUATING)
    processes_personal_data = models.BooleanField(default=False)
    gpai_model = models.ForeignKey(
        GpaiModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ai_systems",
        verbose_name="GPAI model",
        help_text="The general-purpose AI model the system is built on, if any.",
    )
    placed_on_market_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="first placed on the market or put into service on",
        help_text=(
            "When the system was first placed on the market or put into service, by anyone. A high-risk system "
            "there before its rules apply, and not significantly changed since, is a legacy system (Art 111(2)). "
            "Leave it blank if you do not know."
        ),
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "version", "pk"]
        verbose_name = "AI system"
        indexes = [
            models.Index(fields=["organisation", "archived_at", "name"]),
            models.Index(fields=["organisation", "lifecycle"]),
            models.Index(fields=["organisation", "updated_at"]),
            models.Index(fields=["vendor", "archived_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    def get_absolute_url(self) -> str:
        return reverse("vendors:system_detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
