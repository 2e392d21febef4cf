"""Columns and filters that upper apps add to the vendor and AI system lists (risk tier, open flags, documents).

vendors knows nothing of classifications or red flags; assessments and compliance register here in their
`AppConfig.ready()`. Each extra reads its values for the shown rows only, in a fixed number of queries, so a
list page costs the same at any size; its filters narrow the queryset before the page is cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import django_filters
from django.core.exceptions import ImproperlyConfigured

VENDORS = "vendors"
AI_SYSTEMS = "ai_systems"


@dataclass(frozen=True)
class ListExtra:
    key: str
    label: str  # the column header
    template: str  # renders one cell from `value` (None when the row has none)
    values: Callable[[list], Mapping[int, object]]  # shown rows → {row pk: value}, in constant queries
    filters: Mapping[str, django_filters.Filter] = field(default_factory=dict)
    order: int = 100


_EXTRAS: dict[str, dict[str, ListExtra]] = {VENDORS: {}, AI_SYSTEMS: {}}


def register_list_extra(list_name: str, extra: ListExtra) -> ListExtra:
    if list_name not in _EXTRAS:
        raise ImproperlyConfigured(f"No list called {list_name!r}; lists: {', '.join(_EXTRAS)}")
    if extra.key in _EXTRAS[list_name]:
        raise ImproperlyConfigured(f"The {list_name} list already has a column {extra.key!r}")
    _EXTRAS[list_name][extra.key] = extra
    return extra


def list_extras(list_name: str) -> list[ListExtra]:
    return sorted(_EXTRAS[list_name].values(), key=lambda extra: (extra.order, extra.key))


def filterset_with_extras(list_name: str, base: type[django_filters.FilterSet]) -> type[django_filters.FilterSet]:
    """The list's filter set with the registered extras' filters declared on it."""
    filters = {name: f for extra in list_extras(list_name) for name, f in extra.filters.items()}
    return type(base.__name__, (base,), filters) if filters else base


def decorate_with_extras(list_name: str, rows: list) -> list:
    """Give each shown row `extra_cells`: (extra, value) in column order."""
    extras = list_extras(list_name)
    values = [(extra, extra.values(rows)) for extra in extras] if rows else []
    for row in rows:
        row.extra_cells = [(extra, by_pk.get(row.pk)) for extra, by_pk in values]
    return rows
