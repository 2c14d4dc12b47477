"""The rights' reactions to other apps' signals, connected in ``RightsConfig.ready``."""

from django.dispatch import receiver

from mentorat.core.signals import personal_data_exported

from .models import ExportLog


@receiver(personal_data_exported, dispatch_uid="rights_export_log")
def export_logged(sender, user, programme, what: str, rows: int, **kwargs) -> None:
    """Every export of personal data by a coordinator or staff: who, when, what (staff read it
    on /journal-des-exports/)."""
    ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        programme=programme,
        what=what[:60],
        rows=max(0, int(rows)),
    )
