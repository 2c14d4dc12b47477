from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # --- Answering: reminders of the open waves, links on the pair page ---
        from followup.hooks import register_pair_page_links

        from . import reminder_kinds
        from .selectors.answering import pair_page_links

        reminder_kinds.register()
        register_pair_page_links(pair_page_links)
        # --- end of Answering ---
