"""HTML pages: document requests and their documents, red flags, notified bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from compliance import catalogue, selectors, services
from compliance.filters import DocumentRequestFilter, RedFlagPageFilter
from compliance.forms import (
    AskForm,
    ChecklistForm,
    FactsForm,
    NoteForm,
    ReverificationForm,
    RiskAcceptanceForm,
    UploadForm,
    WaiveForm,
)
from compliance.models import Document, DocumentRequest, FlagState, NotifiedBody, RedFlag, RequestStatus
from compliance.search import global_search as search_groups
from core.access import Capability, get_scoped_or_404
from core.forms import add_service_errors, submit
from core.list_exports import render_or_export
from core.lists import Column, list_page
from core.web import accepts_uploads, actor_of, member_required, organisation_of
from vendors.models import AiSystem

REQUEST_COLUMNS = [
    Column("type", "Document", "document_type"),
    Column("system", "AI system", "ai_system__name"),
    Column("vendor", "Vendor", "vendor__legal_name"),
    Column("status", "State", "status"),
    Column("due", "Due", "due_date"),
    Column("updated", "Updated", "updated_at"),
]
FLAG_COLUMNS = [
    Column("severity", "Severity", "severity"),
    Column("code", "Flag", "code"),
    Column("system", "AI system", "ai_system__name"),
    Column("state", "State", "state"),
    Column("opened", "Opened", "opened_at"),
]


def _system(request, pk) -> AiSystem:
    return get_scoped_or_404(AiSystem.objects.select_related("vendor", "organisation"), organisation_of(request), pk=pk)


def _doc_request(request, pk) -> DocumentRequest:
    queryset = DocumentRequest.objects.select_related("ai_system", "vendor", "organisation")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


def _document(request, pk) -> Document:
    queryset = Document.objects.select_related("request__ai_system", "request__vendor", "organisation")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


def _back_to_system(system: AiSystem):
    return redirect(f"{system.get_absolute_url()}#documents")


# The system page's actions -------------------------------------------------------------


def _require_known_type(code: str) -> None:
    if catalogue.document_type(code) is None:
        raise Http404("No such document type.")


def _ask_vendor(request, system: AiSystem, label: str, ask: Callable[[dt.date | None], HttpResponse]):
    """Run a request action on the day given (empty: today).

    A wrong date is shown on its field, on a page of its own, so it can be corrected;
    any other refusal (archived system, already requested) is told on the system page.
    """
    form = AskForm(request.POST) if request.method == "POST" else AskForm()
    if form.is_valid():
        try:
            return ask(form.cleaned_data["requested_on"])
        except ValidationError as error:
            if not any(field in form.fields for field in getattr(error, "error_dict", {})):
                messages.error(request, " ".join(error.messages))
                return _back_to_system(system)
            add_service_errors(form, error)
    return render(request, "compliance/ask.html", {"system": system, "form": form, "label": label})


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def request_missing(request, system_pk):
    system = _system(request, system_pk)

    def ask(requested_on):
        asked = services.document_requests_create_missing(
            actor=actor_of(request), ai_system=system, requested_on=requested_on
        )
        if asked:
            messages.success(request, f"Requested {len(asked)} document(s), due {asked[0].due_date:%-d %b %Y}.")
        else:
            messages.info(request, "Nothing is missing: every required document is requested, held or waived.")
        return _back_to_system(system)

    return _ask_vendor(request, system, "missing documents", ask)


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_REGISTRY)
def request_one(request, system_pk, code):
    """POST asks today in one click; GET shows the form to record a request asked earlier."""
    system = _system(request, system_pk)
    _require_known_type(code)

    def ask(requested_on):
        doc_request = services.document_request_create(
            actor=actor_of(request), ai_system=system, document_type=code, requested_on=requested_on
        )
        messages.success(request, f"Requested {catalogue.label(code)}, due {doc_request.due_date:%-d %b %Y}.")
        return redirect(doc_request)

    return _ask_vendor(request, system, catalogue.label(code), ask)


@member_required(Capability.MANAGE_REGISTRY)
def waive_unrequested(request, system_pk, code):
    system = _system(request, system_pk)
    _require_known_type(code)
    form = WaiveForm(request.POST or None)

    def write(data):
        services.document_request_waive(
            actor=actor_of(request), ai_system=system, document_type=code, reason=data["reason"]
        )

    if request.method == "POST" and submit(form, write)[0]:
        messages.success(request, f"{catalogue.label(code)} waived.")
        return _back_to_system(system)
    context = {"system": system, "form": form, "label": catalogue.label(code)}
    return render(request, "compliance/waive.html", context)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def reverify_system(request, system_pk):
    system = _system(request, system_pk)
    form = ReverificationForm(request.POST)

    def write(data):
        services.reverification_open(
            actor=actor_of(request), ai_system=system, reason=data["reason"], note=data["note"]
        )

    if submit(form, write)[0]:
        messages.success(request, "Verification reopened for the system's verified documents.")
    else:
        messages.error(request, "Choose a reason for re-verification.")
    return _back_to_system(system)


# A request and its documents -----------------------------------------------------------


def _detail(request, doc_request: DocumentRequest, **bound):
    """The request page; `bound` replaces a blank form with one that failed, to show its errors."""
    documents = list(doc_request.documents.select_related("uploaded_by__user", "verified_by__user"))
    current = next((d for d in documents if d.is_current), None)
    forms_ = {
        "upload_form": UploadForm(),
        "refuse_form": NoteForm(),
        "waive_form": WaiveForm(),
        "reject_form": NoteForm(),
        "reverify_form": ReverificationForm(),
        "facts_form": FactsForm(instance=current) if current else None,
        "checklist_form": ChecklistForm(document=current) if current else None,
    }
    forms_.update(bound)
    can_manage = actor_of(request).can(Capability.MANAGE_REGISTRY)
    if forms_["checklist_form"] is not None and not can_manage:
        for field in forms_["checklist_form"].fields.values():
            field.disabled = True  # shown for reading: no editable controls without a way to save them
    context = {
        "doc_request": doc_request,
        "doc_type": catalogue.document_type(doc_request.document_type),
        "label": catalogue.label(doc_request.document_type),
        "transitions": doc_request.transitions.select_related("by__user"),
        "documents": documents,
        "current": current,
        "blockers": services.verification_blockers(current) if current else [],
        "reservations": services.checklist_reservations(current) if current else [],
        "reverification_events": current.reverification_events.all() if current else [],
        "can_manage": can_manage,
        "statuses": RequestStatus,
        **forms_,
    }
    return render(request, "compliance/request_detail.html", context)


@member_required(Capability.READ)
def request_detail(request, pk):
    return _detail(request, _doc_request(request, pk))


def _request_action(request, doc_request, form, form_name: str, write, done: str):
    if submit(form, write)[0]:
        messages.success(request, done)
        return redirect(doc_request)
    return _detail(request, doc_request, **{form_name: form})


@accepts_uploads
@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def request_upload(request, pk):
    doc_request = _doc_request(request, pk)
    form = UploadForm(request.POST, request.FILES)

    def write(data):
        services.document_upload(actor=actor_of(request), request=doc_request, file=data["file"])

    return _request_action(request, doc_request, form, "upload_form", write, "Document received.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def request_refuse(request, pk):
    doc_request = _doc_request(request, pk)

    def write(data):
        services.document_request_refuse(actor=actor_of(request), request=doc_request, note=data["note"])

    return _request_action(request, doc_request, NoteForm(request.POST), "refuse_form", write, "Refusal recorded.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def request_waive(request, pk):
    doc_request = _doc_request(request, pk)

    def write(data):
        services.document_request_waive(actor=actor_of(request), request=doc_request, reason=data["reason"])

    return _request_action(request, doc_request, WaiveForm(request.POST), "waive_form", write, "Document waived.")


@member_required(Capability.READ)
def document_download(request, pk):
    document = _document(request, pk)
    # Opened before recording: a file that cannot be served was not accessed.
    file = document.file.open("rb")
    services.document_download_record(actor=actor_of(request), document=document)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def document_facts(request, pk):
    document = _document(request, pk)
    form = FactsForm(request.POST, instance=document)

    def write(data):
        services.document_facts_record(actor=actor_of(request), document=document, data=data)

    return _request_action(request, document.request, form, "facts_form", write, "Facts recorded.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def document_checklist(request, pk):
    document = _document(request, pk)
    form = ChecklistForm(request.POST, document=document)

    def write(_data):
        try:
            services.checklist_mark(actor=actor_of(request), document=document, results=form.results())
        except ValidationError as error:
            # Errors are keyed by checklist item; show them on that item's note.
            raise ValidationError({f"note_{item}": msgs for item, msgs in error.message_dict.items()}) from None

    return _request_action(request, document.request, form, "checklist_form", write, "Checklist saved.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def document_verify(request, pk):
    document = _document(request, pk)
    try:
        services.document_verify(actor=actor_of(request), document=document)
    except ValidationError as error:
        messages.error(request, "Not verified: " + " ".join(error.messages))
    else:
        messages.success(request, f"Verified. Review again by {document.next_review_on:%-d %b %Y}.")
    return redirect(document.request)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def document_reject(request, pk):
    document = _document(request, pk)

    def write(data):
        services.document_reject(actor=actor_of(request), document=document, note=data["note"])

    return _request_action(request, document.request, NoteForm(request.POST), "reject_form", write, "Rejected.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def document_reverify(request, pk):
    document = _document(request, pk)

    def write(data):
        services.reverification_open(
            actor=actor_of(request), document=document, reason=data["reason"], note=data["note"]
        )

    form = ReverificationForm(request.POST)
    return _request_action(request, document.request, form, "reverify_form", write, "Verification reopened.")


@member_required(Capability.READ)
def global_search(request):
    text = request.GET.get("q", "").strip()
    groups = search_groups(organisation_of(request), text)
    return render(request, "compliance/search.html", {"q": text, "groups": groups})


# Lists ---------------------------------------------------------------------------------


@member_required(Capability.READ)
def document_list(request):
    context = list_page(
        request,
        selectors.requests_for_list(organisation_of(request)),
        filterset_class=DocumentRequestFilter,
        search_fields=("document_type", "ai_system__name", "vendor__legal_name"),
        columns=REQUEST_COLUMNS,
        default_sort="due",
    )
    rows = context["page_obj"].paginator.object_list
    return render_or_export(request, "compliance/document_list.html", context, export="documents", rows=rows)


@member_required(Capability.READ)
def red_flag_list(request):
    context = list_page(
        request,
        selectors.flags_for_list(organisation_of(request)),
        filterset_class=RedFlagPageFilter,
        search_fields=("code", "message", "ai_system__name", "vendor__legal_name"),
        columns=FLAG_COLUMNS,
        default_sort="severity",
    )
    context["can_accept"] = actor_of(request).can(Capability.ACCEPT_RISK)
    rows = context["page_obj"].paginator.object_list
    return render_or_export(request, "compliance/red_flag_list.html", context, export="red_flags", rows=rows)


@member_required(Capability.ACCEPT_RISK)
def red_flag_accept(request, pk):
    flag = get_scoped_or_404(RedFlag.objects.select_related("ai_system", "vendor"), organisation_of(request), pk=pk)
    form = RiskAcceptanceForm(request.POST or None)

    def write(data):
        services.risk_accept(actor=actor_of(request), flag=flag, justification=data["justification"])

    if request.method == "POST" and submit(form, write)[0]:
        messages.success(request, "Risk acceptance recorded.")
        return redirect("compliance:red_flag_list")
    context = {"flag": flag, "form": form, "acceptances": flag.acceptances.select_related("accepted_by__user")}
    context["is_open"] = flag.state == FlagState.OPEN
    return render(request, "compliance/red_flag_accept.html", context)


@member_required(Capability.READ)
def notified_body_list(request):
    bodies = NotifiedBody.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        bodies = bodies.filter(name__icontains=q) | bodies.filter(number=q)
    return render(request, "compliance/notified_body_list.html", {"bodies": bodies, "q": q})
