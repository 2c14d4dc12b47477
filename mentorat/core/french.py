"""Names and dates put into sentences, in the active language: French typography from
``france.typography`` when the language is French ("d’Auxerre Imprimerie", "dans l’Yonne",
"1er décembre 2026 à 14 h 30"), plain English otherwise ("of Auxerre Imprimerie", "in Yonne",
"1 December 2026 at 14:30").

Pages use them as the filters of ``{% load french %}``; e-mails and explanations call them.
Datetimes are shown in the platform's time zone (Europe/Paris).
"""

from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from france import typography
from france.departements import DEPARTEMENTS


def _french() -> bool:
    return (translation.get_language() or "").lower().startswith("fr")


def of_name(name: str) -> str:
    """ "d’Auxerre Imprimerie", "du Doubs"; in English "of Auxerre Imprimerie"."""
    name = str(name or "").strip()
    if not name:
        return ""
    return typography.of_name(name) if _french() else f"of {name}"


def at_name(name: str) -> str:
    """ "aux Ateliers Réunis", "à Auxerre Imprimerie"; in English "at Auxerre Imprimerie"."""
    name = str(name or "").strip()
    if not name:
        return ""
    return typography.at_name(name) if _french() else f"at {name}"


def in_departement(code: str | None, *, with_code: bool = False) -> str:
    """ "dans l’Yonne", "en Côte-d’Or" (with its code: "dans l’Yonne (89)"); in English
    "in Yonne". A code that is not a département is named as such."""
    code = str(code or "").strip().upper()
    departement = DEPARTEMENTS.get(code)
    if departement is None:
        return _("in the département %(code)s") % {"code": code} if code else ""
    phrase = departement.in_phrase if _french() else f"in {departement.name}"
    return f"{phrase} ({code})" if with_code else phrase


def departement_label(code: str | None) -> str:
    """ "Doubs (25)", or the code as given when it is not a French département."""
    code = str(code or "").strip()
    departement = DEPARTEMENTS.get(code.upper())
    return departement.label if departement else code


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def long_date(value: date | datetime | None) -> str:
    """ "1er décembre 2026"; in English "1 December 2026". A datetime is read in Europe/Paris."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return typography.long_date(value) if _french() else date_format(value, "j F Y")


def long_datetime(value: datetime | None) -> str:
    """ "1er décembre 2026 à 14 h 30" in Europe/Paris; in English "1 December 2026 at 14:30"."""
    if not value:
        return ""
    value = _local(value)
    if _french():
        return typography.long_datetime(value)
    return f"{date_format(value, 'j F Y')} at {value:%H:%M}"
