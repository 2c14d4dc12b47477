from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class PlatformSite:
    """What allauth's e-mails call the site ("Bonjour, c'est Mentorat !"), without the sites
    framework."""

    name: str
    domain: str


def platform_site() -> PlatformSite:
    return PlatformSite(name="Mentorat", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails go through the platform's idempotent e-mail task, like every e-mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from mentorat.core.emails import email_send_now

        msg = self.render_mail(
            template_prefix, email, {"email": email, "current_site": platform_site(), **context}
        )
        # allauth codes and keys are single-use and time-limited: each one is its own e-mail.
        email_send_now(
            to=email,
            subject=msg.subject,
            body=msg.body,
            html=next((c for c, t in getattr(msg, "alternatives", []) if t == "text/html"), ""),
            language=translation.get_language() or "fr",
        )

    def save_user(self, request, user, form, commit=True):
        # E-mails are later rendered in each person's language: remember the one they signed up in.
        user.language = (translation.get_language() or "fr")[:2]
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request, user, **kwargs):
        # The interface follows the language the person chose last time (kept on their account
        # by the language switcher), not only the browser's.
        response = super().post_login(request, user, **kwargs)
        if user.language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response
