"""The obligation allocation schedule: one rows function, written as PDF (WeasyPrint) and XLSX (openpyxl).

For each AI system a contract covers, every duty its current classification gives us
(the result's `obligations`, by article and holder) and every duty the Act puts on the
vendor as provider of what we buy (the clause library's `vendor_duties`), with who
performs it under the contract and the evidence expected. The PDF, the XLSX annex and
the evidence pack all read `allocation_rows`, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from assessments.conditions import parse_date
from assessments.rulepack import default_pack
from contracts.facts import facts_of
from contracts.library import PERFORMERS, default_library
from contracts.models import Contract

HOLDER_LABELS = {
    "provider": "Provider",
    "deployer": "Deployer",
    "importer": "Importer",
    "distributor": "Distributor",
    "authorised_representative": "Authorised representative",
    "product_manufacturer": "Product manufacturer",
}
VENDOR_AS_PROVIDER = "Provider (the vendor)"


@dataclass(frozen=True)
class ScheduleRow:
    contract_id: int
    system: str
    article: str
    duty: str
    code: str
    holder: str  # who holds the duty under the Act
    performed_by: str  # who performs it under the contract
    evidence: str
    applies_from: dt.date | None


def _performer(key: str, contract: Contract) -> str:
    if key == "us":
        return contract.organisation.name
    if key == "vendor":
        return contract.vendor.legal_name
    return PERFORMERS[key]


def _article_order(article: str) -> tuple:
    number = "".join(ch for ch in article.removeprefix("Art ").split("(")[0] if ch.isdigit())
    return (int(number) if number else 0, article)


def allocation_rows(contracts: Iterable[Contract]) -> Iterator[ScheduleRow]:
    """The schedule's rows, contract by contract and system by system, ordered by article.

    The contracts need `organisation` and `vendor` loaded; queries: two per contract.
    """
    library, pack = default_library(), default_pack()
    for contract in contracts:
        systems = sorted(contract.systems.select_related("vendor"), key=lambda s: (s.name, s.version, s.pk))
        for facts in facts_of(systems):
            rows = []
            obligations = (facts.result or {}).get("obligations", [])
            for duty in obligations:
                allocation = library.allocation_of(duty["code"])
                rows.append(
                    ScheduleRow(
                        contract.pk,
                        str(facts.system),
                        duty["article"],
                        pack.obligation_label(duty["code"]),
                        duty["code"],
                        HOLDER_LABELS.get(duty["holder"], duty["holder"]),
                        _performer(allocation.performed_by, contract),
                        allocation.evidence,
                        parse_date(duty.get("applies_from")),
                    )
                )
            dates = {duty["code"]: parse_date(duty.get("applies_from")) for duty in obligations}
            for duty in library.vendor_duties:
                if not duty.when(facts)[0]:
                    continue
                applies_from = dates.get(duty.dated_like) if duty.dated_like else duty.applies_from
                rows.append(
                    ScheduleRow(
                        contract.pk,
                        str(facts.system),
                        duty.article,
                        duty.label,
                        duty.code,
                        VENDOR_AS_PROVIDER,
                        contract.vendor.legal_name,
                        duty.evidence,
                        applies_from,
                    )
                )
            yield from sorted(rows, key=lambda row: (_article_order(row.article), row.holder, row.code))


def schedule_html(contract: Contract, rows: list[ScheduleRow]) -> str:
    return render_to_string(
        "contracts/allocation_schedule_pdf.html",
        {"contract": contract, "rows": rows, "generated_at": timezone.now(), "library": default_library()},
    )


def write_pdf(contract: Contract, stream) -> None:
    from weasyprint import HTML

    html = schedule_html(contract, list(allocation_rows([contract])))
    HTML(string=html).write_pdf(stream)


def file_name(contract: Contract, extension: str) -> str:
    return f"allocation-schedule-contract-{contract.pk}.{extension}"
