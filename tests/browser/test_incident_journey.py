"""A serious incident in a real browser: report it, see the 2-day countdown, record the provider informed and
the initial report, download the PDF."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from incidents.models import Incident, StepKind
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD
from tests.factories import AiSystemFactory, ClassificationFactory, VendorFactory
from tests.incidents.conftest import high_risk_result

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def grid_system(organisation):
    vendor = VendorFactory(organisation=organisation, legal_name="GridBalance SE")
    system = AiSystemFactory(vendor=vendor, name="GridBalance Dispatch", version="2.1")
    ClassificationFactory(ai_system=system, result=high_risk_result())
    return system


def test_a_compliance_officer_reports_and_files_the_initial_report(page, live_server, members, grid_system, tmp_path):
    browser_login(page, live_server, "carol", PASSWORD)
    page.get_by_role("link", name="Incidents").click()
    page.get_by_role("link", name="Report an incident").click()

    aware = (timezone.now() - dt.timedelta(minutes=30)).astimezone(ZoneInfo("Europe/Berlin"))
    page.get_by_label("AI system").select_option(label=str(grid_system))
    page.get_by_label("Short title").fill("Dispatch outage in two regions")
    page.get_by_label("What happened").fill("Wrong load forecasts tripped two substations.")
    page.get_by_label("When we became aware").fill(aware.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile("critical infrastructure")).check()
    page.get_by_label("Member States where it occurred").select_option("DE")
    page.get_by_role("button", name="Report the incident").click()

    clock = page.locator("#clock")
    expect(clock).to_contain_text("Art 73(3)")
    expect(page.get_by_test_id("countdown")).to_have_text(re.compile(r"^4[67] h \d\d min left$"))
    expect(page.get_by_role("region", name="Assessment", exact=True)).to_contain_text("Inform the provider first")

    timeline = page.get_by_role("region", name="Timeline")
    timeline.get_by_label("Step").select_option(label="Provider informed")
    timeline.get_by_label(re.compile("^How")).fill("E-mail to the provider's incident desk")
    timeline.get_by_label("Reference").fill("GB-4711")
    timeline.get_by_role("button", name="Record step").click()
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Provider informed")

    reports = page.get_by_role("region", name="Reports")
    reports.get_by_label("Report type").select_option(label="Initial report")
    reports.get_by_label(re.compile("^Sent to")).fill("Bundesnetzagentur")
    reports.get_by_role("button", name="Draft a report").click()
    page.get_by_label("Causal analysis").fill("Forecast model fed with a stale weather feed.")
    page.get_by_role("button", name="Save report").click()
    page.get_by_role("button", name="Mark sent").click()

    expect(page.locator("#clock")).to_contain_text("on time")
    with page.expect_download() as download_info:
        page.get_by_role("region", name="Reports").get_by_role("link", name="Download PDF").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Initial report" in text and "GridBalance Dispatch" in text
    assert "Forecast model fed with a stale weather feed." in text and "Bundesnetzagentur" in text

    incident = Incident.objects.get()
    assert incident.first_report_sent_at is not None and not incident.report_late
    assert list(incident.steps.values_list("kind", flat=True)) == [StepKind.PROVIDER_INFORMED, StepKind.INITIAL_REPORT]
