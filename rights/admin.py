from django.contrib import admin

from .models import ErasureRecord, ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """The log of exports of personal data, read by staff: nobody writes or edits it by hand."""

    list_display = ["at", "user", "what", "programme", "rows"]
    list_filter = ["what"]
    list_select_related = ["user", "programme"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "what", "programme", "rows"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """That an erasure happened, when and why, and what it did: there is no one to name."""

    list_display = ["erased_on", "reason"]
    list_filter = ["reason"]
    date_hierarchy = "erased_on"
    readonly_fields = ["erased_on", "reason", "summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
