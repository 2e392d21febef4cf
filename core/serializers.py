"""Serializer pieces shared by every app's API."""

from __future__ import annotations

from django.db import models
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


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, except that a read-only choice field that may be blank says so.

    DRF drops `allow_blank` from read-only fields, so the published schema's enum left out
    the "" that such a field (a fact not recorded yet) really returns.
    """

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if self._blank_choices(model_field, kwargs):
            kwargs["allow_blank"] = True
        return field_class, kwargs

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank_choices = bool(kwargs.get("choices")) and kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choices:
            kwargs["allow_blank"] = True
        return kwargs

    @staticmethod
    def _blank_choices(model_field, kwargs) -> bool:
        return bool(kwargs.get("choices")) and model_field.blank and isinstance(model_field, models.CharField)
