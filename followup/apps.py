from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """The pair's life after publication: charter, meeting log, help requests, pair health."""

    name = "followup"
    verbose_name = _("Pair follow-up")

    def ready(self) -> None:
        # The follow-up's reminder kinds; other apps register theirs the same way.
        from . import reminder_kinds

        reminder_kinds.register()
