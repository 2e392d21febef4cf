from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from compliance import panels  # noqa: F401  registers the system page panel
        from compliance.services import on_classification_saved as follow_reclassification

        on_classification_saved(follow_reclassification)
