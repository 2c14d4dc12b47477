from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from programmes.hooks import (
            register_phase_change_check,
            register_programme_figures,
            register_role_removal_check,
        )

        from .selectors import open_pair_refusal, phase_change_notes, programme_pair_figures

        # Recruitment must not take the role of someone in a pair that goes on.
        register_role_removal_check(open_pair_refusal)
        # A phase change says what it leaves behind; the programme's page counts the pairs.
        register_phase_change_check(phase_change_notes)
        register_programme_figures(programme_pair_figures)
