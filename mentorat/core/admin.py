from django.contrib import admin

from .models import SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """What was sent and what waits (the broker was down): read-only, and without the bodies,
    which hold single-use login codes and links."""

    list_display = ["key", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["key", "to"]
    fields = ["key", "to", "language", "template", "status", "attempts", "error"]
    fields += ["created_at", "claimed_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
