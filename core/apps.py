from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Organisations and audit log"

    def ready(self):
        # Every app's audit actions are known from start-up, so the log words events of any app.
        autodiscover_modules("audit_actions")
