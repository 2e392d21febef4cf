"""HTML views of the core app: dashboard and organisation switching."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import tenancy
from core.web import member_required


@member_required()
def dashboard(request):
    return render(request, "core/dashboard.html")


@login_required
@require_POST
def switch_organisation(request):
    chosen = tenancy.switch_organisation(request, request.POST.get("organisation", ""))
    if chosen is None:
        messages.error(request, "You are not a member of that organisation.")
    else:
        messages.success(request, f"You are now working in {chosen.organisation.name}.")
    # Back to the dashboard: the page we came from belongs to the other organisation.
    return redirect("dashboard")
