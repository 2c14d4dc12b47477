"""The stack of apps is enforced by import-linter (pyproject.toml), not remembered: the
contract holds on the code as it is, and breaks as soon as a lower app imports a higher one."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("mentorat", "programmes", "matching", "followup", "evaluation", "rights", "france")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_sources(to: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", to / "pyproject.toml")
    for package in PACKAGES:
        for source in (ROOT / package).rglob("*.py"):
            target = to / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)


def test_the_layers_contract_holds_on_the_code():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_going_up_the_stack_breaks_the_contract(tmp_path):
    _copy_sources(tmp_path)
    # programmes (low) importing followup (higher): the kind of shortcut the stack forbids.
    module = tmp_path / "programmes" / "selectors" / "__init__.py"
    if not module.exists():
        module = tmp_path / "programmes" / "selectors.py"
    module.write_text(module.read_text() + "\nimport followup.models  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "programmes" in result.stdout and "followup.models" in result.stdout


def test_the_engine_importing_django_breaks_the_purity_contract(tmp_path):
    _copy_sources(tmp_path)
    module = tmp_path / "matching" / "engine" / "scoring.py"
    module.write_text(module.read_text() + "\nimport django.db  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "matching.engine.scoring" in result.stdout
