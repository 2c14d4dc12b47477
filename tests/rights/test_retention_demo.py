"""The demo's closed programme shows when its personal data is purged."""

import pytest
from django.urls import reverse

from mentorat.front.demo import COORDINATOR_EMAILS, seed_demo
from programmes.models import Programme
from rights.demo import CLOSED_SLUG


@pytest.mark.django_db
def test_the_demo_has_a_closed_programme_whose_purge_date_is_shown(client):
    from django.contrib.auth import get_user_model

    seed_demo()
    programme = Programme.objects.get(slug=CLOSED_SLUG)
    assert programme.current_phase == "evaluation"
    assert programme.pairs.filter(status="completed").count() == 3
    client.force_login(get_user_model().objects.get(email=COORDINATOR_EMAILS[0]))
    html = client.get(reverse("programmes:detail", kwargs={"slug": CLOSED_SLUG})).content.decode()
    assert "Données personnelles supprimées le 28 mars 2027" in html
