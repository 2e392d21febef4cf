from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Classification"

    def ready(self):
        from assessments import exporters, list_extras, panels  # noqa: F401  register the panel, registers, columns

        list_extras.register()
