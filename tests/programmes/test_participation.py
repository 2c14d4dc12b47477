"""Taking part is stored once: whatever sequence of applying, importing, deciding, withdrawing
and re-importing happens, the roles a person holds are exactly what their application says.

Hypothesis drives random sequences of the services that coordinators and people use; after every
step the invariant is checked for every person of the story."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.models import Pair, PairStatus
from programmes import services
from programmes.models import Application, ApplicationStatus, Membership, Role
from programmes.permissions import can
from tests.factories import (
    MembershipFactory,
    PairFactory,
    UserFactory,
    accepted_participant,
    held_roles,
)

from .recruitment_helpers import csv_file, programme_with_topics, row

pytestmark = pytest.mark.django_db

PEOPLE = ["ana@exemple.fr", "bruno@exemple.fr", "chloe@exemple.fr"]
ORGANISATIONS = ["Fromagerie Lucas", "Transports Girard"]
ROLES = {"mentor": Role.MENTOR, "mentore": Role.MENTEE}

steps = st.lists(
    st.one_of(
        st.tuples(st.just("apply"), st.sampled_from(PEOPLE), st.sampled_from(list(ROLES))),
        st.tuples(
            st.just("import"),
            st.sampled_from(PEOPLE),
            st.sampled_from(list(ROLES)),
            st.sampled_from(ORGANISATIONS),
        ),
        st.tuples(
            st.just("decide"),
            st.sampled_from(PEOPLE),
            st.sampled_from(
                [
                    ApplicationStatus.ACCEPTED,
                    ApplicationStatus.WAITLISTED,
                    ApplicationStatus.DECLINED,
                ]
            ),
        ),
        st.tuples(st.just("withdraw"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("pair"), st.sampled_from(PEOPLE)),
    ),
    min_size=1,
    max_size=12,
)


def _apply(programme, email: str, role: str) -> None:
    user = _user(email) or UserFactory(email=email)
    organisation = programme.organisations.first()
    profile = services.ApplicationProfile(
        organisation=organisation,
        departement="21",
        job_title="Cheffe d'équipe",
        capacity=2 if ROLES[role] == Role.MENTOR else None,
    )
    try:
        services.application_create(
            programme=programme, user=user, role=ROLES[role], profile=profile
        )
    except ValidationError:
        assert Application.objects.filter(programme=programme, user=user).exists()


def _user(email: str):
    return get_user_model().objects.filter(email=email).first()


def _application(programme, email: str):
    return Application.objects.filter(programme=programme, user__email=email).first()


def _in_open_pair(application) -> bool:
    return Pair.objects.filter(
        Q(mentor=application) | Q(mentee=application),
        status__in=[PairStatus.PROPOSED, PairStatus.ACCEPTED, PairStatus.ACTIVE],
    ).exists()


def _step(programme, coordinator, mentor, step) -> None:
    kind, email, *rest = step
    application = _application(programme, email)
    if kind == "apply":
        _apply(programme, email, rest[0])
    elif kind == "import":
        role, organisation = rest
        capacity = "2" if ROLES[role] == Role.MENTOR else ""
        data = csv_file(row(email, role=role, organisation=organisation, capacite=capacity))
        report = services.participants_import(
            programme=programme, data=data, filename="participants.csv"
        )
        assert report.written, report.as_dict()
    elif kind == "decide" and application is not None:
        before = application.status
        try:
            services.application_decide(application=application, status=rest[0], by=coordinator)
        except ValidationError:
            # Refused only for a withdrawn person, or one whose pair goes on.
            assert before == ApplicationStatus.WITHDRAWN or _in_open_pair(application)
    elif kind == "withdraw" and application is not None:
        try:
            services.application_withdraw(application=application)
        except ValidationError:
            assert _in_open_pair(application)
    elif kind == "pair" and application is not None:
        if (
            application.status == ApplicationStatus.ACCEPTED
            and application.role == Role.MENTEE
            and application.organisation_id != mentor.organisation_id
            and not _in_open_pair(application)
        ):
            PairFactory(programme=programme, mentor=mentor, mentee=application)


def _check_invariant(programme) -> None:
    # Mentors and mentees are never memberships (a database check holds it too).
    assert not Membership.objects.filter(role__in=[Role.MENTOR, Role.MENTEE]).exists()
    for email in PEOPLE:
        user = _user(email)
        if user is None:
            continue
        application = _application(programme, email)
        expected = set()
        if application is not None and application.status == ApplicationStatus.ACCEPTED:
            expected = {application.role}
        assert held_roles(user, programme) == expected, (email, application and application.status)
        # What the permissions allow follows: taking part is exactly holding the role.
        fresh = type(user).objects.get(pk=user.pk)
        assert can(fresh, "participate", programme) == bool(expected)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(story=steps)
def test_the_roles_a_person_holds_are_exactly_what_their_application_says(story):
    with transaction.atomic():
        programme = programme_with_topics(["Animer une équipe"])
        coordinator = UserFactory()
        MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
        # A mentor of another organisation, so that mentees of the story can be paired.
        mentor = accepted_participant(programme, Role.MENTOR)
        # The story's organisations exist, as after a first import.
        for n, name in enumerate(ORGANISATIONS):
            services.participants_import(
                programme=programme,
                data=csv_file(row(f"premier-{n}@exemple.fr", organisation=name)),
                filename="participants.csv",
            )
        _check_invariant(programme)
        for step in story:
            _step(programme, coordinator, mentor, step)
            _check_invariant(programme)
        transaction.set_rollback(True)


def test_a_person_in_an_open_pair_cannot_withdraw(personas):
    mentee = Application.objects.get(user=personas.mentee)
    mentor = Application.objects.get(user=personas.mentor)
    PairFactory(programme=personas.programme, mentor=mentor, mentee=mentee)
    with pytest.raises(ValidationError, match="binôme proposé ou en cours"):
        services.application_withdraw(application=mentee)
    assert held_roles(personas.mentee, personas.programme) == {Role.MENTEE}


def test_a_withdrawn_person_no_longer_takes_part_and_no_decision_brings_them_back(personas):
    mentee = Application.objects.get(user=personas.mentee)
    assert services.application_withdraw(application=mentee)
    assert held_roles(personas.mentee, personas.programme) == set()
    with pytest.raises(ValidationError):
        services.application_decide(
            application=mentee, status=ApplicationStatus.ACCEPTED, by=personas.coordinator
        )
    assert not services.application_withdraw(application=mentee)
    assert held_roles(personas.mentee, personas.programme) == set()
