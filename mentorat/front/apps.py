from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The top of the stack: home page, demo data, error pages. It may import every app."""

    name = "mentorat.front"
    label = "front"
    verbose_name = _("Home")
