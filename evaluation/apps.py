from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # --- Waves: the phase changes open the baseline and the final questionnaire ---
        from programmes.hooks import register_phase_change, register_phase_change_check

        from .selectors.waves import phase_change_notes as waves_phase_notes
        from .services.waves import waves_on_phase_change

        register_phase_change(waves_on_phase_change)
        register_phase_change_check(waves_phase_notes)
        # --- End of waves ---
