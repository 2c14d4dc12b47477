"""Writes of "Mon compte" that no lower app already has: the person's name. The language, the
reminders and the phone go through their own apps' services (``user_language_set``,
``user_reminders_set``, ``followup.services.user_phone_set``)."""

import unicodedata

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

NAME_MAX = 150


def _clean_name(value: str, field: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > NAME_MAX:
        raise ValidationError(
            {field: _("A name is at most %(max)d characters.") % {"max": NAME_MAX}}
        )
    # Control and format characters (a right-to-left override...) would garble every page.
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise ValidationError({field: _("Write the name with letters only.")})
    return value


@transaction.atomic
def account_profile_set(
    *, user: AbstractBaseUser, first_name: str, last_name: str
) -> AbstractBaseUser:
    """The person corrects their name (the right of rectification): pages, e-mails and their
    partner see the new one. The e-mail address is the login: allauth's page changes it."""
    first = _clean_name(first_name, "first_name")
    last = _clean_name(last_name, "last_name")
    if (user.first_name, user.last_name) != (first, last):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return user
