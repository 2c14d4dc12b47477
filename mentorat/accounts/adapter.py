from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails go through the platform's idempotent e-mail task, like every e-mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from mentorat.core.emails import email_send_now

        msg = self.render_mail(template_prefix, email, context)
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
