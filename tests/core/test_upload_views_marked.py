"""Every view that reads uploaded files is marked, so the body-size middleware lets its files through.

core.middleware refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413) unless the view is marked
with core.web.accepts_uploads; an unmarked upload view would refuse every real-sized file.
"""

from __future__ import annotations

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from core.middleware import takes_uploads

FILE_MARKERS = ("request.FILES", "MultiPartParser")


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _source_of(callback) -> str:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    target = view_class or inspect.unwrap(callback)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


def _ours(callback) -> bool:
    module = getattr(getattr(callback, "cls", None) or callback, "__module__", "") or ""
    return not module.startswith(("django.", "rest_framework.", "drf_spectacular"))


def test_it_marks_every_view_that_reads_files():
    unmarked = sorted(
        route
        for route, callback in _patterns(get_resolver())
        if _ours(callback) and any(m in _source_of(callback) for m in FILE_MARKERS) and not takes_uploads(callback)
    )
    assert unmarked == []


def test_it_finds_the_upload_views_it_guards():
    marked = [route for route, callback in _patterns(get_resolver()) if takes_uploads(callback)]
    # Documents, contracts, incidents, duties, trainings, the portal and the questionnaire import at least.
    assert len(marked) >= 9
