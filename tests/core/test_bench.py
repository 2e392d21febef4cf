"""`manage.py bench`: every registered section runs, prints its table and leaves nothing behind."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.bench import SECTIONS, register
from core.models import AuditEvent, Organisation
from vendors.models import Vendor


@pytest.mark.django_db
def test_it_measures_every_section_and_rolls_back_what_it_created():
    out = StringIO()
    call_command("bench", scale=0.001, runs=1, stdout=out)

    assert {"audit log", "registry"} <= set(SECTIONS)
    for line in ("verify_audit_log, 10 events", "vendor list (10 vendors)", "system detail", "API vendor list"):
        assert line in out.getvalue()
    assert not Organisation.objects.exists()
    assert not Vendor.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_section():
    with pytest.raises(CommandError, match="Unknown section"):
        call_command("bench", section=["nonsense"], stdout=StringIO())


def test_it_refuses_registering_a_section_name_twice():
    with pytest.raises(ValueError, match="registered twice"):
        register("audit log")(lambda context: [])
