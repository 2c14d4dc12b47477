"""Participants for the matching services' tests: accepted applications with topics, and the
sample CSV files imported through the programmes' import service."""

import csv
from pathlib import Path

from programmes.imports import participants_import
from programmes.models import Application, Programme, Role, Topic
from tests.factories import ProgrammeFactory, accepted_participant

# The sample files of ../shared/data, copied into the repository (tests/data/README.md).
DATA = Path(__file__).resolve().parents[1] / "data"
DEMO_CSV = DATA / "participants-demo.csv"
BIG_CSV = DATA / "participants-2000x1000.csv"


def programme_with_topics(**fields) -> Programme:
    """A programme with the default topics (as `programme_create` makes it)."""
    from programmes.defaults import DEFAULT_TOPICS

    programme = ProgrammeFactory(**fields)
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)
    )
    return programme


# One builder of an accepted participant for the whole suite (tests/factories.py).
participant = accepted_participant


def mentor(programme, organisation=None, **fields) -> Application:
    fields.setdefault("capacity", 1)
    return participant(programme, Role.MENTOR, organisation, **fields)


def mentee(programme, organisation=None, **fields) -> Application:
    return participant(programme, Role.MENTEE, organisation, **fields)


def import_csv(programme: Programme, path: Path = DEMO_CSV) -> None:
    """Every row of the file becomes an accepted application (the import service's rule). The
    file's topics are added to the programme's list first, as a coordinator would."""
    names = set()
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            names.update(t for t in row["thematiques"].split("|") if t)
    known = set(programme.topics.values_list("name", flat=True))
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=100 + i)
        for i, name in enumerate(sorted(names - known))
    )
    report = participants_import(programme=programme, data=path.read_bytes(), filename=path.name)
    assert report.written, report.as_dict()
