"""The top bar's search finds vendors, AI systems, GPAI models and documents of the member's organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Role
from tests.factories import (
    AiSystemFactory,
    DocumentFactory,
    DocumentRequestFactory,
    GpaiModelFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def _search(client, text: str) -> str:
    response = client.get(reverse("compliance:search"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_the_top_bar_searches_every_kind(members, login):
    page = login(members[Role.AUDITOR]).get(reverse("vendors:vendor_list")).content.decode()
    assert f'action="{reverse("compliance:search")}"' in page


def test_an_ai_system_is_found_by_name(organisation, members, login):
    system = AiSystemFactory(organisation=organisation, vendor__organisation=organisation, name="Hirewise Ranker")
    page = _search(login(members[Role.AUDITOR]), "hirewise")
    assert system.get_absolute_url() in page and "Hirewise Ranker" in page


def test_each_kind_is_found_by_name_grouped(organisation, members, login):
    vendor = VendorFactory(organisation=organisation, legal_name="Zephyr Analytics AG", trade_name="Zeph")
    model = GpaiModelFactory(organisation=organisation, vendor=vendor, name="Zephyr-LM")
    document = DocumentFactory(
        request__ai_system__organisation=organisation,
        request__ai_system__vendor=vendor,
        original_name="zephyr-declaration.pdf",
    )
    page = _search(login(members[Role.REQUESTER]), "ZEPHYR")
    for title in ("Vendors", "AI systems", "GPAI models", "Documents"):
        assert f">{title} <" in page
    assert vendor.get_absolute_url() in page
    assert model.get_absolute_url() in page
    assert "zephyr-declaration.pdf" in page and document.request.get_absolute_url() in page
    assert "No ai systems match" in page


def test_a_document_is_found_by_its_type_label(organisation, members, login):
    request = DocumentRequestFactory(ai_system__organisation=organisation, ai_system__vendor__organisation=organisation)
    document = DocumentFactory(request=request, original_name="scan-0042.pdf")
    page = _search(login(members[Role.AUDITOR]), request.document_label.split()[0])
    assert document.original_name in page


def test_archived_rows_are_marked(organisation, members, login):
    AiSystemFactory(
        organisation=organisation, vendor__organisation=organisation, name="Oldbot", archived_at=timezone.now()
    )
    page = _search(login(members[Role.AUDITOR]), "oldbot")
    assert "Oldbot" in page and ">Archived<" in page


def test_another_organisations_rows_never_appear(organisation, other_organisation, outsider, members, login):
    theirs = VendorFactory(organisation=other_organisation, legal_name="Secretive Corp")
    AiSystemFactory(organisation=other_organisation, vendor=theirs, name="Secretive Scorer")
    GpaiModelFactory(organisation=other_organisation, vendor=theirs, name="Secretive-LM")
    DocumentFactory(
        request__ai_system__organisation=other_organisation,
        request__ai_system__vendor=theirs,
        original_name="secretive.pdf",
    )
    page = _search(login(members[Role.OWNER]), "secretive")
    assert "Secretive" not in page and "secretive.pdf" not in page
    assert "Secretive Scorer" in _search(login(outsider), "secretive")


def test_an_empty_query_gives_a_hint_and_no_results(organisation, members, login):
    VendorFactory(organisation=organisation, legal_name="Anything GmbH")
    page = _search(login(members[Role.AUDITOR]), "   ")
    assert "Type a name" in page and "Anything GmbH" not in page


def test_groups_are_capped_in_constant_queries(organisation, members, login, django_assert_max_num_queries):
    client = login(members[Role.AUDITOR])
    vendor = VendorFactory(organisation=organisation, legal_name="Bulk Vendor")
    added = []

    def add_rows(n):
        for _ in range(n):
            added.append(1)
            AiSystemFactory(organisation=organisation, vendor=vendor, name="Bulk system")
            GpaiModelFactory(organisation=organisation, vendor=vendor, name=f"Bulk model {len(added)}")
            DocumentFactory(
                request__ai_system__organisation=organisation,
                request__ai_system__vendor=vendor,
                original_name="bulk.pdf",
            )

    add_rows(1)
    _search(client, "bulk")  # warm the session and the rule pack
    with django_assert_max_num_queries(20) as few:
        _search(client, "bulk")
    add_rows(14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _search(client, "bulk")
    assert page.count("Bulk system") == 10
    assert "See all ai systems" in page and f"{reverse('vendors:system_list')}?q=bulk" in page
