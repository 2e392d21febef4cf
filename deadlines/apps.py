from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """One calendar of every due date, and the reminders sent about them.

    Sources (document requests, reviews, certificate expiries, regulatory dates, and
    later contracts and incidents) push their dates here through `deadline_sync`; the
    reminder code reads only `Deadline` rows and never knows the sources.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "deadlines"
    verbose_name = "Deadlines and reminders"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from deadlines import exporters, panels  # noqa: F401  register the dashboard panel and the register
        from deadlines.regulatory import regulatory_deadlines_sync

        on_classification_saved(regulatory_deadlines_sync)
