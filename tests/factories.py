"""Test data written straight to the database (the services are tested separately).

Vendors, contacts, GPAI models, AI systems, classifications, document requests and documents;
an app's own factories live in tests/<app>/factories.py.
"""

from __future__ import annotations

import hashlib

import factory
from django.utils import timezone

from assessments.models import Classification
from compliance.models import Document, DocumentRequest, RequestStatus, subject_key_of
from vendors.models import AiSystem, Contact, GpaiModel, Vendor, VendorStatus

# Valid ISO 17442 identifiers (check digits computed with vendors.validators.lei_checksum).
VALID_LEI = "5493001KJTIIGC8Y1R12"
HIGH_RISK_DOCUMENTS = [
    "eu_declaration_of_conformity",
    "ce_marking_evidence",
    "technical_documentation_summary",
    "instructions_for_use",
    "notified_body_certificate",
    "eu_database_registration",
]
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


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


class ClassificationFactory(factory.django.DjangoModelFactory):
    """A stored high-risk (Annex III point 4a) classification; the engine itself is tested in tests/assessments."""

    class Meta:
        model = Classification

    ai_system = factory.SubFactory(AiSystemFactory)
    organisation = factory.SelfAttribute("ai_system.organisation")
    answers = factory.LazyFunction(dict)
    timeline = "omnibus-2026"
    result = factory.LazyFunction(
        lambda: {
            "risk_tier": "high_risk",
            "high_risk_route": "annex_iii",
            "annex_iii_points": ["4a"],
            "conformity_route": "annex_vi_internal_control",
            "gpai": {"is_gpai": False, "systemic_risk": False},
            "required_documents": list(HIGH_RISK_DOCUMENTS),
        }
    )
    risk_tier = factory.LazyAttribute(lambda classification: classification.result["risk_tier"])
    pack_id = "eu-ai-act"
    pack_version = "test"
    pack_sha256 = "0" * 64


class DocumentRequestFactory(factory.django.DjangoModelFactory):
    """A request written straight to the table (no transition history, audit event or deadline)."""

    class Meta:
        model = DocumentRequest

    ai_system = factory.SubFactory(AiSystemFactory)
    vendor = factory.SelfAttribute("ai_system.vendor")
    organisation = factory.SelfAttribute("vendor.organisation")
    subject_key = factory.LazyAttribute(lambda r: subject_key_of(ai_system=r.ai_system, vendor=r.vendor))
    document_type = "eu_declaration_of_conformity"
    status = RequestStatus.REQUESTED


class DocumentFactory(factory.django.DjangoModelFactory):
    """A received version of a request's document, with a small PDF as its file."""

    class Meta:
        model = Document

    request = factory.SubFactory(DocumentRequestFactory, status=RequestStatus.RECEIVED)
    organisation = factory.SelfAttribute("request.organisation")
    version = 1
    file = factory.django.FileField(filename="document.pdf", data=MINIMAL_PDF)
    sha256 = factory.LazyAttribute(lambda d: hashlib.sha256(MINIMAL_PDF).hexdigest())
    size = len(MINIMAL_PDF)
    content_type = "application/pdf"
    original_name = "document.pdf"
    received_at = factory.LazyFunction(timezone.now)
