"""One "Comptes" section in the admin: the users, their e-mail addresses (allauth's) and the
groups of permissions, through proxy models of this app. allauth's and Django's own sections
are unregistered: their admin modules are imported first so that they have registered."""

from allauth.account import admin as allauth_admin
from allauth.account.models import EmailAddress as AllauthEmailAddress
from allauth.account.models import EmailConfirmation
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as AuthGroup
from django.utils.translation import gettext_lazy as _

from .models import EmailAddress, Group, User

for model in (AllauthEmailAddress, EmailConfirmation, AuthGroup):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(EmailAddress)
class EmailAddressAdmin(allauth_admin.EmailAddressAdmin):
    pass


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    pass
