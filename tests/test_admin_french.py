"""The admin reads in French: every field of every app has a translated name, no English label
shows on any changelist or change page, stored criteria read as sentences, times are Paris's."""

import html
import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from matching.models import MatchingRun, Pair, ProposedPair
from mentorat.core.models import SentEmail
from tests.test_urls import ADMIN_OBJECTS, world  # noqa: F401  (the fixture)

OUR_APPS = ["core", "accounts", "programmes", "matching", "followup", "evaluation"]
# Words that are the same in both languages.
SAME_IN_FRENCH = {
    *("programme", "programmes", "mentor", "organisation", "organisations", "score", "siret"),
    *("département", "description", "position", "phase", "note", "permissions", "date", "message"),
    *("introduction", "questionnaire", "question", "code", "pdf", "csv", "pages"),
}


def _fields(model):
    for field in model._meta.get_fields():
        if field.auto_created or not hasattr(field, "verbose_name") or field.primary_key:
            continue
        yield field


def _labels(field) -> tuple[str, str]:
    with translation.override("en"):
        english = str(field.verbose_name)
    with translation.override("fr"):
        french = str(field.verbose_name)
    return english, french


@pytest.mark.parametrize("app_label", OUR_APPS)
def test_every_field_of_our_models_has_a_french_name(app_label):
    missing = []
    for model in apps.get_app_config(app_label).get_models():
        for field in _fields(model):
            english, french = _labels(field)
            named = isinstance(field.verbose_name, Promise)  # gettext_lazy, not the field's name
            if not named or (english == french and english.lower() not in SAME_IN_FRENCH):
                missing.append(f"{model.__name__}.{field.name}: {french}")
    assert missing == []


def _english_labels(model) -> set[str]:
    labels = set()
    for field in _fields(model):
        english, french = _labels(field)
        if english.lower() != french.lower():
            labels.add(capfirst(english))
    return labels


def _leaks(page: str, labels: set[str]) -> set[str]:
    text = html.unescape(page)
    # A label stands alone in a column header, a filter title or a form label.
    return {
        label
        for label in labels
        if re.search(rf">\s*(Par |By )?{re.escape(label)}\s*(:|\?)?\s*<", text, re.IGNORECASE)
    }


def _admin_pages(w):
    for model in admin.site._registry:
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        obj = ADMIN_OBJECTS[name](w)
        yield model, reverse(f"admin:{name}_changelist")
        yield model, reverse(f"admin:{name}_change", args=[obj.pk])


@pytest.mark.django_db
def test_staff_see_every_admin_page_in_french_with_no_english_label(client, world):  # noqa: F811
    client.force_login(world.personas.staff)
    pages = list(_admin_pages(world))
    assert len(pages) == 2 * len(admin.site._registry)
    leaks = {}
    for model, path in pages:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, path
        page = response.content.decode()
        assert 'lang="fr"' in page
        found = _leaks(page, _english_labels(model))
        if found:
            leaks[path] = found
    assert leaks == {}


@pytest.mark.django_db
def test_the_admin_has_one_comptes_section_with_users_and_email_addresses(client, world):  # noqa: F811
    client.force_login(world.personas.staff)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert page.count(">Comptes<") == 1
    assert "/admin/accounts/user/" in page and "/admin/accounts/emailaddress/" in page
    assert "/admin/account/" not in page and "/admin/auth/" not in page


CRITERIA = [
    {
        "code": "distance_km",
        "mentor_departement": "89",
        "mentee_departement": "21",
        "km": 120,
        "neighbours": False,
        "value": 0.4,
        "points": 8,
    },
    {"code": "mode_same", "mentor_mode": "presentiel", "mentee_mode": "presentiel", "value": 1},
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ProposedPair, Pair])
def test_stored_criteria_show_as_the_sentences_of_the_pages(client, world, model):  # noqa: F811
    obj = world.here["proposed" if model is ProposedPair else "pair"]
    model.objects.filter(pk=obj.pk).update(criteria=CRITERIA)
    client.force_login(world.personas.staff)
    url = reverse(f"admin:matching_{model._meta.model_name}_change", args=[obj.pk])
    page = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Le mentor est dans l’Yonne (89) et le mentoré en Côte-d’Or (21)" in page
    assert "Tous deux préfèrent la même modalité de rencontre" in page
    assert '"code"' not in page and "distance_km" not in page


@pytest.mark.django_db
def test_the_email_log_reads_in_french_with_paris_times(client, world):  # noqa: F811
    email = world.here["email"]
    SentEmail.objects.filter(pk=email.pk).update(
        created_at=datetime(2026, 12, 1, 13, 30, tzinfo=UTC), status="sent"
    )
    client.force_login(world.personas.staff)
    listing = html.unescape(
        client.get("/admin/core/sentemail/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    for words in ("Destinataire", "Type de courriel", "Objet", "État", "Enregistré le"):
        assert words in listing
    assert "Bienvenue sur un nouveau compte" in listing  # the kind, not "welcome"
    assert "Envoyé" in listing  # the status's label
    assert "14:30" in listing and "13:30" not in listing  # Europe/Paris, not UTC
    change = html.unescape(
        client.get(
            f"/admin/core/sentemail/{email.pk}/change/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    )
    assert "Bienvenue sur un nouveau compte → mentee@exemple.fr" in change
    assert "Français" in change


@pytest.mark.django_db
def test_runs_and_proposed_pairs_are_named_by_paris_time_and_people(world):  # noqa: F811
    run, proposed = world.here["run"], world.here["proposed"]
    MatchingRun.objects.filter(pk=run.pk).update(
        created_at=datetime(2026, 12, 1, 13, 30, tzinfo=UTC)
    )
    run.refresh_from_db()
    assert str(run).endswith("01/12/2026 14:30")
    assert str(proposed).startswith(f"{world.personas.mentor.display_name} – ")
    assert str(world.here["unmatched"]) == world.here["unmatched"].mentee.user.display_name


@pytest.mark.django_db
def test_a_run_shows_its_settings_and_figures_in_words_not_json(client, world):  # noqa: F811
    run = world.here["run"]
    MatchingRun.objects.filter(pk=run.pk).update(
        summary={"matched": 12, "unmatched": 1, "mean_score": 71.25, "lowest_score": 40.0},
        issues=[{"code": "no_capacity", "params": {}, "blocking": True}],
    )
    client.force_login(world.personas.staff)
    url = reverse("admin:matching_matchingrun_change", args=[run.pk])
    page = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Mentorés appariés : 12" in page and "Score moyen : 71,2" in page
    assert "Aucun mentor ne peut accueillir de mentoré" in page
    assert '"matched"' not in page and "no_capacity" not in page


@pytest.mark.django_db
def test_unmatched_mentees_are_filtered_by_reasons_in_words(client, world):  # noqa: F811
    client.force_login(world.personas.staff)
    page = html.unescape(
        client.get("/admin/matching/unmatchedmentee/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    assert "Par motif" in page
    code = world.here["unmatched"].code
    assert f">{code}<" not in page
