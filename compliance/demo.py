"""Demo notified bodies, document requests, documents and red flags.

The notified bodies are the shipped sample (fictional, clearly named "(sample)"). For
each classified high-risk demo system the compliance officer requests the missing
documents and receives a declaration whose facts raise a few flags. Everything goes
through the services; a second run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Classification
from compliance import services
from compliance.models import DocumentRequest, RedFlag, RequestStatus
from compliance.notified_bodies import parse
from core.access import Actor
from core.models import Organisation

SAMPLE_BODIES = Path(__file__).resolve().parent / "samples" / "notified_bodies_sample.csv"
DEMO_SYSTEMS_PER_ORGANISATION = 2
DECLARATION = "eu_declaration_of_conformity"
# A minimal valid PDF standing in for a vendor's declaration.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DEMO_FACTS = {
    "issuer": "The vendor (demo)",
    "signatory_name": "",  # unsigned: raises declaration_unsigned
    "signatory_function": "",
    "issued_on": dt.date(2026, 3, 2),
    "place_of_issue": "Demo City",
    "assessment_procedure": "annex_vi",
    "notified_body_number": "NB 9901",
    "compliance_claim": "Conformity assessment in progress.",  # raises compliance_in_progress_without_date
    "ce_marking": "digital",
}


def seed_notified_bodies() -> Counter[str]:
    rows, problems = parse(SAMPLE_BODIES)
    if problems:  # the shipped sample is ours: a problem is a bug, not bad input
        raise RuntimeError(f"{SAMPLE_BODIES.name}: {problems[0]}")
    counts = services.notified_bodies_upsert(rows)
    return Counter({"notified bodies": counts["added"]})


def seed_documents(organisation: Organisation, actor: Actor) -> Counter[str]:
    """Requests and a received declaration for the first classified high-risk systems; skipped when none."""
    counts: Counter[str] = Counter()
    classified = Classification.objects.current_for_systems().filter(organisation=organisation, risk_tier="high_risk")
    for classification in classified.select_related("ai_system__vendor")[:DEMO_SYSTEMS_PER_ORGANISATION]:
        system = classification.ai_system
        if DocumentRequest.objects.filter(ai_system=system).exists():
            continue
        counts["document requests"] += len(services.document_requests_create_missing(actor=actor, ai_system=system))
        declaration = DocumentRequest.objects.filter(
            ai_system=system, document_type=DECLARATION, status=RequestStatus.REQUESTED
        ).first()
        if declaration is None:
            continue
        upload = SimpleUploadedFile("declaration-of-conformity.pdf", DEMO_PDF)
        document = services.document_upload(actor=actor, request=declaration, file=upload)
        services.document_facts_record(actor=actor, document=document, data=DEMO_FACTS)
        counts["documents"] += 1
    counts["open red flags"] = RedFlag.objects.filter(organisation=organisation, state="open").count() if counts else 0
    return +counts
