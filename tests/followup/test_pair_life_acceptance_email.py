"""When both members have accepted, each receives an e-mail (text and HTML, in their language)
with the partner's name, organisation and e-mail, the phone only if the partner shares it, the
programme's charter, and the next step: the pair page."""

import pytest
from django.core import mail

from matching.services import pair_respond
from mentorat.core.models import SentEmail
from programmes.models import Application
from tests.factories import PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    personas.programme.charter = "Chacun s’engage à la confidentialité & au respect."
    personas.programme.save()
    return PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


@pytest.fixture
def both_accept(personas, django_capture_on_commit_callbacks):
    def run(pair):
        with django_capture_on_commit_callbacks(execute=True):
            pair_respond(pair=pair, user=personas.mentor, accept=True)
        assert mail.outbox == []  # one answer is not enough
        with django_capture_on_commit_callbacks(execute=True):
            pair_respond(pair=pair, user=personas.mentee, accept=True)

    return run


def _to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_each_member_receives_the_partner_contact_the_charter_and_the_next_step(
    personas, pair, both_accept
):
    personas.mentor.phone = "03 81 11 22 33"
    personas.mentor.share_phone = True
    personas.mentor.save()
    personas.mentee.phone = "06 99 88 77 66"  # not shared
    personas.mentee.save()

    both_accept(pair)

    assert len(mail.outbox) == 2
    mentor, mentee = personas.mentor, personas.mentee
    to_mentee = _to(mentee)
    assert to_mentee.subject == (
        f"[Mentorat] Votre binôme est confirmé dans « Programme de test » : {mentor.display_name}"
    )
    body = to_mentee.body
    assert f"Bonjour {mentee.first_name}," in body
    assert f"{mentor.display_name} est désormais votre mentor" in body
    assert "Organisation : Transports Test" in body
    assert f"E-mail : {mentor.email}" in body
    assert "Téléphone : 03 81 11 22 33" in body
    assert "Chacun s’engage à la confidentialité & au respect." in body
    assert "acceptez la charte" in body
    assert f"/suivi/programme-test/binome/{pair.pk}/" in body
    html = to_mentee.alternatives[0][0]
    assert "03 81 11 22 33" in html
    assert "confidentialité &amp; au respect" in html
    assert f'href="mailto:{mentor.email}"' in html

    to_mentor = _to(mentor)
    assert "Fromagerie Test" in to_mentor.body
    assert f"E-mail : {mentee.email}" in to_mentor.body
    assert "06 99 88 77 66" not in to_mentor.body
    assert "06 99 88 77 66" not in to_mentor.alternatives[0][0]
    assert "Téléphone" not in to_mentor.body


def test_the_email_is_recorded_once_per_member(personas, pair, both_accept):
    both_accept(pair)
    keys = set(SentEmail.objects.filter(template="pair_accepted").values_list("key", flat=True))
    assert keys == {f"pair-accepted:{pair.pk}:mentor", f"pair-accepted:{pair.pk}:mentee"}


def test_an_english_reader_gets_it_in_english(personas, pair, both_accept):
    personas.mentee.language = "en"
    personas.mentee.save()
    both_accept(pair)
    assert _to(personas.mentee).subject.startswith("[Mentorat] Your pair is confirmed")
