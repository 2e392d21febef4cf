"""seed_demo queues one evidence pack per demo organisation, once."""

import io

import pytest
from django.core.management import call_command

from evidence.models import EvidencePack, ScopeKind

pytestmark = pytest.mark.django_db


def test_seed_demo_asks_for_one_system_pack_per_organisation_and_no_more_on_a_second_run():
    call_command("seed_demo", stdout=io.StringIO())
    packs = list(EvidencePack.objects.select_related("ai_system"))
    assert packs and all(p.scope_kind == ScopeKind.SYSTEM and p.ai_system.classifications.exists() for p in packs)
    assert len({p.organisation_id for p in packs}) == len(packs)
    call_command("seed_demo", stdout=io.StringIO())
    assert EvidencePack.objects.count() == len(packs)
