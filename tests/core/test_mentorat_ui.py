"""The shared page furniture (mentorat/core/templatetags/mentorat_ui.py): breadcrumb, pagination
and the error summary of forms, as the pages render them."""

import re

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

from mentorat.core.templatetags.mentorat_ui import crumbs
from programmes.models import ApplicationStatus
from tests.factories import ApplicationFactory

REQUIRED_NOTE = "Les champs marqués d’un astérisque (*) sont obligatoires."


def _summary(html: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_an_invalid_submit_lists_each_error_as_a_link_to_its_field(client, personas):
    client.force_login(personas.staff)
    response = client.post(reverse("programmes:create"), {"name": "", "slug": ""})
    html = response.content.decode()
    summary = _summary(html)
    assert 'tabindex="-1"' in summary
    assert "Rien n’a été enregistré : 2 problèmes à corriger." in summary
    assert re.search(r'<a href="#id_name"[^>]*>Nom : Ce champ est obligatoire\.</a>', summary)
    assert 'href="#id_slug"' in summary
    # The link's target exists: the field itself.
    assert 'id="id_name"' in html and 'id="id_slug"' in html


def test_a_page_without_errors_shows_no_summary_but_explains_the_asterisk_once(client, personas):
    client.force_login(personas.staff)
    html = client.get(reverse("programmes:create")).content.decode()
    assert "data-error-summary" not in html
    assert html.count(REQUIRED_NOTE) == 1


def test_a_form_error_of_no_field_is_listed_once_without_a_link():
    class Dates(forms.Form):
        start = forms.DateField(required=False)

        def clean(self):
            raise forms.ValidationError("Les dates se chevauchent.")

    form = Dates(data={"start": ""})
    form.is_valid()
    html = Template(
        "{% load mentorat_ui crispy_forms_tags %}{% form_summary form %}{{ form|crispy }}"
    ).render(Context({"form": form}))
    assert html.count("Les dates se chevauchent.") == 1
    assert "<a " not in _summary(html)
    # No required field, no note on the asterisk.
    assert REQUIRED_NOTE not in html


def test_a_service_error_given_to_the_summary_is_listed_with_the_forms_errors():
    html = Template("{% load mentorat_ui %}{% form_summary errors=errors %}").render(
        Context({"errors": ["Le calendrier est incohérent."]})
    )
    assert "Rien n’a été enregistré : 1 problème à corriger." in html
    assert "Le calendrier est incohérent." in html


def test_a_radio_list_in_error_is_linked_to_its_first_choice():
    class Choice(forms.Form):
        role = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    form = Choice(data={})
    form.is_valid()
    html = Template("{% load mentorat_ui %}{% form_summary form %}").render(Context({"form": form}))
    assert 'href="#id_role_0"' in html


def test_page_two_of_a_list_says_so_in_its_title_and_links_back_keeping_the_filters(
    client, personas
):
    ApplicationFactory.create_batch(
        55, programme=personas.programme, role="mentee", status=ApplicationStatus.SUBMITTED
    )
    client.force_login(personas.coordinator)
    url = reverse("programmes:applications", kwargs={"slug": personas.programme.slug})
    first = client.get(url, {"role": "mentee"}).content.decode()
    second = client.get(url, {"role": "mentee", "page": 2}).content.decode()
    title = re.search(r"<title>(.*?)</title>", second, re.S).group(1)
    assert title == "Candidatures – Programme de test – page 2 – Mentorat"
    assert "page 2" not in re.search(r"<title>(.*?)</title>", first, re.S).group(1)
    nav = re.search(r'<nav aria-label="Pages">.*?</nav>', second, re.S).group(0)
    assert 'href="?role=mentee&amp;page=1">Page précédente</a>' in nav
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>2<', nav)


def test_a_single_page_list_shows_no_pagination(client, personas):
    client.force_login(personas.coordinator)
    url = reverse("programmes:applications", kwargs={"slug": personas.programme.slug})
    assert "pagination" not in client.get(url).content.decode()


def test_a_page_link_of_one_list_keeps_the_page_of_the_others():
    request = RequestFactory().get("/appariement/p/", {"page": "2", "sort": "mentee"})
    html = Template('{% load mentorat_ui %}{% page_query "unmatched_page" 3 %}').render(
        Context({"request": request})
    )
    assert html == "?page=2&amp;sort=mentee&amp;unmatched_page=3"


def test_the_breadcrumb_links_every_step_above_the_page_and_marks_the_page_itself(client, personas):
    client.force_login(personas.coordinator)
    slug = personas.programme.slug
    html = client.get(reverse("programmes:import_participants", kwargs={"slug": slug}))
    nav = re.search(r'<nav aria-label="Fil d’Ariane">.*?</nav>', html.content.decode(), re.S)
    nav = nav.group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert links == [
        ("/", "Accueil"),
        (f"/programmes/{slug}/", "Programme de test"),
        (f"/programmes/{slug}/recrutement/", "Recrutement"),
    ]
    assert re.search(r'aria-current="page">Importer des participants</li>', nav)


@pytest.mark.parametrize("odd", [("one",), ("one", "/1/", "two")])
def test_a_trail_of_labels_without_their_urls_is_refused(odd):
    with pytest.raises(TemplateSyntaxError):
        crumbs(*odd)
