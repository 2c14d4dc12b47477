from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from mentorat.core.french import at_name, in_departement, long_date, long_datetime, of_name

# 13:30 UTC on 1 December is 14:30 in Paris (winter time); 12:05 UTC on 1 July is 14:05.
WINTER = datetime(2026, 12, 1, 13, 30, tzinfo=UTC)
SUMMER = datetime(2027, 7, 1, 12, 5, tzinfo=UTC)


def render(source: str, **context) -> str:
    return Template("{% load french %}" + source).render(Context(context))


def test_in_french_names_and_dates_read_as_french_writes_them():
    with translation.override("fr"):
        assert of_name("Auxerre Imprimerie") == "d’Auxerre Imprimerie"
        assert at_name("Les Ateliers") == "aux Ateliers"
        assert in_departement("89") == "dans l’Yonne"
        assert in_departement("21", with_code=True) == "en Côte-d’Or (21)"
        assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
        assert long_datetime(WINTER) == "1er décembre 2026 à 14 h 30"
        assert long_datetime(SUMMER) == "1er juillet 2027 à 14 h 05"


def test_in_english_they_read_as_plain_english():
    with translation.override("en"):
        assert of_name("Auxerre Imprimerie") == "of Auxerre Imprimerie"
        assert at_name("Les Ateliers") == "at Les Ateliers"
        assert in_departement("89") == "in Yonne"
        assert long_date(date(2026, 12, 1)) == "1 December 2026"
        assert long_datetime(WINTER) == "1 December 2026 at 14:30"


def test_a_datetime_is_dated_in_paris_not_in_utc():
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Paris
    with translation.override("fr"):
        assert long_date(late) == "1er décembre 2026"


def test_an_unknown_departement_is_named_by_its_code_and_nothing_gives_nothing():
    with translation.override("fr"):
        assert in_departement("20") == "dans le département 20"
        assert in_departement("") == of_name("") == long_date(None) == long_datetime(None) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "d’Auxerre Imprimerie, dans le Doubs, le 1er décembre 2026 à 14 h 30"),
        ("en", "of Auxerre Imprimerie, in Doubs, le 1 December 2026 at 14:30"),
    ],
)
def test_the_template_filters_follow_the_active_language(language, expected):
    with translation.override(language):
        page = render(
            "{{ name|of_name }}, {{ code|in_departement }}, le {{ when|long_datetime }}",
            name="Auxerre Imprimerie",
            code="25",
            when=WINTER,
        )
    assert page == expected


def test_the_filters_escape_what_they_are_given():
    with translation.override("fr"):
        assert render("{{ name|of_name }}", name="<b>X</b>") == "de &lt;b&gt;X&lt;/b&gt;"


def test_a_departement_code_reads_as_its_name_on_pages():
    assert render("{{ code|departement }}", code="25") == "Doubs (25)"
    assert render("{{ code|departement }}", code="2a") == "Corse-du-Sud (2A)"
    assert render("{{ code|departement|default:'—' }}", code="") == "—"
    assert render("{{ code|departement }}", code="99") == "99"
