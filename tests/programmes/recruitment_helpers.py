"""Helpers of the recruitment and import tests: the sample files, programmes with their
topics, and small CSV files written on the fly."""

import csv
import functools
from pathlib import Path

from django.conf import settings

from programmes.models import Phase, Topic
from tests.factories import ProgrammeFactory

# The sample files of ../shared/data, copied into the repository (tests/data/README.md).
SAMPLES = Path(settings.BASE_DIR) / "tests" / "data"
BENCH_FILE = SAMPLES / "participants-2000x1000.csv"
# The same 27 people in every encoding and separator, and as a workbook.
SAME_PEOPLE = [
    "participants-comma.csv",
    "participants-utf8-bom.csv",
    "participants-excel-cp1252.csv",
    "participants.xlsx",
]
HEADER = (
    "email;prenom;nom;role;organisation;secteur;departement;fonction;anciennete_ans;"
    "thematiques;modalite;capacite"
)
PASSWORD = "motdepasse-de-test"


@functools.cache
def sample_topics() -> tuple[str, ...]:
    """Every topic used by the sample files (the bench file uses them all)."""
    with BENCH_FILE.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter=";")
        return tuple(sorted({name for row in rows for name in row["thematiques"].split("|")}))


def programme_with_topics(topics=None, *, phase=Phase.RECRUITMENT, **kwargs):
    programme = ProgrammeFactory(current_phase=phase, **kwargs)
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=i)
        for i, name in enumerate(topics if topics is not None else sample_topics())
    )
    return programme


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    """A UTF-8 CSV file: the header (line 1), then ``rows`` (lines 2, 3, …)."""
    return "\n".join([header, *rows]).encode("utf-8")


def row(
    email: str = "jeanne.martin@exemple.fr",
    *,
    prenom: str = "Jeanne",
    nom: str = "Martin",
    role: str = "mentore",
    organisation: str = "Fromagerie Lucas",
    secteur: str = "Agroalimentaire",
    departement: str = "21",
    fonction: str = "Cheffe d'équipe",
    anciennete: str = "3",
    thematiques: str = "Animer une équipe",
    modalite: str = "mixte",
    capacite: str = "",
) -> str:
    return ";".join(
        [
            email,
            prenom,
            nom,
            role,
            organisation,
            secteur,
            departement,
            fonction,
            anciennete,
            thematiques,
            modalite,
            capacite,
        ]
    )
