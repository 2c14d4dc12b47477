from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """The pair's life after publication: charter, meeting log, help requests, pair health."""

    name = "followup"
    verbose_name = _("Pair follow-up")

    def ready(self) -> None:
        from programmes.hooks import register_phase_change

        from . import reminder_kinds
        from .services.pair_life import pairs_complete_at_closing

        # The follow-up's reminder kinds; other apps register theirs the same way.
        reminder_kinds.register()
        # At closing, the pairs that still meet are completed.
        register_phase_change(pairs_complete_at_closing)
