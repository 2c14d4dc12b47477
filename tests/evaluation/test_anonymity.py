"""The schema cannot join an answer to a person: what a response holds, what points at it, what
an answer leaves behind (e-mails, logs, PostgreSQL's transaction ids)."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse

from evaluation.models import Response, SurveyInvitation
from evaluation.services.answering import response_submit
from evaluation.tokens import answer_token
from followup.models import HelpChannel
from matching.models import Pair
from mentorat.core.models import SentEmail
from programmes.models import Application, Role
from tests.factories import accepted_pair, accepted_participant, invited, wave_of


def test_a_response_holds_exactly_its_key_wave_role_coarse_attributes_and_answers():
    fields = {field.name: field for field in Response._meta.get_fields()}
    assert set(fields) == {
        "id",
        "wave",
        "role",
        "sector_group",
        "departement",
        "size_band",
        "answers",
    }
    assert isinstance(fields["id"], models.UUIDField)
    assert fields["id"].primary_key
    assert fields["wave"].related_model is apps.get_model("evaluation", "Wave")


def test_a_response_points_at_no_person_and_carries_no_date():
    people = {get_user_model(), Application, Pair, SurveyInvitation}
    for field in Response._meta.get_fields():
        assert field.related_model not in people, field.name
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)


def test_no_model_points_at_a_response():
    pointing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is Response
        and field.model is not Response
        and field.concrete
    ]
    assert pointing == []
    # Nor a reverse relation other than none at all.
    assert [rel for rel in Response._meta.related_objects] == []


def test_a_response_has_no_admin_page():
    assert not admin.site.is_registered(Response)


@pytest.mark.django_db
def test_a_response_cannot_be_changed(personas):
    wave = wave_of(personas.programme)
    response = response_submit(invitation=invited(wave, personas.mentee), answers={})
    response.role = Role.MENTOR
    with pytest.raises(ValidationError):
        response.save()
    assert Response.objects.get().role == Role.MENTEE


@pytest.mark.django_db
def test_answering_sends_no_e_mail_and_logs_nothing_that_names_the_response(
    client, personas, caplog
):
    pair = accepted_pair(
        personas.programme,
        Application.objects.get(user=personas.mentor),
        Application.objects.get(user=personas.mentee),
    )
    assert pair
    wave = wave_of(personas.programme, "pulse")
    invitation = invited(wave, personas.mentee)
    caplog.set_level(logging.DEBUG)
    before = set(SentEmail.objects.values_list("pk", flat=True))
    link = reverse("evaluation:answer_link", kwargs={"token": answer_token(invitation.pk)})
    # With the contact request: it e-mails the coordination, never the person.
    response = client.post(link, {"contact": "on", "channel": HelpChannel.EMAIL})
    assert response.status_code == 200
    stored = Response.objects.get()
    new = SentEmail.objects.exclude(pk__in=before)
    assert not new.filter(to=personas.mentee.email).exists()
    assert set(new.values_list("to", flat=True)) <= {personas.coordinator.email}
    for record in caplog.records:
        text = record.getMessage() + repr(getattr(record, "args", ""))
        assert str(stored.pk) not in text and stored.pk.hex not in text, record.name
        assert personas.mentee.email not in text, record.name


def _xmins(table: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id::text, xmin::text FROM {table}")
        return dict(cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_responses_transaction_id_does_not_single_out_its_invitation(personas):
    wave = wave_of(personas.programme)
    people = [personas.mentee] + [
        accepted_participant(personas.programme, Role.MENTEE).user for _ in range(3)
    ]
    invitations = [invited(wave, user) for user in people]
    for invitation in invitations:
        response_submit(invitation=invitation, answers={})
    responses = _xmins(Response._meta.db_table)
    invited_rows = _xmins(SurveyInvitation._meta.db_table)
    assert len(responses) == len(invitations) == len(invited_rows)
    for xmin in responses.values():
        same = [pk for pk, other in invited_rows.items() if other == xmin]
        # Either no invitation was written by the response's transaction (an earlier answer),
        # or all of them were (the latest): never its own alone.
        assert same == [] or len(same) == len(invitations)
    # The earlier responses share their transaction with no invitation at all.
    assert sum(1 for xmin in responses.values() if xmin in invited_rows.values()) == 1


@pytest.mark.django_db
def test_an_error_report_of_the_answer_pages_leaves_out_the_posted_answers(client, personas):
    from django.views.debug import SafeExceptionReporterFilter

    invitation = invited(wave_of(personas.programme), personas.mentee)
    link = reverse("evaluation:answer_link", kwargs={"token": answer_token(invitation.pk)})
    response = client.post(link, {"q1": "4"})
    request = response.wsgi_request
    assert request.sensitive_post_parameters == "__ALL__"
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert set(cleansed.values()) == {SafeExceptionReporterFilter.cleansed_substitute}
    client.force_login(personas.mentee)
    url = reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )
    assert client.get(url).wsgi_request.sensitive_post_parameters == "__ALL__"
