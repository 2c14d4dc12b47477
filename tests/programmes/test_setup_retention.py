"""Staff set how long a programme's personal data is kept after it closes, from its page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _post(client, user, programme, months):
    client.force_login(user)
    return client.post(
        reverse("programmes:setup_retention", kwargs={"slug": programme.slug}),
        {"retention-retention_months": months},
        follow=True,
    )


def test_staff_set_the_retention_period_and_the_page_says_it(client, personas):
    response = _post(client, personas.staff, personas.programme, 36)
    personas.programme.refresh_from_db()
    assert personas.programme.retention_months == 36
    page = response.content.decode()
    assert "La durée de conservation est enregistrée." in page
    assert "36 mois" in page


def test_a_period_out_of_bounds_is_refused_in_french_and_nothing_changes(client, personas):
    before = personas.programme.retention_months
    response = _post(client, personas.staff, personas.programme, 500)
    personas.programme.refresh_from_db()
    assert personas.programme.retention_months == before
    assert "inférieure ou égale à 120" in response.content.decode()


def test_only_staff_see_the_form_on_the_programme_page(client, personas):
    url = reverse("programmes:detail", kwargs={"slug": personas.programme.slug})
    client.force_login(personas.staff)
    assert 'id="conservation"' in client.get(url).content.decode()
    client.force_login(personas.coordinator)
    assert 'id="conservation"' not in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "referent", "mentor", "mentee"])
def test_the_coordination_and_participants_may_not_change_it(client, personas, persona):
    before = personas.programme.retention_months
    client.force_login(getattr(personas, persona))
    response = client.post(
        reverse("programmes:setup_retention", kwargs={"slug": personas.programme.slug}),
        {"retention-retention_months": 1},
    )
    assert response.status_code == 403
    personas.programme.refresh_from_db()
    assert personas.programme.retention_months == before
