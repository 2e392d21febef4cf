"""Demo notified bodies, document requests, documents and red flags.

The notified bodies are the shipped sample (fictional, clearly named "(sample)"). For
each classified demo system in REQUEST_PLAN the compliance officer records when the
vendor was asked for the missing documents, receives a declaration whose facts raise
a few flags and, for the system that needs one, a notified body certificate that
expires soon. The request due dates and the certificate's expiry are the demo's
deadlines: the reminder run has work on each threshold of the default policy (30,
7 and 1 days before, on the day, overdue). Everything goes through the services; a
second run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from assessments.models import Classification
from compliance import catalogue, services
from compliance.models import ChecklistOutcome, DocumentRequest, RedFlag, RequestStatus
from compliance.notified_bodies import parse
from compliance.red_flags import add_years
from core.access import Actor
from core.calendar import is_business_day
from core.dates import today_in
from core.demo import DemoContext, register_demo_step
from core.models import Organisation
from vendors.models import AiSystem

SAMPLE_BODIES = Path(__file__).resolve().parent / "samples" / "notified_bodies_sample.csv"
DECLARATION = "eu_declaration_of_conformity"
CERTIFICATE = "notified_body_certificate"
EVERYTHING_MISSING = ()
# Per demo system, in order: the documents asked for (EVERYTHING_MISSING: all still missing) and the
# days from today they should fall due (None: asked today, due in ten business days).
REQUEST_PLAN: dict[str, tuple[tuple[tuple[str, ...], int | None], ...]] = {
    # Asked by e-mail five weeks ago and never answered: overdue, reminded every 7 days.
    "TalentLens Screen": ((EVERYTHING_MISSING, -21),),
    # Asked today, once the classification said what is needed.
    "StoreSafe Face Match": ((EVERYTHING_MISSING, None),),
    # Asked as the tender went along: the contract documents first, the AI Act ones once classified.
    "Dossier Triage": (
        (("data_processing_agreement",), 0),
        (("soc2_report",), 1),
        (EVERYTHING_MISSING, 7),
    ),
}
# A request falls due ten business days after it is asked: 60 days back reach any due date in the plan.
ASK_LOOKBACK_DAYS = 60
# Annex III 1(a) with partial standards: the notified body route (Art 43(1)), so a certificate is owed.
CERTIFIED_SYSTEM = "StoreSafe Face Match"
CERTIFICATE_EXPIRES_IN_DAYS = 30
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
# Issued by a sample body notified for the AI Act; the dates are set relative to today.
CERTIFICATE_FACTS = {
    "issuer": "Example Conformity Assessment GmbH (sample)",
    "notified_body_number": "9901",
    "assessment_procedure": "annex_vii",
    "reference_numbers": "EX-AI-2026-0042",
}


def seed_notified_bodies() -> Counter[str]:
    rows, problems = parse(SAMPLE_BODIES)
    if problems:  # the shipped sample is ours: a problem is a bug, not bad input
        raise RuntimeError(f"{SAMPLE_BODIES.name}: {problems[0]}")
    counts = services.notified_bodies_upsert(rows)
    return +Counter({"notified bodies": counts["added"]})  # "+" drops a zero: nothing new on a re-run


def seed_documents(organisation: Organisation, actor: Actor) -> Counter[str]:
    """Requests, a received declaration and a certificate for the classified demo systems; skipped when none."""
    counts: Counter[str] = Counter()
    classified = Classification.objects.current_for_systems().filter(
        organisation=organisation, ai_system__name__in=REQUEST_PLAN
    )
    for classification in classified.select_related("ai_system__vendor"):
        system = classification.ai_system
        if DocumentRequest.objects.filter(ai_system=system).exists():
            continue
        with transaction.atomic():  # all of a system's documents or none, so the skip above stays right
            counts += _seed_system(system, actor)
    counts["open red flags"] = RedFlag.objects.filter(organisation=organisation, state="open").count() if counts else 0
    return +counts


def _seed_system(system: AiSystem, actor: Actor) -> Counter[str]:
    counts: Counter[str] = Counter()
    for codes, due_in_days in REQUEST_PLAN[system.name]:
        counts["document requests"] += len(_ask(system, actor, codes, _asked_on(system.organisation, due_in_days)))
    declaration = _requested(system, DECLARATION)
    if declaration is not None:
        upload = SimpleUploadedFile("declaration-of-conformity.pdf", DEMO_PDF)
        document = services.document_upload(actor=actor, request=declaration, file=upload)
        services.document_facts_record(actor=actor, document=document, data=DEMO_FACTS)
        counts["documents"] += 1
    certificate = _requested(system, CERTIFICATE) if system.name == CERTIFIED_SYSTEM else None
    if certificate is not None:
        _verify_certificate(certificate, actor)
        counts["documents"] += 1
    return counts


def _asked_on(organisation: Organisation, due_in_days: int | None) -> dt.date:
    """The latest business day the vendor could have been asked for a request due `due_in_days` from today.

    A request falls due on a business day only: when that day is a weekend or holiday, the
    nearest business day is taken, and the reminder run may owe nothing for it today.
    """
    today = today_in(organisation.time_zone)
    if due_in_days is None:
        return today
    latest_ask: dict[int, dt.date] = {}
    for back in range(ASK_LOOKBACK_DAYS):
        day = today - dt.timedelta(days=back)
        if is_business_day(day, organisation.country):  # nobody e-mails a vendor on a Sunday or a holiday
            latest_ask.setdefault((services.request_due_date(organisation, day) - today).days, day)
    nearest = min(latest_ask, key=lambda days: (abs(days - due_in_days), days))
    return latest_ask[nearest]


def _ask(system: AiSystem, actor: Actor, codes: tuple[str, ...], asked_on: dt.date) -> list[DocumentRequest]:
    if not codes:
        return services.document_requests_create_missing(actor=actor, ai_system=system, requested_on=asked_on)
    return [
        services.document_request_create(actor=actor, ai_system=system, document_type=code, requested_on=asked_on)
        for code in codes
    ]


def _requested(system: AiSystem, code: str) -> DocumentRequest | None:
    return DocumentRequest.objects.filter(ai_system=system, document_type=code, status=RequestStatus.REQUESTED).first()


def _verify_certificate(request: DocumentRequest, actor: Actor) -> None:
    """Received, checked and verified; it expires within weeks, so its renewal is already a deadline."""
    upload = SimpleUploadedFile("notified-body-certificate.pdf", DEMO_PDF)
    document = services.document_upload(actor=actor, request=request, file=upload)
    valid_until = today_in(request.organisation.time_zone) + dt.timedelta(days=CERTIFICATE_EXPIRES_IN_DAYS)
    issued_on = add_years(valid_until, -1)
    facts = {**CERTIFICATE_FACTS, "issued_on": issued_on, "valid_from": issued_on, "valid_until": valid_until}
    services.document_facts_record(actor=actor, document=document, data=facts)
    results = [
        {"item_id": item.id, "outcome": ChecklistOutcome.PASS, "note": "Checked against the certificate."}
        for item in catalogue.checklist(CERTIFICATE)
    ]
    services.checklist_mark(actor=actor, document=document, results=results)
    services.document_verify(actor=actor, document=document)


@register_demo_step(order=40)
def seed_notified_body_registry(context: DemoContext) -> Counter[str]:
    """Notified bodies (fictional sample, shared by every organisation)."""
    return seed_notified_bodies()


@register_demo_step(order=40)
def seed_compliance_documents(context: DemoContext) -> Counter[str]:
    """Document requests, documents and red flags."""
    return seed_documents(context.organisation, context.actor)
