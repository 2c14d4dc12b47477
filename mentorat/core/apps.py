from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom of the stack: e-mails and shared models. It imports no app."""

    name = "mentorat.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import ids

        # Before any URL configuration is read: the routes say <id:pk>.
        ids.register()
