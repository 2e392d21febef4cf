from django.apps import AppConfig


class DutiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "duties"
    verbose_name = "Deployer duties"

    def ready(self):
        from assessments.hooks import on_classification_saved
        from contracts.hooks import on_modification_recorded
        from duties import exporters, panels, red_flags  # noqa: F401  panels and registers register on import
        from duties.selectors import lifecycle_guard
        from duties.services import on_classification_saved as follow_reclassification
        from duties.services import on_incident_reported as follow_incident
        from duties.services import on_modification_recorded as follow_logged_modification
        from duties.services import on_registry_changed as follow_modification
        from incidents.hooks import on_incident_reported
        from vendors.hooks import on_registry_changed
        from vendors.lifecycle import register_lifecycle_guard

        on_classification_saved(follow_reclassification)
        on_registry_changed(follow_modification)
        on_incident_reported(follow_incident)
        on_modification_recorded(follow_logged_modification)
        register_lifecycle_guard(lifecycle_guard)
        red_flags.register()
