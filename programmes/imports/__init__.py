"""The participants import: ``parsing`` reads a file into cells, ``validation`` checks the rows
(both pure, no database), ``service`` plans and writes them. See ``service`` for the choices."""

from .parsing import Problem
from .service import ImportReport, participants_import

__all__ = ["ImportReport", "Problem", "participants_import"]
