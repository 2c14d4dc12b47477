from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mentorat.front import views as front_views

# The admin's own login form is not rate-limited: send it through allauth's login instead.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Mentorat"
admin.site.site_title = "Mentorat"

urlpatterns = [
    path("", front_views.home, name="home"),
    path("healthz", front_views.healthz, name="healthz"),
    path("comptes/", include("allauth.urls")),
    path("i18n/setlang/", front_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("programmes/", include("programmes.urls")),
    path("appariement/", include("matching.urls")),
    path("suivi/", include("followup.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("", include("rights.urls")),
]

handler403 = "mentorat.front.views.permission_denied"
handler404 = "mentorat.front.views.page_not_found"
handler500 = "mentorat.front.views.server_error"

# Uploaded files (imports waiting for confirmation, reports) are never served as public URLs:
# the views that own them check who may read them.
