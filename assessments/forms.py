"""Questionnaire forms built from the rule pack's questions.

A section's form holds only the questions visible for the answers so far. Fields are
named after the answer keys with dots replaced, since dots are awkward in HTML names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from assessments.presentation import format_answer_value

YES, NO = "yes", "no"
NONE_OF_THESE = "__none__"  # the explicit "none of these" box of a multi question that has one


def field_name(question_id: str) -> str:
    return question_id.replace(".", "__")


def _choices(question) -> list[tuple[str, str]]:
    choices = [(option.value, option.label) for option in question.options]
    return [*choices, (NONE_OF_THESE, question.none_option)] if question.none_option else choices


def form_field(question) -> forms.Field:
    common = {"label": question.text, "required": False, "help_text": question.help}
    if question.type == "bool":
        return forms.ChoiceField(choices=[(YES, "Yes"), (NO, "No")], widget=forms.RadioSelect, **common)
    if question.type == "enum":
        return forms.ChoiceField(choices=_choices(question), widget=forms.RadioSelect, **common)
    if question.type == "multi":
        return forms.MultipleChoiceField(choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common)
    if question.type == "number":
        return forms.FloatField(min_value=0, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if question.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    raise ValueError(f"unsupported question type {question.type!r}")


def initial_value(question, answers: dict[str, Any]) -> Any:
    if question.id not in answers:
        return None
    return form_value(question, answers[question.id])


def form_value(question, value: Any) -> Any:
    """An answer value as the form field holds it."""
    if question.type == "bool":
        return YES if value else NO
    if question.type == "multi" and question.none_option and value == []:
        return [NONE_OF_THESE]
    return value


class SectionForm(forms.Form):
    """The visible questions of one section, parsed back into answer values.

    `prefilled` (key → assessments.prefill.Prefill) marks answers taken from the register;
    `presumed` (key → value) are the rules' inferences for unanswered questions, shown
    selected so that saving the section confirms them.
    """

    def __init__(self, questions, answers: dict[str, Any], *args, prefilled=None, presumed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        prefilled, presumed = prefilled or {}, presumed or {}
        for question in self.questions:
            field = form_field(question)
            field.initial = initial_value(question, answers)
            field.citation = question.citation
            # Blank is a valid answer: say what the engine will assume instead (spec: defaults).
            field.if_blank = format_answer_value(question, question.default) if question.default is not None else ""
            field.prefilled_from = prefilled[question.id].source if question.id in prefilled else ""
            field.presumed = ""
            if question.id not in answers and question.id in presumed:
                field.initial = form_value(question, presumed[question.id])
                field.presumed = format_answer_value(question, presumed[question.id])
            self.fields[field_name(question.id)] = field

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            ticked = cleaned.get(field_name(question.id)) or []
            if question.type == "multi" and NONE_OF_THESE in ticked and len(ticked) > 1:
                self.add_error(
                    field_name(question.id), f"Tick either “{question.none_option}” or the ones that apply, not both."
                )
        return cleaned

    def answers(self) -> tuple[dict[str, Any], list[str]]:
        """(answered values by key, keys the person left blank) from cleaned data."""
        answered: dict[str, Any] = {}
        blank: list[str] = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question.id))
            parsed = _to_answer(question, value)
            if parsed is None:
                blank.append(question.id)
            else:
                answered[question.id] = parsed
        return answered, blank


def _to_answer(question, value: Any) -> Any:
    if question.type == "multi" and question.none_option:
        # Only the explicit box says "none of these"; nothing ticked is a question left blank.
        ticked = list(value or [])
        return [] if NONE_OF_THESE in ticked else (ticked or None)
    if question.type == "multi":
        return list(value or [])  # nothing ticked is an answer: "none of these"
    if value in (None, ""):
        return None
    if question.type == "bool":
        return value == YES
    if question.type == "number":
        return float(value)
    if question.type == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return value
