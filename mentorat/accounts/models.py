from allauth.account import models as allauth_models
from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email: str) -> str:
        # One person, one account: the e-mail is the login, compared without case or spaces.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=self.normalize_email(email))

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The e-mail is the login. Roles are held per programme, not here.

    ``is_staff`` marks the people of the body that owns the platform (the ARACT): they create
    programmes and appoint coordinators, and they may use the Django admin.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Given by the person; shown to their partner only if they choose to (off by default).
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    share_phone = models.BooleanField(
        _("share my phone number with my partner"),
        default=False,
        help_text=_(
            "Your partner sees it on your pair page and in the e-mail that introduces you."
        ),
    )
    wants_reminders = models.BooleanField(
        _("receive reminders"),
        default=True,
        help_text=_(
            "Reminders of a meeting, of the charter or of a question waiting for your answer. "
            "Messages that the programme needs (your pair, a change) are always sent."
        ),
    )
    is_staff = models.BooleanField(
        _("platform staff"),
        default=False,
        help_text=_("People of the body that owns the platform: they create programmes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            # The e-mail is saved normalised; this also holds for rows written around save().
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """How pages, the admin and e-mails name a person: their full name, else their e-mail
        address (an imported person may have given no name)."""
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs) -> None:
        # Whoever creates the account (sign-up, admin, import, shell), one e-mail is one person.
        self.email = type(self).objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class EmailAddress(allauth_models.EmailAddress):
    """allauth's e-mail addresses, shown in the admin beside the users ("Comptes")."""

    class Meta:
        proxy = True
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")


class Group(auth_models.Group):
    """Django's groups of permissions, shown in the admin beside the users ("Comptes")."""

    class Meta:
        proxy = True
        verbose_name = _("group")
        verbose_name_plural = _("groups")
