"""The privacy page (public), written from the platform's real settings, and the export log
(staff only)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programmes.permissions import require

from .. import selectors
from ..services.data_export import kept_days

EXPORTS_PAGE_SIZE = 50


def privacy_settings() -> dict:
    """What the page states, read from the settings (with the defaults the erasure's settings
    take, so that the page says the truth before and after they are set)."""
    email_provider = getattr(settings, "PRIVACY_EMAIL_PROVIDER", "")
    return {
        "controller": getattr(settings, "PRIVACY_CONTROLLER", ""),
        "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        "host": getattr(settings, "PRIVACY_HOST", ""),
        "email_provider": email_provider,
        "min_group_size": settings.MENTORAT_MIN_GROUP_SIZE,
        "min_group_size_floor": settings.MENTORAT_MIN_GROUP_SIZE_FLOOR,
        "retention_months": getattr(settings, "PERSONAL_DATA_RETENTION_MONTHS", 24),
        "inactive_days": getattr(settings, "PERSONAL_DATA_INACTIVE_DAYS", 180),
        "download_days": kept_days(),
    }


@require_GET
def privacy(request):
    return render(request, "rights/privacy.html", {"privacy": privacy_settings()})


@require_GET
@login_required
def exports_log(request):
    # The log is the platform's administration: the people who may use the admin (staff).
    require(request.user, "use_admin")
    page = Paginator(selectors.export_log(), EXPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rights/exports_log.html", {"page": page})
