"""A ``ReportData`` built by hand, of the size and shape of a real programme's: questionnaires of
about ten items, each with its distribution chart and its breakdowns by the five ventilations,
some cells masked. Used by the PDF tests and ``bench/bench_report_pdf.py`` until (and beside)
the report built from a database (``evaluation.selectors.reports.report_data``)."""

from html import escape

from evaluation.report_data import (
    Chart,
    IndicatorResult,
    KeyFigure,
    ReportData,
    Section,
    Table,
)
from evaluation.stats import Figure

# A value that must never reach the PDF: it stands for a figure the report masked.
SECRET = "987654"

OPTIONS = ["Pas du tout d’accord", "Plutôt pas d’accord", "Ni l’un ni l’autre", "Plutôt d’accord",
           "Tout à fait d’accord"]  # fmt: skip
GROUPS = {
    "rôle": ["Mentor", "Mentoré"],
    "secteur": ["Industrie", "Services", "Commerce", "Santé et social", "autre"],
    "département": [
        "Côte-d’Or (21)",
        "Doubs (25)",
        "Jura (39)",
        "Nièvre (58)",
        "Yonne (89)",
        "autre",
    ],  # fmt: skip
    "taille": ["Moins de 10 salariés", "10 à 49 salariés", "50 à 249 salariés", "autre"],
}
FILLS = ["#9b2c1f", "#d9822b", "#8a8a8a", "#4a7fc1", "#1f3d6b"]


def bar_svg(title: str, counts: list[int | None], k: int, ident: str = "c") -> str:
    """A horizontal stacked bar per option, in the manner of evaluation.charts."""
    width, row = 640, 26
    height = row * len(counts) + 20
    total = sum(c for c in counts if c) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d"><title id="{ident}-t">{escape(title)}'
        f'</title><desc id="{ident}-d">{escape(title)}</desc>'
    ]
    for i, (label, count) in enumerate(zip(OPTIONS, counts, strict=True)):
        y = 10 + i * row
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="12" fill="#1d1d1b">{escape(label)}</text>'
        )
        if count is None:
            parts.append(f'<rect x="200" y="{y + 3}" width="60" height="18" fill="#d5d5d5"/>')
            parts.append(f'<text x="266" y="{y + 16}" font-size="12" fill="#333">&lt; {k}</text>')
        else:
            w = round(380 * count / total)
            parts.append(f'<rect x="200" y="{y + 3}" width="{w}" height="18" fill="{FILLS[i]}"/>')
            parts.append(
                f'<text x="{206 + w}" y="{y + 16}" font-size="12" fill="#1d1d1b">{count}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def sample_report(
    *,
    name: str = "Mentorat des managers de PME 2026",
    questionnaires: int = 4,
    items: int = 10,
    respondents: int = 600,
    k: int = 5,
) -> ReportData:
    masked = f"< {k}"
    figures: list[Figure] = []
    sections = []
    kinds = ["Questionnaire initial", "Questionnaire intermédiaire", "Questionnaire final",
             "Points d’étape"]  # fmt: skip
    for q in range(questionnaires):
        questionnaire = kinds[q % len(kinds)] + ("" if q < len(kinds) else f" {q + 1}")
        charts, tables = [], []
        for i in range(items):
            question = f"Question {i + 1} : je me sens en confiance pour conduire un changement"
            counts = [respondents // 10, respondents // 8, respondents // 5, respondents // 3]
            counts.append(respondents - sum(counts))
            shown: list[int | None] = list(counts)
            if i % 4 == 3:  # a rare answer: masked, and a second one with it
                shown[0] = shown[1] = None
            total = respondents
            rows = [
                [label, masked, masked] if c is None else [label, str(c), f"{c * 100 // total} %"]
                for label, c in zip(OPTIONS, shown, strict=True)
            ]
            charts.append(
                Chart(
                    title=question,
                    svg=bar_svg(question, shown, k, f"chart-{q}-{i}"),
                    alt=f"Répartition des réponses à « {question} » ({respondents} répondants).",
                    table=Table(
                        title=question,
                        columns=["Réponse", "Effectif", "Part"],
                        rows=rows,
                        has_masked=None in shown,
                    ),
                )
            )
            for ventilation, groups in GROUPS.items():
                table_rows = []
                for g, group in enumerate(groups):
                    hidden = group == "autre" or (g + i) % 7 == 6
                    table_rows.append(
                        [group]
                        + (
                            [masked] * 3
                            if hidden
                            else [
                                str(respondents // len(groups)),
                                f"{3 + (g % 3) / 10:.1f}".replace(".", ","),
                                f"{55 + g * 4} %",
                            ]
                        )  # fmt: skip
                    )
                    figures.append(
                        Figure(questionnaire, question, ventilation, group, "moyenne",
                               None if hidden else 3.4, None if hidden else respondents, hidden)
                    )  # fmt: skip
                tables.append(
                    Table(
                        title=f"{question} — par {ventilation}",
                        columns=[
                            ventilation.capitalize(),
                            "Répondants",
                            "Moyenne",
                            "Part d’accord",
                        ],  # fmt: skip
                        rows=table_rows,
                        has_masked=True,
                    )
                )
        sections.append(
            Section(
                title=questionnaire,
                intro=f"{respondents} répondants sur {respondents + 80} invités (taux de réponse "
                f"{respondents * 100 // (respondents + 80)} %).",
                key_figures=[
                    KeyFigure("Répondants", str(respondents)),
                    KeyFigure("Taux de réponse", "88 %"),
                ],  # fmt: skip
                charts=charts,
                tables=tables,
            )
        )
    return ReportData(
        programme_name=name,
        programme_slug="mentorat-pme-2026",
        period="du 5 janvier 2026 au 4 décembre 2026",
        generated_on="3 décembre 2026 à 14 h 30",
        k=k,
        key_figures=[
            KeyFigure("Binômes actifs", "412"),
            KeyFigure("Rencontres par binôme", "6,8", note="en moyenne"),
            KeyFigure("Demandes d’aide", masked, note="trop peu pour être montrées", masked=True),
            KeyFigure("Taux de réponse au questionnaire final", "81 %"),
            KeyFigure("Recommanderaient le programme", "92 %"),
        ],
        indicators=[
            IndicatorResult(
                "Managers confiants pour prévenir les risques psychosociaux",
                "70 %",
                "74 %",
                "reached",
                "Atteint",
            ),  # fmt: skip
            IndicatorResult(
                "Nouvelles pratiques essayées", "60 %", "52 %", "not_reached", "Non atteint"
            ),  # fmt: skip
            IndicatorResult("Isolement dans la fonction", "", masked, "masked", "Masqué"),
        ],
        sections=sections,
        methodology=[
            "Les questionnaires sont anonymes : une réponse n’est liée à aucune personne.",
            "Les résultats d’une vague sont calculés à sa clôture et ne changent plus ensuite.",
            "La comparaison entre le début et la fin n’est pas appariée : les réponses ne sont "
            "pas reliées entre elles.",
        ],
        privacy=[
            f"Aucun chiffre ne repose sur moins de {k} personnes : il est alors masqué, et avec "
            "lui ce qui permettrait de le retrouver par différence.",
            "« autre » regroupe les valeurs partagées par trop peu de personnes invitées.",
        ],
        figures=figures,
    )
