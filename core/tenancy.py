"""Which organisation a signed-in user is working in.

The current organisation is kept in the session; `?org=<slug>` on any URL switches to
another organisation the user belongs to, so links in emails work for members of several.
A new session starts in the organisation the user last chose (never simply the first by
name: joining another organisation must not move where one's work is stored).
"""

from __future__ import annotations

from django.utils import timezone

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
            _remember(request, chosen)
            return chosen
    current_id = request.session.get(SESSION_KEY)
    chosen = next((m for m in memberships if m.organisation_id == current_id), None) or last_chosen(memberships)
    if current_id != chosen.organisation_id:
        request.session[SESSION_KEY] = chosen.organisation_id
    return chosen


def last_chosen(memberships: list[Membership]) -> Membership:
    """The membership chosen most recently; never chosen ones by age, the oldest first."""
    chosen = [m for m in memberships if m.last_chosen_at is not None]
    if chosen:
        return max(chosen, key=lambda m: m.last_chosen_at)
    return min(memberships, key=lambda m: (m.created_at, m.pk))


def _remember(request, chosen: Membership) -> None:
    if request.session.get(SESSION_KEY) != chosen.organisation_id:
        request.session[SESSION_KEY] = chosen.organisation_id
        chosen.last_chosen_at = timezone.now()
        Membership.objects.filter(pk=chosen.pk).update(last_chosen_at=chosen.last_chosen_at)


def switch_to(request, membership: Membership) -> None:
    _remember(request, membership)
    request.membership = membership


def switch_organisation(request, slug: str) -> Membership | None:
    chosen = next((m for m in request.memberships if m.organisation.slug == slug), None)
    if chosen:
        switch_to(request, chosen)
    return chosen
