"""Uploads are checked by size, content and name before anything is stored."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from openpyxl import Workbook

from compliance import services
from compliance.models import Document, RequestStatus
from core.uploads import check_upload
from tests.compliance.conftest import PDF_BYTES, docx_bytes, png_bytes, request_for, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc_request(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    return request_for(system, "eu_declaration_of_conformity")


def send(actor, request, name, content):
    return services.document_upload(actor=actor, request=request, file=SimpleUploadedFile(name, content))


def xlsx_bytes(tmp_path) -> bytes:
    workbook = Workbook()
    workbook.active.append(["item", "status"])
    path = tmp_path / "evidence.xlsx"
    workbook.save(path)
    return path.read_bytes()


def test_it_accepts_a_pdf_and_records_its_hash(compliance_actor, doc_request, private_storage):
    document = send(compliance_actor, doc_request, "Declaration of Conformity.PDF", PDF_BYTES)

    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert (document.size, document.content_type) == (len(PDF_BYTES), "application/pdf")
    assert document.original_name == "Declaration of Conformity.PDF"
    stored = stored_files(private_storage)
    assert len(stored) == 1 and stored[0].suffix == ".pdf"
    assert "Declaration" not in stored[0].name  # a safe generated name, never the client's


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("scan.png", png_bytes(), "image/png"),
        ("notes.txt", "Zertifikat Nr. 42 – gültig bis 2029\n".encode(), "text/plain"),
        ("mandate.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_it_accepts_the_other_allowed_types(compliance_actor, doc_request, name, content, mime):
    assert send(compliance_actor, doc_request, name, content).content_type == mime


def test_it_accepts_a_real_xlsx(compliance_actor, doc_request, tmp_path):
    document = send(compliance_actor, doc_request, "evidence.xlsx", xlsx_bytes(tmp_path))

    assert document.content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("declaration.png", PDF_BYTES, "rename it"),
        ("declaration.txt", PDF_BYTES, "rename it"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "not accepted"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, "not accepted"),
        ("binary.txt", b"\x00\x01\x02 not text", "not accepted"),
        ("declaration.pdf", b"Plain text pretending to be a PDF.\n", "rename it"),
        ("declaration.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "not accepted"),
        ("declaration.pdf", png_bytes(), "rename it"),
    ],
)
def test_it_refuses_bad_files_and_stores_nothing(
    compliance_actor, doc_request, private_storage, name, content, message
):
    with pytest.raises(ValidationError) as error:
        send(compliance_actor, doc_request, name, content)

    assert message in error.value.message_dict["file"][0]
    assert stored_files(private_storage) == []
    assert not Document.objects.exists()
    doc_request.refresh_from_db()
    assert doc_request.status == RequestStatus.REQUESTED


def test_it_refuses_a_file_over_the_limit(settings, compliance_actor, doc_request, private_storage):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1

    with pytest.raises(ValidationError) as error:
        send(compliance_actor, doc_request, "declaration.pdf", PDF_BYTES)

    assert "larger than the limit" in error.value.message_dict["file"][0]
    assert stored_files(private_storage) == []


def test_a_failure_after_storing_removes_the_file(monkeypatch, compliance_actor, doc_request, private_storage):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.documents, "record", broken)

    with pytest.raises(RuntimeError):
        send(compliance_actor, doc_request, "declaration.pdf", PDF_BYTES)

    assert stored_files(private_storage) == []
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\evil.pdf", "/etc/cron.d/job.pdf"])
def test_a_path_in_the_name_is_stored_under_a_generated_name_inside_the_storage_root(
    compliance_actor, doc_request, private_storage, tmp_path, name
):
    document = send(compliance_actor, doc_request, name, PDF_BYTES)

    stored = stored_files(private_storage)
    assert len(stored) == 1
    assert stored[0].resolve().is_relative_to(private_storage.resolve())
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored[0].name)
    assert document.file.name == f"documents/{doc_request.organisation_id}/{stored[0].name}"
    assert "/" not in document.original_name
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == stored  # nothing written beside the root


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("decl\r\nX-Injected: 1.pdf", "declX-Injected: 1.pdf"),
        ("nul\x00byte.pdf", "nulbyte.pdf"),
        ("invoice\u202egpj.pdf", "invoicegpj.pdf"),  # a right-to-left override would show it as "...fdp.jpg"
    ],
)
def test_control_characters_are_dropped_from_the_shown_name(compliance_actor, doc_request, name, kept):
    document = send(compliance_actor, doc_request, name, PDF_BYTES)

    document.refresh_from_db()
    assert document.original_name == kept


def parsed_upload(content: bytes, name: str = "big.txt"):
    """The file as Django's upload handlers (settings.FILE_UPLOAD_HANDLERS) hand it to a view."""
    request = RequestFactory().post("/upload/", {"file": SimpleUploadedFile(name, content)})
    return request.FILES["file"]


def test_a_file_over_the_limit_is_not_kept_while_it_is_received(settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    received = parsed_upload(b"a" * 50_000)

    assert received.size == 50_000
    received.seek(0)
    assert received.read() == b""  # nothing of it was kept, in memory or on disk
    with pytest.raises(ValidationError, match="larger than the limit"):
        check_upload(received)


def test_a_file_within_the_limit_arrives_whole(settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    received = parsed_upload(b"a" * 10_000)

    received.seek(0)
    assert received.read() == b"a" * 10_000
    assert check_upload(received).kind == "text"


def test_an_oversized_upload_through_the_page_is_refused_on_the_field(settings, client, owner, doc_request):
    from django.urls import reverse

    from tests.conftest import client_for

    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1
    url = reverse("compliance:request_upload", args=[doc_request.pk])
    response = client_for(client, owner).post(url, {"file": SimpleUploadedFile("d.pdf", PDF_BYTES)})

    assert response.status_code == 200
    assert "larger than the limit" in " ".join(response.context["upload_form"].errors["file"])
    assert not Document.objects.exists()


def test_an_upload_stopped_by_the_limit_leaves_no_temporary_file(settings, client, owner, doc_request, temp_upload_dir):
    """The finding: each oversized upload left its first 25 MB in the temporary folder, held open."""
    from django.urls import reverse

    from tests.conftest import client_for

    settings.UPLOAD_MAX_BYTES = 4 * 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    url = reverse("compliance:request_upload", args=[doc_request.pk])
    big = SimpleUploadedFile("d.pdf", PDF_BYTES + b"\0" * (6 * 1024 * 1024))
    response = client_for(client, owner).post(url, {"file": big})

    assert "larger than the limit" in " ".join(response.context["upload_form"].errors["file"])
    assert list(temp_upload_dir.iterdir()) == []  # checked while the request, and its handlers, are still alive
    handler = response.wsgi_request.upload_handlers[0]
    assert handler.file.closed


def test_a_file_spilled_to_disk_within_the_limit_is_stored_whole(settings, client, owner, doc_request, temp_upload_dir):
    from django.urls import reverse

    from tests.conftest import client_for

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = PDF_BYTES + b"%" * 200_000
    url = reverse("compliance:request_upload", args=[doc_request.pk])
    client_for(client, owner).post(url, {"file": SimpleUploadedFile("d.pdf", content)})

    assert Document.objects.get().sha256 == hashlib.sha256(content).hexdigest()
    assert list(temp_upload_dir.iterdir()) == []  # spilled to an anonymous file, never a named one


# Compression bombs -----------------------------------------------------------------------


def office_bytes(main_part: str, padding: int, *, method=zipfile.ZIP_DEFLATED) -> bytes:
    """An office document whose main part carries `padding` bytes of zeros (a few KB once compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<root>" + "\0" * padding + "</root>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "part"), [("report.docx", "word/document.xml"), ("sheet.xlsx", "xl/workbook.xml")])
def test_a_file_that_inflates_far_beyond_its_size_is_refused(compliance_actor, doc_request, name, part):
    """The finding: a 2 MB .docx inflating to 2 GiB was accepted (here: 64 MB of zeros in ~65 KB)."""
    bomb = office_bytes(part, 64 * 1024 * 1024)
    assert len(bomb) < 100 * 1024
    with pytest.raises(ValidationError) as refused:
        send(compliance_actor, doc_request, name, bomb)
    assert "compression bomb" in " ".join(refused.value.message_dict["file"])
    assert not Document.objects.exists()


def test_a_file_over_the_uncompressed_total_is_refused_even_at_a_modest_ratio(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    stored = office_bytes("word/document.xml", 2 * 1024 * 1024, method=zipfile.ZIP_STORED)  # ratio 1
    with pytest.raises(ValidationError, match="compression bomb"):
        check_upload(SimpleUploadedFile("big.docx", stored))


def test_a_forged_archive_declaring_small_parts_is_still_caught(settings):
    """The declared sizes are not trusted: the parts are inflated, counting, up to the budget."""
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 50
    honest = office_bytes("word/document.xml", 4 * 1024 * 1024)
    forged = honest.replace((4 * 1024 * 1024 + 13).to_bytes(4, "little"), (13).to_bytes(4, "little"))
    assert forged != honest
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("forged.docx", forged))


def test_an_ordinary_compressed_document_is_accepted(tmp_path):
    assert check_upload(SimpleUploadedFile("evidence.xlsx", xlsx_bytes(tmp_path))).kind == "xlsx"
    assert check_upload(SimpleUploadedFile("mandate.docx", office_bytes("word/document.xml", 20_000))).kind == "docx"
