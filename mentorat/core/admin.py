from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import EMAIL_KINDS, SentEmail


class KindFilter(admin.SimpleListFilter):
    """The kinds of e-mail by their names in words, not their template files."""

    title = _("kind of e-mail")
    parameter_name = "template"

    def lookups(self, request, model_admin):
        templates = SentEmail.objects.order_by().values_list("template", flat=True).distinct()
        labels = [(t, str(EMAIL_KINDS.get(t, t))) for t in templates]
        return sorted(labels, key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(template=self.value())


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """What was sent and what waits (the broker was down): read-only, and without the bodies,
    which hold single-use login codes and links."""

    list_display = ["to", "kind", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", KindFilter, "language"]
    search_fields = ["key", "to", "subject"]
    fields = ["to", "kind", "subject", "language", "status", "attempts", "error", "key"]
    fields += ["created_at", "claimed_at", "sent_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description=_("kind of e-mail"), ordering="template")
    def kind(self, obj: SentEmail) -> str:
        return obj.kind

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
