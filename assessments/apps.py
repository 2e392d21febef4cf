from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Classification"

    def ready(self):
        from assessments import activity, exporters, list_extras, panels  # noqa: F401  panel, registers, activity

        list_extras.register()
