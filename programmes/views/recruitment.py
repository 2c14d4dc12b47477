"""Views of recruitment: enrolment, a person's application, review, imports."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Application, Role
from ..permissions import programme_view

# Re-exported by views/__init__.py (urls.py uses views.<name>): list every view here.
__all__ = ["enrolment", "my_application"]


@programme_view("view_enrolment")
def enrolment(request, programme):
    applications = selectors.enrolment_for(request.user, programme)
    return render(
        request,
        "programmes/enrolment.html",
        {"programme": programme, "applications": applications, "Role": Role},
    )


@login_required
def my_application(request, slug):
    application = get_object_or_404(
        Application.objects.select_related("programme", "organisation"),
        programme__slug=slug,
        user=request.user,
    )
    return render(request, "programmes/my_application.html", {"application": application})
