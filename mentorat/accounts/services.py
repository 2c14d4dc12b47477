"""Writes about accounts."""

from django.conf import settings

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


def user_language_set(*, user, language: str) -> None:
    """Remember the language a person chose: their e-mails are written in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_reminders_set(*, user, wants_reminders: bool) -> None:
    """Whether a person receives the reminders they may refuse (``ReminderKind.essential``
    False): the daily sweep skips them otherwise."""
    if user.wants_reminders != wants_reminders:
        user.wants_reminders = wants_reminders
        user.save(update_fields=["wants_reminders"])
