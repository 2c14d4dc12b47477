"""The steering committee's PDF (evaluation.pdf): a real PDF, in French, A4, numbered, with the
parts the committee reads, nothing fetched from outside, and only what the report data says."""

import socket
import subprocess
import threading

import pytest
from django.utils import translation

from evaluation.pdf import _fetcher, render, render_pdf
from evaluation.report_data import Chart, ReportData, Section, Table

from .pdf_samples import bar_svg, sample_report


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(content: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


@pytest.fixture(scope="module")
def french_pdf():
    with translation.override("fr"):
        return render(sample_report(questionnaires=1, items=4))


def test_it_is_a_pdf_of_several_a4_pages_whose_count_is_the_documents(french_pdf, tmp_path):
    assert french_pdf.content.startswith(b"%PDF")
    assert french_pdf.pages > 1
    info = pdf_info(french_pdf.content, tmp_path)
    assert int(info["Pages"]) == french_pdf.pages
    # A4: 595 × 842 points.
    assert info["Page size"].split("pts")[0].split() == ["595.276", "x", "841.89"]


def test_it_reads_in_french_with_its_cover_numbers_and_parts(french_pdf, tmp_path):
    text = pdf_text(french_pdf.content, tmp_path)
    pages = text.split("\f")
    cover = pages[0]
    assert "Mentorat des managers de" in cover
    assert "RAPPORT AU COMITÉ DE PILOTAGE" in cover.upper()
    assert "du 5 janvier 2026 au 4 décembre 2026" in cover
    assert "3 décembre 2026 à 14 h 30" in cover
    assert "Page 1 sur" not in cover  # the cover carries no number
    assert f"Page 2 sur {french_pdf.pages}" in pages[1]
    assert f"Page {french_pdf.pages} sur {french_pdf.pages}" in pages[french_pdf.pages - 1]
    for heading in ("Sommaire", "Résumé", "Indicateurs de résultat", "Méthodologie",
                    "Protection de la vie privée des participants"):  # fmt: skip
        assert heading in text, heading
    assert "Questionnaire initial" in text
    assert "Managers confiants pour prévenir les risques psychosociaux" in text


def test_a_masked_figure_reads_as_under_k_and_the_csv_rows_are_not_printed(tmp_path):
    data = sample_report(questionnaires=1, items=4, respondents=400)
    # A figure of the CSV's rows only: the PDF prints what its sections hold, never these.
    data.figures[0] = type(data.figures[0])("q", "secret", "ensemble", "ensemble",
                                            "répondants", 987654, 987654, False)  # fmt: skip
    with translation.override("fr"):
        text = pdf_text(render_pdf(data), tmp_path)
    assert "< 5" in text
    assert "Demandes d’aide" in text
    assert "987654" not in text and "987 654" not in text
    assert "trop peu de personnes pour montrer le chiffre" in text.replace("\n", " ")


def test_it_follows_the_active_language(tmp_path):
    with translation.override("en"):
        text = pdf_text(render_pdf(sample_report(questionnaires=1, items=2)), tmp_path)
    assert "Page 2 of" in text
    assert "Methodology" in text


def test_user_text_is_escaped_and_the_charts_are_drawn(tmp_path):
    data = sample_report(name="<b>Programme</b> & « test »", questionnaires=1, items=1)
    with translation.override("fr"):
        text = pdf_text(render_pdf(data), tmp_path)
    assert "<b>Programme</b> & « test »" in text
    # The chart's own text (its values) is in the PDF: the SVG was drawn, not dropped.
    assert "Plutôt d’accord" in text


class _Listener:
    """A TCP port that counts who connects to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(timeout=2)
        self.socket.close()


def test_it_fetches_nothing_from_the_network_nor_the_disk(tmp_path):
    listener = _Listener()
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET-FILE</text></svg>')
    url = f"http://127.0.0.1:{listener.port}/image.png"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 100 100"><image href="{url}" width="50" height="50"/>'
        f'<image xlink:href="file://{secret}" width="50" height="50"/></svg>'
    )
    table = Table(title="t", columns=["a"], rows=[])
    data = ReportData(
        programme_name="Programme",
        programme_slug="programme",
        period="",
        generated_on="",
        k=5,
        sections=[Section(title="Section", charts=[Chart("Graphique", svg, "alt", table)])],
    )
    try:
        with translation.override("fr"):
            text = pdf_text(render_pdf(data), tmp_path)
    finally:
        listener.close()
    assert listener.connections == 0
    assert "SECRET-FILE" not in text


@pytest.mark.parametrize(
    "url",
    ["http://example.com/a.png", "https://example.com/a.css", "file:///etc/passwd", "ftp://x"],
)
def test_the_fetcher_refuses_every_url_but_inline_data(url):
    fetcher = _fetcher()
    with pytest.raises(ValueError):
        fetcher(url)
    assert fetcher("data:text/plain,bonjour").read() == b"bonjour"


def test_a_sample_chart_is_well_formed_svg():
    # The test data itself: a chart with a masked bar reads "< k".
    assert "&lt; 5" in bar_svg("Titre", [1, None, 3, 4, 5], 5)
