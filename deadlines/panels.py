"""The member's own deadlines on the dashboard (see core.dashboard): overdue, and due in the next 30 days."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from core.dashboard import register_dashboard_panel
from core.dates import today_in
from deadlines.selectors import deadlines_of_member, overdue_q

DUE_SOON_DAYS = 30


@register_dashboard_panel("deadlines", template="deadlines/_dashboard_deadlines.html", order=10)
def deadlines_panel(request, organisation) -> dict:
    today = today_in(organisation.time_zone)
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    counts = deadlines_of_member(request.membership).aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=horizon)),
    )
    listing = reverse("deadlines:deadline_list")
    return {
        **counts,
        "days": DUE_SOON_DAYS,
        "overdue_link": f"{listing}?{urlencode({'overdue': 'true'})}",
        "due_soon_link": f"{listing}?{urlencode({'due_after': today, 'due_before': horizon})}",
    }
