"""The platform team's view of matching: runs and their proposals are records of what was
computed, hence read-only; rules, incompatibilities and pairs can be corrected. Writes that
matter (publishing, answering) go through the services and the coordinator's pages."""

from django.contrib import admin

from .models import (
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRule,
    ProposedPair,
    UnmatchedMentee,
)

PEOPLE = ["mentor__user", "mentee__user"]


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
        "parameters",
        "summary",
        "issues",
        "published_at",
        "published_by",
    ]
    readonly_fields = fields


@admin.register(ProposedPair)
class ProposedPairAdmin(ReadOnlyAdmin):
    list_display = ["run", "mentor", "mentee", "score", "locked", "manual", "score_cost"]
    list_filter = ["locked", "manual"]
    list_select_related = ["run__programme", *PEOPLE]
    search_fields = ["mentor__user__email", "mentee__user__email"]
    readonly_fields = ["run", "mentor", "mentee", "score", "criteria", "locked", "manual"]
    readonly_fields += ["score_cost"]


@admin.register(UnmatchedMentee)
class UnmatchedMenteeAdmin(ReadOnlyAdmin):
    list_display = ["run", "mentee", "code"]
    list_filter = ["code"]
    list_select_related = ["run__programme", "mentee__user"]
    search_fields = ["mentee__user__email"]
    readonly_fields = ["run", "mentee", "code", "params"]


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
class PairAdmin(admin.ModelAdmin):
    list_display = ["programme", "mentor", "mentee", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["programme", *PEOPLE]
    search_fields = ["mentor__user__email", "mentee__user__email", "programme__slug"]
    raw_id_fields = ["programme", "run", "mentor", "mentee"]
    readonly_fields = ["score", "criteria", "mentor_response", "mentee_response"]
    readonly_fields += ["created_at", "updated_at"]
