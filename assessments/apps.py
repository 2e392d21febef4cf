from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Classification"

    def ready(self):
        from assessments import panels  # noqa: F401  registers the system page panel
