from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Vendor portal"

    def ready(self):
        from portal import audit_actions, panels, reminders  # noqa: F401  audit actions, vendor panel, reminders
