from django.apps import AppConfig


class ContractsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from contracts import exporters, panels, red_flags  # noqa: F401  register the registers and the system page panel
        from contracts.services import on_classification_saved as follow_reclassification

        red_flags.register()
        on_classification_saved(follow_reclassification)
