from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Evidence packs: a PDF report, a workbook and the original files in a ZIP whose manifest proves its content.

    The top of the layer order: it reads every register through core.exporters and
    imports nothing that imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = "Evidence packs"

    def ready(self):
        from evidence import panels  # noqa: F401  registers the AI system page panel
