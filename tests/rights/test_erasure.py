"""person_erase: nothing of the person is left, the programme's figures stay without identity."""

import subprocess

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from evaluation.models import Report, Response, SurveyInvitation
from followup.models import CharterAcceptance, HelpRequest, Meeting
from matching.models import Pair, PairStatus, UnmatchedMentee
from mentorat.core.models import SentEmail
from programmes.models import Application, ApplicationNote, Role
from rights.models import ErasureReason, ErasureRecord
from rights.services import erasure
from rights.services.erasure import person_erase
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory

from .erasure_helpers import EMAIL, FIRST, LAST, person_everywhere

User = get_user_model()


def _sqlite_dump() -> str:
    return "\n".join(connection.connection.iterdump())


def _assert_nowhere(dump: str) -> None:
    lowered = dump.lower()
    for needle in (EMAIL, FIRST, LAST, "zephyrine", "zo\\u00e9", "z\\u00e9phyrine"):
        assert needle.lower() not in lowered, needle


@pytest.mark.django_db
def test_the_dump_of_the_database_names_the_person_nowhere_after_the_erasure():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant is below")
    scene = person_everywhere()
    responses = Response.objects.count()
    before = _sqlite_dump()
    assert EMAIL in before and LAST in before

    person_erase(user=scene.person, reason=ErasureReason.STAFF)

    _assert_nowhere(_sqlite_dump())
    assert Response.objects.count() == responses == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pg_dump_of_the_database_names_the_person_nowhere_after_the_erasure():
    scene = person_everywhere()
    responses = Response.objects.count()
    db = connection.settings_dict

    def dump() -> str:
        command = ["pg_dump", "--data-only", "-h", db["HOST"] or "127.0.0.1"]
        command += ["-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres", db["NAME"]]
        env = {"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"}
        return subprocess.run(command, check=True, capture_output=True, env=env).stdout.decode()

    assert EMAIL in dump()
    person_erase(user=scene.person, reason=ErasureReason.STAFF)
    _assert_nowhere(dump())
    assert Response.objects.count() == responses == 2


@pytest.mark.django_db
def test_the_pair_stays_ended_with_its_meetings_and_help_request_but_no_person():
    scene = person_everywhere()
    person_erase(user=scene.person, reason=ErasureReason.REQUEST)

    pair = Pair.objects.get(pk=scene.pair.pk)
    assert pair.status == PairStatus.ENDED
    assert pair.mentee.user is None
    assert pair.mentee.job_title == "" and pair.mentee.expectations == ""
    assert pair.mentor.user == scene.partner
    assert Meeting.objects.filter(pair=pair).count() == 1
    assert HelpRequest.objects.get(pair=pair).requested_by is None
    assert CharterAcceptance.objects.filter(pair=pair).count() == 2
    assert pair.transitions.last().to_status == PairStatus.ENDED
    assert not User.objects.filter(email=EMAIL).exists()
    assert str(pair.mentee).startswith("Participant(e) effacé(e) – ")
    # What was published before stays as it was.
    assert Report.objects.get().data == {"n": 2}
    assert Report.objects.get().requested_by is None


@pytest.mark.django_db
def test_notes_about_the_person_go_and_notes_they_wrote_lose_their_author():
    scene = person_everywhere()
    person_erase(user=scene.person, reason=ErasureReason.REQUEST)
    assert list(ApplicationNote.objects.values_list("text", "author")) == [
        ("Écrit par elle.", None)
    ]


@pytest.mark.django_db
def test_the_e_mails_to_the_person_go_and_those_naming_them_are_scrubbed():
    scene = person_everywhere()
    person_erase(user=scene.person, reason=ErasureReason.REQUEST)
    assert not SentEmail.objects.filter(to=EMAIL).exists()
    kept = SentEmail.objects.get(to=scene.partner.email)
    assert "participant(e) effacé(e)" in kept.body.lower() or "erased participant" in kept.body
    assert LAST not in str(kept.context) and EMAIL not in kept.body
    params = UnmatchedMentee.objects.get().params
    assert LAST not in str(params) and params["mentor_id"]


@pytest.mark.django_db
def test_a_record_says_when_and_why_with_no_identity():
    scene = person_everywhere()
    summary = person_erase(user=scene.person, reason=ErasureReason.REQUEST)
    record = ErasureRecord.objects.get()
    assert record.reason == ErasureReason.REQUEST
    assert record.summary == dict(summary.rows())
    assert record.summary["accounts_user"] == 1
    assert record.summary["evaluation_surveyinvitation"] == 1
    assert record.summary["django_session"] == 1  # logged out everywhere
    assert record.summary["django_admin_log"] == 1
    assert record.summary["core_sentemail (deleted)"] == 1
    assert EMAIL not in str(record.summary) and LAST not in str(record.summary)


@pytest.mark.django_db
def test_a_dry_run_gives_the_same_summary_and_changes_nothing():
    scene = person_everywhere()
    counts = {m: m.objects.count() for m in (User, Application, SentEmail, SurveyInvitation)}
    dry = person_erase(user=scene.person, reason=ErasureReason.STAFF, dry_run=True)
    assert {m: m.objects.count() for m in counts} == counts
    assert not ErasureRecord.objects.exists()
    assert Pair.objects.get(pk=scene.pair.pk).status == PairStatus.ACTIVE
    done = person_erase(user=scene.person, reason=ErasureReason.STAFF)
    assert dry.rows() == done.rows()


@pytest.mark.django_db
def test_the_only_coordinator_of_a_programme_not_over_is_refused_in_french():
    programme = ProgrammeFactory(current_phase="running")
    coordinator = UserFactory()
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    with pytest.raises(ValidationError, match="seul"):
        person_erase(user=coordinator, reason=ErasureReason.REQUEST)
    MembershipFactory(programme=programme, role=Role.COORDINATOR)
    person_erase(user=coordinator, reason=ErasureReason.REQUEST)
    assert not User.objects.filter(pk=coordinator.pk).exists()


def test_every_foreign_key_to_a_person_or_an_application_is_handled_by_the_erasure():
    """A new model with a key to the user model (or to an application) must be added to
    ``HANDLED`` and to the table of ``rights/services/erasure.py``'s docstring."""
    targets = (User, Application)
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in targets:
                found.add(f"{model._meta.label}.{field.name}")
                assert model._meta.db_table in erasure.__doc__, model._meta.db_table
    assert found - set(erasure.HANDLED) == set()
    assert set(erasure.HANDLED) - found == set()


@pytest.mark.django_db
def test_the_persons_downloads_go_with_their_files(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from rights.models import DataDownload

    person = UserFactory()
    download = DataDownload.objects.create(user=person)
    download.file.save("mes-donnees.zip", ContentFile(b"zip"), save=True)
    storage, name = download.file.storage, download.file.name
    with django_capture_on_commit_callbacks(execute=True):
        summary = person_erase(user=person, reason=ErasureReason.REQUEST)
    assert summary.counts["rights_datadownload"] == 1
    assert not storage.exists(name)
