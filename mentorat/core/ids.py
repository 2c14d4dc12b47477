"""Ids too large for the database answer "not found", never a 500.

Django (5.0+) already turns an exact or ordering lookup on an integer field with a value out of
the database's range into an empty result; ``in`` was left out, so a form's multiple choice of
ids (``ModelMultipleChoiceField``: the topics of the public application form) sent a number
above 2**63 - 1 to SQLite, which raised ``OverflowError``. The ``in`` lookup below drops such
values, as the exact lookup ignores them. In addresses, the ``id`` converter matches an id of
the database's range only: ``<id:pk>`` instead of ``<int:pk>``, so a larger one is a 404 before
any view (tests/test_urls.py checks that no route takes ``<int:>``).
"""

from django.db.models import IntegerField
from django.db.models.lookups import In

# The largest primary key of every backend (BigAutoField): PostgreSQL's bigint, SQLite's INTEGER.
ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("id out of range")  # the route does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)


class IntegerFieldIn(In):
    """``in`` on an integer field, without the values the database cannot hold (none of its
    rows has them): all of them out of range is an empty result, as for an exact lookup."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    from django.urls import register_converter

    register_converter(IdConverter, "id")
    IntegerField.register_lookup(IntegerFieldIn)
