"""The Django admin of programmes, for staff: a safety net, not the coordinators' tool."""

from django.contrib import admin

from .models import (
    Application,
    Indicator,
    Membership,
    Organisation,
    PhaseDates,
    Programme,
    Topic,
)


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class PhaseDatesInline(admin.TabularInline):
    model = PhaseDates
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "current_phase", "min_group_size", "created_at"]
    list_filter = ["current_phase"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["organisations"]
    inlines = [PhaseDatesInline, TopicInline, IndicatorInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "departement", "size_band", "siret"]
    list_filter = ["departement", "size_band"]
    search_fields = ["name", "siret"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "role", "organisation"]
    list_filter = ["role", "programme"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "programme", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "role", "status", "organisation", "source"]
    list_filter = ["programme", "role", "status", "source"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "programme", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    filter_horizontal = ["topics"]
