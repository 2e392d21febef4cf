"""Pages and API endpoints: who may read and write, other organisations' ids, the 409 preview."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from contracts.models import ClauseStatus, Contract, Modification
from core.models import Role
from tests.contracts.conftest import HR_SCREENING
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db
WRITERS = (Role.OWNER, Role.LEGAL)
READERS = (Role.COMPLIANCE, Role.REQUESTER, Role.APPROVER, Role.AUDITOR)


@pytest.fixture
def contract(system, classify, make_contract):
    classify(system, HR_SCREENING)
    return make_contract([system], title="TalentLens SaaS agreement", ends_on=dt.date(2027, 12, 31))


def test_every_member_reads_the_list_detail_schedule_and_system_panel(contract, system, members, login):
    for role in (*WRITERS, *READERS):
        client = login(members[role])
        for url in (
            reverse("contracts:contract_list"),
            contract.get_absolute_url(),
            system.get_absolute_url(),
            reverse("contracts:allocation_schedule", args=[contract.pk, "xlsx"]),
        ):
            assert client.get(url).status_code == 200, (role, url)


def test_list_filters(contract, organisation, members, login):
    client = login(members[Role.AUDITOR])
    page = client.get(reverse("contracts:contract_list"), {"missing": "true"}).content.decode()
    assert "TalentLens SaaS agreement" in page
    page = client.get(reverse("contracts:contract_list"), {"missing": "false"}).content.decode()
    assert "TalentLens SaaS agreement" not in page
    other = VendorFactory(organisation=organisation)
    page = client.get(reverse("contracts:contract_list"), {"vendor": other.pk}).content.decode()
    assert "TalentLens SaaS agreement" not in page and "No contracts match" in page


@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_are_refused_writes(role, contract, members, login):
    client = login(members[role])
    row = contract.clauses.first()
    assert client.get(reverse("contracts:contract_create")).status_code == 403
    assert client.get(reverse("contracts:contract_edit", args=[contract.pk])).status_code == 403
    assert client.post(reverse("contracts:clause_state", args=[row.pk]), {"state": "present"}).status_code == 403
    assert ClauseStatus.objects.get(pk=row.pk).state == "missing"


def test_other_organisations_get_404(contract, outsider, login, system):
    client = login(outsider)
    row = contract.clauses.first()
    for url in (
        contract.get_absolute_url(),
        reverse("contracts:contract_edit", args=[contract.pk]),
        reverse("contracts:allocation_schedule", args=[contract.pk, "pdf"]),
        reverse("contracts:clause_edit", args=[row.pk]),
        reverse("contracts:modification_create", args=[system.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("contracts:clause_state", args=[row.pk]), {"state": "present"}).status_code == 404


def test_one_click_status_with_htmx_returns_the_row(contract, members, login):
    client = login(members[Role.LEGAL])
    row = contract.clauses.get(clause_code="incident_cooperation")
    response = client.post(
        reverse("contracts:clause_state", args=[row.pk]), {"state": "present"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="clause-{row.pk}"' in response.content.decode() and "Present" in response.content.decode()
    response = client.post(
        reverse("contracts:clause_state", args=[row.pk]), {"state": "waived"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "justification" in response.content.decode()


def test_recording_a_contract_from_the_page_with_its_signed_file(system, vendor, members, login, classify):
    classify(system, HR_SCREENING)
    client = login(members[Role.LEGAL])
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    pdf.name = "signed.pdf"
    response = client.post(
        reverse("contracts:contract_create") + f"?vendor={vendor.pk}",
        {
            "title": "Signed MSA",
            "vendor": vendor.pk,
            "systems": [system.pk],
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "notice_period_days": "90",
            "signed_file": pdf,
        },
    )
    contract = Contract.objects.get(title="Signed MSA")
    assert response.status_code == 302 and contract.signed_file_name == "signed.pdf"
    assert client.get(reverse("contracts:contract_file", args=[contract.pk])).status_code == 200


def test_a_renamed_executable_is_refused_as_signed_file(system, vendor, members, login, classify):
    client = login(members[Role.LEGAL])
    fake = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    fake.name = "contract.pdf"
    response = client.post(
        reverse("contracts:contract_create"),
        {"title": "Bad", "vendor": vendor.pk, "systems": [system.pk], "starts_on": "2026-01-01", "signed_file": fake},
    )
    assert response.status_code == 200 and not Contract.objects.exists()


def test_modification_page_previews_then_confirms(system, classify, members, login):
    classify(system, HR_SCREENING)
    client = login(members[Role.COMPLIANCE])
    url = reverse("contracts:modification_create", args=[system.pk])
    data = {
        "changed_on": "2026-06-01",
        "description": "Retrained",
        "reason": "Fit",
        "approved_by": "Alice",
        "substantial": "on",
    }
    page = client.post(url, data).content.decode()
    assert "would make" in page and "the provider of" in page and not Modification.objects.exists()
    assert 'name="confirm" value="art25_1_b"' in page
    # Confirming other grounds than those shown (the entry was edited) previews again.
    assert "would make" in client.post(url, {**data, "confirm": "art25_1_a"}).content.decode()
    assert client.post(url, {**data, "confirm": "art25_1_b"}).status_code == 302
    assert Modification.objects.get().confirmed


# API -------------------------------------------------------------------------------------


def test_api_create_and_list_contracts(api_client_for, members, vendor, system, classify):
    classify(system, HR_SCREENING)
    client = api_client_for(members[Role.LEGAL])
    body = {"title": "API MSA", "vendor": vendor.pk, "systems": [system.pk], "starts_on": "2026-01-01"}
    response = client.post("/api/v1/contracts/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["missing_mandatory"] > 0
    assert client.get("/api/v1/contracts/").json()["count"] == 1


def test_api_refuses_other_organisations_ids(api_client_for, members, system, other_organisation):
    foreign_vendor = VendorFactory(organisation=other_organisation)
    foreign_system = AiSystemFactory(vendor=foreign_vendor)
    client = api_client_for(members[Role.LEGAL])
    body = {"title": "x", "vendor": foreign_vendor.pk, "systems": [foreign_system.pk], "starts_on": "2026-01-01"}
    response = client.post("/api/v1/contracts/", body, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) >= {"vendor", "systems"}


@pytest.mark.parametrize("role", READERS)
def test_api_read_only_roles(role, api_client_for, members, contract):
    client = api_client_for(members[role])
    assert client.get(f"/api/v1/contracts/{contract.pk}/clauses/").status_code == 200
    response = client.post(
        f"/api/v1/contracts/{contract.pk}/clauses/", {"clause_code": "audit_rights", "state": "present"}, format="json"
    )
    assert response.status_code == 403


def test_api_clause_waiver_and_schedule(api_client_for, members, contract):
    client = api_client_for(members[Role.OWNER])
    url = f"/api/v1/contracts/{contract.pk}/clauses/"
    response = client.post(url, {"clause_code": "audit_rights", "state": "waived"}, format="json")
    assert response.status_code == 400 and "justification" in response.json()["errors"]
    body = {"clause_code": "audit_rights", "state": "waived", "justification": "Group audit covers it"}
    rows = {row["clause_code"]: row for row in client.post(url, body, format="json").json()}
    assert rows["audit_rights"]["state"] == "waived"
    assert client.post(url, {"clause_code": "nope", "state": "present"}, format="json").status_code == 404
    pdf = client.get(f"/api/v1/contracts/{contract.pk}/allocation-schedule/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/api/v1/contracts/{contract.pk}/allocation-schedule/?format=doc").status_code == 404


def test_api_outsider_gets_404(api_client_for, outsider, contract, system):
    client = api_client_for(outsider)
    assert client.get(f"/api/v1/contracts/{contract.pk}/").status_code == 404
    assert client.get(f"/api/v1/ai-systems/{system.pk}/modifications/").status_code == 404


def test_api_modification_answers_409_with_the_triggers_unless_confirmed(api_client_for, members, system, classify):
    classify(system, HR_SCREENING)
    client = api_client_for(members[Role.COMPLIANCE])
    url = f"/api/v1/ai-systems/{system.pk}/modifications/"
    body = {"changed_on": "2026-06-01", "description": "Rebranded", "reason": "Sales", "approved_by": "Alice"}
    response = client.post(url, {**body, "under_our_name": True}, format="json")
    assert response.status_code == 409
    assert [t["ground"] for t in response.json()["triggers"]] == ["art25_1_a"]
    assert not Modification.objects.exists()
    response = client.post(url, {**body, "under_our_name": True, "confirm": True}, format="json")
    assert response.status_code == 201 and response.json()["confirmed"]
    assert client.get(url).json()["count"] == 1
    assert api_client_for(members[Role.AUDITOR]).post(url, body, format="json").status_code == 403


def test_the_list_reads_a_constant_number_of_queries(system, vendor, make_contract, members, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(members[Role.AUDITOR])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("contracts:contract_list")).status_code == 200
        return len(captured)

    make_contract([system], title="First")
    few = queries()
    for index in range(12):
        make_contract([system], title=f"More {index}", ends_on=dt.date(2030, 1, 1))
    assert queries() == few


def test_the_clause_form_waives_with_a_justification_and_clears_the_page(contract, members, login):
    client = login(members[Role.LEGAL])
    row = contract.clauses.get(clause_code="audit_rights")
    url = reverse("contracts:clause_edit", args=[row.pk])
    page = client.post(url, {"state": "waived", "section": "4", "page": "7"}).content.decode()
    assert "waiver needs a justification" in page and 'aria-describedby="id_justification' in page
    client.post(url, {"state": "waived", "section": "4", "page": "7", "justification": "Covered by group terms"})
    client.post(url, {"state": "waived", "section": "4", "page": "", "justification": "Covered by group terms"})
    row.refresh_from_db()
    assert (row.state, row.section, row.page, row.justification) == ("waived", "4", None, "Covered by group terms")
