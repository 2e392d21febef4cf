"""When the system was first placed on the market or put into service (Art 111(2)): recorded, checked, audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from vendors import services
from vendors.models import AiSystem

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def test_the_audit_diff_includes_the_market_date(owner_actor, system):
    services.ai_system_update(actor=owner_actor, system=system, data={"placed_on_market_on": dt.date(2025, 3, 1)})

    event = AuditEvent.objects.get(action="vendors.ai_system.updated")
    assert event.changes == {"placed_on_market_on": [None, "2025-03-01"]}


@pytest.mark.parametrize(
    ("placed_on", "message"),
    [(TOMORROW, "This date is in the future"), (dt.date(1989, 12, 31), "Enter a date from 1 January 1990 on.")],
)
def test_the_service_refuses_a_future_or_implausible_date(owner_actor, system, placed_on, message):
    with pytest.raises(ValidationError) as error:
        services.ai_system_update(actor=owner_actor, system=system, data={"placed_on_market_on": placed_on})

    assert message in error.value.message_dict["placed_on_market_on"][0]
    system.refresh_from_db()
    assert system.placed_on_market_on is None
    assert not AuditEvent.objects.filter(action="vendors.ai_system.updated").exists()


def test_the_form_refuses_a_future_date_and_the_detail_page_shows_a_past_one(login, owner, system):
    client = login(owner)
    url = reverse("vendors:system_edit", kwargs={"pk": system.pk})
    fields = {"vendor": system.vendor_id, "name": system.name, "intended_purpose": "Ranks CVs", "lifecycle": "in_use"}

    refused = client.post(url, {**fields, "placed_on_market_on": TOMORROW.isoformat()})
    assert refused.status_code == 200
    assert "in the future" in refused.context["form"].errors["placed_on_market_on"][0]
    assert 'aria-describedby="id_placed_on_market_on' in refused.content.decode()

    assert client.post(url, {**fields, "placed_on_market_on": "2025-03-01"}).status_code == 302
    page = client.get(system.get_absolute_url()).content.decode()
    assert "First on the market or in service" in page and "1 Mar 2025" in page


def test_the_detail_page_says_what_to_do_when_the_date_is_unknown(login, owner, system):
    page = login(owner).get(system.get_absolute_url()).content.decode()
    assert "Not known: add it when editing the system" in page


def test_the_api_takes_the_date_and_refuses_a_future_one(api_client_for, owner, vendor):
    api = api_client_for(owner)
    data = {"vendor": vendor.pk, "name": "Bot", "intended_purpose": "Chats"}

    refused = api.post("/api/v1/ai-systems/", {**data, "placed_on_market_on": TOMORROW.isoformat()}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["placed_on_market_on"]
    assert not AiSystem.objects.exists()

    created = api.post("/api/v1/ai-systems/", {**data, "placed_on_market_on": "2025-03-01"}, format="json")
    assert created.status_code == 201
    assert created.json()["placed_on_market_on"] == "2025-03-01"
