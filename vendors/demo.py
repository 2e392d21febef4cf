"""Demo vendors, contacts, GPAI models and AI systems, modelled on typical AI procurement situations.

Everything is created through the services, so the audit log tells the story as if a
person had typed it in. Company names and identifiers are invented (the LEIs carry
valid check digits). Seeding is idempotent: what already exists is skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from core.access import Actor
from core.demo import DemoContext, register_demo_step
from core.models import Membership, Organisation
from vendors import services
from vendors.models import AiSystem, CodeOfPracticeSignatory, Contact, GpaiModel, Lifecycle, Vendor, VendorStatus


@dataclass(frozen=True)
class DemoSystem:
    data: dict
    gpai_model: tuple[str, str, str] | None = None  # (provider's legal name, model name, version)
    business_owner: str | None = None  # username of a member


@dataclass(frozen=True)
class DemoVendor:
    data: dict
    parent: str | None = None  # legal name of a vendor seeded before this one
    contacts: tuple[dict, ...] = ()
    gpai_models: tuple[dict, ...] = ()
    systems: tuple[DemoSystem, ...] = ()


HELIX = "Helix Frontier AI, Inc."
HELIX_4 = (HELIX, "Helix-4", "2025-06")

HELIX_VENDOR = DemoVendor(
    data={
        "legal_name": HELIX,
        "trade_name": "Helix",
        "country": "US",
        "website": "https://helix-frontier.example",
        "lei": "5493HELIXFRONTIER030",
        "eu_rep_name": "Helix Frontier AI Ireland Limited",
        "eu_rep_address": "2 Grand Canal Square\nDublin 2, D02 A342\nIreland",
        "eu_rep_email": "eu-representative@helix-frontier.example",
        "status": VendorStatus.ACTIVE,
        "notes": "Foundation-model API under the vendor's standard enterprise terms; EU data residency option booked.",
    },
    contacts=(
        {"name": "Priya Raman", "role": "Enterprise account executive", "email": "p.raman@helix-frontier.example"},
        {"name": "Trust & Safety desk", "role": "Incident reporting", "email": "trust@helix-frontier.example"},
    ),
    gpai_models=(
        {
            "name": "Helix-4",
            "version": "2025-06",
            "training_compute_flop": 3e25,
            "code_of_practice_signatory": CodeOfPracticeSignatory.YES,
            "notes": "Model card and public summary of training content published (Art. 53(1)(d)).",
        },
        {
            "name": "Helix-4 Mini",
            "version": "2025-06",
            "training_compute_flop": 8e24,
            "code_of_practice_signatory": CodeOfPracticeSignatory.YES,
        },
    ),
)

NORTHWIND = (
    DemoVendor(
        data={
            "legal_name": "TalentLens GmbH",
            "trade_name": "TalentLens",
            "country": "DE",
            "website": "https://talentlens.example",
            "vat_number": "DE318746251",
            "lei": "5299TALENTLENS0DE083",
            "status": VendorStatus.ACTIVE,
            "notes": "SaaS subscription for Group HR since 2024; data processing agreement signed.",
        },
        contacts=(
            {
                "name": "Miriam Vogt",
                "role": "Account manager",
                "email": "m.vogt@talentlens.example",
                "is_primary": True,
            },
            {"name": "Dr. Jonas Keller", "role": "DPO", "email": "privacy@talentlens.example"},
        ),
        systems=(
            DemoSystem(
                data={
                    "name": "TalentLens Screen",
                    "version": "4.2",
                    "intended_purpose": "Parses CVs and ranks applicants against the job profile for store, warehouse "
                    "and head-office vacancies; recruiters see a shortlist with match scores.",
                    "deployment_context": "Group HR recruiting in Germany, Austria and the Netherlands, about 9,000 "
                    "applications a year. Applicants below the score threshold get an automatic rejection.",
                    "lifecycle": Lifecycle.IN_USE,
                    "processes_personal_data": True,
                },
                business_owner="requester",
            ),
        ),
    ),
    HELIX_VENDOR,
    DemoVendor(
        data={
            "legal_name": "Brightdesk B.V.",
            "trade_name": "Brightdesk",
            "country": "NL",
            "website": "https://brightdesk.example",
            "vat_number": "NL864213579B01",
            "lei": "5299BRIGHTDESKNL0078",
            "status": VendorStatus.ACTIVE,
        },
        contacts=(
            {
                "name": "Sanne de Vries",
                "role": "Customer success manager",
                "email": "sanne@brightdesk.example",
                "phone": "+31 20 555 0142",
                "is_primary": True,
            },
        ),
        systems=(
            DemoSystem(
                data={
                    "name": "Brightdesk Assist",
                    "version": "3.1",
                    "intended_purpose": "Chatbot answering customer questions about orders, returns and store opening "
                    "hours; hands over to a human agent on request or when unsure.",
                    "deployment_context": "Web shop and app in DE, AT, NL and PL, about 40,000 conversations a month. "
                    "Built on the Helix-4 API; customers are told they are talking to an AI.",
                    "lifecycle": Lifecycle.IN_USE,
                    "processes_personal_data": True,
                },
                gpai_model=HELIX_4,
                business_owner="owner",
            ),
        ),
    ),
    DemoVendor(
        data={
            "legal_name": "Argus Vision Systems Ltd",
            "trade_name": "Argus StoreSafe",
            "country": "GB",
            "website": "https://argus-vision.example",
            "lei": "2138ARGUSVISION0UK42",
            "eu_rep_name": "Argus Vision Europe B.V.",
            "eu_rep_address": "Herengracht 420\n1017 BZ Amsterdam\nNetherlands",
            "eu_rep_email": "eu-rep@argus-vision.example",
            "status": VendorStatus.ONBOARDING,
            "notes": "Pitched by Loss Prevention after the 2025 shrinkage review. Legal asked for an AI Act "
            "assessment before any pilot.",
        },
        contacts=({"name": "Oliver Grant", "role": "Sales director EMEA", "email": "o.grant@argus-vision.example"},),
        systems=(
            DemoSystem(
                data={
                    "name": "StoreSafe Face Match",
                    "version": "2.0",
                    "intended_purpose": "Remote biometric identification: compares the faces of everyone entering a "
                    "store, in real time, with a watchlist of people banned from the stores and alerts security.",
                    "deployment_context": "Proposed pilot in 12 flagship stores in Germany; cameras at every entrance. "
                    "Not approved.",
                    "lifecycle": Lifecycle.EVALUATING,
                    "processes_personal_data": True,
                },
                business_owner="requester",
            ),
        ),
    ),
    DemoVendor(
        data={
            "legal_name": "Kreditwerk Holding SE",
            "country": "DE",
            "lei": "5299KREDITWERKHLD079",
            "status": VendorStatus.ACTIVE,
        },
    ),
    DemoVendor(
        data={
            "legal_name": "Kreditwerk Scoring AG",
            "trade_name": "Kreditwerk",
            "country": "AT",
            "website": "https://kreditwerk.example",
            "vat_number": "ATU69384215",
            "lei": "5299KREDITWERKAT0029",
            "status": VendorStatus.ACTIVE,
        },
        parent="Kreditwerk Holding SE",
        contacts=(
            {"name": "Lukas Bauer", "role": "Key account manager", "email": "l.bauer@kreditwerk.example"},
            {"name": "Datenschutz", "role": "DPO", "email": "datenschutz@kreditwerk.example"},
        ),
        systems=(
            DemoSystem(
                data={
                    "name": "KW Score Consumer",
                    "version": "7",
                    "intended_purpose": "Estimates the probability of default of private customers applying for the "
                    "Northwind store card or buy-now-pay-later, and recommends a credit limit.",
                    "deployment_context": "Called at checkout online and in store for every application, about "
                    "25,000 a month in DE and AT. Applications below the cut-off are declined without manual review.",
                    "lifecycle": Lifecycle.IN_USE,
                    "processes_personal_data": True,
                },
                business_owner="owner",
            ),
        ),
    ),
    DemoVendor(
        data={
            "legal_name": "Lumen Retail Analytics Co., Ltd.",
            "trade_name": "Lumen",
            "country": "CN",
            "website": "https://lumen-retail.example",
            "status": VendorStatus.ONBOARDING,
            "notes": "No EU authorised representative named yet; asked in the first call.",
        },
        contacts=({"name": "Chen Wei", "role": "Overseas sales", "email": "chen.wei@lumen-retail.example"},),
        systems=(
            DemoSystem(
                data={
                    "name": "Lumen Shelf Insights",
                    "version": "1.8",
                    "intended_purpose": "Detects empty shelves and misplaced products in shelf-camera images and "
                    "estimates footfall per aisle.",
                    "deployment_context": "Trial in three Hamburg stores; people in view are blurred on the camera.",
                    "lifecycle": Lifecycle.EVALUATING,
                    "processes_personal_data": False,
                },
                business_owner="requester",
            ),
        ),
    ),
)

CONTOSO = (
    HELIX_VENDOR,
    DemoVendor(
        data={
            "legal_name": "Publiq Tech SAS",
            "trade_name": "Publiq",
            "country": "FR",
            "website": "https://publiq.example",
            "vat_number": "FR41852963741",
            "lei": "9695PUBLIQTECHFR0082",
            "status": VendorStatus.ACTIVE,
        },
        contacts=({"name": "Camille Martin", "role": "Chef de projet", "email": "c.martin@publiq.example"},),
        systems=(
            DemoSystem(
                data={
                    "name": "Dossier Triage",
                    "version": "1.3",
                    "intended_purpose": "Scores housing-benefit applications for completeness and fraud risk and "
                    "orders the caseworkers' queue.",
                    "deployment_context": "Benefits office, about 3,000 applications a month.",
                    "lifecycle": Lifecycle.EVALUATING,
                    "processes_personal_data": True,
                },
                business_owner="contoso",
            ),
            DemoSystem(
                data={
                    "name": "Démarches Assistant",
                    "version": "0.9",
                    "intended_purpose": "Answers residents' questions about administrative procedures on the website.",
                    "deployment_context": "Public website, French only; built on the Helix-4 API.",
                    "lifecycle": Lifecycle.EVALUATING,
                    "processes_personal_data": False,
                },
                gpai_model=HELIX_4,
            ),
        ),
    ),
)

DEMO_REGISTRIES = {"northwind": NORTHWIND, "contoso": CONTOSO}


class _Seeder:
    """Creates what is missing of one organisation's demo registry and counts it."""

    def __init__(self, organisation: Organisation, actor: Actor):
        self.organisation = organisation
        self.actor = actor
        self.counts: Counter[str] = Counter()

    def vendor(self, spec: DemoVendor) -> Vendor:
        vendor = Vendor.objects.filter(
            organisation=self.organisation, legal_name__iexact=spec.data["legal_name"]
        ).first()
        if vendor is None:
            parent = self.find_vendor(spec.parent) if spec.parent else None
            vendor = services.vendor_create(actor=self.actor, data={**spec.data, "parent": parent})
            self.counts["vendors"] += 1
        for contact in spec.contacts:
            self.contact(vendor, contact)
        for model in spec.gpai_models:
            self.gpai_model(vendor, model)
        for system in spec.systems:
            self.system(vendor, system)
        return vendor

    def find_vendor(self, legal_name: str) -> Vendor:
        return Vendor.objects.get(organisation=self.organisation, legal_name__iexact=legal_name)

    def contact(self, vendor: Vendor, data: dict) -> None:
        if not Contact.objects.filter(vendor=vendor, name=data["name"]).exists():
            services.contact_create(actor=self.actor, vendor=vendor, data=data)
            self.counts["contacts"] += 1

    def gpai_model(self, vendor: Vendor, data: dict) -> None:
        if not GpaiModel.objects.filter(vendor=vendor, name=data["name"], version=data["version"]).exists():
            services.gpai_model_create(actor=self.actor, data={**data, "vendor": vendor})
            self.counts["GPAI models"] += 1

    def system(self, vendor: Vendor, spec: DemoSystem) -> None:
        if AiSystem.objects.filter(vendor=vendor, name=spec.data["name"], version=spec.data["version"]).exists():
            return
        data = {**spec.data, "vendor": vendor, "gpai_model": None, "business_owner": None}
        if spec.gpai_model:
            provider, name, version = spec.gpai_model
            data["gpai_model"] = GpaiModel.objects.get(vendor=self.find_vendor(provider), name=name, version=version)
        if spec.business_owner:
            members = Membership.objects.filter(organisation=self.organisation, user__username=spec.business_owner)
            data["business_owner"] = members.first()
        services.ai_system_create(actor=self.actor, data=data)
        self.counts["AI systems"] += 1


@transaction.atomic
def seed_vendors(organisation: Organisation, actor: Actor) -> Counter[str]:
    """Create the organisation's demo registry where missing; how many of each kind were created."""
    seeder = _Seeder(organisation, actor)
    for spec in DEMO_REGISTRIES.get(organisation.slug, ()):
        seeder.vendor(spec)
    return seeder.counts


@register_demo_step(order=10)
def seed_registry(context: DemoContext) -> Counter[str]:
    """Vendors, contacts, GPAI models and AI systems."""
    return seed_vendors(context.organisation, context.actor)
