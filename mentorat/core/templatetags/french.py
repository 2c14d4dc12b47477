"""``{% load french %}``: names and dates as French writes them, in the active language.

``{{ organisation.name|of_name }}`` "d’Auxerre Imprimerie" ("of Auxerre Imprimerie" in English),
``|at_name``, ``{{ code|in_departement }}`` "dans l’Yonne", ``|long_date`` "1er décembre 2026",
``|long_datetime`` "1er décembre 2026 à 14 h 30" (Europe/Paris). See ``mentorat.core.french``.
"""

from django import template

from .. import french

register = template.Library()

register.filter("of_name", french.of_name)
register.filter("at_name", french.at_name)
register.filter("long_date", french.long_date)
register.filter("long_datetime", french.long_datetime)


@register.filter
def in_departement(code: str | None) -> str:
    return french.in_departement(code)


@register.filter
def departement(code: str | None) -> str:
    """ "Doubs (25)" for "25"; a code that is not a département as it is."""
    return french.departement_label(code)
