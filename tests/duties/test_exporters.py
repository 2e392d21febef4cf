"""The duties registers export with typed cells: reopened with openpyxl, scoped to a system."""

import io

import openpyxl
import pytest

from core.exporters import ExportScope, exporter_for, write_xlsx
from core.models import Role
from duties import services
from tests.duties.conftest import CREDIT_SCORING, classify, days_ago
from tests.factories import AiSystemFactory
from vendors.models import AiSystem

pytestmark = pytest.mark.django_db


def test_duties_frias_and_trainings_reopen_from_xlsx(system, vendor, owner_actor, members, owner):
    classify(system, owner_actor, CREDIT_SCORING)
    other = AiSystemFactory(vendor=vendor, name="Other system", created_by=owner.user)
    classify(other, owner_actor, CREDIT_SCORING)
    services.fria_start(actor=owner_actor, ai_system=system)
    services.system_user_add(actor=owner_actor, ai_system=system, member=members[Role.LEGAL])
    services.training_create(
        actor=owner_actor, data={"member": members[Role.LEGAL], "title": "=cmd|' /C calc'!A0", "taken_on": days_ago(3)}
    )
    scope = ExportScope(organisation=system.organisation, systems=AiSystem.objects.filter(pk=system.pk))
    stream = io.BytesIO()
    codes = ("deployer_duties", "frias", "trainings")
    write_xlsx([(exporter_for(code), scope) for code in codes], stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    duties = list(book["Deployer duties"].iter_rows(values_only=True))
    assert duties[0][:4] == ("Id", "AI system", "Duty code", "Duty")
    assert {row[1] for row in duties[1:]} == {"KW Score Consumer"}
    fria_row = next(row for row in duties[1:] if row[2] == "fria")
    assert fria_row[5] is True and fria_row[6] == "In progress" and fria_row[8].year == 2027
    frias = list(book["FRIAs"].iter_rows(values_only=True))
    assert len(frias) == 2 and frias[1][2] == 1
    trainings = list(book["AI literacy trainings"].iter_rows(values_only=True))
    # A title that looks like a formula stays text in the sheet.
    assert trainings[1][2] == "'=cmd|' /C calc'!A0" and book["AI literacy trainings"]["C2"].data_type == "s"
