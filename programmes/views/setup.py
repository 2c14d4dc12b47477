"""Views of programme setup: creation, overview, the setup steps, organisations, templates."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .. import services
from ..forms import ProgrammeCreateForm
from ..permissions import can, programme_view, require

# Re-exported by views/__init__.py (urls.py uses views.<name>).
__all__ = ["programme_create", "programme_detail"]


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
