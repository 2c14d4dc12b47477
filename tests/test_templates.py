"""No template holds inline JavaScript or CSS: the Content-Security-Policy refuses both
(script-src and style-src 'self', no 'unsafe-inline'). Behaviour goes to static/js/, looks to
static/css/ or Bootstrap's classes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if not {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts)
)

# A <script> is allowed with a src (a file of static/), or as data (JSON, never run).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def test_the_templates_are_found():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "403_csrf.html", "run_progress.html", "fields.html"} <= names


def test_no_template_holds_inline_script_style_or_event_handler():
    found = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern in (INLINE_SCRIPT, STYLE_ELEMENT, STYLE_ATTRIBUTE, HANDLER, JAVASCRIPT_URL):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "inline code the Content-Security-Policy refuses:\n" + "\n".join(found)
