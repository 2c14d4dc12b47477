"""manage.py erase_person: the same erasure as "Mon compte", from the command line."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from rights.models import ErasureReason, ErasureRecord

from .erasure_helpers import EMAIL, person_everywhere


def _run(*args) -> str:
    out = StringIO()
    call_command("erase_person", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_erases_the_person_and_prints_the_table_in_french():
    person_everywhere()
    out = _run(EMAIL.upper())
    assert "accounts_user" in out and "Total" in out
    assert "La personne a été effacée." in out
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    assert ErasureRecord.objects.get().reason == ErasureReason.STAFF


@pytest.mark.django_db
def test_a_dry_run_prints_the_same_table_and_erases_nothing():
    person_everywhere()
    out = _run(EMAIL, "--dry-run")
    assert "accounts_user" in out and "rien n’a été effacé" in out
    assert get_user_model().objects.filter(email=EMAIL).exists()
    assert not ErasureRecord.objects.exists()


@pytest.mark.django_db
def test_an_unknown_address_fails_with_a_french_message():
    with pytest.raises(CommandError, match="Aucun compte"):
        _run("personne@nulle-part.fr")
