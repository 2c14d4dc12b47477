"""Writes about accounts."""

from mentorat.core.emails import email_enqueue


def welcome_email_send(*, user) -> None:
    """Tell a person, once, that their account is ready and what happens next."""
    email_enqueue(
        key=f"welcome:{user.pk}",
        to=user.email,
        template="welcome",
        context={"first_name": user.first_name},
        language=user.language,
    )
