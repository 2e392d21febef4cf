"""The vendor's side, tested like a hostile client: scope, replays, bad files, bad answers."""

import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance.models import Document, RequestStatus
from core.models import ActorType, AuditEvent
from portal.models import PortalComment, PortalSubmission
from procurement.models import VendorAnswers
from tests.compliance.conftest import PDF_BYTES, stored_files

pytestmark = pytest.mark.django_db


def pdf(name="declaration.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(client, token, request_id, file):
    return client.post(f"/p/{token}/requests/{request_id}/upload/", {"file": file})


def test_the_vendor_sees_what_was_asked_with_its_due_date(client, token):
    page = client.get(f"/p/{token}/").content.decode()
    assert "EU declaration of conformity" in page and "10 Jan 2030" in page
    assert "You answered 0 of 15 questions" in page


def test_an_upload_lands_as_received_never_verified_and_a_receipt_lists_its_sha256(
    django_capture_on_commit_callbacks, client, token, declaration_request, private_storage
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, token, declaration_request.pk, pdf())
    assert response.status_code == 302
    declaration_request.refresh_from_db()
    assert declaration_request.status == RequestStatus.RECEIVED
    document = Document.objects.get()
    assert document.verified_at is None and document.uploaded_by is None
    assert PortalSubmission.objects.get().document == document
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    (receipt,) = mail.outbox
    assert digest in receipt.body and receipt.to == ["dpo@talentlens.example"]
    received = AuditEvent.objects.get(action="compliance.document_request.received")
    assert received.actor_type == ActorType.VENDOR
    page = client.get(f"/p/{token}/").content.decode()
    assert digest in page and "Received, thank you." in page


def test_a_replayed_upload_is_refused_and_stores_nothing(client, token, declaration_request, private_storage):
    assert upload(client, token, declaration_request.pk, pdf()).status_code == 302
    before = stored_files(private_storage)
    response = upload(client, token, declaration_request.pk, pdf())
    assert response.status_code == 404  # no longer an open request of this link
    assert Document.objects.count() == 1 and stored_files(private_storage) == before


def test_another_vendors_request_is_a_404_and_nothing_is_stored(client, token, other_vendor_request, private_storage):
    assert upload(client, token, other_vendor_request.pk, pdf()).status_code == 404
    assert client.post(f"/p/{token}/requests/{other_vendor_request.pk}/comment/", {"text": "hi"}).status_code == 404
    assert not Document.objects.exists() and not PortalComment.objects.exists()
    assert stored_files(private_storage) == []


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("declaration.pdf", b"MZ\x90\x00" + b"\x00" * 100, "not accepted"),
        ("declaration.exe", PDF_BYTES, "rename it"),
        ("declaration.pdf", b"", "empty"),
    ],
)
def test_mistyped_files_are_refused_and_nothing_is_stored(
    client, token, declaration_request, private_storage, name, content, message
):
    response = upload(client, token, declaration_request.pk, SimpleUploadedFile(name, content))
    assert response.status_code == 400 and message in response.content.decode()
    declaration_request.refresh_from_db()
    assert declaration_request.status == RequestStatus.REQUESTED
    assert not Document.objects.exists() and stored_files(private_storage) == []


def test_an_oversized_file_is_refused_and_nothing_is_stored(
    settings, client, token, declaration_request, private_storage
):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1
    response = upload(client, token, declaration_request.pk, pdf())
    assert response.status_code == 400 and "larger than the limit" in response.content.decode()
    assert not Document.objects.exists() and stored_files(private_storage) == []


def test_a_missing_file_is_refused(client, token, declaration_request):
    assert client.post(f"/p/{token}/requests/{declaration_request.pk}/upload/").status_code == 400


def test_comments_are_kept_per_request_and_audited(client, token, declaration_request):
    response = client.post(f"/p/{token}/requests/{declaration_request.pk}/comment/", {"text": "Coming next week"})
    assert response.status_code == 302
    assert PortalComment.objects.get().request == declaration_request
    assert "Coming next week" in client.get(f"/p/{token}/").content.decode()
    event = AuditEvent.objects.get(action="portal.portal_comment.created")
    assert event.actor_type == ActorType.VENDOR
    assert client.post(f"/p/{token}/requests/{declaration_request.pk}/comment/", {"text": " "}).status_code == 400


def test_the_questionnaire_is_saved_and_audited(client, token, vendor):
    response = client.post(
        f"/p/{token}/questionnaire/",
        {
            "company_legal_name": "TalentLens GmbH",
            "conformity_status": "in_progress",
            "conformity_completion_date": "2026-09-30",
            "notified_body_number": "0123",
            "incident_contact_email": "incidents@talentlens.example",
        },
    )
    assert response.status_code == 302
    answers = VendorAnswers.objects.get(vendor=vendor)
    assert answers.answers["conformity_completion_date"] == "2026-09-30" and answers.updated_via == "portal"
    assert AuditEvent.objects.get(action="procurement.vendor_answers.saved").actor_type == ActorType.VENDOR
    assert "You answered 5 of 15" in client.get(f"/p/{token}/").content.decode()


@pytest.mark.parametrize(
    "field, value",
    [("conformity_completion_date", "soon"), ("notified_body_number", "12"), ("incident_contact_email", "nope")],
)
def test_bad_answers_are_refused_on_their_field(client, token, field, value):
    response = client.post(f"/p/{token}/questionnaire/", {field: value})
    assert response.status_code == 400 and f"id_{field}_error" in response.content.decode()
    assert not VendorAnswers.objects.exists()


def test_after_a_rejection_the_vendor_sends_a_new_version(client, token, declaration_request):
    assert upload(client, token, declaration_request.pk, pdf()).status_code == 302
    declaration_request.refresh_from_db()
    declaration_request.status = RequestStatus.REJECTED
    declaration_request.rejection_note = "Unsigned."
    declaration_request.save()
    assert "Your earlier file was not accepted: Unsigned." in client.get(f"/p/{token}/").content.decode()
    assert upload(client, token, declaration_request.pk, pdf("declaration-signed.pdf")).status_code == 302
    declaration_request.refresh_from_db()
    assert declaration_request.status == RequestStatus.RECEIVED
    assert [d.version for d in Document.objects.order_by("version")] == [1, 2]
