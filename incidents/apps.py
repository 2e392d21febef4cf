from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    """Serious incidents (Art 73 clocks, reports, authority routing) and penalty exposure (Art 99-101)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "incidents"
    verbose_name = "Serious incidents"

    def ready(self):
        from incidents import exporters, exposure_sources, prefill, red_flags  # noqa: F401  register on import

        exposure_sources.register()
        red_flags.register()
