from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procurement"
    verbose_name = "Procurement"

    def ready(self):
        from procurement import audit_actions  # noqa: F401  register the audit actions
