"""The two assessments for the web and the API: refused answers become Django ValidationErrors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from incidents.assessment import AnswersError, assess_incident, penalty_exposure


def incident_assessment(answers: Any) -> dict:
    try:
        return assess_incident(answers)
    except AnswersError as error:
        raise ValidationError(error.errors) from None


def penalty_assessment(answers: Any) -> dict:
    try:
        return penalty_exposure(answers)
    except AnswersError as error:
        raise ValidationError(error.errors) from None
