"""Checking participants rows: every kind of bad input is reported by line and column, in
French, all at once. Pure functions: no database."""

import pytest
from django.utils import translation

from programmes.imports.parsing import read_table
from programmes.imports.validation import check_table

from .recruitment_helpers import HEADER, csv_file, row

TOPICS = ["Animer une équipe", "Égalité professionnelle", "Gestion des conflits"]


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def check(data: bytes):
    return check_table(read_table(data, "f.csv", max_size=10**6), topics=TOPICS)


def problems(data: bytes) -> list[str]:
    return [str(problem) for problem in check(data).errors]


def test_a_good_file_gives_clean_rows():
    checked = check(
        csv_file(
            row(),
            row(
                "PAUL.Durand@Exemple.fr ",
                role="Mentor",
                capacite="2",
                thematiques="egalité professionnelle | Gestion des conflits",
                modalite="Présentiel",
                departement="2a",
            ),
        )
    )
    assert checked.errors == []
    mentee, mentor = checked.rows
    assert (mentee.line, mentee.role, mentee.capacity) == (2, "mentee", None)
    assert mentor.email == "paul.durand@exemple.fr"
    assert mentor.role == "mentor"
    assert mentor.capacity == 2
    assert mentor.topics == ("Égalité professionnelle", "Gestion des conflits")
    assert mentor.meeting_mode == "presentiel"
    assert mentor.departement == "2A"


@pytest.mark.parametrize("value", ["mentore", "mentoré", "mentee", "MENTORÉE"])
def test_every_spelling_of_mentee_is_accepted(value):
    assert check(csv_file(row(role=value))).rows[0].role == "mentee"


def test_an_empty_email_is_reported_by_line_and_column():
    assert problems(csv_file(row(), row(""))) == [
        "Ligne 3, colonne email : adresse e-mail manquante"
    ]


def test_a_malformed_email_is_quoted():
    assert problems(csv_file(row("jean@"))) == [
        "Ligne 2, colonne email : adresse e-mail invalide « jean@ »"
    ]


@pytest.mark.parametrize("address", ["=cmd@exemple.fr", "+33@exemple.fr", "-x@exemple.fr"])
def test_an_email_a_spreadsheet_would_run_as_a_formula_is_refused(address):
    assert problems(csv_file(row(address))) == [
        f"Ligne 2, colonne email : une adresse e-mail ne peut pas commencer par « {address[0]} »"
    ]


def test_an_unknown_role_says_what_is_expected():
    assert problems(csv_file(row(role="stagiaire"))) == [
        "Ligne 2, colonne role : rôle inconnu « stagiaire » : écrivez mentor ou mentoré"
    ]


@pytest.mark.parametrize("column", ["anciennete", "capacite"])
def test_a_number_that_is_not_one(column):
    data = csv_file(row(role="mentor", **{column: "dix"}))
    header_name = {"anciennete": "anciennete_ans", "capacite": "capacite"}[column]
    assert problems(data) == [
        f"Ligne 2, colonne {header_name} : « dix » n’est pas un nombre entier"
    ]


def test_a_negative_experience_is_refused():
    assert problems(csv_file(row(anciennete="-2"))) == [
        "Ligne 2, colonne anciennete_ans : doit être positif ou nul"
    ]


def test_an_unknown_departement():
    assert problems(csv_file(row(departement="99"))) == [
        "Ligne 2, colonne departement : département inconnu « 99 »"
    ]


def test_a_single_digit_departement_gets_its_leading_zero_back():
    assert check(csv_file(row(departement="1"))).rows[0].departement == "01"


def test_a_topic_not_in_the_programme_s_list():
    assert problems(csv_file(row(thematiques="Animer une équipe|Jardinage"))) == [
        "Ligne 2, colonne thematiques : la thématique « Jardinage » n’est pas dans la liste "
        "du programme"
    ]


def test_the_same_email_twice_in_a_file_points_to_the_first_line():
    assert problems(csv_file(row("a@exemple.fr"), row("b@exemple.fr"), row(" A@exemple.fr"))) == [
        "Ligne 4, colonne email : l’adresse « a@exemple.fr » figure déjà ligne 2"
    ]


def test_a_repeated_email_is_reported_even_when_the_first_row_is_invalid():
    assert problems(csv_file(row("a@x.fr", departement="99"), row("a@x.fr"))) == [
        "Ligne 2, colonne departement : département inconnu « 99 »",
        "Ligne 3, colonne email : l’adresse « a@x.fr » figure déjà ligne 2",
    ]


def test_a_repeated_email_is_reported_even_when_the_repeating_row_is_invalid():
    assert problems(csv_file(row("a@x.fr"), row("a@x.fr", anciennete="-1"))) == [
        "Ligne 3, colonne anciennete_ans : doit être positif ou nul",
        "Ligne 3, colonne email : l’adresse « a@x.fr » figure déjà ligne 2",
    ]


def test_a_missing_required_column_is_reported_on_the_header_line():
    header = HEADER.replace("organisation;", "")
    data = csv_file("a@exemple.fr;Anne;Martin;mentor;Agro;21;DG;3;;mixte;2", header=header)
    assert problems(data) == ["Ligne 1, colonne organisation : colonne obligatoire absente"]


@pytest.mark.parametrize("capacity", ["0", "6"])
def test_a_mentor_s_capacity_must_be_between_1_and_5(capacity):
    assert problems(csv_file(row(role="mentor", capacite=capacity))) == [
        f"Ligne 2, colonne capacite : capacité {capacity} hors limites : entre 1 et 5 mentorés"
    ]


def test_a_mentee_has_no_capacity():
    assert problems(csv_file(row(role="mentore", capacite="2"))) == [
        "Ligne 2, colonne capacite : seuls les mentors ont une capacité : laissez vide pour un "
        "mentoré"
    ]


def test_an_unknown_meeting_mode():
    assert problems(csv_file(row(modalite="visio"))) == [
        "Ligne 2, colonne modalite : modalité inconnue « visio » : écrivez presentiel, "
        "distanciel ou mixte"
    ]


def test_a_required_value_missing():
    assert problems(csv_file(row(nom="", organisation=" "))) == [
        "Ligne 2, colonne nom : valeur obligatoire manquante",
        "Ligne 2, colonne organisation : valeur obligatoire manquante",
    ]


def test_a_text_too_long_for_the_database():
    assert problems(csv_file(row(fonction="x" * 151))) == [
        "Ligne 2, colonne fonction : trop long (151 caractères, 150 au plus)"
    ]


def test_every_problem_of_every_row_is_reported_at_once():
    data = csv_file(row("jean@", departement="99"), row(role="?"), row("ok@exemple.fr"))
    assert [(p.line, p.column) for p in check(data).errors] == [
        (2, "email"),
        (2, "departement"),
        (3, "role"),
    ]


def test_an_unknown_column_is_a_warning_not_an_error():
    checked = check(csv_file(row() + ";bleu", header=HEADER + ";Couleur préférée"))
    assert checked.errors == []
    assert [str(w) for w in checked.warnings] == [
        "Ligne 1, colonne Couleur préférée : colonne inconnue, ignorée"
    ]


def test_a_file_with_a_header_and_no_row_is_refused():
    assert problems(csv_file()) == ["Le fichier ne contient aucune ligne de participant."]
