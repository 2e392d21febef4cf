"""Under the Content-Security-Policy (own files only) every page works: nothing inline is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.models import Membership, Role
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/vendors/",
    "/vendors/systems/",
    "/members/",
    "/audit/",
    "/account/tokens/",
    "/account/password/",
    "/account/invitations/",
    "/deadlines/",
    "/deadlines/calendar/",
    "/compliance/documents/",
]


def refusals_on(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    return refused


def test_the_pages_and_the_api_docs_run_with_nothing_refused(page, live_server, owner):
    refused = refusals_on(page)
    response = page.goto(f"{live_server.url}/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["permissions-policy"].startswith("accelerometer=()")
    assert response.headers["referrer-policy"] == "same-origin"
    browser_login(page, live_server, "alice", PASSWORD)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("EU AI Act")  # the UI ran, from our files
    assert refused == []


def test_the_organisation_switcher_submits_on_change_without_inline_script(page, live_server, owner, outsider):
    Membership.objects.create(user=owner.user, organisation=outsider.organisation, role=Role.AUDITOR)
    refused = refusals_on(page)
    browser_login(page, live_server, "alice", PASSWORD)
    page.get_by_label("Organisation").select_option("other")
    expect(page.get_by_role("status")).to_contain_text("You are now working in Other Org SA.")
    assert refused == []
