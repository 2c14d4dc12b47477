from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("nouveau/", views.programme_create, name="create"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/inscriptions/", views.enrolment, name="enrolment"),
    path("<slug:slug>/ma-candidature/", views.my_application, name="my_application"),
]
