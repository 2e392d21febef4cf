"""The compliance pages: owners work, auditors read but get 403 on writes, outsiders get 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from compliance import services
from compliance.models import DocumentRequest, FlagState, RedFlag, RequestStatus
from core.access import Capability, role_can
from core.audit import verify_chain
from core.models import AuditEvent, Role
from tests.compliance.conftest import (
    DECLARATION_FACTS,
    HIGH_RISK_DOCUMENTS,
    PDF_BYTES,
    classify,
    pdf_upload,
    request_for,
    upload,
)
from tests.factories import AiSystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    document = upload(compliance_actor, request_for(system, "eu_declaration_of_conformity"))
    services.document_facts_record(actor=compliance_actor, document=document, data=DECLARATION_FACTS)
    return document


@pytest.fixture
def doc_request(declaration):
    return declaration.request


@pytest.fixture
def flag(system, high_risk):
    services.red_flags_reevaluate_system(system)
    return RedFlag.objects.get(ai_system=system, code="declaration_missing")


READ_PAGES = [
    ("compliance:document_list", None),
    ("compliance:red_flag_list", None),
    ("compliance:notified_body_list", None),
    ("compliance:request_detail", "doc_request"),
    ("compliance:document_download", "declaration"),
    ("vendors:system_detail", "system"),
]
# (url name, fixture, url kwarg, post data)
WRITES = [
    ("compliance:request_missing", "system", "system_pk", {}),
    ("compliance:request_upload", "doc_request", "pk", {}),
    ("compliance:request_refuse", "doc_request", "pk", {"note": "no"}),
    ("compliance:request_waive", "doc_request", "pk", {"reason": "not needed"}),
    ("compliance:document_facts", "declaration", "pk", {"issuer": "X"}),
    ("compliance:document_checklist", "declaration", "pk", {}),
    ("compliance:document_verify", "declaration", "pk", {}),
    ("compliance:document_reject", "declaration", "pk", {"note": "bad"}),
    ("compliance:document_reverify", "declaration", "pk", {"reason": "major_update"}),
    ("compliance:reverify_system", "system", "system_pk", {"reason": "major_update"}),
    ("compliance:red_flag_accept", "flag", "pk", {"justification": "ok"}),
]


def url(request, name, fixture, kwarg="pk"):
    if fixture is None:
        return reverse(name)
    return reverse(name, kwargs={kwarg: request.getfixturevalue(fixture).pk})


@pytest.mark.parametrize(("name", "fixture"), READ_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_members_read_the_pages(request, login, members, role, name, fixture, flag):
    assert login(members[role]).get(url(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), [p for p in READ_PAGES if p[1]])
def test_an_outsider_gets_404_on_our_objects(request, login, outsider, name, fixture):
    assert login(outsider).get(url(request, name, fixture)).status_code == 404


@pytest.mark.parametrize(("name", "fixture", "kwarg", "data"), WRITES)
def test_an_auditor_may_not_write(request, login, auditor, name, fixture, kwarg, data):
    assert login(auditor).post(url(request, name, fixture, kwarg), data).status_code == 403


def needed_capability(name: str) -> Capability:
    return Capability.ACCEPT_RISK if name == "compliance:red_flag_accept" else Capability.MANAGE_REGISTRY


@pytest.mark.parametrize(("name", "fixture", "kwarg", "data"), WRITES)
@pytest.mark.parametrize("role", list(Role))
def test_the_permission_matrix_of_every_write(request, login, members, role, name, fixture, kwarg, data):
    """Owners and compliance officers manage documents; owners and legal accept risks; everyone else gets 403."""
    status = login(members[role]).post(url(request, name, fixture, kwarg), data).status_code

    if role_can(role, needed_capability(name)):
        assert status in (200, 302)
    else:
        assert status == 403


@pytest.mark.parametrize(("name", "fixture", "kwarg", "data"), WRITES)
def test_an_outsider_gets_404_on_writes(request, login, outsider, name, fixture, kwarg, data):
    assert login(outsider).post(url(request, name, fixture, kwarg), data).status_code == 404


def test_the_system_page_shows_required_documents_and_flags(login, owner, system, flag):
    response = login(owner).get(reverse("vendors:system_detail", args=[system.pk]))

    content = response.content.decode()
    assert "EU declaration of conformity" in content
    assert "Not requested" in content
    assert "Request missing documents" in content
    assert flag.message in content


def test_the_owner_requests_missing_documents_from_the_system_page(login, owner, system, high_risk):
    response = login(owner).post(reverse("compliance:request_missing", args=[system.pk]))

    assert response.status_code == 302
    assert DocumentRequest.objects.filter(ai_system=system, status=RequestStatus.REQUESTED).count() == 6


def test_an_upload_through_the_page_is_stored_and_downloadable(login, owner, doc_request):
    client = login(owner)
    response = client.post(reverse("compliance:request_upload", args=[doc_request.pk]), {"file": pdf_upload("v2.pdf")})
    assert response.status_code == 302
    current = doc_request.documents.get(superseded_by__isnull=True)

    download = client.get(reverse("compliance:document_download", args=[current.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="v2.pdf"')
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_bad_upload_shows_the_error_on_the_field(login, owner, doc_request):
    response = login(owner).post(
        reverse("compliance:request_upload", args=[doc_request.pk]), {"file": pdf_upload("empty.pdf", b"")}
    )

    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"]


def test_the_checklist_form_marks_items(login, owner, declaration):
    data = {
        "outcome_system_identified": "pass",
        "note_system_identified": "v4.2 named",
        "outcome_sole_responsibility": "fail",
    }
    response = login(owner).post(reverse("compliance:document_checklist", args=[declaration.pk]), data)

    assert response.status_code == 200  # the failure needs a note
    assert response.context["checklist_form"].errors["note_sole_responsibility"]
    assert not declaration.checklist_results.exists()


def test_an_auditor_sees_the_checklist_without_editable_controls(login, auditor, declaration):
    response = login(auditor).get(reverse("compliance:request_detail", args=[declaration.request.pk]))

    form = response.context["checklist_form"]
    assert form.fields and all(field.disabled for field in form.fields.values())
    assert "Save checklist" not in response.text


def test_requesting_documents_of_an_archived_system_says_why_not(login, owner, compliance_actor, system, high_risk):
    from vendors.services import ai_system_archive

    ai_system_archive(actor=compliance_actor, system=system)

    response = login(owner).post(reverse("compliance:request_missing", args=[system.pk]), follow=True)

    assert response.status_code == 200
    assert "archived" in " ".join(str(m) for m in response.context["messages"])
    assert not DocumentRequest.objects.filter(ai_system=system).exists()


def test_legal_accepts_a_risk_with_justification(login, members, flag):
    client = login(members[Role.LEGAL])
    url_ = reverse("compliance:red_flag_accept", args=[flag.pk])

    refused = client.post(url_, {"justification": " "})
    accepted = client.post(url_, {"justification": "Trial with synthetic data only."})

    assert refused.status_code == 200 and refused.context["form"].errors["justification"]
    assert accepted.status_code == 302
    flag.refresh_from_db()
    assert flag.state == FlagState.ACCEPTED


def test_compliance_officers_may_not_accept_risk(login, members, flag):
    assert (
        login(members[Role.COMPLIANCE]).post(reverse("compliance:red_flag_accept", args=[flag.pk])).status_code == 403
    )


def test_the_red_flag_list_filters_by_severity(login, owner, flag):
    response = login(owner).get(reverse("compliance:red_flag_list"), {"severity": "warning"})

    assert list(response.context["page_obj"]) == []


def _system_page_queries(client, system) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(system.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_system_page_query_count_does_not_grow_with_its_documents(
    login, owner, compliance_actor, system, high_risk
):
    client = login(owner)
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    all_requested = _system_page_queries(client, system)
    for code in HIGH_RISK_DOCUMENTS[:3]:
        services.document_request_waive(actor=compliance_actor, request=request_for(system, code), reason="Not used")
    for code in HIGH_RISK_DOCUMENTS[3:]:
        upload(compliance_actor, request_for(system, code))

    assert _system_page_queries(client, system) == all_requested


def test_the_lists_filter_by_the_system_the_system_page_links_from(login, owner, compliance_actor, system, high_risk):
    other = AiSystemFactory(vendor=system.vendor, name="Other system")
    classify(other)
    for each in (system, other):
        services.document_requests_create_missing(actor=compliance_actor, ai_system=each)
    client = login(owner)

    flags = client.get(reverse("compliance:red_flag_list"), {"ai_system": system.pk}).context["page_obj"]
    documents = client.get(reverse("compliance:document_list"), {"ai_system": system.pk}).context["page_obj"]

    assert flags.object_list and {flag.ai_system for flag in flags} == {system}
    assert documents.object_list and {r.ai_system for r in documents} == {system}


def test_waiving_an_unknown_document_type_is_a_404(login, members, system):
    client = login(members[Role.COMPLIANCE])
    url = reverse("compliance:waive_unrequested", args=[system.pk, "no-such-document"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not used"}).status_code == 404
    assert not DocumentRequest.objects.filter(ai_system=system).exists()


# Requests asked earlier ------------------------------------------------------------------

ASKED_EARLIER = "2026-10-21"  # ten business days later: 4 November 2026


def request_one_url(system, code="instructions_for_use"):
    return reverse("compliance:request_one", args=[system.pk, code])


def test_the_request_missing_form_offers_the_day_the_vendor_was_asked(login, owner, system, high_risk):
    content = login(owner).get(reverse("vendors:system_detail", args=[system.pk])).content.decode()

    assert 'id="ask-missing-requested_on"' in content
    assert "Asked the vendor on" in content
    assert request_one_url(system) in content


@freeze_time("2026-11-25 10:00")
def test_missing_documents_asked_earlier_are_due_ten_business_days_after_that_day(login, owner, system, high_risk):
    response = login(owner).post(
        reverse("compliance:request_missing", args=[system.pk]), {"requested_on": ASKED_EARLIER}
    )

    assert response.status_code == 302
    assert set(DocumentRequest.objects.values_list("due_date", flat=True)) == {dt.date(2026, 11, 4)}


@freeze_time("2026-11-25 10:00")
def test_one_document_asked_earlier_from_its_own_form(login, owner, system, high_risk):
    client = login(owner)

    form_page = client.get(request_one_url(system))
    response = client.post(request_one_url(system), {"requested_on": ASKED_EARLIER})

    assert "requested_on" in form_page.context["form"].fields
    assert response.status_code == 302
    assert request_for(system, "instructions_for_use").due_date == dt.date(2026, 11, 4)


@freeze_time("2026-11-25 10:00")
def test_the_one_click_request_still_asks_today(login, owner, system, high_risk):
    response = login(owner).post(request_one_url(system))

    assert response.status_code == 302
    assert request_for(system, "instructions_for_use").due_date == dt.date(2026, 12, 9)


@freeze_time("2026-11-25 10:00")
@pytest.mark.parametrize(
    ("name", "codes"), [("compliance:request_missing", []), ("compliance:request_one", ["instructions_for_use"])]
)
@pytest.mark.parametrize(
    ("value", "message"), [("2026-11-26", "a day still to come"), ("2026-13-01", "Enter a valid date")]
)
def test_a_wrong_day_is_shown_on_its_field_and_nothing_is_written(
    login, owner, system, high_risk, name, codes, value, message
):
    events = AuditEvent.objects.count()

    response = login(owner).post(reverse(name, args=[system.pk, *codes]), {"requested_on": value})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["requested_on"])
    assert 'id="id_requested_on_error"' in response.content.decode()
    assert not DocumentRequest.objects.exists()
    assert AuditEvent.objects.count() == events


def test_asking_again_for_a_requested_document_is_told_on_the_system_page(login, owner, compliance_actor, system):
    services.document_request_create(actor=compliance_actor, ai_system=system, document_type="instructions_for_use")

    response = login(owner).post(request_one_url(system), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"{system.get_absolute_url()}#documents")
    assert "already requested" in " ".join(str(m) for m in response.context["messages"])


def test_requesting_an_unknown_document_type_is_a_404(login, owner, system):
    assert login(owner).post(request_one_url(system, "horoscope")).status_code == 404


# Downloads are audited -------------------------------------------------------------------


def download_events(document):
    return AuditEvent.objects.filter(action="compliance.document.downloaded", object_id=str(document.pk))


@pytest.mark.parametrize("role", [Role.OWNER, Role.AUDITOR])
def test_a_download_is_recorded_under_the_downloaders_name(login, members, organisation, declaration, role):
    response = login(members[role]).get(reverse("compliance:document_download", args=[declaration.pk]))

    assert response.status_code == 200
    event = download_events(declaration).get()
    assert event.actor_user == members[role].user
    assert event.changes == {"version": declaration.version, "sha256": declaration.sha256}
    assert verify_chain(organisation) is None


def test_a_download_names_the_file_safely_and_forbids_sniffing(login, owner, compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    name = 'a "quoted"\r\nSet-Cookie: x=1;.pdf'
    document = upload(compliance_actor, request_for(system, "eu_declaration_of_conformity"), name=name)

    response = login(owner).get(reverse("compliance:document_download", args=[document.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert not response.has_header("Set-Cookie") or "x=1" not in response["Set-Cookie"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_an_outsiders_download_is_a_404_and_records_nothing(login, outsider, declaration):
    events = AuditEvent.objects.count()

    assert login(outsider).get(reverse("compliance:document_download", args=[declaration.pk])).status_code == 404
    assert AuditEvent.objects.count() == events
