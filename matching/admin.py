"""The platform team's view of matching: runs and their proposals are records of what was
computed, hence read-only; rules, incompatibilities and pairs can be corrected. Writes that
matter (publishing, answering) go through the services and the coordinator's pages."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .explanations import describe_criterion, describe_issue, describe_unmatched
from .models import (
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRule,
    ProposedPair,
    UnmatchedMentee,
)

PEOPLE = ["mentor__user", "mentee__user"]


def _sentences(sentences) -> str:
    """Stored codes shown as the sentences the pages show, one per line, not as JSON."""
    sentences = list(sentences)
    if not sentences:
        return "—"
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
    )


def _figure(value) -> str:
    return formats.number_format(value, 1) if isinstance(value, float) else str(value)


class CriteriaMixin:
    @admin.display(description=_("criteria"))
    def criteria_sentences(self, obj) -> str:
        return _sentences(describe_criterion(c) for c in obj.criteria or [])


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ["programme", "created_at", "created_by", "status", "published_at"]
    list_filter = ["status"]
    list_select_related = ["programme", "created_by"]
    search_fields = ["programme__name", "programme__slug"]
    date_hierarchy = "created_at"
    fields = [
        "programme",
        "created_by",
        "created_at",
        "finished_at",
        "status",
        "progress",
        "run_settings",
        "summary_figures",
        "issue_sentences",
        "published_at",
        "published_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("settings"))
    def run_settings(self, obj: MatchingRun) -> str:
        return render_to_string("matching/_parameters.html", {"parameters": obj.parameters})

    @admin.display(description=_("summary"))
    def summary_figures(self, obj: MatchingRun) -> str:
        summary = obj.summary or {}
        rows = [
            (_("Mentees matched"), summary.get("matched")),
            (_("Mentees without a mentor"), summary.get("unmatched")),
            (_("Mean score"), summary.get("mean_score")),
            (_("Lowest score"), summary.get("lowest_score")),
        ]
        rows = [(label, _figure(value)) for label, value in rows if value is not None]
        # "Mentees matched: 12", with French's space before the colon.
        line = gettext("%(label)s: %(value)s")
        return _sentences(line % {"label": label, "value": value} for label, value in rows)

    @admin.display(description=_("issues"))
    def issue_sentences(self, obj: MatchingRun) -> str:
        issues = obj.issues or []
        return _sentences(describe_issue(i.get("code", ""), i.get("params", {})) for i in issues)


@admin.register(ProposedPair)
class ProposedPairAdmin(CriteriaMixin, ReadOnlyAdmin):
    list_display = ["run", "mentor", "mentee", "score", "locked", "manual", "score_cost"]
    list_filter = ["locked", "manual"]
    list_select_related = ["run__programme", *PEOPLE]
    search_fields = ["mentor__user__email", "mentee__user__email"]
    fields = ["run", "mentor", "mentee", "score", "criteria_sentences", "locked", "manual"]
    fields += ["score_cost"]
    readonly_fields = fields


class UnmatchedReasonFilter(admin.SimpleListFilter):
    """Why mentees are unmatched, in a few words rather than the engine's codes."""

    title = _("reason")
    parameter_name = "code"
    labels = {
        "no_mentor_outside_organisation": _("Only mentors of their own organisation"),
        "only_incompatible_organisations": _("Only mentors of incompatible organisations"),
        "excluded_all": _("Every remaining mentor excluded"),
        "proximity": _("No mentor near enough"),
        "no_mentor_with_topics": _("No mentor offering the topics sought"),
        "all_compatible_mentors_full": _("Every compatible mentor is full"),
        "removed_by_coordinator": _("Removed by the coordination"),
    }

    def lookups(self, request, model_admin):
        codes = UnmatchedMentee.objects.order_by().values_list("code", flat=True).distinct()
        return sorted(((c, str(self.labels.get(c, c))) for c in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(code=self.value())


@admin.register(UnmatchedMentee)
class UnmatchedMenteeAdmin(ReadOnlyAdmin):
    list_display = ["run", "mentee", "reason"]
    list_filter = [UnmatchedReasonFilter]
    list_select_related = ["run__programme", "mentee__user"]
    search_fields = ["mentee__user__email"]
    fields = ["run", "mentee", "reason"]
    readonly_fields = fields

    @admin.display(description=_("reason"), ordering="code")
    def reason(self, obj: UnmatchedMentee) -> str:
        return describe_unmatched(obj.code, obj.params)


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["programme", "mentor", "mentee", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["programme", "created_by", *PEOPLE]
    search_fields = ["mentor__user__email", "mentee__user__email", "programme__slug"]
    raw_id_fields = ["programme", "mentor", "mentee", "created_by"]


@admin.register(IncompatibleOrganisations)
class IncompatibleOrganisationsAdmin(admin.ModelAdmin):
    list_display = ["programme", "organisation_a", "organisation_b", "reason", "created_at"]
    list_select_related = ["programme", "organisation_a", "organisation_b"]
    search_fields = ["organisation_a__name", "organisation_b__name", "programme__slug"]
    raw_id_fields = ["programme", "organisation_a", "organisation_b"]


@admin.register(Pair)
class PairAdmin(CriteriaMixin, admin.ModelAdmin):
    list_display = ["programme", "mentor", "mentee", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["programme", *PEOPLE]
    search_fields = ["mentor__user__email", "mentee__user__email", "programme__slug"]
    raw_id_fields = ["programme", "run", "mentor", "mentee"]
    exclude = ["criteria"]
    readonly_fields = ["score", "criteria_sentences", "mentor_response", "mentee_response"]
    readonly_fields += ["created_at", "updated_at"]
