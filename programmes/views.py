from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from . import selectors, services
from .forms import ProgrammeCreateForm
from .models import Application, Role
from .permissions import can, programme_view, require


@login_required
def programme_create(request):
    require(request.user, "create_programme")
    form = ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(by=request.user, **form.cleaned_data)
        return redirect(programme)
    return render(request, "programmes/programme_create.html", {"form": form})


@programme_view("view")
def programme_detail(request, programme):
    context = {"programme": programme, "can_manage": can(request.user, "manage", programme)}
    return render(request, "programmes/programme_detail.html", context)


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
