"""Evidence pack pages: the list with the build form, one pack with its progress (htmx polling), download, retry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.access import Capability, get_scoped_or_404
from core.forms import submit
from core.web import actor_of, member_required, organisation_of
from evidence import services
from evidence.forms import PackForm, RetentionForm
from evidence.models import EvidencePack, EvidencePolicy
from evidence.services import retention_days

LIST_SIZE = 50


def _pack(request, pk) -> EvidencePack:
    packs = EvidencePack.objects.select_related("organisation", "ai_system", "vendor")
    return get_scoped_or_404(packs, organisation_of(request), pk=pk)


def _list_page(request, form: PackForm, retention_form: RetentionForm | None = None, status: int = 200):
    organisation = organisation_of(request)
    packs = EvidencePack.objects.filter(organisation=organisation).select_related("ai_system", "vendor")
    policy = EvidencePolicy(organisation=organisation, retention_days=retention_days(organisation))
    context = {
        "form": form,
        "packs": packs[:LIST_SIZE],
        "retention_days": policy.retention_days,
        "retention_form": retention_form or RetentionForm(instance=policy),
        "can_set_retention": actor_of(request).can(Capability.MANAGE_MEMBERS),
    }
    return render(request, "evidence/pack_list.html", context, status=status)


@member_required(Capability.VIEW_AUDIT)
def pack_list(request):
    initial = {key: request.GET[key] for key in ("ai_system", "vendor") if request.GET.get(key, "").isdigit()}
    return _list_page(request, PackForm(initial=initial, organisation=organisation_of(request)))


@require_POST
@member_required(Capability.VIEW_AUDIT)
def pack_create(request):
    form = PackForm(request.POST, organisation=organisation_of(request))
    done, pack = submit(form, lambda data: services.evidence_pack_request(actor=actor_of(request), **data))
    if done:
        return redirect("evidence:pack_detail", pk=pack.pk)
    return _list_page(request, form, status=400)


@member_required(Capability.VIEW_AUDIT)
def pack_detail(request, pk):
    return render(request, "evidence/pack_detail.html", {"pack": _pack(request, pk)})


@member_required(Capability.VIEW_AUDIT)
def pack_progress(request, pk):
    """The progress fragment htmx polls while the pack builds (it stops polling once done)."""
    return render(request, "evidence/_progress.html", {"pack": _pack(request, pk)})


@member_required(Capability.VIEW_AUDIT)
def pack_download(request, pk):
    pack = _pack(request, pk)
    if not pack.is_downloadable:
        return render(request, "evidence/pack_detail.html", {"pack": pack}, status=404)
    # Opened before recording: a file that cannot be served was not handed out.
    file = pack.file.open("rb")
    services.evidence_pack_download_record(actor=actor_of(request), pack=pack)
    response = FileResponse(file, as_attachment=True, filename=pack.download_name, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@member_required(Capability.VIEW_AUDIT)
def pack_retry(request, pk):
    pack = _pack(request, pk)
    try:
        services.evidence_pack_retry(actor=actor_of(request), pack=pack)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evidence:pack_detail", pk=pack.pk)


@require_POST
@member_required(Capability.MANAGE_MEMBERS)
def retention_update(request):
    organisation = organisation_of(request)
    form = RetentionForm(request.POST)
    done, _ = submit(form, lambda data: services.evidence_policy_update(actor=actor_of(request), **data))
    if done:
        messages.success(request, "Retention saved.")
        return redirect("evidence:pack_list")
    return _list_page(request, PackForm(organisation=organisation), retention_form=form, status=400)
