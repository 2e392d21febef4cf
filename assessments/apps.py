from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Classification"

    def ready(self):
        from assessments import list_extras, panels  # noqa: F401  panels registers the system page panel

        list_extras.register()
