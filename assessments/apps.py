from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Classification"

    def ready(self):
        from assessments import exporters, panels  # noqa: F401  register the system page panel and the registers
