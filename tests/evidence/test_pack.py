"""A pack built end to end: its PDF read back, its workbook reopened, its manifest verified, tampering caught."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import AuditEvent
from evidence.manifest import MANIFEST_PATH, REPORT_PATH, WORKBOOK_PATH, evidence_digest
from evidence.models import EvidencePack, PackState
from tests.evidence.scenario import build_dossier


@pytest.fixture
def dossier(members):
    return build_dossier(members)


@pytest.fixture
def pack_file(dossier, organisation, tmp_path):
    path = tmp_path / "pack.zip"
    out = io.StringIO()
    call_command("build_evidence_pack", organisation=organisation.slug, output=str(path), stdout=out)
    assert "evidence digest" in out.getvalue()
    return path


def pdf_text(archive) -> str:
    reader = PdfReader(io.BytesIO(archive.read(REPORT_PATH)))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_report_holds_the_key_facts_with_page_numbers(pack_file, dossier):
    with zipfile.ZipFile(pack_file) as archive:
        text, pages = pdf_text(archive)
        manifest = json.loads(archive.read(MANIFEST_PATH))
    flat = " ".join(text.split())
    for fact in (
        "TalentLens Screen",
        "Chat Helper",
        "High-risk",
        "Minimal risk",
        "EU declaration of conformity",
        dossier.declaration.sha256[:20],
        "Vendor signs next week.",
        "Acme Buyer GmbH",
        f"page 2 of {pages}",
        "Contents",
        "Audit trail",
    ):
        assert fact in flat, fact
    assert dossier.flag.message.split()[0] in flat
    assert manifest["evidence_digest"] in "".join(text.split())  # on the cover, wrapped over lines


def test_the_workbook_has_every_register_with_typed_cells(pack_file):
    with zipfile.ZipFile(pack_file) as archive:
        workbook = load_workbook(io.BytesIO(archive.read(WORKBOOK_PATH)))
    assert workbook.sheetnames[-1] == "Audit events"
    assert {"AI systems", "Classifications", "Obligations", "Documents", "Checklist items", "Red flags"} <= set(
        workbook.sheetnames
    )
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_the_manifest_lists_every_file_with_the_chain_head(pack_file, dossier, organisation):
    with zipfile.ZipFile(pack_file) as archive:
        manifest = json.loads(archive.read(MANIFEST_PATH))
        names = set(archive.namelist())
    paths = {entry["path"] for entry in manifest["files"]}
    assert names == paths | {MANIFEST_PATH}
    assert f"documents/{dossier.declaration.file.name.removeprefix('documents/')}" in paths
    assert {REPORT_PATH, WORKBOOK_PATH} <= paths
    head = manifest["audit_chain_head"]
    # The head at build time: the pack's own "requested" event was the last one before building.
    event = AuditEvent.objects.get(pk=head["event_id"])
    assert event.hash == head["hash"] and event.action == "evidence.evidence_pack.requested"
    assert manifest["rule_packs"] == [{"id": "eu-ai-act", "version": "test", "sha256": "0" * 64}]
    assert manifest["organisation"]["slug"] == organisation.slug
    assert manifest["evidence_digest"] == evidence_digest(manifest)
    pack = EvidencePack.objects.get()
    assert pack.state == PackState.READY and pack.evidence_digest == manifest["evidence_digest"]


def verify(path) -> str:
    out = io.StringIO()
    call_command("verify_pack", str(path), stdout=out)
    return out.getvalue()


def test_an_untouched_pack_is_intact(pack_file):
    assert verify(pack_file).startswith("intact")


def rewrite(source, target, *, change=None, drop=None, add=None):
    """A copy of the pack with one member's content changed, one left out, or one added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == drop:
                continue
            if info.filename == change:
                data = data[:-1] + bytes([data[-1] ^ 0x01])
            new.writestr(info.filename, data)
        if add:
            new.writestr(add, b"slipped in")
    return target


def members_of(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if name != MANIFEST_PATH]


def test_a_flipped_byte_in_any_file_is_named(pack_file, tmp_path):
    for name in members_of(pack_file):
        with pytest.raises(CommandError) as refused:
            verify(rewrite(pack_file, tmp_path / "changed.zip", change=name))
        assert refused.value.returncode == 1
        assert name in str(refused.value)


def test_a_flipped_byte_in_the_stored_zip_is_caught(pack_file, tmp_path):
    data = bytearray(pack_file.read_bytes())
    with zipfile.ZipFile(pack_file) as archive:
        info = archive.getinfo(WORKBOOK_PATH)
    data[info.header_offset + 30 + len(info.filename) + 40] ^= 0xFF  # inside the workbook's compressed bytes
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError) as refused:
        verify(damaged)
    assert WORKBOOK_PATH in str(refused.value)


def test_a_missing_and_an_extra_file_are_named(pack_file, tmp_path):
    with pytest.raises(CommandError) as refused:
        verify(rewrite(pack_file, tmp_path / "missing.zip", drop=REPORT_PATH))
    assert "report.pdf: listed in the manifest but missing" in str(refused.value)
    with pytest.raises(CommandError) as refused:
        verify(rewrite(pack_file, tmp_path / "extra.zip", add="documents/forged.pdf"))
    assert "documents/forged.pdf: in the pack but not in the manifest" in str(refused.value)


def test_a_rewritten_manifest_fails_its_evidence_digest(pack_file, tmp_path):
    with zipfile.ZipFile(pack_file) as archive:
        manifest = json.loads(archive.read(MANIFEST_PATH))
    manifest["scope"]["label"] = "Something else"
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(pack_file) as old, zipfile.ZipFile(forged, "w") as new:
        for info in old.infolist():
            data = json.dumps(manifest).encode() if info.filename == MANIFEST_PATH else old.read(info)
            new.writestr(info.filename, data)
    with pytest.raises(CommandError) as refused:
        verify(forged)
    assert "evidence digest does not match" in str(refused.value)


def test_verify_pack_needs_no_database(pack_file, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert verify(pack_file).startswith("intact")


def test_a_file_that_is_no_zip_is_refused(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(CommandError) as refused:
        verify(junk)
    assert refused.value.returncode == 1 and "not a readable ZIP" in str(refused.value)
