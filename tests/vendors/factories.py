"""Test data for the vendors app, written straight to the database (services are tested separately)."""

from __future__ import annotations

import factory

from vendors.models import AiSystem, Contact, GpaiModel, Vendor, VendorStatus

# Valid ISO 17442 identifiers (check digits computed with vendors.validators.lei_checksum).
VALID_LEI = "5493001KJTIIGC8Y1R12"


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"Vendor {n:03d} Ltd")
    country = "DE"
    status = VendorStatus.ACTIVE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    vendor = factory.SubFactory(VendorFactory)
    organisation = factory.SelfAttribute("vendor.organisation")
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.LazyAttribute(lambda contact: f"{contact.name.lower().replace(' ', '.')}@vendor.example")


class GpaiModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GpaiModel

    vendor = factory.SubFactory(VendorFactory)
    organisation = factory.SelfAttribute("vendor.organisation")
    name = factory.Sequence(lambda n: f"Model {n}")
    version = "1"


class AiSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AiSystem

    vendor = factory.SubFactory(VendorFactory)
    organisation = factory.SelfAttribute("vendor.organisation")
    name = factory.Sequence(lambda n: f"System {n:03d}")
    intended_purpose = "Ranks job applications."
