"""The compliance app's own red-flag rules (documents, declarations, certificates, notified bodies, vendor).

Each is a predicate over `Facts`, registered in `compliance.red_flags.registry` when this
module is imported. Codes are stable: they are stored on flags and used by API clients.
"""

from __future__ import annotations

import datetime as dt
import re

from compliance.models import (
    AssessmentProcedure,
    CeMarking,
    Document,
    NotifiedBodyStatus,
    RequestStatus,
    Severity,
    StandardsCoverage,
)
from compliance.red_flags.facts import SYSTEM, VENDOR, Facts, add_years
from compliance.red_flags.registry import RedFlagRule, register_rule
from vendors.models import CodeOfPracticeSignatory

DECLARATION = "eu_declaration_of_conformity"
CE_EVIDENCE = "ce_marking_evidence"
REGISTRATION = "eu_database_registration"
MANDATE = "eu_authorised_representative_mandate"
CERTIFICATE_TYPES = ("notified_body_certificate", "qms_certificate")
NOTIFIED_BODY_ROUTE = "annex_vii_notified_body"
EXPIRING_WITHIN_DAYS = 90
# Art 44(2): a certificate is valid for at most 5 years (Annex I products) or 4 years (Annex III systems).
MAX_CERTIFICATE_YEARS = {"annex_i": 5, "annex_iii": 4}
DEFAULT_MAX_CERTIFICATE_YEARS = 5

NOTIFIED_BODY_NUMBER = re.compile(r"\d{4}")
IN_PROGRESS = re.compile(
    r"in progress|ongoing|under ?way|pending|planned|not yet|will be|working towards|expected", re.IGNORECASE
)
A_DATE = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


# Predicates ----------------------------------------------------------------------------


def declaration_refused(f: Facts) -> bool:
    return f.status(DECLARATION) == RequestStatus.REFUSED


def declaration_missing(f: Facts) -> bool:
    return f.missing(DECLARATION) and f.status(DECLARATION) != RequestStatus.REFUSED


def _declaration_facts(f: Facts) -> Document | None:
    declaration = f.held(DECLARATION)
    return declaration if declaration is not None and declaration.has_facts else None


def declaration_unsigned(f: Facts) -> bool:
    declaration = _declaration_facts(f)
    return declaration is not None and not (
        declaration.signatory_name.strip() and declaration.signatory_function.strip()
    )


def declaration_without_gdpr_statement(f: Facts) -> bool:
    declaration = _declaration_facts(f)
    return declaration is not None and f.system.processes_personal_data and declaration.gdpr_statement is not True


def ce_marking_missing(f: Facts) -> bool:
    if CE_EVIDENCE not in f.required or f.status(CE_EVIDENCE) == RequestStatus.WAIVED:
        return False
    evidence = f.held(CE_EVIDENCE)
    if evidence is None:
        return True
    return evidence.has_facts and evidence.ce_marking == CeMarking.NONE


def ce_without_declaration(f: Facts) -> bool:
    marked = any(d.ce_marking in (CeMarking.PHYSICAL, CeMarking.DIGITAL) for d in f.with_facts())
    return marked and f.held(DECLARATION) is None


def compliance_in_progress_without_date(f: Facts) -> bool:
    return any(IN_PROGRESS.search(d.compliance_claim) and not A_DATE.search(d.compliance_claim) for d in f.with_facts())


def self_assessment_where_notified_body_required(f: Facts) -> bool:
    if f.result("conformity_route") != NOTIFIED_BODY_ROUTE:
        return False
    return any(d.assessment_procedure == AssessmentProcedure.INTERNAL_CONTROL for d in f.with_facts())


def notified_body_number_missing(f: Facts) -> bool:
    declaration = _declaration_facts(f)
    if declaration is None or declaration.notified_body_number.strip():
        return False
    needs_body = f.result("conformity_route") == NOTIFIED_BODY_ROUTE or any(
        d.assessment_procedure == AssessmentProcedure.NOTIFIED_BODY for d in f.with_facts()
    )
    return needs_body


def notified_body_number_malformed(f: Facts) -> bool:
    return any(not NOTIFIED_BODY_NUMBER.fullmatch(number) for number in f.notified_body_numbers())


def _well_formed_numbers(f: Facts) -> list[str]:
    return [n for n in f.notified_body_numbers() if NOTIFIED_BODY_NUMBER.fullmatch(n)]


def notified_body_not_in_registry(f: Facts) -> bool:
    return any(number not in f.registry for number in _well_formed_numbers(f))


def notified_body_not_ai_act(f: Facts) -> bool:
    bodies = [f.registry[n] for n in _well_formed_numbers(f) if n in f.registry]
    return any(not body.ai_act or body.status != NotifiedBodyStatus.ACTIVE for body in bodies)


def partial_standards_without_notified_body(f: Facts) -> bool:
    biometric = any(str(point).startswith("1") for point in f.result("annex_iii_points", []) or [])
    documented = f.with_facts()
    if not biometric or not documented:
        return False
    partial = f.answer("system.harmonised_standards") == StandardsCoverage.PARTIAL or any(
        d.standards_coverage == StandardsCoverage.PARTIAL for d in documented
    )
    return partial and not f.notified_body_numbers()


def _certificates_with_end(f: Facts) -> list[Document]:
    return [d for d in f.with_facts() if d.valid_until is not None]


def certificate_expired(f: Facts) -> bool:
    return any(d.valid_until < f.today for d in _certificates_with_end(f))


def certificate_expiring(f: Facts) -> bool:
    horizon = f.today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    return any(f.today <= d.valid_until <= horizon for d in _certificates_with_end(f))


def certificate_term_too_long(f: Facts) -> bool:
    years = MAX_CERTIFICATE_YEARS.get(f.result("high_risk_route"), DEFAULT_MAX_CERTIFICATE_YEARS)
    return any(
        d.request.document_type in CERTIFICATE_TYPES
        and d.valid_from is not None
        and d.valid_until > add_years(d.valid_from, years)
        for d in _certificates_with_end(f)
    )


def non_eu_vendor_without_representative(f: Facts) -> bool:
    vendor = f.vendor
    if vendor.is_eu_established or vendor.has_eu_representative or f.held(MANDATE) is not None:
        return False
    gpai = (f.result("gpai") or {}).get("is_gpai", False)
    return MANDATE in f.required or f.result("risk_tier") == "high_risk" or gpai


def gpai_not_code_of_practice_signatory(f: Facts) -> bool:
    model = f.system.gpai_model
    return model is not None and model.code_of_practice_signatory == CodeOfPracticeSignatory.NO


def registration_missing(f: Facts) -> bool:
    if REGISTRATION not in f.required or f.status(REGISTRATION) == RequestStatus.WAIVED:
        return False
    registration = f.held(REGISTRATION)
    return registration is None or (registration.has_facts and not registration.registration_id.strip())


def document_overdue(f: Facts) -> bool:
    return any(request.is_overdue_on(f.today) for request in f.requests.values())


# The table (registered below) -----------------------------------------------------------------------------


BOTH = (SYSTEM, VENDOR)
# The rules compliance itself defines; later apps register theirs through the registry.
RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        "declaration_refused",
        Severity.CRITICAL,
        "Art 16(g), Art 47",
        "The vendor refused to provide the EU declaration of conformity.",
        "Do not put the system into service: a high-risk system needs a declaration drawn up by its provider. "
        "Escalate to the vendor's management or choose another vendor.",
        declaration_refused,
    ),
    RedFlagRule(
        "declaration_missing",
        Severity.MAJOR,
        "Art 16(g), Art 47",
        "We do not hold the EU declaration of conformity this system requires.",
        "Request the declaration from the vendor and check it against Annex V when it arrives.",
        declaration_missing,
    ),
    RedFlagRule(
        "declaration_unsigned",
        Severity.CRITICAL,
        "Art 47(1), Annex V pt 8",
        "The EU declaration of conformity names no signatory and function: nobody has taken responsibility for it.",
        "Ask the provider for a declaration signed by a named person stating their function and on whose behalf.",
        declaration_unsigned,
    ),
    RedFlagRule(
        "declaration_without_gdpr_statement",
        Severity.MAJOR,
        "Annex V pt 5",
        "The system processes personal data, yet its declaration does not state compliance with the GDPR "
        "(or the EUDPR or the Law Enforcement Directive).",
        "Ask the provider to add the data-protection statement Annex V point 5 requires.",
        declaration_without_gdpr_statement,
        reads=("ai_system.processes_personal_data",),
    ),
    RedFlagRule(
        "ce_marking_missing",
        Severity.MAJOR,
        "Art 16(h), Art 48",
        "There is no evidence of the CE marking this high-risk system must bear.",
        "Request evidence of the physical or digital CE marking (screenshot, label or packaging).",
        ce_marking_missing,
    ),
    RedFlagRule(
        "ce_without_declaration",
        Severity.CRITICAL,
        "Art 47, Art 48",
        "The system bears a CE marking but we hold no EU declaration of conformity behind it.",
        "Obtain the declaration: a CE marking without one may be misleading or falsified (Art 23(2)).",
        ce_without_declaration,
    ),
    RedFlagRule(
        "compliance_in_progress_without_date",
        Severity.MAJOR,
        "Art 16(f), Art 43",
        "A document says conformity work is in progress but gives no date for its completion.",
        "Ask the vendor for a dated plan and a contractual commitment to complete the conformity assessment.",
        compliance_in_progress_without_date,
    ),
    RedFlagRule(
        "self_assessment_where_notified_body_required",
        Severity.CRITICAL,
        "Art 43(1)",
        "The vendor relies on internal control although this system's conformity route requires a notified body.",
        "Ask for the notified body's assessment (Annex VII) and certificate; internal control is not enough here.",
        self_assessment_where_notified_body_required,
    ),
    RedFlagRule(
        "notified_body_number_missing",
        Severity.CRITICAL,
        "Art 48(3), Annex V pt 7",
        "A notified body was (or must be) involved, but the declaration gives no notified body number.",
        "Ask the provider for the notified body's name, 4-digit number and certificate reference.",
        notified_body_number_missing,
    ),
    RedFlagRule(
        "notified_body_number_malformed",
        Severity.MAJOR,
        "Art 35(1), Art 48(3)",
        "A notified body number on a document is not a 4-digit identification number.",
        "Check the number against the document and the Commission's list of notified bodies; correct the facts "
        "or ask the vendor.",
        notified_body_number_malformed,
    ),
    RedFlagRule(
        "notified_body_not_in_registry",
        Severity.MAJOR,
        "Art 35",
        "A notified body number on a document is not in our registry of notified bodies.",
        "Look the number up in the Commission's list (NANDO); update the registry or challenge the vendor.",
        notified_body_not_in_registry,
    ),
    RedFlagRule(
        "notified_body_not_ai_act",
        Severity.CRITICAL,
        "Art 30, Art 35, Art 43",
        "The notified body named is not notified under the AI Act, or its notification is suspended or withdrawn.",
        "Treat the certificate as invalid for the AI Act until a body notified for it has assessed the system.",
        notified_body_not_ai_act,
    ),
    RedFlagRule(
        "partial_standards_without_notified_body",
        Severity.CRITICAL,
        "Art 43(1)",
        "A biometric system (Annex III point 1) applies harmonised standards only in part, yet no notified body "
        "is involved.",
        "Require the Annex VII procedure with a notified body, or evidence that the standards are applied in full.",
        partial_standards_without_notified_body,
    ),
    RedFlagRule(
        "certificate_expired",
        Severity.CRITICAL,
        "Art 44(2)",
        "A certificate on file has expired.",
        "Request the renewed certificate; until then the system may not rely on it.",
        certificate_expired,
        BOTH,
    ),
    RedFlagRule(
        "certificate_expiring",
        Severity.WARNING,
        "Art 44(2)",
        f"A certificate on file expires within {EXPIRING_WITHIN_DAYS} days.",
        "Ask the vendor when the renewal assessment is scheduled and request the new certificate.",
        certificate_expiring,
        BOTH,
    ),
    RedFlagRule(
        "certificate_term_too_long",
        Severity.MAJOR,
        "Art 44(2)",
        "A notified body certificate is valid for longer than the Act allows (4 years for Annex III systems, "
        "5 years for Annex I products).",
        "Check the dates with the vendor and the notified body; the certificate may be misread or not genuine.",
        certificate_term_too_long,
    ),
    RedFlagRule(
        "non_eu_vendor_without_representative",
        Severity.CRITICAL,
        "Art 22(1), Art 54(1)",
        "The vendor is established outside the EU and has not named an EU authorised representative.",
        "Ask the vendor to appoint an authorised representative by written mandate and record it on the vendor.",
        non_eu_vendor_without_representative,
        reads=("vendor.country", "vendor.eu_rep_name"),
    ),
    RedFlagRule(
        "gpai_not_code_of_practice_signatory",
        Severity.WARNING,
        "Art 53(4), Art 56",
        "The GPAI model behind this system has not signed the GPAI Code of Practice.",
        "Ask how the model provider otherwise demonstrates its Art 53 obligations and keep that evidence.",
        gpai_not_code_of_practice_signatory,
        reads=("ai_system.gpai_model", "gpai_model.code_of_practice_signatory"),
    ),
    RedFlagRule(
        "registration_missing",
        Severity.MAJOR,
        "Art 49, Art 71",
        "The system must be registered in the EU database, but we hold no registration or its id.",
        "Obtain the EU database registration id and check the entry in the public database.",
        registration_missing,
    ),
    RedFlagRule(
        "document_overdue",
        Severity.MAJOR,
        "Art 13, Art 26(1)",
        "A requested document is overdue from the vendor.",
        "Remind the vendor contact and escalate if the document does not arrive.",
        document_overdue,
        BOTH,
    ),
)

for _rule in RULES:
    register_rule(_rule)
