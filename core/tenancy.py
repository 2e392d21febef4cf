"""Which organisation a signed-in user is working in.

The current organisation is kept in the session; `?org=<slug>` on any URL switches to
another organisation the user belongs to, so links in emails work for members of several.
"""

from __future__ import annotations

from core.models import Membership

SESSION_KEY = "organisation_id"


def resolve_membership(request) -> Membership | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        request.memberships = []
        return None
    memberships = list(Membership.objects.filter(user=user).select_related("organisation", "user"))
    request.memberships = memberships
    if not memberships:
        return None
    wanted_slug = request.GET.get("org")
    if wanted_slug:
        chosen = next((m for m in memberships if m.organisation.slug == wanted_slug), None)
        if chosen:
            request.session[SESSION_KEY] = chosen.organisation_id
            return chosen
    current_id = request.session.get(SESSION_KEY)
    chosen = next((m for m in memberships if m.organisation_id == current_id), memberships[0])
    if current_id != chosen.organisation_id:
        request.session[SESSION_KEY] = chosen.organisation_id
    return chosen


def switch_organisation(request, slug: str) -> Membership | None:
    chosen = next((m for m in request.memberships if m.organisation.slug == slug), None)
    if chosen:
        request.session[SESSION_KEY] = chosen.organisation_id
        request.membership = chosen
    return chosen
