from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PlatformSite:
    """What allauth's e-mails call the site ("Bonjour, c'est Mentorat !"), without the sites
    framework."""

    name: str
    domain: str


def platform_site() -> PlatformSite:
    return PlatformSite(name="Mentorat", domain=urlsplit(settings.SITE_URL).netloc)


def on_site_url(url: str) -> str:
    """``url`` on SITE_URL's scheme and host. allauth builds its e-mails' links from the
    request, whose Host header the sender chooses among the allowed hosts (or any, behind a
    proxy that passes it on): a password reset asked with ``Host: evil.example`` would mail a
    link to that host, with the key in it."""
    bits = urlsplit(url)
    if bits.scheme not in ("http", "https") or not bits.netloc:
        return url
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, bits.path, bits.query, bits.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails go through the platform's idempotent e-mail task, like every e-mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from mentorat.core.emails import email_send_now

        # Every link of the e-mail (confirmation, password reset, sign-up) on SITE_URL's host.
        links = {k: on_site_url(v) for k, v in context.items() if isinstance(v, str)}
        msg = self.render_mail(
            template_prefix,
            email,
            {"email": email, "current_site": platform_site(), **context, **links},
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

    def validation_error(self, code: str, *args) -> ValidationError:
        if code == "too_many_login_attempts":
            # Anyone can lock an address by typing wrong passwords: its owner still gets in by
            # a code sent to their mailbox, which this limit does not block.
            return ValidationError(
                format_html(
                    '{} <a href="{}" class="alert-link">{}</a>',
                    _(
                        "Too many wrong passwords were typed for this address: logging in with "
                        "a password is paused for five minutes. You can log in at once with a "
                        "code sent to your e-mail address:"
                    ),
                    reverse("account_request_login_code"),
                    _("Receive a login code by e-mail"),
                ),
                code=code,
            )
        return super().validation_error(code, *args)
