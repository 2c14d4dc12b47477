"""Reactions to allauth's signals, connected in ``AccountsConfig.ready``."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import welcome_email_send


@receiver(email_confirmed, dispatch_uid="mentorat_welcome_on_confirmation")
def welcome_on_confirmation(sender, request, email_address, **kwargs) -> None:
    # Only the login address: confirming a secondary address is not a new account.
    if email_address.email.lower() == email_address.user.email.lower():
        welcome_email_send(user=email_address.user)
