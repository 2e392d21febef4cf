"""The vendor's pages, reached through a portal link without an account.

A separate interface: its own templates (no navigation of the internal app), no session,
no messages (no cookie but CSRF's), the token kept out of Referer headers to other sites (same-origin:
Django's CSRF check needs the Origin a stricter policy would blank), every call
rate-limited per address and audited.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from core.request_context import current_request_context
from core.web import accepts_uploads
from portal import services, throttle
from procurement import questionnaire_views
from procurement.forms import QuestionnaireForm
from procurement.models import VendorAnswers
from procurement.questionnaire import QUESTIONS, answered_count

PRIVATE_HEADERS = {
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


def _private(response: HttpResponse) -> HttpResponse:
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def portal_view(view):
    """Rate limit, resolve the token to a usable link (else 404 or 410), audit the use, set private headers."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        if not throttle.allow(current_request_context().ip_address):
            return _private(render(request, "portal/message.html", {"title": "Too many requests"}, status=429))
        link = services.find_link(token)
        if link is None:
            return _private(render(request, "portal/message.html", {"title": "Link not found"}, status=404))
        services.portal_link_use(link=link, what=f"{request.method} {view.__name__}")
        if not link.is_active_at(timezone.now()):
            return _private(render(request, "portal/message.html", {"title": "This link no longer works"}, status=410))
        try:
            response = view(request, link, token, *args, **kwargs)
        except PermissionDenied:  # expired or revoked between the check and the write
            response = render(request, "portal/message.html", {"title": "This link no longer works"}, status=410)
        return _private(response)

    return wrapped


def _home_context(link, token, **extra) -> dict:
    answers = VendorAnswers.objects.filter(vendor=link.vendor).values_list("answers", flat=True).first() or {}
    requests = list(services.shown_requests(link))
    comments = services.comments_by_request(link, requests)
    for row in requests:
        row.vendor_comments = comments.get(row.pk, [])
    return {
        "link": link,
        "token": token,
        "vendor": link.vendor,
        "requests": requests,
        "open_ids": set(services.open_requests(link).values_list("pk", flat=True)),
        "submissions": services.submissions_of(link),
        "answered": answered_count(answers),
        "question_count": len(QUESTIONS),
        **extra,
    }


@require_http_methods(["GET"])
@portal_view
def home(request, link, token):
    return render(request, "portal/home.html", _home_context(link, token))


@require_http_methods(["GET", "POST"])
@portal_view
def questionnaire(request, link, token):
    stored = VendorAnswers.objects.filter(vendor=link.vendor).values_list("answers", flat=True).first() or {}
    form = QuestionnaireForm(request.POST or None, initial=stored)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_answers_save(link=link, answers=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("portal_vendor:home", token=token)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/questionnaire.html", {"form": form, "token": token, "vendor": link.vendor}, status=status
    )


@accepts_uploads
@require_POST
@portal_view
def upload(request, link, token, request_id):
    try:
        services.portal_upload(link=link, request_id=request_id, file=request.FILES.get("file"))
    except ValidationError as error:
        context = _home_context(link, token, error_request=int(request_id), errors=error.messages)
        return render(request, "portal/home.html", context, status=400)
    return redirect("portal_vendor:home", token=token)


@require_POST
@portal_view
def comment(request, link, token, request_id):
    try:
        services.portal_comment(link=link, request_id=request_id, text=request.POST.get("text", ""))
    except ValidationError as error:
        context = _home_context(link, token, error_request=int(request_id), errors=error.messages)
        return render(request, "portal/home.html", context, status=400)
    return redirect("portal_vendor:home", token=token)


@require_http_methods(["GET"])
@portal_view
def questionnaire_xlsx(request, link, token):
    return questionnaire_views.template_response(link.vendor)


@accepts_uploads
@require_http_methods(["GET", "POST"])
@portal_view
def questionnaire_import(request, link, token):
    step, context = questionnaire_views.import_step(
        request, link.vendor, lambda answers: services.portal_answers_import(link=link, answers=answers)
    )
    if step == "done":
        return redirect("portal_vendor:home", token=token)
    status = 400 if context.get("errors") else 200
    context = {"vendor": link.vendor, "token": token, "step": step, **context}
    return render(request, "portal/questionnaire_import.html", context, status=status)
