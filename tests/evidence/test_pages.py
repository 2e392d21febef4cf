"""Evidence pack pages: who may open, build, poll, download and retry; other organisations get 404."""

import io
import zipfile

import pytest
from django.urls import reverse

from core.access import Actor
from core.models import AuditEvent, Role
from evidence.models import EvidencePack, PackState
from evidence.services import evidence_pack_build, evidence_pack_request
from tests.factories import AiSystemFactory, VendorFactory

ALLOWED = [Role.OWNER, Role.COMPLIANCE, Role.LEGAL, Role.APPROVER, Role.AUDITOR]


@pytest.fixture
def ready(members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        pack = evidence_pack_request(actor=Actor.for_member(members[Role.AUDITOR]))
    return evidence_pack_build(pack.pk)


def pages(pack):
    return [
        reverse("evidence:pack_list"),
        reverse("evidence:pack_detail", args=[pack.pk]),
        reverse("evidence:pack_progress", args=[pack.pk]),
    ]


@pytest.mark.parametrize("role", ALLOWED)
def test_every_allowed_role_sees_the_pages_and_downloads(login, members, ready, role):
    client = login(members[role])
    for url in pages(ready):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("evidence:pack_download", args=[ready.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{ready.download_name}"'
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    event = AuditEvent.objects.filter(action="evidence.evidence_pack.downloaded").latest("sequence")
    assert event.actor_label == members[role].user.username


def test_a_requester_is_refused_everywhere(login, members, ready):
    client = login(members[Role.REQUESTER])
    for url in [*pages(ready), reverse("evidence:pack_download", args=[ready.pk])]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("evidence:pack_create"), {}).status_code == 403
    assert client.post(reverse("evidence:pack_retry", args=[ready.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="evidence.evidence_pack.downloaded").exists()


def test_another_organisation_gets_404(login, outsider, ready):
    client = login(outsider)
    for url in [*pages(ready)[1:], reverse("evidence:pack_download", args=[ready.pk])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("evidence:pack_retry", args=[ready.pk])).status_code == 404
    assert client.get(reverse("evidence:pack_list")).context["packs"].count() == 0


def test_building_from_the_form_queues_and_shows_progress(login, members, django_capture_on_commit_callbacks):
    system = AiSystemFactory(vendor=VendorFactory(organisation=members[Role.OWNER].organisation))
    client = login(members[Role.COMPLIANCE])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("evidence:pack_create"), {"ai_system": system.pk, "since": "2026-01-01"})
    pack = EvidencePack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("evidence:pack_detail", args=[pack.pk])
    progress = client.get(reverse("evidence:pack_progress", args=[pack.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in progress and "Waiting for a worker" in progress
    for callback in queued:  # after commit: the task is sent, and (eager here) the worker runs
        callback()
    progress = client.get(reverse("evidence:pack_progress", args=[pack.pk])).content.decode()
    assert "hx-trigger" not in progress and "Download the pack" in progress


def test_bad_form_input_is_a_field_error_and_nothing_is_queued(login, members, other_organisation):
    stranger = AiSystemFactory(vendor=VendorFactory(organisation=other_organisation))
    client = login(members[Role.OWNER])
    for data, field in [
        ({"ai_system": stranger.pk}, "ai_system"),
        ({"since": "2026-02-30"}, "since"),
        ({"since": "2026-05-01", "until": "2026-04-01"}, "until"),
        ({"until": "9999-01-01"}, "until"),
    ]:
        response = client.post(reverse("evidence:pack_create"), data)
        assert response.status_code == 400
        assert field in response.context["form"].errors, data
    assert not EvidencePack.objects.exists()


def test_an_expired_pack_is_not_downloadable(login, members, ready):
    EvidencePack.objects.filter(pk=ready.pk).update(state=PackState.EXPIRED, file="")
    client = login(members[Role.OWNER])
    assert client.get(reverse("evidence:pack_download", args=[ready.pk])).status_code == 404
    assert "after the organisation" in client.get(reverse("evidence:pack_detail", args=[ready.pk])).content.decode()


def test_only_the_owner_changes_the_retention(login, members):
    url = reverse("evidence:retention_update")
    assert login(members[Role.COMPLIANCE]).post(url, {"retention_days": 30}).status_code == 403
    assert login(members[Role.OWNER]).post(url, {"retention_days": 0}).status_code == 400
    assert login(members[Role.OWNER]).post(url, {"retention_days": 30}).status_code == 302
    assert "30 days" in login(members[Role.OWNER]).get(reverse("evidence:pack_list")).content.decode()


def test_the_system_page_links_to_building_a_pack(login, members):
    system = AiSystemFactory(vendor=VendorFactory(organisation=members[Role.OWNER].organisation))
    page = login(members[Role.AUDITOR]).get(system.get_absolute_url()).content.decode()
    assert f"{reverse('evidence:pack_list')}?ai_system={system.pk}" in page
    page = login(members[Role.REQUESTER]).get(system.get_absolute_url()).content.decode()
    assert reverse("evidence:pack_list") not in page


def test_the_vendor_page_links_to_building_a_pack(login, members):
    vendor = VendorFactory(organisation=members[Role.OWNER].organisation)
    page = login(members[Role.LEGAL]).get(vendor.get_absolute_url()).content.decode()
    assert f"{reverse('evidence:pack_list')}?vendor={vendor.pk}" in page
    form = login(members[Role.LEGAL]).get(f"{reverse('evidence:pack_list')}?vendor={vendor.pk}").context["form"]
    assert form.initial == {"vendor": str(vendor.pk)}
