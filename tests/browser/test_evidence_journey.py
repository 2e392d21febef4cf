"""An auditor builds an evidence pack in a real browser: the progress bar follows the worker, then the download."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from core.models import Role
from evidence import tasks
from evidence.manifest import verify_archive
from evidence.services import evidence_pack_build
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_auditor_builds_and_downloads_a_pack(page, live_server, members, monkeypatch, tmp_path):
    organisation = members[Role.OWNER].organisation
    system = AiSystemFactory(vendor=VendorFactory(organisation=organisation), name="TalentLens Screen")
    queued = []
    # The worker is this test: it builds when the test says, so the page is seen while it waits.
    monkeypatch.setattr(tasks.build_evidence_pack, "delay", queued.append)

    browser_login(page, live_server, "audrey", PASSWORD)
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    page.get_by_role("link", name="Build evidence pack").click()
    expect(page.get_by_label("AI system")).to_have_value(str(system.pk))
    page.get_by_label("Period from").fill("2026-01-01")
    page.get_by_role("button", name="Build evidence pack").click()

    expect(page.get_by_role("heading", name="Building…")).to_be_visible()
    progress = page.get_by_label("Waiting for a worker")
    expect(progress).to_have_attribute("value", "0")
    assert len(queued) == 1

    evidence_pack_build(queued[0])  # the worker runs; htmx polling shows the result without a reload
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    expect(page.get_by_label("Ready")).to_have_attribute("value", "100")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack").click()
    path = tmp_path / "pack.zip"
    download_info.value.save_as(path)
    assert verify_archive(path).intact
    with zipfile.ZipFile(path) as archive:
        assert {"manifest.json", "report.pdf", "registers.xlsx"} <= set(archive.namelist())
