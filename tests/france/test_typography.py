from datetime import date, datetime

import pytest

from france.typography import at_name, elides, long_date, long_datetime, of_name, with_article


@pytest.mark.parametrize(
    ("name", "of", "at"),
    [
        ("Auxerre Imprimerie", "d’Auxerre Imprimerie", "à Auxerre Imprimerie"),
        ("Menuiserie X", "de Menuiserie X", "à Menuiserie X"),
        ("Écoles Réunies", "d’Écoles Réunies", "à Écoles Réunies"),
        ("Île Verte", "d’Île Verte", "à Île Verte"),
        ("Œuvres Sociales", "d’Œuvres Sociales", "à Œuvres Sociales"),
        ("Hôtel de la Gare", "d’Hôtel de la Gare", "à Hôtel de la Gare"),  # h muet
        ("Hôpital Nord", "d’Hôpital Nord", "à Hôpital Nord"),
        ("Haute-Saône Bois", "de Haute-Saône Bois", "à Haute-Saône Bois"),  # h aspiré
        ("Hauts-de-Seine Habitat", "de Hauts-de-Seine Habitat", "à Hauts-de-Seine Habitat"),
        ("Hangar 14", "de Hangar 14", "à Hangar 14"),
        ("le Doubs", "du Doubs", "au Doubs"),
        ("Le Creusot Forge", "du Creusot Forge", "au Creusot Forge"),
        ("les Ateliers", "des Ateliers", "aux Ateliers"),
        ("Les Ateliers du Jura", "des Ateliers du Jura", "aux Ateliers du Jura"),
        ("La Poste", "de La Poste", "à La Poste"),
        ("la Nièvre", "de la Nièvre", "à la Nièvre"),
        ("l’Yonne", "de l’Yonne", "à l’Yonne"),
        ("L'Atelier", "de L’Atelier", "à L’Atelier"),  # a typed apostrophe becomes ’
        ("atelier bois", "d’atelier bois", "à atelier bois"),
        ("menuiserie x", "de menuiserie x", "à menuiserie x"),
        ("3M France", "de 3M France", "à 3M France"),
        ("EDF", "d’EDF", "à EDF"),
        ("SNCF", "de SNCF", "à SNCF"),
        ("Yvelines Conseil", "d’Yvelines Conseil", "à Yvelines Conseil"),
        ("Yaourts Bio", "de Yaourts Bio", "à Yaourts Bio"),  # y before a vowel: a consonant
        ("Leroy Merlin", "de Leroy Merlin", "à Leroy Merlin"),  # "Le" only as a word
        ("Lavage Express", "de Lavage Express", "à Lavage Express"),
    ],
)
def test_organisation_names_take_de_and_a_as_french_writes_them(name, of, at):
    assert of_name(name) == of
    assert at_name(name) == at


def test_an_empty_name_gives_nothing():
    assert of_name("") == at_name("  ") == ""


@pytest.mark.parametrize(
    ("article", "name", "expected"),
    [("la", "Yonne", "l’Yonne"), ("le", "Doubs", "le Doubs"), ("les", "Landes", "les Landes")],
)
def test_the_article_elides_before_a_vowel(article, name, expected):
    assert with_article(article, name) == expected


@pytest.mark.parametrize("word", ["Ain", "Yonne", "hôtel", "Hérault", "HEC", "été", "Ursulines"])
def test_words_that_elide(word):
    assert elides(word)


@pytest.mark.parametrize("word", ["Haute-Corse", "hasard", "Doubs", "yoga", "8 Mai", ""])
def test_words_that_do_not_elide(word):
    assert not elides(word)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), "1er décembre 2026"),
        (date(2026, 12, 2), "2 décembre 2026"),
        (date(2027, 2, 11), "11 février 2027"),
        (date(2027, 8, 31), "31 août 2027"),
    ],
)
def test_long_dates_say_1er_for_the_first_only(day, expected):
    assert long_date(day) == expected


def test_long_datetimes_write_the_hour_as_french_does():
    assert long_datetime(datetime(2026, 12, 1, 14, 30)) == "1er décembre 2026 à 14 h 30"
    assert long_datetime(datetime(2026, 12, 3, 9, 5)) == "3 décembre 2026 à 9 h 05"
    assert long_datetime(datetime(2026, 12, 3, 18, 0)) == "3 décembre 2026 à 18 h"
