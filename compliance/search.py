"""The top bar's search: the organisation's vendors, AI systems, GPAI models and documents found by name.

It lives in compliance, the lowest app that sees all four kinds. Each group is one query that fetches one row
more than it shows, so the page costs the same whatever the size of the register, and says "more" instead
of counting every match.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from compliance import catalogue
from compliance.models import Document
from core.lists import search
from core.models import Organisation
from vendors.models import AiSystem, GpaiModel, Vendor

GROUP_SIZE = 10


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    detail: str = ""
    mark: str = ""  # "Archived" or "Superseded": found, but no longer in use


@dataclass(frozen=True)
class Group:
    title: str
    hits: list[Hit]
    has_more: bool
    see_all_url: str


def _group(title: str, rows: QuerySet, to_hit, list_url: str, text: str) -> Group:
    found = list(rows[: GROUP_SIZE + 1])
    return Group(
        title=title,
        hits=[to_hit(row) for row in found[:GROUP_SIZE]],
        has_more=len(found) > GROUP_SIZE,
        see_all_url=f"{reverse(list_url)}?{urlencode({'q': text})}",
    )


def _document_types_labelled(text: str) -> list[str]:
    """Codes of the document types whose label contains the text: labels live in the rule pack, not the table."""
    needle = text.casefold()
    return [code for code in catalogue.pack().document_types if needle in catalogue.label(code).casefold()]


def _vendor_hit(vendor: Vendor) -> Hit:
    return Hit(str(vendor), vendor.get_absolute_url(), vendor.trade_name, "Archived" if vendor.is_archived else "")


def _system_hit(system: AiSystem) -> Hit:
    return Hit(system.name, system.get_absolute_url(), str(system.vendor), "Archived" if system.is_archived else "")


def _model_hit(model: GpaiModel) -> Hit:
    return Hit(model.name, model.get_absolute_url(), str(model.vendor))


def _document_hit(document: Document) -> Hit:
    request = document.request
    detail = f"{request.document_label} · {request.ai_system or request.vendor}"
    return Hit(document.original_name, request.get_absolute_url(), detail, "" if document.is_current else "Superseded")


def global_search(organisation: Organisation, text: str) -> list[Group]:
    """The matching rows of each kind, one query per kind; no text, no groups."""
    text = text.strip()
    if not text:
        return []
    vendors = search(Vendor.objects.filter(organisation=organisation), ("legal_name", "trade_name"), text)
    systems = search(AiSystem.objects.filter(organisation=organisation), ("name",), text)
    models = search(GpaiModel.objects.filter(organisation=organisation), ("name",), text)
    documents = Document.objects.filter(organisation=organisation).filter(
        Q(original_name__icontains=text) | Q(request__document_type__in=_document_types_labelled(text))
    )
    return [
        _group("Vendors", vendors.order_by("legal_name", "pk"), _vendor_hit, "vendors:vendor_list", text),
        _group(
            "AI systems",
            systems.select_related("vendor").order_by("archived_at", "name", "pk"),
            _system_hit,
            "vendors:system_list",
            text,
        ),
        _group(
            "GPAI models",
            models.select_related("vendor").order_by("name", "pk"),
            _model_hit,
            "vendors:gpai_model_list",
            text,
        ),
        _group(
            "Documents",
            documents.select_related("request__ai_system", "request__vendor").order_by(
                "original_name", "-version", "pk"
            ),
            _document_hit,
            "compliance:document_list",
            text,
        ),
    ]
