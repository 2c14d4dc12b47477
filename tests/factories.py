"""factory_boy factories for the whole suite."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from matching.models import Pair, PairStatus, PairTransition, Response
from programmes.models import (
    Application,
    ApplicationStatus,
    Membership,
    Organisation,
    Programme,
    Role,
    Topic,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-de-test")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # Most people of the suite have confirmed their e-mail, as allauth requires to log in.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    sector = "Industrie"
    departement = "25"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """An appointed role: coordinator (the default) or referent of an organisation. Mentors and
    mentees are not memberships: build them with ``accepted_participant``."""

    class Meta:
        model = Membership

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    status = ApplicationStatus.SUBMITTED
    organisation = factory.SubFactory(OrganisationFactory)
    departement = "25"


def accepted_participant(
    programme: Programme,
    role: str = Role.MENTEE,
    organisation: Organisation | None = None,
    *,
    user=None,
    topics: tuple[str, ...] = (),
    capacity: int | None = 2,
    **fields,
) -> Application:
    """A mentor or mentee taking part in ``programme``, as recruitment or an import leaves them:
    an accepted application (the only record of taking part). Topics by name, created in the
    programme if needed; a mentor follows 2 mentees unless told (None: the programme's default).
    """
    if organisation is None:
        organisation = OrganisationFactory()
    fields.setdefault("departement", organisation.departement)
    if role != Role.MENTOR:
        capacity = None
    application = ApplicationFactory(
        programme=programme,
        role=role,
        status=ApplicationStatus.ACCEPTED,
        organisation=organisation,
        capacity=capacity,
        user=user or UserFactory(),
        **fields,
    )
    if topics:
        application.topics.set(
            Topic.objects.get_or_create(programme=programme, name=name)[0] for name in topics
        )
    return application


class PairFactory(factory.django.DjangoModelFactory):
    """A published pair waiting for both answers, between two accepted participants of two
    organisations of the same programme."""

    class Meta:
        model = Pair

    programme = factory.SubFactory(ProgrammeFactory)
    mentor = factory.LazyAttribute(lambda o: accepted_participant(o.programme, Role.MENTOR))
    mentee = factory.LazyAttribute(lambda o: accepted_participant(o.programme, Role.MENTEE))
    criteria = factory.LazyFunction(list)


def accepted_pair(programme: Programme, mentor=None, mentee=None, *, accepted_at=None) -> Pair:
    """A pair both members accepted, as ``pair_respond`` leaves it: published, then accepted on
    ``accepted_at`` (thirty days ago unless told), each step dated. ``mentor`` and ``mentee``
    are accepted applications (built when not given)."""
    from datetime import timedelta

    from django.utils import timezone

    accepted_at = accepted_at or timezone.now() - timedelta(days=30)
    pair = PairFactory(
        programme=programme,
        **({"mentor": mentor} if mentor else {}),
        **({"mentee": mentee} if mentee else {}),
        status=PairStatus.ACCEPTED,
        mentor_response=Response.ACCEPTED,
        mentee_response=Response.ACCEPTED,
    )
    PairTransition.objects.bulk_create(
        [
            PairTransition(pair=pair, to_status=PairStatus.PROPOSED, at=accepted_at - timedelta(1)),
            PairTransition(
                pair=pair,
                from_status=PairStatus.PROPOSED,
                to_status=PairStatus.ACCEPTED,
                at=accepted_at,
            ),
        ]
    )
    return pair


def held_roles(user, programme: Programme) -> set[str]:
    """The roles ``user`` holds in ``programme`` now: a fresh read of the person, not the
    roles cached on the object for a request."""
    from programmes.permissions import roles_for

    return set(roles_for(get_user_model().objects.get(pk=user.pk), programme))


# --- The follow-up: pairs that go on, meetings, charter, planned meetings, help requests -------


def _days_ago(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=days)


def dated_pair(
    programme: Programme, status: str = "active", *, accepted_days_ago: int = 60, **fields
) -> Pair:
    """A pair that took the steps of its life up to ``status`` (accepted by both, meeting,
    completed, ended, declined), each dated as ``pair_transition`` keeps it: proposed a week
    before the acceptance, meeting (both charters accepted) a few days after."""
    from matching.models import PairStatus, PairTransition, Response

    pair = PairFactory(programme=programme, status=status, **fields)
    accepted_at = _days_ago(accepted_days_ago)
    path = {
        PairStatus.PROPOSED: [],
        PairStatus.DECLINED: [PairStatus.DECLINED],
        PairStatus.ACCEPTED: [PairStatus.ACCEPTED],
        PairStatus.ACTIVE: [PairStatus.ACCEPTED, PairStatus.ACTIVE],
        PairStatus.COMPLETED: [PairStatus.ACCEPTED, PairStatus.ACTIVE, PairStatus.COMPLETED],
        PairStatus.ENDED: [PairStatus.ACCEPTED, PairStatus.ACTIVE, PairStatus.ENDED],
    }[status]
    moments = {
        PairStatus.PROPOSED: _days_ago(accepted_days_ago + 7),
        PairStatus.DECLINED: accepted_at,
        PairStatus.ACCEPTED: accepted_at,
        PairStatus.ACTIVE: _days_ago(max(accepted_days_ago - 3, 0)),
        PairStatus.COMPLETED: _days_ago(max(accepted_days_ago - 200, 0)),
        PairStatus.ENDED: _days_ago(max(accepted_days_ago - 30, 0)),
    }
    steps, previous = [], ""
    for to in [PairStatus.PROPOSED, *path]:
        steps.append(PairTransition(pair=pair, from_status=previous, to_status=to, at=moments[to]))
        previous = to
    PairTransition.objects.bulk_create(steps)
    if status != PairStatus.PROPOSED:
        answer = Response.DECLINED if status == PairStatus.DECLINED else Response.ACCEPTED
        Pair.objects.filter(pk=pair.pk).update(mentor_response=answer, mentee_response=answer)
    if status in (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED):
        charter_accepted(pair, "mentor", days_ago=max(accepted_days_ago - 3, 0))
        charter_accepted(pair, "mentee", days_ago=max(accepted_days_ago - 3, 0))
    return pair


def charter_accepted(pair: Pair, role: str, *, days_ago: int = 0):
    from followup.models import CharterAcceptance

    user = (pair.mentor if role == "mentor" else pair.mentee).user
    acceptance = CharterAcceptance.objects.create(pair=pair, role=role, user=user)
    CharterAcceptance.objects.filter(pk=acceptance.pk).update(accepted_at=_days_ago(days_ago))
    return acceptance


def meeting_held(pair: Pair, *, days_ago: int, minutes: int = 60, mode: str = "video"):
    from followup.models import Meeting

    return Meeting.objects.create(
        pair=pair,
        held_on=_days_ago(days_ago).date(),
        duration_minutes=minutes,
        mode=mode,
        logged_by=pair.mentor.user,
    )


def meeting_planned(pair: Pair, *, days_ago: int, mode: str = "in_person"):
    """The pair's planned meeting, ``days_ago`` days ago (negative: in the future)."""
    from followup.models import PlannedMeeting

    return PlannedMeeting.objects.create(
        pair=pair, starts_at=_days_ago(days_ago), mode=mode, set_by=pair.mentee.user
    )


def help_requested(
    pair: Pair, role: str = "mentee", *, channel: str = "phone", days_ago: int = 0, handled=False
):
    from followup.models import HelpRequest

    member = pair.mentor if role == "mentor" else pair.mentee
    request = HelpRequest.objects.create(
        pair=pair, requested_by=member.user, role=role, channel=channel
    )
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=_days_ago(days_ago), handled_at=_days_ago(0) if handled else None
    )
    return request


# --- Evaluation: questionnaires, waves, invitations and anonymous responses -------------------


def questionnaire_for(programme: Programme, kind: str = "baseline"):
    """The programme's questionnaire of ``kind``, copied from the default bank."""
    from evaluation.services.questionnaires import questionnaires_ensure

    return questionnaires_ensure(programme=programme)[kind]


def wave_of(programme: Programme, kind: str = "baseline", *, status: str = "open", number: int = 1):
    """A wave of the programme's questionnaire of ``kind`` (open by default), this month."""
    from evaluation.models import Wave

    today = timezone.localdate()
    return Wave.objects.create(
        questionnaire=questionnaire_for(programme, kind),
        number=number,
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=21),
        status=status,
    )


def invited(wave, user, *, answered: bool = False):
    """``user`` (an accepted participant of the wave's programme) invited to ``wave``."""
    from evaluation.services.invitations import wave_invitations_create

    application = Application.objects.select_related("organisation").get(
        programme=wave.questionnaire.programme, user=user, status=ApplicationStatus.ACCEPTED
    )
    wave_invitations_create(wave=wave, applications=[application])
    invitation = wave.invitations.get(user=user)
    if answered:
        invitation.answered = True
        invitation.save(update_fields=["answered"])
    return invitation


def anonymous_response(wave, *, role: str = "mentee", answers: dict | None = None, **attributes):
    """A response stored directly (as if submitted), with ``answers`` by question code."""
    from evaluation.models import Response

    questions = {q.code: q.pk for q in wave.questionnaire.questions.all()}
    return Response.objects.create(
        wave=wave,
        role=role,
        sector_group=attributes.get("sector_group", "autre"),
        departement=attributes.get("departement", "autre"),
        size_band=attributes.get("size_band", "autre"),
        answers={str(questions[code]): value for code, value in (answers or {}).items()},
    )
