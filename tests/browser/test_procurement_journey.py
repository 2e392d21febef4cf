"""Procurement in real browsers: the requester opens a request, compliance sends the vendor a portal link,
the vendor (a fresh browser context, no account) uploads the declaration, compliance verifies it and the
approver approves."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from compliance import catalogue
from compliance.models import RequestStatus
from core.models import Role
from procurement.models import ProcurementRequest
from tests.browser.conftest import browser_login
from tests.compliance.conftest import PDF_BYTES, classify
from tests.conftest import PASSWORD
from tests.factories import AiSystemFactory, ContactFactory, VendorFactory
from tests.procurement.conftest import set_document, sign_contract

pytestmark = pytest.mark.django_db(transaction=True)

DECLARATION = "eu_declaration_of_conformity"


@pytest.fixture
def system(members):
    """A high-risk system whose only open gate item is the declaration, asked of the vendor."""
    vendor = VendorFactory(organisation=members[Role.OWNER].organisation, legal_name="TalentLens GmbH")
    ContactFactory(vendor=vendor, name="Jonas Keller", email="privacy@talentlens.example", is_primary=True)
    system = AiSystemFactory(vendor=vendor, name="TalentLens Screen")
    classify(system, documents=[DECLARATION, "ce_marking_evidence"])
    set_document(system, "ce_marking_evidence", RequestStatus.VERIFIED)
    request = set_document(system, DECLARATION, RequestStatus.REQUESTED)
    request.due_date = "2030-01-10"
    request.save()
    sign_contract(system)
    return system


def test_from_request_to_approval_with_the_vendor_uploading_through_its_link(new_page, live_server, tmp_path, system):
    # The requester opens the request.
    requester = new_page()
    browser_login(requester, live_server, "rita", PASSWORD)
    requester.goto(f"{live_server.url}/procurement/new/")
    requester.get_by_label("AI system").select_option(label=str(system))
    requester.get_by_label("Business need").fill("Pre-screen applications for store managers.")
    requester.get_by_label("Intended users").fill("Recruiters, on applicants.")
    requester.get_by_role("button", name="Open the request").click()
    expect(requester.locator("#blocking")).to_contain_text("EU declaration of conformity not verified (requested)")
    request_url = requester.url

    # Compliance sends the vendor's contact a portal link from the request.
    officer = new_page()
    browser_login(officer, live_server, "carol", PASSWORD)
    officer.goto(request_url)
    expect(officer.locator("#vendor-progress")).to_contain_text("Vendor answered 1 of 2")
    officer.get_by_role("link", name="Send the vendor a portal link").click()
    expect(officer.get_by_label("Contact's e-mail")).to_have_value("privacy@talentlens.example")
    officer.get_by_role("button", name="Send the link").click()
    expect(officer.get_by_role("status")).to_contain_text("Sent the portal link to privacy@talentlens.example")
    (message,) = mail.outbox
    portal_url = re.search(r"http\S+/p/\S+/", message.body).group(0).replace("http://127.0.0.1:8000", live_server.url)

    # The vendor, in a browser of its own and without an account, uploads the declaration.
    vendor = new_page()
    vendor.goto(portal_url)
    expect(vendor.get_by_role("heading", level=1)).to_contain_text("What we need from TalentLens GmbH")
    expect(vendor.get_by_role("navigation", name="Main")).to_have_count(0)
    declaration = tmp_path / "Declaration of conformity.pdf"
    declaration.write_bytes(PDF_BYTES)
    vendor.get_by_label(re.compile("File")).set_input_files(declaration)
    vendor.get_by_role("button", name="Send").click()
    expect(vendor.locator("body")).to_contain_text("Received, thank you.")
    expect(vendor.get_by_role("region", name="What you already sent")).to_contain_text(
        hashlib.sha256(PDF_BYTES).hexdigest()
    )
    assert {cookie["name"] for cookie in vendor.context.cookies()} <= {"csrftoken"}

    # Compliance verifies what arrived.
    officer.goto(request_url)
    expect(officer.locator("#vendor-progress")).to_contain_text("Vendor answered 2 of 2")
    officer.goto(f"{live_server.url}{system.document_requests.get(document_type=DECLARATION).get_absolute_url()}")
    officer.get_by_label("Issuer").fill("TalentLens GmbH")
    officer.get_by_label("Signatory name").fill("Dr. Eva Klein")
    officer.get_by_label("Signatory function").fill("Managing Director")
    officer.get_by_label("Issued on").fill("2026-03-01")
    officer.get_by_label("Place of issue").fill("Berlin")
    officer.get_by_label("Assessment procedure").select_option("annex_vi")
    officer.get_by_role("button", name="Save facts").click()
    expect(officer.get_by_role("status")).to_contain_text("Facts recorded.")
    for item in catalogue.checklist(DECLARATION):
        officer.get_by_label(f"Outcome of “{item.text}”").select_option("pass" if item.mandatory else "na")
    officer.get_by_role("button", name="Save checklist").click()
    officer.get_by_role("button", name="Verify").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Verified")

    # The approver approves: nothing blocks any more.
    approver = new_page()
    browser_login(approver, live_server, "aaron", PASSWORD)
    approver.goto(request_url)
    expect(approver.locator("#blocking")).to_contain_text("Nothing blocks this request")
    approver.get_by_label("Approved", exact=True).check()
    approver.get_by_label("Reasons").fill("Declaration verified, contract complete.")
    approver.get_by_role("button", name="Record the decision").click()
    expect(approver.get_by_role("status")).to_contain_text("Decision recorded.")
    assert ProcurementRequest.objects.get().decision == "approved"
