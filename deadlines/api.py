"""Read-only API of the deadline calendar; deadlines are written only by their sources."""

from __future__ import annotations

from core.api_base import ScopedReadOnlyViewSet
from core.dates import today_in
from deadlines import selectors
from deadlines.filters import DeadlineFilter
from deadlines.models import Deadline
from deadlines.serializers import DeadlineSerializer


class DeadlineViewSet(ScopedReadOnlyViewSet):
    queryset = Deadline.objects.all()
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    search_fields = ["title"]
    ordering_fields = ["due_date", "kind", "updated_at"]
    ordering = ["due_date", "pk"]

    def organisation_queryset(self, organisation):
        return selectors.deadlines_of_organisation(organisation)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["today"] = today_in(self.organisation.time_zone)
        return context
