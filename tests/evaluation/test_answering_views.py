"""The respondent's pages: the e-mail's signed link (no login), "my questionnaires" and the
form signed in, for every role, and what a used, expired, closed or forged link says."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Response
from evaluation.tokens import SALT, answer_token
from followup.models import HelpRequest
from mentorat.core.models import SentEmail
from tests.factories import accepted_pair, invited, wave_of

pytestmark = pytest.mark.django_db


def _link(invitation) -> str:
    return reverse("evaluation:answer_link", kwargs={"token": answer_token(invitation.pk)})


def _field(wave, code) -> str:
    return f"q{wave.questionnaire.questions.get(code=code).pk}"


@pytest.fixture
def invitation(personas):
    return invited(wave_of(personas.programme), personas.mentee)


# --- the signed link ----------------------------------------------------------------------------


def test_the_link_opens_the_form_without_login_and_says_it_is_anonymous_first(client, invitation):
    response = client.get(_link(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vos réponses sont anonymes" in page
    assert "au moins 5 personnes" in page
    # The note comes before the first question, and only the mentee's questions are asked.
    first = invitation.wave.questionnaire.questions.get(code="mentee-change")
    assert page.index("Vos réponses sont anonymes") < page.index(first.text)
    assert "Pas du tout d’accord" in page
    mentor_only = invitation.wave.questionnaire.questions.get(code="mentor-expects-to-learn")
    assert mentor_only.text not in page


def test_submitting_through_the_link_records_the_answer_and_thanks(client, invitation):
    wave = invitation.wave
    emails_before = SentEmail.objects.count()
    response = client.post(
        _link(invitation),
        {_field(wave, "mentee-change"): "5", _field(wave, "mentee-hours"): "42"},
    )
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert "La coordination a reçu votre demande" not in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered
    stored = Response.objects.get()
    assert stored.answers == {
        _field(wave, "mentee-change")[1:]: 5,
        _field(wave, "mentee-hours")[1:]: 42,
    }
    # No "thank you" e-mail: the e-mail log would date the answer.
    assert SentEmail.objects.count() == emails_before


def test_a_used_link_says_so_with_410(client, invitation):
    client.post(_link(invitation), {})
    response = client.get(_link(invitation))
    assert response.status_code == 410
    assert "Déjà répondu" in response.content.decode()
    assert client.post(_link(invitation), {}).status_code == 410
    assert Response.objects.count() == 1


def test_an_expired_link_says_so_with_410(client, invitation, settings):
    settings.EVALUATION_LINK_MAX_AGE_DAYS = 45
    token = signing.TimestampSigner(salt=SALT).sign_object(invitation.pk)
    # The signer dates a token with its clock: move the clock instead of the token.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: timezone.now().timestamp() + 46 * 24 * 3600)
        response = client.get(reverse("evaluation:answer_link", kwargs={"token": token}))
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


def test_a_link_to_a_closed_wave_says_so_with_410(client, invitation):
    wave = invitation.wave
    wave.status = "closed"
    wave.save()
    response = client.get(_link(invitation))
    assert response.status_code == 410
    assert "Ce questionnaire est fermé" in response.content.decode()


def test_a_link_past_the_closing_date_is_closed_even_before_the_wave_is(client, invitation):
    wave = invitation.wave
    wave.opens_on = timezone.localdate() - timedelta(days=30)
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save()
    assert client.get(_link(invitation)).status_code == 410


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "x" * 201,
        signing.dumps(1, salt="another-salt"),
        signing.dumps("1", salt=SALT),
        "é" * 50,
    ],
)
def test_a_forged_or_overlong_link_is_not_found_and_never_a_login_page(client, invitation, token):
    response = client.get(reverse("evaluation:answer_link", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Ce lien n’est pas valide" in response.content.decode()


def test_a_link_to_an_invitation_that_no_longer_exists_is_not_found(client, invitation):
    path = _link(invitation)
    invitation.delete()
    assert client.get(path).status_code == 404


def test_a_bad_value_is_a_french_error_and_saves_nothing(client, invitation):
    wave = invitation.wave
    response = client.post(_link(invitation), {_field(wave, "mentee-hours"): "500"})
    assert response.status_code == 400
    assert "inférieure ou égale à 80" in response.content.decode()
    response = client.post(_link(invitation), {_field(wave, "mentee-change"): "9"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered


def test_a_hostile_post_is_refused_cheaply(client, invitation, django_assert_max_num_queries):
    wave = invitation.wave
    huge = {_field(wave, "mentee-hours"): "9" * 100_000, _field(wave, "mentee-change"): "x" * 10**5}
    unknown = {f"q{10**6 + n}": "1" for n in range(900)}
    with django_assert_max_num_queries(12):
        response = client.post(_link(invitation), {**huge, **unknown})
    assert response.status_code == 400
    assert not Response.objects.exists()
    # Ten thousand fields: Django refuses the request before the view (400).
    many = {f"q{n}": "1" for n in range(10_000)}
    assert client.post(_link(invitation), many).status_code == 400
    assert not Response.objects.exists()


def test_unknown_fields_are_ignored_and_the_known_ones_saved(client, invitation):
    wave = invitation.wave
    response = client.post(
        _link(invitation), {_field(wave, "mentee-change"): "2", "q999999": "3", "user": "1"}
    )
    assert response.status_code == 200
    assert Response.objects.get().answers == {_field(wave, "mentee-change")[1:]: 2}


def test_the_contact_option_is_offered_to_a_member_of_a_pair_and_creates_a_help_request(
    client, personas, invitation
):
    mentee = personas.programme.applications.get(user=personas.mentee)
    mentor = personas.programme.applications.get(user=personas.mentor)
    pair = accepted_pair(personas.programme, mentor, mentee)
    page = client.get(_link(invitation)).content.decode()
    assert "Je souhaite être contacté(e) par la coordination" in page
    response = client.post(_link(invitation), {"contact": "on"})
    assert response.status_code == 400  # the channel is missing
    assert "Choisissez comment vous souhaitez être contacté" in response.content.decode()
    assert not Response.objects.exists()
    response = client.post(_link(invitation), {"contact": "on", "channel": "email"})
    assert response.status_code == 200
    assert "La coordination a reçu votre demande" in response.content.decode()
    request = HelpRequest.objects.get()
    assert (request.pair, request.requested_by) == (pair, personas.mentee)
    assert Response.objects.count() == 1


def test_the_contact_option_is_not_offered_without_a_pair(client, invitation):
    page = client.get(_link(invitation)).content.decode()
    assert "Je souhaite être contacté(e) par la coordination" not in page


# --- signed in: my questionnaires, and the form -------------------------------------------------


def test_my_questionnaires_lists_the_open_invitations_and_says_answered_without_detail(
    client, personas, invitation
):
    pulse = invited(wave_of(personas.programme, "pulse"), personas.mentee, answered=True)
    invited(wave_of(personas.programme, "final", status="scheduled"), personas.mentee)
    client.force_login(personas.mentee)
    response = client.get(reverse("evaluation:my_surveys", kwargs={"slug": "programme-test"}))
    assert response.status_code == 200
    page = response.content.decode()
    answer_url = reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )
    assert answer_url in page
    assert "Répondu" in page
    assert (
        reverse("evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": pulse.pk})
        not in page
    )
    assert "Questionnaire de fin" not in page


def test_my_questionnaires_asks_a_constant_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    from evaluation.models import Wave

    client.force_login(personas.mentee)
    url = reverse("evaluation:my_surveys", kwargs={"slug": "programme-test"})
    invited(wave_of(personas.programme, "pulse"), personas.mentee)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    base = wave_of(personas.programme, "pulse", number=2)
    for number in range(3, 12):
        wave = Wave.objects.create(
            questionnaire=base.questionnaire,
            number=number,
            opens_on=base.opens_on,
            closes_on=base.closes_on,
            status="open",
        )
        invited(wave, personas.mentee)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("mes-questionnaires/") >= 11


def test_the_signed_in_form_records_the_answer_and_goes_back_to_the_list(
    client, personas, invitation
):
    client.force_login(personas.mentee)
    url = reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {_field(invitation.wave, "mentee-balance"): "4"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluation:my_surveys", kwargs={"slug": "programme-test"}
    )
    assert "sans votre nom" in response.content.decode()
    assert Response.objects.count() == 1
    assert client.get(url).status_code == 410


def test_another_persons_invitation_is_not_found(client, personas, invitation):
    client.force_login(personas.mentor)
    invited(invitation.wave, personas.mentor)
    url = reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 403), ("coordinator", 403), ("referent", 403), ("outsider", 404)],
)
def test_the_signed_in_pages_are_for_participants_only(
    client, personas, invitation, persona, status
):
    client.force_login(getattr(personas, persona))
    assert (
        client.get(reverse("evaluation:my_surveys", kwargs={"slug": "programme-test"})).status_code
        == status
    )
    url = reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )
    assert client.get(url).status_code == status


def test_anonymous_visitors_are_sent_to_login_for_the_signed_in_pages(client, invitation):
    response = client.get(reverse("evaluation:my_surveys", kwargs={"slug": "programme-test"}))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_a_check_in_uses_the_four_point_labels_and_a_choice_its_options(client, personas):
    pulse = invited(wave_of(personas.programme, "pulse"), personas.mentee)
    page = client.get(_link(pulse)).content.decode()
    for label in ("Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"):
        assert label in page
    baseline = invited(wave_of(personas.programme, "baseline"), personas.mentee)
    page = client.get(_link(baseline)).content.decode()
    question = baseline.wave.questionnaire.questions.get(code="mentee-new-practice")
    for option in question.options:
        assert option in page
    assert 'type="number"' in page and 'max="80"' in page


def test_before_the_first_question_the_contact_note_is_given_when_it_is_offered(
    client, personas, invitation
):
    mentee = personas.programme.applications.get(user=personas.mentee)
    mentor = personas.programme.applications.get(user=personas.mentor)
    accepted_pair(personas.programme, mentor, mentee)
    page = client.get(_link(invitation)).content.decode()
    note = page.index("Seule la demande facultative de la fin")
    first = invitation.wave.questionnaire.questions.get(code="mentee-change")
    assert note < page.index(first.text) < page.index("Je souhaite être contacté(e)")
