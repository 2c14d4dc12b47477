from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from programmes.hooks import register_role_removal_check

        from .selectors import open_pair_refusal

        # Recruitment must not take the role of someone in a pair that goes on.
        register_role_removal_check(open_pair_refusal)
