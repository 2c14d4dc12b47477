from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """The participants' rights (RGPD): my account and my data, erasure, retention, the privacy
    page, the log of personal-data exports. The top of the stack: it reads and erases in every
    app through their services and selectors."""

    name = "rights"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the export log to personal_data_exported)
