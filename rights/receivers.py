"""The rights' reactions to other apps' signals, connected in ``RightsConfig.ready``."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from mentorat.core.signals import personal_data_exported

from .models import DataDownload, ExportLog


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


@receiver(post_delete, sender=DataDownload, dispatch_uid="rights_download_file_deleted")
def download_file_deleted(sender, instance: DataDownload, **kwargs) -> None:
    """A download's zip holds all of a person's data: it goes with its row, whoever deletes it
    (the sweep, an erasure cascading from the person, the admin). After the commit only, so that
    a rolled-back transaction (an erasure's dry run) keeps the file of the row it keeps."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
