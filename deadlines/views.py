"""Deadline pages: the list ("My deadlines" and, for those who oversee them, all), the month calendar,
reminder settings, the calendar subscription page and the feed itself."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.access import Capability
from core.dates import today_in
from core.list_exports import render_or_export
from core.web import actor_of, member_required, organisation_of
from deadlines import selectors, services
from deadlines.feed import feed_calendar
from deadlines.filters import DeadlineFilter
from deadlines.forms import PolicyForm, PreferenceForm

PAGE_SIZE = 50


def _scope(request) -> tuple[str, object]:
    """("all", every deadline) for those who oversee them and ask; else ("mine", the member's)."""
    membership = request.membership
    if request.GET.get("scope") == "all" and selectors.sees_all_deadlines(membership):
        return "all", selectors.deadlines_of_organisation(membership.organisation)
    return "mine", selectors.deadlines_of_member(membership)


def _base_context(request, scope: str) -> dict:
    return {
        "scope": scope,
        "sees_all": selectors.sees_all_deadlines(request.membership),
        "today": today_in(organisation_of(request).time_zone),
    }


@member_required(Capability.READ)
def deadline_list(request):
    scope, deadlines = _scope(request)
    context = _base_context(request, scope)
    filterset = DeadlineFilter(request.GET, queryset=deadlines, request=request)
    rows = selectors.overdue_first(filterset.qs, context["today"])
    context.update(
        filter=filterset,
        page_obj=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        is_filtered=any(request.GET.get(name) for name in filterset.filters),
    )
    return render_or_export(request, "deadlines/deadline_list.html", context, export="deadlines", rows=filterset.qs)


def _month_of(request, today: dt.date) -> dt.date:
    """The month asked for (?month=YYYY-MM), else this month; the first and last years have no neighbours."""
    try:
        month = dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return today.replace(day=1)
    return month if dt.MINYEAR < month.year < dt.MAXYEAR else today.replace(day=1)


@member_required(Capability.READ)
def deadline_calendar(request):
    scope, deadlines = _scope(request)
    context = _base_context(request, scope)
    month = _month_of(request, context["today"])
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(month.year, month.month)
    by_day = defaultdict(list)
    for deadline in deadlines.filter(due_date__gte=weeks[0][0], due_date__lte=weeks[-1][-1]):
        by_day[deadline.due_date].append(deadline)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=31)).replace(day=1)
    context.update(
        month=month,
        weekdays=[calendar.day_abbr[(calendar.MONDAY + i) % 7] for i in range(7)],
        weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
        previous=previous,
        following=following,
    )
    return render(request, "deadlines/deadline_calendar.html", context)


@member_required(Capability.READ)
def preferences(request):
    """Each member's own reminders; owners also set the organisation's reminder days below."""
    actor = actor_of(request)
    policy = selectors.policy_of(organisation_of(request))
    preference = selectors.preference_of(request.membership)
    submitted = request.POST.get("form") if request.method == "POST" else None
    if submitted == "policy":
        actor.require(Capability.MANAGE_MEMBERS)
    form = PreferenceForm(request.POST if submitted == "preference" else None, policy=policy, preference=preference)
    policy_form = None
    if actor.can(Capability.MANAGE_MEMBERS):
        policy_form = PolicyForm(request.POST if submitted == "policy" else None, policy=policy)
    if submitted == "policy" and _save(request, policy_form, services.reminder_policy_update):
        return redirect("deadlines:preferences")
    if submitted == "preference" and _save(request, form, services.reminder_preference_update):
        return redirect("deadlines:preferences")
    return render(request, "deadlines/preferences.html", {"form": form, "policy_form": policy_form, "policy": policy})


def _save(request, form, service) -> bool:
    if not form.is_valid():
        return False
    try:
        service(actor=actor_of(request), data=form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, "Reminder settings saved.")
    return True


@member_required(Capability.READ)
def calendar_feed(request):
    return _feed_page(request, has_feed=hasattr(request.membership, "calendar_feed"))


def _feed_page(request, **context):
    # The events' links are built on SITE_URL (a calendar app fetches the feed without a request to learn it from).
    site_url = settings.SITE_URL
    local = urlsplit(site_url).hostname in {"127.0.0.1", "localhost", "::1"}
    return render(request, "deadlines/calendar_feed.html", {**context, "site_url": site_url, "site_url_local": local})


@member_required(Capability.READ)
@require_POST
def calendar_feed_rotate(request):
    token = services.calendar_feed_rotate(actor=actor_of(request))
    feed_url = request.build_absolute_uri(reverse("deadlines:feed", kwargs={"token": token}))
    messages.success(request, "New calendar address created. The previous address, if any, no longer works.")
    # Shown once: only the token's hash is stored, so the page cannot show it again later.
    return _feed_page(request, has_feed=True, feed_url=feed_url)


def feed(request, token: str):
    """The iCalendar feed; the secret token in the URL is the only authentication calendar apps can send."""
    subscription = selectors.calendar_feed_find(token)
    if subscription is None:
        raise Http404("No such calendar feed.")
    membership = subscription.membership
    body = feed_calendar(membership, selectors.deadlines_of_member(membership))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
