"""Serializer pieces shared by every app's API."""

from __future__ import annotations

from rest_framework import serializers

from core.api_base import api_membership


class OrganisationObjectField(serializers.PrimaryKeyRelatedField):
    """An id of an object of the caller's organisation; any other id, existing elsewhere or not, is unknown."""

    def __init__(self, **kwargs):
        unknown = kwargs.pop("unknown")
        kwargs["error_messages"] = {"does_not_exist": unknown, "incorrect_type": unknown}
        super().__init__(**kwargs)

    def get_queryset(self):
        organisation = api_membership(self.context["request"]).organisation
        return super().get_queryset().filter(organisation=organisation)
