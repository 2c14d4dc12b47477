"""Builders shared by the statistics' tests (plain data, no database)."""

from evaluation.stats import Item, Option, Record

AGREEMENT = tuple(Option(v, f"a{v}") for v in range(1, 6))


def agreement(key: str = "q") -> Item:
    return Item(key, key, "agreement", AGREEMENT, agree_from=4)


def choice(key: str = "c", count: int = 3) -> Item:
    return Item(key, key, "choice", tuple(Option(v, f"c{v}") for v in range(1, count + 1)))


def number(key: str = "h") -> Item:
    return Item(key, key, "number")


def record(role="mentee", sector="s1", departement="21", size="10-49", **answers) -> Record:
    return Record(role, sector, departement, size, answers)


def find(figures, ventilation, group, question, statistic):
    (figure,) = [
        f
        for f in figures
        if (f.ventilation, f.group, f.question, f.statistic)
        == (ventilation, group, question, statistic)
    ]
    return figure
