import datetime as dt
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance import services
from compliance.models import DocumentRequest, subject_key_of
from core.access import Actor
from core.models import Role
from tests.factories import HIGH_RISK_DOCUMENTS, MINIMAL_PDF, ClassificationFactory
from tests.helpers import temp_upload_dir  # noqa: F401 (fixtures for this app's tests)


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def compliance_actor(members):
    return Actor.for_member(members[Role.COMPLIANCE])


def classify(system, *, documents=None, answers=None, **result):
    """A stored classification with the given result (the engine is tested in tests/assessments)."""
    base = {
        "risk_tier": "high_risk",
        "high_risk_route": "annex_iii",
        "annex_iii_points": ["4a"],
        "conformity_route": "annex_vi_internal_control",
        "gpai": {"is_gpai": False, "systemic_risk": False},
        "required_documents": HIGH_RISK_DOCUMENTS if documents is None else documents,
    }
    base.update(result)
    return ClassificationFactory(ai_system=system, answers=answers or {}, result=base)


@pytest.fixture
def high_risk(system):
    return classify(system)


def request_for(system, code) -> DocumentRequest:
    return DocumentRequest.objects.get(subject_key=subject_key_of(ai_system=system), document_type=code)


# Real files ------------------------------------------------------------------------------

PDF_BYTES = MINIMAL_PDF


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf_upload(name="declaration.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(actor, request, name="declaration.pdf", content=PDF_BYTES):
    return services.document_upload(actor=actor, request=request, file=pdf_upload(name, content))


DECLARATION_FACTS = {
    "issuer": "TalentLens GmbH",
    "signatory_name": "Dr. Eva Klein",
    "signatory_function": "Managing Director",
    "issued_on": dt.date(2026, 3, 1),
    "place_of_issue": "Berlin",
    "assessment_procedure": "annex_vi",
    "gdpr_statement": True,
    "ce_marking": "digital",
}
