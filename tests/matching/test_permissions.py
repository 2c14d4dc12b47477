"""get_pair_for: a pair is reached by its two members to answer it, followed by those who
manage the programme, and does not exist for anybody else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from matching.permissions import get_pair_for
from programmes.models import Application, Role
from tests.factories import PairFactory, ProgrammeFactory, accepted_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    return PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_each_member_may_answer_and_follow_their_pair(personas, pair, who):
    person = getattr(personas, who)
    assert get_pair_for(person, personas.programme, pair.pk, "respond_pair") == pair
    assert get_pair_for(person, personas.programme, pair.pk, "view_pair") == pair


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_those_who_manage_follow_the_pair_but_cannot_answer_it(personas, pair, who):
    person = getattr(personas, who)
    assert get_pair_for(person, personas.programme, pair.pk, "view_pair") == pair
    with pytest.raises(PermissionDenied):
        get_pair_for(person, personas.programme, pair.pk, "respond_pair")


@pytest.mark.parametrize("who", ["referent", "outsider"])
def test_a_referent_and_an_outsider_do_not_even_learn_the_pair_exists(personas, pair, who):
    for action in ("view_pair", "respond_pair"):
        with pytest.raises(Http404):
            get_pair_for(getattr(personas, who), personas.programme, pair.pk, action)


def test_another_pair_of_the_programme_does_not_exist_for_a_participant(personas, pair):
    other = PairFactory(
        programme=personas.programme,
        mentor=accepted_participant(personas.programme, Role.MENTOR),
        mentee=accepted_participant(personas.programme, Role.MENTEE),
    )
    for who in ("mentor", "mentee"):
        with pytest.raises(Http404):
            get_pair_for(getattr(personas, who), personas.programme, other.pk, "respond_pair")


def test_a_pair_is_only_reached_through_its_own_programme(personas, pair):
    elsewhere = ProgrammeFactory()
    with pytest.raises(Http404):
        get_pair_for(personas.mentee, elsewhere, pair.pk, "respond_pair")
    with pytest.raises(Http404):
        get_pair_for(personas.staff, personas.programme, pair.pk + 1000, "view_pair")
