"""Forms of the reminder settings pages; they only shape input, the services validate and write."""

from __future__ import annotations

from django import forms

from deadlines.models import MAX_DAYS_BEFORE, DigestFrequency, ReminderPolicy, ReminderPreference


class PreferenceForm(forms.Form):
    digest = forms.ChoiceField(choices=DigestFrequency.choices, widget=forms.RadioSelect, label="Reminder emails")
    days_before = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Remind me before the due date",
        help_text="On the day and overdue reminders always come while you receive the digest.",
    )

    def __init__(self, *args, policy: ReminderPolicy, preference: ReminderPreference, **kwargs):
        chosen = preference.days_before if preference.days_before is not None else policy.thresholds
        kwargs.setdefault("initial", {"digest": preference.digest, "days_before": chosen})
        super().__init__(*args, **kwargs)
        self.fields["days_before"].choices = [(d, f"{d} day{'s' if d != 1 else ''} before") for d in policy.thresholds]


class PolicyForm(forms.Form):
    days_before = forms.CharField(
        label="Days before the due date", help_text="Comma-separated, for example 30, 7, 1.", max_length=100
    )
    on_the_day = forms.BooleanField(required=False, label="Remind on the due date")
    overdue_every_days = forms.IntegerField(
        min_value=0, max_value=MAX_DAYS_BEFORE, label="Repeat every … days while overdue", help_text="0: never."
    )
    escalate_after_days = forms.IntegerField(
        min_value=0,
        max_value=MAX_DAYS_BEFORE,
        label="Escalate to compliance after … days overdue",
        help_text="0: never.",
    )

    def __init__(self, *args, policy: ReminderPolicy, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "days_before": ", ".join(str(d) for d in policy.thresholds),
                "on_the_day": policy.on_the_day,
                "overdue_every_days": policy.overdue_every_days,
                "escalate_after_days": policy.escalate_after_days,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_days_before(self) -> list[int]:
        parts = [part.strip() for part in self.cleaned_data["days_before"].split(",") if part.strip()]
        if not all(part.isdigit() and 0 < int(part) <= MAX_DAYS_BEFORE for part in parts):
            raise forms.ValidationError(
                f"Give whole numbers of days between 1 and {MAX_DAYS_BEFORE}, separated by commas."
            )
        return [int(part) for part in parts]
