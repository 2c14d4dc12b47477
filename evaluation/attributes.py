"""The coarse attributes reports break down by, and the k rule that decides which values may be
stored on a response.

A person's attributes come from their accepted application: the sector group of their
organisation's sector (a handful of groups, never the sector itself), the département (theirs,
else their organisation's) and the organisation's size band. On a response, a value is kept only
if at least k invited people of the wave share it; otherwise it is stored as "autre"
(``evaluation.models.OTHER``), so that even someone reading the database cannot single a
respondent out by a rare value.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from france.departements import DEPARTEMENTS, normalise_departement

from .models import OTHER

# Sector group -> the sector names it gathers (as the import files and the directory write
# them, compared without accents or case). A sector not listed falls in "autre".
SECTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "industrie": ("Industrie", "BTP", "Agroalimentaire", "Construction", "Énergie"),
    "commerce-transport": (
        "Commerce",
        "Transport et logistique",
        "Hôtellerie-restauration",
        "Tourisme",
    ),
    "services": ("Services aux entreprises", "Numérique", "Conseil", "Banque et assurance"),
    "sante-social": (
        "Santé et médico-social",
        "Économie sociale et solidaire",
        "Action sociale",
        "Associatif",
    ),
}

SECTOR_GROUP_LABELS = {
    "industrie": _("Industry and construction"),
    "commerce-transport": _("Trade, transport and hospitality"),
    "services": _("Business and digital services"),
    "sante-social": _("Health, social and solidarity economy"),
    OTHER: _("Other"),
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


_GROUP_OF = {_key(sector): group for group, sectors in SECTOR_GROUPS.items() for sector in sectors}


def sector_group(sector: str) -> str:
    """The sector group of an organisation's sector, "autre" when it is not a known sector."""
    return _GROUP_OF.get(_key(sector), OTHER)


def departement_label(code: str) -> str:
    """ "21 – Côte-d’Or", or "Autre" for "autre" and unknown codes."""
    departement = DEPARTEMENTS.get(normalise_departement(code))
    if departement is None:
        return str(SECTOR_GROUP_LABELS[OTHER])
    return f"{departement.code} – {departement.name}"


def shared_values(values: Iterable[str], k: int) -> set[str]:
    """The values (of one attribute, over a wave's invited people) held by at least k of them:
    the only ones a response may carry. An empty value is never kept."""
    return {value for value, count in Counter(values).items() if value and count >= k}


def coarsen(value: str, shared: set[str]) -> str:
    """What a response stores for an attribute: the value if it is shared by k, else "autre"."""
    return value if value in shared else OTHER
