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
        # --- Answering: reminders of the open waves, links on the pair page ---
        from followup.hooks import register_pair_page_links

        from . import reminder_kinds
        from .selectors.answering import pair_page_links

        reminder_kinds.register()
        register_pair_page_links(pair_page_links)
        # --- end of Answering ---
