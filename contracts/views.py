"""HTML pages: contracts list, a contract with its clause checklist, allocation schedule, modification log."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from contracts import schedule, selectors, services
from contracts.exporters import write_schedule_xlsx
from contracts.filters import ContractFilter
from contracts.forms import ClauseForm, ContractForm, ModificationForm
from contracts.library import default_library
from contracts.models import ClauseState, ClauseStatus, Contract
from core.access import Capability, get_scoped_or_404
from core.dates import today_in
from core.forms import add_service_errors, submit
from core.lists import Column, list_page
from core.web import accepts_uploads, actor_of, member_required, organisation_of
from vendors.models import AiSystem, Vendor

CONTRACT_COLUMNS = [
    Column("title", "Contract", "title"),
    Column("vendor", "Vendor", "vendor__legal_name"),
    Column("starts", "Starts", "starts_on"),
    Column("ends", "Ends", "ends_on"),
    Column("missing", "Clauses missing", "missing_mandatory"),
]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _contract(request, pk) -> Contract:
    queryset = Contract.objects.select_related("vendor", "organisation")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


@member_required()
def contract_list(request):
    context = list_page(
        request,
        selectors.contract_list(organisation_of(request)),
        filterset_class=ContractFilter,
        search_fields=("title", "reference", "vendor__legal_name"),
        columns=CONTRACT_COLUMNS,
        default_sort="title",
    )
    context["can_manage"] = actor_of(request).can(Capability.MANAGE_CONTRACTS)
    context["today"] = today_in(organisation_of(request).time_zone)
    return render(request, "contracts/contract_list.html", context)


def _contract_data(data: dict) -> dict:
    return {field: data[field] for field in services.CONTRACT_FIELDS if field in data}


@accepts_uploads
@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_CONTRACTS)
def contract_create(request):
    organisation = organisation_of(request)
    vendor = None
    if request.GET.get("vendor"):
        vendor = get_scoped_or_404(Vendor.objects.all(), organisation, pk=request.GET["vendor"])
    initial = {"vendor": vendor, "systems": list(vendor.ai_systems.filter(archived_at__isnull=True)) if vendor else []}
    form = ContractForm(
        request.POST or None, request.FILES or None, organisation=organisation, vendor=vendor, initial=initial
    )

    def write(data):
        return services.contract_create(
            actor=actor_of(request), data=_contract_data(data), systems=data["systems"], file=data["signed_file"]
        )

    if request.method == "POST":
        done, contract = submit(form, write)
        if done:
            messages.success(request, f"Recorded {contract.title}. Mark each clause of the checklist below.")
            return redirect(contract)
    return render(request, "contracts/contract_form.html", {"form": form, "vendor": vendor})


@accepts_uploads
@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_CONTRACTS)
def contract_edit(request, pk):
    contract = _contract(request, pk)
    initial = {field: getattr(contract, field) for field in services.CONTRACT_FIELDS}
    initial["systems"] = list(contract.systems.all())
    form = ContractForm(
        request.POST or None,
        request.FILES or None,
        organisation=contract.organisation,
        vendor=contract.vendor,
        initial=initial,
    )

    def write(data):
        actor = actor_of(request)
        updated = services.contract_update(
            actor=actor, contract=contract, data=_contract_data(data), systems=data["systems"]
        )
        if data["signed_file"]:
            services.contract_file_upload(actor=actor, contract=updated, file=data["signed_file"])
        return updated

    if request.method == "POST" and submit(form, write)[0]:
        messages.success(request, "Saved the contract.")
        return redirect(contract)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": contract})


def _checklist_rows(contract: Contract) -> list[dict]:
    library = default_library()
    rows = []
    for status in contract.clauses.all().prefetch_related("history"):
        rows.append({"status": status, "clause": library.clause(status.clause_code)})
    rows.sort(key=lambda row: (not row["status"].required, row["status"].clause_code))
    return rows


@member_required()
def contract_detail(request, pk):
    contract = _contract(request, pk)
    context = {
        "contract": contract,
        "systems": list(contract.systems.all()),
        "rows": _checklist_rows(contract),
        "states": ClauseState.choices,
        "notice_date": services.notice_date(contract),
        "can_manage": actor_of(request).can(Capability.MANAGE_CONTRACTS),
        "today": today_in(contract.organisation.time_zone),
    }
    return render(request, "contracts/contract_detail.html", context)


def _clause(request, pk) -> ClauseStatus:
    queryset = ClauseStatus.objects.select_related("contract__organisation", "contract__vendor")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


@require_POST
@member_required(Capability.MANAGE_CONTRACTS)
def clause_state(request, pk):
    """One click sets the state; an htmx request gets the row back, a plain form post the page."""
    status = _clause(request, pk)
    error = ""
    try:
        status = services.clause_status_set(actor=actor_of(request), clause=status, state=request.POST.get("state", ""))
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.headers.get("HX-Request"):
        status.refresh_from_db()
        row = {"status": status, "clause": default_library().clause(status.clause_code)}
        context = {"row": row, "states": ClauseState.choices, "can_manage": True, "error": error}
        return render(request, "contracts/_clause_row.html", context, status=422 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(f"{status.contract.get_absolute_url()}#clause-{status.pk}")


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_CONTRACTS)
def clause_edit(request, pk):
    status = _clause(request, pk)
    initial = {name: getattr(status, name) for name in services.CLAUSE_FIELDS}
    form = ClauseForm(request.POST or None, initial=initial)

    def write(data):
        return services.clause_status_set(actor=actor_of(request), clause=status, **data)

    if request.method == "POST" and submit(form, write)[0]:
        messages.success(request, "Saved the clause.")
        return redirect(f"{status.contract.get_absolute_url()}#clause-{status.pk}")
    context = {"form": form, "status": status, "clause": default_library().clause(status.clause_code)}
    return render(request, "contracts/clause_form.html", context)


@member_required()
def contract_file(request, pk):
    contract = _contract(request, pk)
    if not contract.signed_file:
        raise Http404("No signed file.")
    services.contract_file_download_record(actor=actor_of(request), contract=contract)
    return FileResponse(
        contract.signed_file.open("rb"),
        as_attachment=True,
        filename=contract.signed_file_name,
        content_type=contract.signed_file_content_type,
    )


def schedule_response(contract: Contract, fmt: str) -> FileResponse:
    """The allocation schedule as a download (the page and the API share it)."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Choose pdf or xlsx.")
    stream = io.BytesIO()
    (schedule.write_pdf if fmt == "pdf" else write_schedule_xlsx)(contract, stream)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=schedule.file_name(contract, fmt), content_type=CONTENT_TYPES[fmt]
    )


@member_required()
def allocation_schedule(request, pk, fmt):
    return schedule_response(_contract(request, pk), fmt)


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_REGISTRY)
def modification_create(request, system_pk):
    """Log a change; when it fires an Art 25 trigger, the page shows the preview and asks to confirm.

    The confirmation names the grounds that were shown: an entry edited after its preview,
    whose triggers differ, is previewed again rather than saved.
    """
    system = get_scoped_or_404(
        AiSystem.objects.select_related("vendor", "organisation"), organisation_of(request), pk=system_pk
    )
    form = ModificationForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, actor_of(request)
        try:
            preview = services.modification_preview(actor=actor, ai_system=system, data=data)
            grounds = ",".join(trigger.ground for trigger in preview.triggers)
            if not preview.triggers or data["confirm"] == grounds:
                services.modification_record(actor=actor, ai_system=system, data=data, confirm=bool(grounds))
                messages.success(request, "Logged the modification.")
                return redirect(f"{system.get_absolute_url()}#contract")
            form = ModificationForm({**request.POST.dict(), "confirm": grounds})
            form.is_valid()
        except ValidationError as error:
            preview = None
            add_service_errors(form, error)
    return render(request, "contracts/modification_form.html", {"form": form, "system": system, "preview": preview})
