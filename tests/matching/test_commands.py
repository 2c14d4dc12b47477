"""The command line: run_matching (summary in French, every allowed pair in a CSV) and
export_pairs (the published pairs, else the latest proposal)."""

import csv
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.formats import number_format
from matching_factories import import_csv, mentee, programme_with_topics

from matching import engine
from matching.models import MatchingRun, Pair, PairRule, ProposedPair, RunStatus
from matching.problem import build_problem
from matching.services import pair_respond, proposal_publish

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def demo(db):
    programme = programme_with_topics(slug="demo")
    import_csv(programme)
    return programme


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_run_matching_stores_an_unpublished_proposal_and_prints_its_summary_in_french(demo):
    out, _ = run("run_matching", "demo")
    run_ = MatchingRun.objects.get()
    assert run_.status == RunStatus.DONE and run_.published_at is None
    assert run_.parameters["fairness"] is False
    assert f"Proposition calculée (calcul n° {run_.pk}), non publiée." in out
    assert "Mentorés appariés : 50 sur 50 ; sans mentor : 0." in out
    assert "Mentors : 40, places : 62." in out
    with translation.override("fr"):
        mean = number_format(run_.summary["mean_score"], 1)
    assert f"Score : moyen {mean}, le plus bas" in out


def test_run_matching_with_fairness_stores_that_setting(demo):
    run("run_matching", "demo", "--fairness")
    assert MatchingRun.objects.get().parameters["fairness"] is True


def test_the_candidates_csv_holds_every_allowed_pair_with_its_score(demo, tmp_path):
    # An exclusion and a declared incompatibility remove pairs from the file.
    mentor_app, mentee_app = (
        demo.applications.filter(role="mentor").first(),
        demo.applications.filter(role="mentee").first(),
    )
    PairRule.objects.create(programme=demo, mentor=mentor_app, mentee=mentee_app, kind="exclude")
    path = tmp_path / "candidats.csv"

    out, _ = run("run_matching", "demo", "--candidates-csv", str(path))

    problem = build_problem(demo, MatchingRun.objects.get().parameters).problem
    matrix = engine.score_matrix(problem)
    allowed = int(matrix.allowed.sum())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("mentor_email;mentee_email;score\n")
    rows = _read(path)
    assert len(rows) == allowed
    assert f"{allowed} binômes possibles écrits dans {path}" in out.replace("\xa0", "")
    emails = {a.pk: a.user.email for a in demo.applications.select_related("user")}
    column = {int(m): j for j, m in enumerate(matrix.mentor_ids)}
    row_of = {int(e): i for i, e in enumerate(matrix.mentee_ids)}
    by_email = {email: pk for pk, email in emails.items()}
    seen = set()
    for row in rows:
        i, j = row_of[by_email[row["mentee_email"]]], column[by_email[row["mentor_email"]]]
        assert matrix.allowed[i, j]
        assert float(row["score"]) == pytest.approx(matrix.scores[i, j], abs=0.005)
        seen.add((i, j))
    assert len(seen) == allowed
    assert (row_of[mentee_app.pk], column[mentor_app.pk]) not in seen
    assert np.all(matrix.allowed[tuple(np.array(sorted(seen)).T)])


def test_run_matching_refuses_an_unknown_programme_in_french():
    with pytest.raises(CommandError, match="Aucun programme n’a le nom court « nulle-part »"):
        run("run_matching", "nulle-part")


def test_run_matching_on_bad_input_says_why_in_french_and_fails(tmp_path):
    programme = programme_with_topics(slug="vide")
    mentee(programme)
    err = StringIO()
    with pytest.raises(CommandError, match="L’appariement n’a pas pu être calculé"):
        call_command("run_matching", "vide", stdout=StringIO(), stderr=err)
    assert "Le programme n’a aucun mentor accepté" in err.getvalue()
    assert MatchingRun.objects.get().status == RunStatus.FAILED
    assert not ProposedPair.objects.exists()


def test_run_matching_refuses_a_csv_in_a_missing_folder(demo, tmp_path):
    with pytest.raises(CommandError, match="n’existe pas"):
        run("run_matching", "demo", "--candidates-csv", str(tmp_path / "absent" / "x.csv"))
    assert not MatchingRun.objects.exists()


def test_run_matching_says_in_french_when_the_csv_cannot_be_written(demo, tmp_path):
    with pytest.raises(CommandError, match="Impossible d’écrire"):
        run("run_matching", "demo", "--candidates-csv", str(tmp_path))  # a folder
    # The proposal itself is stored: only the file could not be written.
    assert MatchingRun.objects.get().status == RunStatus.DONE


def test_export_pairs_writes_the_latest_proposal_then_the_published_pairs(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "binomes.csv"
    with pytest.raises(CommandError, match="n’a ni binômes publiés ni proposition calculée"):
        run("export_pairs", "demo", str(path))

    run("run_matching", "demo")
    out, _ = run("export_pairs", "demo", str(path))
    proposed = ProposedPair.objects.select_related("mentor__user", "mentee__user")
    expected = {(p.mentor.user.email, p.mentee.user.email, f"{p.score:.2f}") for p in proposed}
    rows = _read(path)
    assert path.read_text(encoding="utf-8").startswith("mentor_email;mentee_email;score\n")
    assert {(r["mentor_email"], r["mentee_email"], r["score"]) for r in rows} == expected
    assert len(rows) == 50
    assert "dernière proposition, non publiée" in out

    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(run=MatchingRun.objects.get(), by=None)
    out, _ = run("export_pairs", "demo", str(path))
    assert len(_read(path)) == 50
    assert "50 binômes (binômes publiés)" in out

    declined = Pair.objects.first()
    pair_respond(pair=declined, user=declined.mentee.user, accept=False)
    run("run_matching", "demo")
    # The coordination works on the new proposal: that is what is exported.
    newer = MatchingRun.objects.latest()
    out, _ = run("export_pairs", "demo", str(path))
    rows = _read(path)
    assert len(rows) == newer.proposed_pairs.count() == newer.summary["matched"]
    assert declined.mentee.user.email in {r["mentee_email"] for r in rows}
    assert "dernière proposition, non publiée" in out

    # --published: the open published pairs, the declined one left out.
    out, _ = run("export_pairs", "demo", str(path), "--published")
    rows = _read(path)
    assert len(rows) == 49
    assert (declined.mentor.user.email, declined.mentee.user.email) not in {
        (r["mentor_email"], r["mentee_email"]) for r in rows
    }
    assert "49 binômes (binômes publiés)" in out


def test_export_pairs_published_without_open_pairs_says_so(demo, tmp_path):
    run("run_matching", "demo")
    with pytest.raises(CommandError, match="n’a aucun binôme publié en cours"):
        run("export_pairs", "demo", str(tmp_path / "x.csv"), "--published")
    assert not (tmp_path / "x.csv").exists()


def test_export_pairs_can_write_to_the_standard_output(demo, capsys):
    run("run_matching", "demo")
    call_command("export_pairs", "demo", "-")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "mentor_email;mentee_email;score"
    assert len(lines) == 51


def test_export_pairs_makes_an_address_a_spreadsheet_would_run_inert(demo, capsys):
    run("run_matching", "demo")
    proposed = ProposedPair.objects.filter(run__programme__slug="demo").first()
    user = proposed.mentor.user
    user.email = "=HYPERLINK(1)@exemple.fr"  # possible through the admin, not through an import
    user.save()
    call_command("export_pairs", "demo", "-")
    out = capsys.readouterr().out
    assert "'=hyperlink(1)@exemple.fr;" in out  # addresses are stored in lower case
    assert "\n=" not in out
