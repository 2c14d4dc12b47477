"""The coordinator's matching page: who may open it, what it shows, filters, query counts; and
running matching, its progress page and the JSON it polls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching_views_helpers import SCORE, done_run, people, published_pair, url

from matching.models import MatchingRun, PairStatus, ProposedPair, RunStatus
from programmes.models import Application, Phase, Programme, Role
from tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def other_programme_participant():
    """A mentee of another programme: an outsider here."""
    user = UserFactory()
    other = ProgrammeFactory()
    accepted_participant(other, Role.MENTEE, user=user)
    return user


def personas_run(personas, **kwargs) -> MatchingRun:
    mentor = Application.objects.get(user=personas.mentor)
    mentee = Application.objects.get(user=personas.mentee)
    return done_run(personas.programme, [(mentor, mentee)], by=personas.coordinator, **kwargs)


# --- Who may open the coordinator's pages ---------------------------------------------------


def coordinator_pages(personas) -> list[str]:
    run = personas_run(personas)
    return [
        url("proposal", personas.programme),
        url("run_progress", personas.programme, run_id=run.pk),
        url("run_status", personas.programme, run_id=run.pk),
        url("publish", personas.programme),
        url("incompatibilities", personas.programme),
        url(
            "mentee",
            personas.programme,
            application_id=Application.objects.get(user=personas.mentee).pk,
        ),
    ]


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_open_every_matching_page(client, personas, persona):
    login(client, getattr(personas, persona))
    for path in coordinator_pages(personas):
        response = client.get(path)
        # The progress page of a finished run sends on to the proposal.
        assert response.status_code in (200, 302), path


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_of_the_programme_are_refused_the_matching_pages(client, personas, persona):
    login(client, getattr(personas, persona))
    for path in coordinator_pages(personas):
        assert client.get(path).status_code == 403, path


def test_outsiders_and_participants_of_another_programme_get_404(client, personas):
    paths = coordinator_pages(personas)
    for user in (personas.outsider, other_programme_participant()):
        login(client, user)
        for path in paths:
            assert client.get(path).status_code == 404, path


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas):
    for path in coordinator_pages(personas):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/?next=")


def test_a_run_of_another_programme_is_not_found(client, personas):
    elsewhere = done_run(ProgrammeFactory(), [])
    login(client, personas.coordinator)
    assert client.get(url("run_progress", personas.programme, run_id=elsewhere.pk)).status_code == (
        404
    )
    assert client.get(url("run_status", personas.programme, run_id=elsewhere.pk)).status_code == (
        404
    )


@pytest.mark.parametrize("name", ["run_start"])
def test_post_endpoints_refuse_get(client, personas, name):
    login(client, personas.coordinator)
    assert client.get(url(name, personas.programme)).status_code == 405


def test_the_page_and_its_json_refuse_post(client, personas):
    run = personas_run(personas)
    login(client, personas.coordinator)
    assert client.post(url("proposal", personas.programme)).status_code == 405
    assert client.post(url("run_status", personas.programme, run_id=run.pk)).status_code == 405


# --- What the page shows --------------------------------------------------------------------


def test_before_any_run_the_page_explains_what_to_do(client, personas):
    response = login(client, personas.coordinator).get(url("proposal", personas.programme))
    assert response.status_code == 200
    page = response.content.decode()
    assert "L’appariement n’a pas encore été lancé" in page or "pas encore été lancé" in page
    assert "Équité : privilégier le binôme le moins bien apparié" in page


def test_the_page_shows_the_summary_the_pairs_the_unmatched_and_the_loads(client, personas):
    mentors, mentees = people(personas.programme, 3, unmatched=1)
    done_run(
        personas.programme,
        list(zip(mentors, mentees, strict=False)),
        by=personas.coordinator,
        unmatched=mentees[3:],
    )
    response = login(client, personas.coordinator).get(url("proposal", personas.programme))
    page = response.content.decode()
    assert response.status_code == 200
    for application in mentors + mentees:
        assert application.user.get_full_name() in page
    assert "80,0" in page  # scores in French format
    assert "3 binômes correspondent aux filtres." in page
    # The unmatched mentee's reason, in French.
    unmatched = mentees[3].user.get_full_name()
    assert unmatched in page
    assert "complets" in page or "complet" in page
    # Mentor loads: each of the three has 1 mentee of 2 places.
    assert page.count("1 / 2") == 3
    assert "Publier les binômes" in page


def test_the_table_sorts_by_mentee_and_filters_by_score_name_and_organisation(client, personas):
    mentors, mentees = people(personas.programme, 3)
    run = done_run(personas.programme, list(zip(mentors, mentees, strict=True)))
    low = ProposedPair.objects.get(run=run, mentee=mentees[0])
    low.score = 40.0
    low.save()
    login(client, personas.coordinator)
    path = url("proposal", personas.programme)

    page = client.get(path, {"min_score": "50"}).content.decode()
    assert mentees[0].user.get_full_name() not in page
    assert mentees[1].user.get_full_name() in page

    name = mentees[2].user.last_name
    page = client.get(path, {"search": name}).content.decode()
    assert "1 binôme correspond aux filtres." in page

    org = mentors[0].organisation
    page = client.get(path, {"organisation": org.pk}).content.decode()
    assert "3 binômes correspondent aux filtres." in page

    ordered = sorted(mentees, key=lambda a: (a.user.last_name, a.user.first_name, a.pk))
    page = client.get(path, {"sort": "mentee"}).content.decode()
    positions = [page.index(a.user.get_full_name()) for a in ordered]
    assert positions == sorted(positions)
    assert 'aria-sort="ascending"' in page


def test_bad_filters_are_explained_in_french_and_ignored(client, personas):
    mentors, mentees = people(personas.programme, 2)
    done_run(personas.programme, list(zip(mentors, mentees, strict=True)))
    login(client, personas.coordinator)
    path = url("proposal", personas.programme)
    response = client.get(
        path,
        {"min_score": "beaucoup", "max_score": "120", "sort": "nimporte", "organisation": "9999"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un nombre." in page
    assert "inférieure ou égale à 100" in page
    assert "Sélectionnez un choix valide." in page
    assert "2 binômes correspondent aux filtres." in page

    page = client.get(path, {"min_score": "90", "max_score": "10"}).content.decode()
    assert "Le score le plus haut doit être supérieur ou égal au plus bas." in page
    # The lowest score alone still applies.
    assert "Aucun binôme proposé ne correspond à ces filtres." in page


def test_the_table_is_paginated_by_fifty(client, personas):
    mentors, mentees = people(personas.programme, 51)
    done_run(personas.programme, list(zip(mentors, mentees, strict=True)))
    login(client, personas.coordinator)
    page = client.get(url("proposal", personas.programme)).content.decode()
    assert "Page 1 sur 2." in page
    assert "page=2" in page
    second = client.get(url("proposal", personas.programme), {"page": 2}).content.decode()
    assert "Page 2 sur 2." in second


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("published", [False, True])
def test_the_page_makes_as_many_queries_for_20_pairs_as_for_2(client, personas, published):
    # Expected queries, whatever the number of pairs:
    # session, user, the programme, the person's roles (programme_view);
    # latest run (with its creator and publisher), the organisations of the filter form,
    # the rules (people joined), the runs of the history;
    # the pairs' count and page (people and organisations joined), the unmatched mentees' count
    # and page (joined), the mentors' count and page, the mentees the run gives them and their
    # earlier pairs (two grouped counts), the organisation names of the French sentences (once
    # per page);
    # once published: the answers counted by status, the declined pairs (people joined).
    small = ProgrammeFactory()
    MembershipFactory(programme=small, user=personas.coordinator)
    counts = []
    for programme, n in ((small, 2), (personas.programme, 20)):
        mentors, mentees = people(programme, n, unmatched=n // 2)
        pairs = list(zip(mentors, mentees, strict=False))
        run = done_run(programme, pairs, unmatched=mentees[n:], published=published)
        if published:
            for i, (mentor, mentee) in enumerate(pairs):
                status = PairStatus.DECLINED if i % 2 else PairStatus.PROPOSED
                published_pair(programme, mentor, mentee, run=run, status=status)
    login(client, personas.coordinator)
    for programme in (small, personas.programme):
        counts.append(_queries(client, url("proposal", programme)))
    assert counts[0] == counts[1]
    assert counts[1] <= 22


def test_the_unmatched_mentees_and_the_mentors_load_page_on_their_own_keeping_filters(
    client, personas
):
    mentors, mentees = people(personas.programme, 55, unmatched=53)
    done_run(personas.programme, list(zip(mentors, mentees, strict=False)), unmatched=mentees[55:])
    login(client, personas.coordinator)
    base = url("proposal", personas.programme)

    def sections(query: str) -> tuple[str, str]:
        page = client.get(base + query).content.decode()
        unmatched = page.split('id="unmatched-title"')[1].split('id="loads-title"')[0]
        loads = page.split('id="loads-title"')[1].split('id="rules-title"')[0]
        return unmatched, loads

    def names(section: str, people) -> set[str]:
        return {a.user.get_full_name() for a in people if a.user.get_full_name() in section}

    unmatched, loads = sections("?sort=mentee")
    # 50 of each on the first page, rows counted after the header row.
    assert unmatched.count("<tr>") == 51 and loads.count("<tr>") == 51
    assert "53 mentorés n’ont pas de mentor proposé." in unmatched
    # The next pages keep the pairs' filters and sort.
    assert "sort=mentee&amp;unmatched_page=2#unmatched-title" in unmatched
    assert "sort=mentee&amp;loads_page=2#loads-title" in loads

    unmatched2, loads2 = sections("?sort=mentee&unmatched_page=2&loads_page=2")
    # 3 more unmatched mentees; 5 more mentors and the personas' own.
    assert unmatched2.count("<tr>") == 1 + 3 and loads2.count("<tr>") == 1 + 6
    assert "Page 2 sur 2" in unmatched2 and "Page 2 sur 2" in loads2
    # Every mentor and every unmatched mentee once, over the two pages.
    assert names(loads, mentors) | names(loads2, mentors) == {
        m.user.get_full_name() for m in mentors
    }
    assert not names(loads, mentors) & names(loads2, mentors)
    assert names(unmatched, mentees[55:]) | names(unmatched2, mentees[55:]) == {
        m.user.get_full_name() for m in mentees[55:]
    }


def test_a_published_proposal_shows_the_answers_and_who_declined(client, personas):
    mentors, mentees = people(personas.programme, 3)
    run = done_run(personas.programme, list(zip(mentors, mentees, strict=True)), published=True)
    published_pair(personas.programme, mentors[0], mentees[0], run=run, status="accepted")
    published_pair(personas.programme, mentors[1], mentees[1], run=run)
    published_pair(
        personas.programme,
        mentors[2],
        mentees[2],
        run=run,
        status=PairStatus.DECLINED,
        mentee_response="declined",
    )
    page = login(client, personas.coordinator).get(url("proposal", personas.programme))
    text = page.content.decode()
    assert "Réponses des membres" in text
    assert "En attente de réponses : 1" in text
    assert "Accepté par les deux : 1" in text
    assert "Décliné : 1" in text
    declined = text.split("Binômes déclinés")[1].split("</table>")[0]
    assert mentees[2].user.get_full_name() in declined
    assert mentees[0].user.get_full_name() not in declined
    assert "le mentoré" in declined


# --- Running matching -----------------------------------------------------------------------


def test_running_matching_computes_a_proposal_and_shows_it(
    client, personas, django_capture_on_commit_callbacks
):
    login(client, personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("run_start", personas.programme), {"fairness": "on"})
    run = MatchingRun.objects.get(programme=personas.programme)
    assert response.status_code == 302
    assert response["Location"] == url("run_progress", personas.programme, run_id=run.pk)
    assert run.status == RunStatus.DONE
    assert run.parameters["fairness"] is True
    assert run.created_by == personas.coordinator

    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == url("proposal", personas.programme)
    page = response.content.decode()
    assert "La proposition est prête" in page
    assert personas.mentee.get_full_name() in page


def test_a_pending_run_shows_a_progress_bar_and_a_refresh_link(client, personas):
    run = MatchingRun.objects.create(
        programme=personas.programme, created_by=personas.coordinator, progress=40
    )
    login(client, personas.coordinator)
    page = client.get(url("run_progress", personas.programme, run_id=run.pk)).content.decode()
    assert 'role="progressbar"' in page
    assert 'aria-valuenow="40"' in page
    assert "Actualiser" in page
    assert "js/matching.js" in page
    proposal = client.get(url("proposal", personas.programme)).content.decode()
    assert "Suivre sa progression" in proposal


def test_the_status_json_gives_the_progress_then_where_to_go(client, personas):
    run = MatchingRun.objects.create(
        programme=personas.programme, status=RunStatus.RUNNING, progress=40
    )
    login(client, personas.coordinator)
    path = url("run_status", personas.programme, run_id=run.pk)
    data = client.get(path).json()
    assert data == {"status": "running", "label": "En cours", "progress": 40, "next": None}
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100)
    data = client.get(path).json()
    assert data["progress"] == 100
    assert data["next"] == url("run_progress", personas.programme, run_id=run.pk)


def test_a_failed_run_says_why_in_french(client, personas, django_capture_on_commit_callbacks):
    Application.objects.filter(programme=personas.programme, role=Role.MENTOR).delete()
    login(client, personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("run_start", personas.programme))
    run = MatchingRun.objects.get(programme=personas.programme)
    assert run.status == RunStatus.FAILED
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucune proposition n’a pu être calculée" in page
    assert "mentor" in page.lower()
    proposal = client.get(url("proposal", personas.programme)).content.decode()
    assert "n’a pas pu calculer de proposition" in proposal


def test_a_second_run_while_one_is_computed_is_refused_in_french(client, personas):
    MatchingRun.objects.create(programme=personas.programme, status=RunStatus.RUNNING)
    login(client, personas.coordinator)
    response = client.post(url("run_start", personas.programme), follow=True)
    assert MatchingRun.objects.filter(programme=personas.programme).count() == 1
    assert "déjà en cours de calcul" in response.content.decode()


def test_the_history_lists_every_run_with_who_and_its_figures(client, personas):
    first = personas_run(personas)
    MatchingRun.objects.create(
        programme=personas.programme, created_by=personas.staff, status=RunStatus.FAILED
    )
    page = login(client, personas.coordinator).get(url("proposal", personas.programme))
    page = page.content.decode()
    assert "Historique des calculs" in page
    assert personas.staff.get_full_name() in page
    assert first.get_status_display() in page
    assert "Échec" in page or "Échoué" in page


# --- Publishing -----------------------------------------------------------------------------


def test_publishing_asks_for_confirmation_then_creates_pairs_and_emails_both(
    client, personas, django_capture_on_commit_callbacks, mailoutbox
):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=Phase.RECRUITMENT)
    run = personas_run(personas)
    login(client, personas.coordinator)
    confirm = client.get(url("publish", personas.programme))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "reçoivent un courriel" in page or "reçoit un courriel" in page
    assert (
        "La publication fait passer le programme en phase Appariement : les profils ne sont "
        "plus modifiables." in page
    )
    assert f'name="run" value="{run.pk}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("publish", personas.programme), {"run": run.pk}, follow=True)
    run.refresh_from_db()
    assert run.published_at is not None
    assert run.pairs.count() == 1
    assert "1 binôme" in response.content.decode() or "binômes sont publiés" in (
        response.content.decode()
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["mentee@exemple.fr", "mentor@exemple.fr"]
    assert "Le programme est maintenant en phase Appariement" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == Phase.MATCHING


def test_publishing_a_proposal_that_is_not_the_latest_is_refused(client, personas):
    old = personas_run(personas)
    MatchingRun.objects.create(programme=personas.programme, status=RunStatus.PENDING)
    login(client, personas.coordinator)
    response = client.post(url("publish", personas.programme), {"run": old.pk}, follow=True)
    old.refresh_from_db()
    assert old.published_at is None
    assert "calculée à nouveau entre-temps" in response.content.decode()


def test_publishing_without_a_run_or_with_a_bad_run_id_says_so_in_french(client, personas):
    login(client, personas.coordinator)
    response = client.get(url("publish", personas.programme), follow=True)
    assert "Aucune proposition terminée à publier" in response.content.decode()
    elsewhere = done_run(ProgrammeFactory(), [])
    response = client.post(url("publish", personas.programme), {"run": elsewhere.pk}, follow=True)
    assert "Sélectionnez un choix valide" in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.published_at is None


def test_a_published_proposal_shows_who_published_it(client, personas):
    personas_run(personas, published=True)
    page = login(client, personas.coordinator).get(url("proposal", personas.programme))
    page = page.content.decode()
    assert "a été publiée le" in page
    assert "Publier les binômes" not in page


def test_the_score_of_a_pair_is_shown_to_the_coordinator(client, personas):
    personas_run(personas)
    page = login(client, personas.coordinator).get(url("proposal", personas.programme))
    assert f"{SCORE:.1f}".replace(".", ",") in page.content.decode()
