"""Procurement pages: the board, opening a request, the request page with what blocks it, acceptance and decision."""

import pytest

from core.models import Role
from procurement.models import GateAcceptance, ProcurementRequest
from tests.compliance.conftest import classify
from tests.procurement.factories import ProcurementRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_member_opens_the_board(login, members, proc_request, role):
    response = login(members[role]).get("/procurement/")
    assert response.status_code == 200
    seen = proc_request.ai_system.name in response.content.decode()
    assert seen  # the requester opened it; everyone else reads everything


def test_the_board_shows_a_requester_only_their_own(login, members, system):
    ProcurementRequestFactory(ai_system=system, requested_by=members[Role.COMPLIANCE], business_need="Secret need")
    page = login(members[Role.REQUESTER]).get("/procurement/").content.decode()
    assert "No open procurement request" in page


def test_the_board_groups_by_live_stage_with_the_blocking_reason(login, members, proc_request, system):
    page = login(members[Role.OWNER]).get("/procurement/").content.decode()
    assert "The AI system has not been classified yet." in page


def test_a_requester_opens_a_request_from_the_form(login, members, system):
    client = login(members[Role.REQUESTER])
    assert client.get("/procurement/new/").status_code == 200
    response = client.post(
        "/procurement/new/",
        {"ai_system": system.pk, "business_need": "Hiring", "intended_users": "HR", "countries": ["DE", "AT"]},
    )
    request = ProcurementRequest.objects.get()
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    assert request.countries == ["AT", "DE"]


def test_bad_form_input_shows_field_errors(login, members, system):
    response = login(members[Role.REQUESTER]).post("/procurement/new/", {"ai_system": system.pk, "business_need": ""})
    assert response.status_code == 200 and "id_business_need_error" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.APPROVER, Role.LEGAL])
def test_read_only_roles_cannot_open_requests(login, members, role):
    assert login(members[role]).get("/procurement/new/").status_code == 403


def test_the_request_page_lists_what_blocks_at_the_top(login, members, proc_request):
    page = login(members[Role.COMPLIANCE]).get(proc_request.get_absolute_url()).content.decode()
    assert page.index("Blocked:") < page.index("Business need")
    assert "Vendor answered 0 of 0" in page


def test_legal_accepts_an_item_from_the_page_and_the_approver_decides(login, members, proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    legal = login(members[Role.LEGAL])
    response = legal.post(
        f"/procurement/{proc_request.pk}/accept/",
        {"code": "classification_missing", "justification": "x", "review_on": "2030-01-01"},
    )
    assert response.status_code == 400  # nothing of that code blocks any more
    assert not GateAcceptance.objects.exists()
    approver = login(members[Role.APPROVER])
    response = approver.post(f"/procurement/{proc_request.pk}/decide/", {"decision": "approved", "reason": "Fine"})
    assert response.status_code == 302
    proc_request.refresh_from_db()
    assert proc_request.decision == "approved"


def test_an_approval_while_blocked_is_shown_on_the_form(login, members, proc_request):
    response = login(members[Role.APPROVER]).post(
        f"/procurement/{proc_request.pk}/decide/", {"decision": "approved", "reason": "Fine"}
    )
    assert (
        response.status_code == 400
        and "Blocked: The AI system has not been classified yet." in response.content.decode()
    )


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.REQUESTER, Role.AUDITOR])
def test_other_roles_cannot_decide_or_accept(login, members, proc_request, role):
    client = login(members[role])
    assert (
        client.post(f"/procurement/{proc_request.pk}/decide/", {"decision": "rejected", "reason": "x"}).status_code
        == 403
    )
    assert client.post(f"/procurement/{proc_request.pk}/accept/", {"code": "x"}).status_code == 403


def test_requesters_get_404_on_others_requests_and_outsiders_on_all(login, members, outsider, system):
    other = ProcurementRequestFactory(ai_system=system, requested_by=members[Role.COMPLIANCE])
    assert login(members[Role.REQUESTER]).get(other.get_absolute_url()).status_code == 404
    assert login(outsider).get(other.get_absolute_url()).status_code == 404
    assert (
        login(outsider).post(f"/procurement/{other.pk}/decide/", {"decision": "rejected", "reason": "x"}).status_code
        == 404
    )


def test_the_board_counts_decided_requests_in_words(login, members, proc_request, system):
    from procurement.models import Decision

    proc_request.decision = Decision.APPROVED_WITH_CONDITIONS
    proc_request.save()
    page = login(members[Role.APPROVER]).get("/procurement/").content.decode()
    assert "decided: 1 approved with conditions" in page
