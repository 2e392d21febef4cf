"""Helpers for HTML views: the membership decorator and the actor of a request."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.access import Actor, Capability, role_can


def member_required(capability: Capability = Capability.READ):
    """The user must be signed in, belong to an organisation and hold the capability (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.membership is None:
                return render(request, "core/no_organisation.html", status=403)
            if not role_can(request.membership.role, capability):
                raise PermissionDenied("Your role may not open this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def actor_of(request) -> Actor:
    return Actor.for_member(request.membership)


def organisation_of(request):
    return request.membership.organisation


def accepts_uploads(view):
    """Mark a view that takes files, so core.middleware lets bodies up to the upload limit through."""
    view.accepts_uploads = True
    return view
