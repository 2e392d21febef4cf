"""The compliance benchmark section runs at a small scale and leaves nothing behind."""

from io import StringIO

import pytest
from django.core.management import call_command

from compliance.models import DocumentRequest, RedFlag
from core.models import Organisation


@pytest.mark.django_db
def test_the_compliance_section_measures_its_pages_and_rolls_back():
    out = StringIO()
    call_command("bench", section=["compliance"], scale=0.003, runs=1, stdout=out)

    for line in (
        "dashboard overview (30 systems)",
        "document list (",
        "red flag list, open critical",
        "AI system page",
    ):
        assert line in out.getvalue()
    assert not Organisation.objects.exists()
    assert not DocumentRequest.objects.exists() and not RedFlag.objects.exists()
