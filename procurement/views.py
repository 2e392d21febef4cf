"""HTML pages of procurement: the board, opening a request, its page with what blocks it, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.access import Capability, get_scoped_or_404, role_can
from core.dates import today_in
from core.forms import add_service_errors, submit
from core.selectors import members_of
from core.web import accepts_uploads, actor_of, member_required, organisation_of
from procurement import gates, questionnaire_views, selectors, services
from procurement.forms import AcceptanceForm, DecisionForm, ProcurementRequestForm
from procurement.models import GateAcceptance, ProcurementRequest, Stage
from procurement.questionnaire import QUESTIONS, display_value
from vendors.models import Vendor

BOARD_PAGE_SIZE = 25  # the rows whose gates are evaluated, so a page costs the same whatever the total
# Each stage: who moves it forward and what it checks (the blocking items come from procurement.gates).
STAGES = [
    (Stage.INTAKE, "Requester", "Business need, users, data and countries recorded."),
    (Stage.CLASSIFICATION, "Compliance officer", "The system is classified; a prohibited practice ends here."),
    (
        Stage.DOCUMENTS,
        "Compliance officer",
        "High-risk: declaration of conformity and CE marking verified, certificate and registration where "
        "required; no open critical red flag.",
    ),
    (Stage.CONTRACT, "Legal", "High-risk: a contract with every mandatory clause present or waived."),
    (Stage.READINESS, "Compliance officer", "High-risk: the deployer's pre-use duties done (Art 26, 27)."),
    (Stage.DECISION, "Approver", "Approve, approve with conditions, or reject, with reasons."),
]


def _request(request, pk) -> ProcurementRequest:
    return get_scoped_or_404(selectors.requests_visible_to(request.membership), organisation_of(request), pk=pk)


@member_required()
def board(request):
    """Open requests by stage, oldest first, each with what blocks it."""
    open_requests = selectors.requests_visible_to(request.membership).filter(decision="").order_by("created_at", "pk")
    page_obj = Paginator(open_requests, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    results = gates.evaluate_many(page_obj.object_list)
    today = today_in(organisation_of(request).time_zone)
    columns = {stage: [] for stage, _, _ in STAGES}
    for row in page_obj.object_list:
        result = results[row.pk]
        columns[result.stage].append(
            {
                "request": row,
                "age": (today - row.created_at.date()).days,
                "blocking": result.blocking[:1],
                "result": result,
            }
        )
    return render(
        request,
        "procurement/board.html",
        {
            "columns": [(stage, owner, columns[stage]) for stage, owner, _ in STAGES],
            "page_obj": page_obj,
            "decided": selectors.decision_counts(request.membership),
            "can_create": role_can(request.membership.role, Capability.CREATE_OWN_REGISTRY),
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Capability.CREATE_OWN_REGISTRY)
def request_create(request):
    organisation = organisation_of(request)
    form = ProcurementRequestForm(request.POST or None, organisation=organisation, initial=request.GET.dict())
    if request.method == "POST":
        done, created = submit(
            form,
            lambda data: services.procurement_request_create(
                actor=actor_of(request), ai_system=data["ai_system"], data=data
            ),
        )
        if done:
            messages.success(request, "Request opened.")
            return redirect(created)
    return render(request, "procurement/request_form.html", {"form": form})


def _detail_context(request, row: ProcurementRequest) -> dict:
    result = gates.evaluate(row)
    role = request.membership.role
    blocking_by_stage = {stage: [b for b in result.blocking if b.stage == stage] for stage, _, _ in STAGES}
    return {
        "row": row,
        "result": result,
        "stages": [(stage, owner, checklist, blocking_by_stage[stage]) for stage, owner, checklist in STAGES],
        "acceptances": row.acceptances.select_related("accepted_by__user", "confirmed_by__user"),
        "conditions": row.conditions.select_related("owner__user"),
        "can_accept": role_can(role, Capability.ACCEPT_RISK) and not row.is_decided,
        "can_confirm": role in services.CONFIRMING_ROLES,
        "can_send_link": role_can(role, Capability.MANAGE_REGISTRY),
        "can_decide": role_can(role, Capability.APPROVE) and not row.is_decided,
        "acceptance_form": AcceptanceForm(),
        "decision_form": DecisionForm(members=members_of(row.organisation)),
    }


@member_required()
def request_detail(request, pk):
    return render(request, "procurement/request_detail.html", _detail_context(request, _request(request, pk)))


@require_POST
@member_required(Capability.ACCEPT_RISK)
def acceptance_record(request, pk):
    row = _request(request, pk)
    form = AcceptanceForm(request.POST)
    done, _ = submit(
        form,
        lambda data: services.gate_acceptance_record(
            actor=actor_of(request),
            request=row,
            code=data["code"],
            justification=data["justification"],
            review_on=data["review_on"],
        ),
    )
    if done:
        messages.success(request, "Risk accepted.")
        return redirect(row)
    context = _detail_context(request, row)
    context["acceptance_form"] = form
    return render(request, "procurement/request_detail.html", context, status=400)


@require_POST
@member_required()
def acceptance_confirm(request, pk):
    acceptance = get_scoped_or_404(GateAcceptance.objects.select_related("request"), organisation_of(request), pk=pk)
    row = _request(request, acceptance.request_id)
    try:
        services.gate_acceptance_confirm(actor=actor_of(request), acceptance=acceptance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Confirmed as second person.")
    return redirect(row)


@require_POST
@member_required(Capability.APPROVE)
def request_decide(request, pk):
    row = _request(request, pk)
    form = DecisionForm(request.POST, members=members_of(row.organisation))
    if form.is_valid():
        try:
            services.procurement_request_decide(
                actor=actor_of(request),
                request=row,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                conditions=form.conditions(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(row)
    context = _detail_context(request, row)
    context["decision_form"] = form
    return render(request, "procurement/request_detail.html", context, status=400)


# The vendor questionnaire (officer's side) ---------------------------------------------


def _vendor(request, pk) -> Vendor:
    return get_scoped_or_404(Vendor.objects.all(), organisation_of(request), pk=pk)


@member_required()
def vendor_questionnaire(request, vendor_pk):
    vendor = _vendor(request, vendor_pk)
    answers = questionnaire_views.stored_answers(vendor)
    rows = [(q, display_value(q, answers.get(q.key, ""))) for q in QUESTIONS]
    can_manage = role_can(request.membership.role, Capability.MANAGE_REGISTRY)
    return render(
        request, "procurement/vendor_questionnaire.html", {"vendor": vendor, "rows": rows, "can_manage": can_manage}
    )


@member_required(Capability.MANAGE_REGISTRY)
def vendor_questionnaire_xlsx(request, vendor_pk):
    return questionnaire_views.template_response(_vendor(request, vendor_pk))


@accepts_uploads
@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_REGISTRY)
def vendor_questionnaire_import(request, vendor_pk):
    vendor = _vendor(request, vendor_pk)
    step, context = questionnaire_views.import_step(
        request,
        vendor,
        lambda answers: services.vendor_answers_import(
            actor=actor_of(request), vendor=vendor, answers=answers, via="xlsx"
        ),
    )
    if step == "done":
        messages.success(request, "Imported the questionnaire's answers.")
        return redirect("procurement:vendor_questionnaire", vendor_pk=vendor.pk)
    status = 400 if context.get("errors") else 200
    return render(
        request, "procurement/questionnaire_import.html", {"vendor": vendor, "step": step, **context}, status=status
    )
