"""The production smoke run (bench/smoke_production.py, a step of .ci/run) runs what
docker-compose.yml runs, and reads pages and e-mails as it should. The run itself is CI's."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def smoke():
    spec = importlib.util.spec_from_file_location(
        "smoke_production", ROOT / "bench" / "smoke_production.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _words(path: Path) -> str:
    return " ".join(path.read_text().split())


def test_docker_compose_runs_the_web_worker_and_beat_commands_of_the_smoke_run(smoke):
    compose = _words(ROOT / "docker-compose.yml")
    commands = smoke.compose_commands()  # with docker-compose's address and schedule file
    assert f'command: > sh -c "{commands["web"][2]}"' in compose
    assert f"command: {json.dumps(commands['worker'])}" in compose
    assert f"command: {json.dumps(commands['beat'])}" in compose


def test_the_smoke_run_sets_only_variables_that_production_sets_too(smoke, tmp_path):
    environment = smoke.production_environment(
        port=8000, redis_port=6391, smtp_port=2525, var_dir=tmp_path, database_url="postgres://"
    )
    dotenv = (ROOT / ".env.example").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    production = set(re.findall(r"^([A-Z_]+)=", dotenv, re.M))
    production |= set(re.findall(r"^\s+([A-Z_]+): ", compose, re.M))
    assert environment["DJANGO_DEBUG"] == "0"
    assert set(environment) - smoke.SMOKE_ONLY_VARIABLES <= production


def test_the_smoke_run_commands_take_its_own_address_and_schedule_file(smoke):
    commands = smoke.compose_commands(bind="127.0.0.1:41234", schedule="/tmp/x/schedule")
    assert "--bind 127.0.0.1:41234 " in commands["web"][2]
    assert commands["beat"][-2:] == ["--schedule", "/tmp/x/schedule"]


def test_it_reads_the_csrf_token_of_a_form(smoke):
    page = '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
    assert smoke.csrf_token(page) == "abc123"
    with pytest.raises(AssertionError):
        smoke.csrf_token("<form></form>")


def test_it_reads_the_confirmation_link_of_allauths_email(smoke):
    body = "Pour confirmer, ouvrez https://127.0.0.1:8000/comptes/confirm-email/Mg:1t:xyz/\nMerci"
    assert smoke.confirmation_path(body) == "/comptes/confirm-email/Mg:1t:xyz/"


def test_it_finds_a_persons_application_in_the_review_list(smoke):
    page = (
        '<td><a href="/programmes/recette/candidatures/7/">Nina Nouvelle</a></td>'
        '<td><a href="/programmes/recette/candidatures/8/">Omar Outage</a></td>'
    )
    assert smoke.review_path(page, "Omar Outage") == "/programmes/recette/candidatures/8/"
    with pytest.raises(AssertionError):
        smoke.review_path(page, "Personne")
