"""Members' pages of the portal: who may list, send and revoke links."""

import pytest
from django.core import mail

from core.models import Role
from portal.models import PortalLink
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.OWNER, Role.COMPLIANCE])
def test_the_owner_and_compliance_list_and_send_links(django_capture_on_commit_callbacks, login, members, vendor, role):
    client = login(members[role])
    assert client.get("/portal-links/").status_code == 200
    ContactFactory(vendor=vendor, email="dpo@talentlens.example", is_primary=True)
    form = client.get(f"/portal-links/send/?vendor={vendor.pk}").content.decode()
    assert 'value="dpo@talentlens.example"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/portal-links/send/", {"vendor": vendor.pk, "email": "dpo@talentlens.example", "days": 30}
        )
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert "dpo@talentlens.example" in client.get("/portal-links/").content.decode()


@pytest.mark.parametrize("role", [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_other_roles_are_refused(login, members, link, role):
    client = login(members[role])
    assert client.get("/portal-links/").status_code == 403
    assert client.post("/portal-links/send/", {}).status_code == 403
    assert client.post(f"/portal-links/{link.pk}/revoke/").status_code == 403


def test_revoking_from_the_page(login, members, link):
    response = login(members[Role.COMPLIANCE]).post(f"/portal-links/{link.pk}/revoke/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_another_organisation_gets_404_and_cannot_send_for_our_vendor(login, outsider, link, vendor):
    client = login(outsider)
    assert client.post(f"/portal-links/{link.pk}/revoke/").status_code == 404
    response = client.post("/portal-links/send/", {"vendor": vendor.pk, "email": "x@y.example", "days": 30})
    assert response.status_code == 200 and PortalLink.objects.count() == 1  # our vendor is not a choice there


def test_bad_send_input_shows_field_errors(login, members, vendor):
    response = login(members[Role.COMPLIANCE]).post(
        "/portal-links/send/", {"vendor": vendor.pk, "email": "x", "days": 0}
    )
    page = response.content.decode()
    assert "id_email_error" in page and "id_days_error" in page


def test_the_vendor_page_shows_the_questionnaire_progress_and_links(login, members, vendor, link):
    page = login(members[Role.COMPLIANCE]).get(vendor.get_absolute_url()).content.decode()
    assert "The vendor answered 0 of 15 questions" in page and "Link sent to dpo@talentlens.example" in page
    assert "Send a portal link" in page
    assert "Send a portal link" not in login(members[Role.AUDITOR]).get(vendor.get_absolute_url()).content.decode()


def test_the_vendor_page_shows_what_the_vendor_wrote(client, login, members, vendor, token, declaration_request):
    client.post(
        f"/p/{token}/requests/{declaration_request.pk}/comment/", {"text": "The notified body signs on Friday."}
    )
    page = login(members[Role.AUDITOR]).get(vendor.get_absolute_url()).content.decode()
    assert "The notified body signs on Friday." in page
