"""The XLSX questionnaire's two steps, shared by the officer's pages and the vendor portal.

Step one reads the uploaded file and shows what would change; step two applies exactly
that (carried as a signed ticket, so no file is kept between the steps).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpResponse

from procurement import questionnaire_xlsx
from procurement.models import VendorAnswers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stored_answers(vendor) -> dict:
    return VendorAnswers.objects.filter(vendor=vendor).values_list("answers", flat=True).first() or {}


def template_response(vendor) -> HttpResponse:
    response = HttpResponse(questionnaire_xlsx.build_template(stored_answers(vendor)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="vendor-questionnaire.xlsx"'
    return response


def import_step(request, vendor, apply: Callable[[dict], object]) -> tuple[str, dict]:
    """('form' | 'preview' | 'done', context) for a GET or POST of the import page."""
    if request.method != "POST":
        return "form", {}
    try:
        if "ticket" in request.POST:
            apply(questionnaire_xlsx.answers_from_ticket(request.POST["ticket"], vendor.pk))
            return "done", {}
        answers = questionnaire_xlsx.read_upload(request.FILES.get("file"))
    except ValidationError as error:
        return "form", {"errors": error.messages}
    changes = questionnaire_xlsx.changes_between(stored_answers(vendor), answers)
    return "preview", {"changes": changes, "ticket": questionnaire_xlsx.import_ticket(vendor.pk, answers)}
