from django.apps import AppConfig


class VendorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vendors"
    verbose_name = "Vendors and AI systems"

    def ready(self):
        from vendors import exporters  # noqa: F401  registers the vendor registers for exports
