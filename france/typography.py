"""French typography for names put into sentences: elision (d’Auxerre Imprimerie, l’Yonne),
contraction of the article (du Doubs, des Ateliers, au Creusot, aux Ateliers) and long dates
(1er décembre 2026 à 14 h 30).

French only, and no Django: the template filters of ``mentorat.core`` pick English or French
by the active language. The apostrophe is the typographic one (’), as in the French catalogues.
"""

import re
from datetime import date, datetime, time

APOSTROPHE = "’"

_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")

# Words whose h is aspirated: no elision before them ("de Haute-Corse", "de Hasard Ludique").
# Any word starting with "haut" (Haute-Savoie, Hauts-de-Seine, Hautbois) and these words; every
# other h is mute ("d’Hôtel de Ville", "l’Hérault", "d’HEC").
_H_ASPIRE = frozenset(
    """hache haie haine hall halle halles hameau hamac hamburger hanche handicap hangar haras
    hardi hareng haricot harpe hasard hérisson héros hêtre hibou hiérarchie hockey hollande
    homard hongrie honte hors hotte houille housse hublot huit hurepoix hutte hyène""".split()
)
# A y before a vowel is a consonant ("de Yaourts Bio", "de Yokohama") except in these names.
_Y_VOWEL = frozenset({"yonne", "yerres", "yeu", "yeux"})

_ARTICLE = re.compile(r"^(?P<article>les|le|la)\s+(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
_ELIDED = re.compile(r"^(?P<article>l)['’](?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
_FIRST_WORD = re.compile(r"[\w]+")


def _first_word(text: str) -> str:
    match = _FIRST_WORD.match(text.strip())
    return match.group(0).lower() if match else ""


def elides(word: str) -> bool:
    """Whether an article or "de" before ``word`` loses its vowel: "l’Yonne", "d’Hôtel"."""
    first = _first_word(word)
    if not first or not first[0].isalpha():
        return False  # digits and symbols: "de 3M"
    letter = first[0]
    if letter == "h":
        return not (first.startswith("haut") or first in _H_ASPIRE)
    if letter == "y":
        return len(first) < 2 or first[1] not in _VOWELS or first in _Y_VOWEL
    return letter in _VOWELS


def _split_article(name: str) -> tuple[str, str]:
    """("le", "Doubs") for "le Doubs", ("l’", "Yonne") for "l'Yonne", ("", name) without one."""
    match = _ELIDED.match(name)
    if match:
        return match["article"] + APOSTROPHE, match["rest"]
    match = _ARTICLE.match(name)
    if match:
        return match["article"], match["rest"]
    return "", name


def with_article(article: str, name: str) -> str:
    """The name with its article, elided when it must be: ("la", "Yonne") → "l’Yonne"."""
    if not article:
        return name
    if article.endswith(("'", APOSTROPHE)) or (article.lower() in ("le", "la") and elides(name)):
        return article[0] + APOSTROPHE + name
    return f"{article} {name}"


def of_name(name: str) -> str:
    """« de » before a name: "d’Auxerre Imprimerie", "de Menuiserie X", "du Doubs", "des
    Ateliers", "de la Nièvre", "de l’Yonne". An article that is part of the name keeps its
    capital, except le and les, which contract ("du Monde", "de La Poste")."""
    name = (name or "").strip()
    if not name:
        return ""
    article, rest = _split_article(name)
    lowered = article.lower()
    if lowered == "le":
        return f"du {rest}"
    if lowered == "les":
        return f"des {rest}"
    if lowered == "la":
        return f"de {article} {rest}"
    if lowered == "l’":
        return f"de {article}{rest}"
    if elides(name):
        return "d" + APOSTROPHE + name
    return f"de {name}"


def at_name(name: str) -> str:
    """« à » before a name: "au Doubs", "aux Ateliers", "à la Poste", "à l’Yonne", "à Auxerre"."""
    name = (name or "").strip()
    if not name:
        return ""
    article, rest = _split_article(name)
    lowered = article.lower()
    if lowered == "le":
        return f"au {rest}"
    if lowered == "les":
        return f"aux {rest}"
    if lowered == "la":
        return f"à {article} {rest}"
    if lowered == "l’":
        return f"à {article}{rest}"
    return f"à {name}"


# --- dates ---------------------------------------------------------------------------------

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def day_of_month(day: int) -> str:
    """ "1er" for the first of the month, the plain number otherwise ("2", "31")."""
    return "1er" if day == 1 else str(day)


def long_date(value: date) -> str:
    """ "1er décembre 2026", "25 mars 2027"."""
    return f"{day_of_month(value.day)} {MONTHS[value.month - 1]} {value.year}"


def long_time(value: time | datetime) -> str:
    """ "14 h 30", "9 h 05", "14 h" on the hour (as French writes it, not "14:30")."""
    if value.minute:
        return f"{value.hour} h {value.minute:02d}"
    return f"{value.hour} h"


def long_datetime(value: datetime) -> str:
    """ "1er décembre 2026 à 14 h 30", in the time zone ``value`` carries (the caller converts)."""
    return f"{long_date(value)} à {long_time(value)}"
