from django.apps import AppConfig


class DutiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "duties"
    verbose_name = "Deployer duties"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from duties import panels  # noqa: F401  registers the system page and dashboard panels
        from duties.selectors import lifecycle_guard
        from duties.services import on_classification_saved as follow_reclassification
        from vendors.lifecycle import register_lifecycle_guard

        on_classification_saved(follow_reclassification)
        register_lifecycle_guard(lifecycle_guard)
