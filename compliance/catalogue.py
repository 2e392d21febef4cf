"""Which documents a system needs: its classification's list plus what every vendor owes.

Document types, their labels, scope and checklists are rule-pack data
(assessments/rulepacks/eu-ai-act.yaml); this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.selectors import current_classification

VENDOR_SCOPE = "vendor"
# Owed by every vendor whatever the AI Act says: security assurance, and the GDPR
# Art 28 contract when one of its systems processes personal data for us.
SOC2_REPORT = "soc2_report"
DATA_PROCESSING_AGREEMENT = "data_processing_agreement"


def pack():
    # Imported on use: the rule pack loads YAML, which app loading must not need.
    from assessments.rulepack import default_pack

    return default_pack()


def document_type(code: str):
    return pack().document_types.get(code)


def label(code: str) -> str:
    return pack().document_label(code)


def checklist(code: str) -> tuple:
    doc_type = document_type(code)
    return tuple(doc_type.checklist) if doc_type else ()


def is_ours(code: str) -> bool:
    """A document we draw up ourselves (`provided_by: us`, e.g. our FRIA or DPIA): never asked of the vendor."""
    doc_type = document_type(code)
    return doc_type is not None and doc_type.provided_by == "us"


def is_vendor_level(code: str) -> bool:
    doc_type = document_type(code)
    return doc_type is not None and doc_type.scope == VENDOR_SCOPE


@dataclass(frozen=True)
class RequiredDocument:
    code: str
    vendor_level: bool
    reason: str  # why it is required, for the page


def required_documents(system, classification=None) -> list[RequiredDocument]:
    """The documents the vendor owes for `system`: per its current classification, then the vendor's own.

    Documents we draw up ourselves are our own work, tracked as deployer duties (duties app).
    """
    if classification is None:
        classification = current_classification(system)
    return required_for(system, classification)


def required_for(system, classification) -> list[RequiredDocument]:
    """`required_documents` for a classification already read (None: the system is not classified)."""
    codes = [code for code in classification.required_documents if not is_ours(code)] if classification else []
    required = [RequiredDocument(code, is_vendor_level(code), "classification") for code in codes]
    vendor_codes = [SOC2_REPORT]
    if system.processes_personal_data:
        vendor_codes.insert(0, DATA_PROCESSING_AGREEMENT)
    required += [RequiredDocument(code, True, "vendor") for code in vendor_codes if code not in codes]
    return required
