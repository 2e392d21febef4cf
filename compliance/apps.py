from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from compliance import exporters, overview, panels  # noqa: F401  register panels and registers
        from compliance.services import on_classification_saved as follow_reclassification
        from compliance.services import on_registry_changed as follow_registry
        from vendors.hooks import on_registry_changed

        on_classification_saved(follow_reclassification)
        on_registry_changed(follow_registry)
