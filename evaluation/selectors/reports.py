"""The report of a programme, as plain data (``ReportData``) for the page, the PDF and the CSV.

Built only from what may be published: the frozen results of the closed waves (computed once
at closing with the programme's k and never recomputed, see ``evaluation.services.results``)
and the follow-up's activity counted over pairs (``stats.activity``, masked under k). An open
wave shows no figure, only the day its results will be published. Every masked cell reads
"< k"; nothing here computes a figure over answers.

A company referent holds ``view_reports`` but not ``manage``: responses carry no organisation,
so a referent sees only their organisation's participation (invited and answered, per wave)
and the activity of its pairs, each masked under k, and the page says so.

Queries are bounded whatever the size of the programme: the calendar, the waves (one query,
their frozen results inside), the indicators, the pairs with their counts (one query), and for a
referent their organisations and their people's invitations.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from followup.selectors.activity import pair_activity
from mentorat.core.french import long_date, long_datetime
from programmes.models import ApplicationStatus, Indicator, PhaseDates, Programme
from programmes.permissions import can, referent_organisation_ids

from .. import stats
from ..charts import BarRow, DistributionRow, bar_chart, distribution_chart, label_value
from ..csv_export import published_figures
from ..models import Kind, SurveyInvitation, WaveStatus
from ..report_data import Chart, IndicatorResult, KeyFigure, ReportData, Section, Table
from ..stats import WHOLE
from .results import VENTILATION_TITLES, FrozenWave, closed_waves, group_label, pending_waves

BREAKDOWNS = ("rôle", "secteur", "département", "taille")
# Bank codes of the key figures.
SATISFACTION_CODE = "satisfaction"


# --- Reading the stats' results (dataclasses, or dicts once frozen) ---------------------------


def _get(obj, *names, default=None):
    for name in names:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
        elif hasattr(obj, name):
            return getattr(obj, name)
    return default


# --- Formatting --------------------------------------------------------------------------------


def masked_text(k: int) -> str:
    return _("< %(k)s") % {"k": k}


def fmt_int(value) -> str:
    return number_format(int(value), force_grouping=True)


def fmt_decimal(value, places: int = 1) -> str:
    return number_format(float(value), places)


def fmt_percent(value) -> str:
    return _("%(value)s %%") % {"value": number_format(round(float(value)), 0)}


def fmt_figure(figure: stats.Figure | None, k: int) -> str:
    """A published figure as written on the page: "< k" where masked, "—" where absent."""
    if figure is None or figure.value is None and not figure.masked:
        return "—"
    if figure.masked:
        return masked_text(k)
    if figure.statistic == "part_accord":
        return fmt_percent(figure.value)
    if figure.statistic == "moyenne":
        return fmt_decimal(figure.value)
    return fmt_int(figure.value)


def _period(programme: Programme) -> str:
    dates = list(PhaseDates.objects.filter(programme=programme).values_list("starts_on", "ends_on"))
    starts = [s for s, _e in dates if s]
    ends = [e for _s, e in dates if e]
    if not starts or not ends:
        return ""
    return _("from %(start)s to %(end)s") % {
        "start": long_date(min(starts)),
        "end": long_date(max(ends)),
    }


# --- Activity ---------------------------------------------------------------------------------

ACTIVITY_LABELS = {
    "paires": lambda: _("Pairs formed"),
    "paires_actives": lambda: _("Pairs meeting"),
    "rencontres_par_paire": lambda: _("Meetings per pair"),
    "terminees": lambda: _("Pairs completed"),
    "arretees": lambda: _("Pairs ended early"),
    "demandes_aide": lambda: _("Help requests"),
}


def _activity_figures(programme: Programme, organisation_ids: set[int] | None, k: int):
    pairs = pair_activity(programme, organisation_ids=organisation_ids)
    return stats.activity(
        [stats.PairActivity(p.status, p.meetings, p.help_requests) for p in pairs], k=k
    )


def _activity_key_figures(figures, k: int) -> list[KeyFigure]:
    key_figures = []
    for figure in figures:
        name = _get(figure, "statistic", default="")
        label = ACTIVITY_LABELS.get(name)
        masked = bool(_get(figure, "masked", default=False))
        value = _get(figure, "value")
        if masked or value is None:
            text = masked_text(k)
        elif isinstance(value, float) and not value.is_integer():
            text = fmt_decimal(value)
        else:
            text = fmt_int(value)
        key_figures.append(
            KeyFigure(
                label=label() if label else str(_get(figure, "label", default=name)),
                value=text,
                masked=masked or value is None,
            )
        )
    return key_figures


# --- Participation ----------------------------------------------------------------------------


def _participation_row(row, k: int) -> tuple[str, str, str, bool]:
    invited = _get(row, "invited")
    answered = _get(row, "answered")
    rate = _get(row, "rate")
    masked = bool(_get(row, "masked", default=False)) or answered is None
    invited_text = masked_text(k) if invited is None else fmt_int(invited)
    if masked:
        return invited_text, masked_text(k), masked_text(k), True
    # A whole percentage (stats.participation); none when nobody was invited.
    return invited_text, fmt_int(answered), "—" if rate is None else fmt_percent(rate), False


def _role_of(row) -> str:
    return str(_get(row, "role", default=WHOLE) or WHOLE)


def _participation_table(
    title: str, waves: Sequence[tuple[str, Sequence]], k: int, caption: str = ""
) -> Table:
    rows, has_masked = [], False
    for label, participation in waves:
        for row in participation:
            role = _role_of(row)
            invited, answered, rate, masked = _participation_row(row, k)
            has_masked |= masked
            rows.append([label, group_label("rôle", role), invited, answered, rate])
    return Table(
        title=title,
        columns=[
            _("Wave"),
            _("Group"),
            _("Invited"),
            pgettext("participation", "Answered"),
            _("Participation rate"),
        ],
        rows=rows,
        caption=caption or title,
        has_masked=has_masked,
    )


def _overall(participation: Sequence):
    for row in participation:
        if _role_of(row) == WHOLE:
            return row
    return None


# --- A questionnaire's section -----------------------------------------------------------------


class _Ids:
    """Unique ids for the charts of one page."""

    def __init__(self):
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


def _question_order(wave: FrozenWave) -> list[tuple[str, dict]]:
    return sorted(wave.questions.items(), key=lambda kv: (kv[1].get("position", 0), kv[0]))


def _asked(question: dict, ventilation: str, code: str) -> bool:
    """Whether the group of a role was asked the question (a mentees' item has no mentors'
    row: it would only read "< k" for nobody)."""
    audience = question.get("audience", "both")
    return ventilation != "rôle" or audience in ("both", "", None) or code == audience


def _distribution(wave: FrozenWave, key: str, question: dict, ids: _Ids) -> Chart | None:
    options = [label for _value, label in question.get("options") or []]
    if not options:
        return None
    k = wave.k
    groups = [(WHOLE, WHOLE)] + [
        ("rôle", code) for code in wave.groups("rôle") if _asked(question, "rôle", code)
    ]
    chart_rows, table_rows, has_masked = [], [], False
    for ventilation, code in groups:
        counts_figures = [
            wave.figure(key, f"effectif:{option}", ventilation, code) for option in options
        ]
        # The item's respondents in the group: the n of any published option count (a masked
        # mean does not hide it), else of the mean.
        published = [f for f in counts_figures if f is not None and not f.masked and f.n]
        mean_figure = wave.figure(key, "moyenne", ventilation, code)
        n_figure = published[0] if published else mean_figure
        if n_figure is None and not any(counts_figures):
            continue
        masked = n_figure is None or n_figure.masked or n_figure.n is None
        counts = [
            None if f is None or f.masked or f.value is None else int(f.value)
            for f in counts_figures
        ]
        n = None if masked else n_figure.n
        label = group_label(ventilation, code)
        chart_rows.append(DistributionRow(label=label, counts=counts, n=n, masked=masked))
        cells = [masked_text(k) if masked or c is None else fmt_int(c) for c in counts]
        has_masked |= masked or any(c is None for c in counts)
        table_rows.append([label, *cells, masked_text(k) if masked else fmt_int(n)])
    if not chart_rows:
        return None
    title = question["label"]
    table = Table(
        title=title,
        columns=[_("Group"), *options, _("Respondents")],
        rows=table_rows,
        caption=_("Answers to “%(question)s” (number of people)") % {"question": title},
        has_masked=has_masked,
    )
    whole = chart_rows[0]
    if whole.masked:
        alt = _("Distribution of the answers: masked, fewer than %(k)s respondents.") % {"k": k}
    else:
        parts = [
            label_value(option, masked_text(k) if c is None else fmt_percent(100 * c / whole.n))
            for option, c in zip(options, whole.counts, strict=True)
        ]
        alt = _("Distribution of the answers of all %(n)s respondents: %(parts)s.") % {
            "n": whole.n,
            "parts": "; ".join(parts),
        }
    svg = distribution_chart(
        chart_id=ids("distribution"),
        title=title,
        desc=alt,
        options=options,
        rows=chart_rows,
        kind=question.get("kind", "choice"),
        masked_text=masked_text(k),
        n_text=_("n = %(n)s"),
    )
    return Chart(title=title, svg=svg, alt=alt, table=table)


def _breakdown_table(wave: FrozenWave, key: str, question: dict) -> Table:
    """Every group of every ventilation for one item: respondents, mean, share agreeing."""
    k = wave.k
    agreeing = question.get("agree_from") is not None
    columns = [_("Breakdown"), _("Group"), _("Respondents"), _("Mean")]
    if agreeing:
        columns.append(_("Share agreeing"))
    rows, has_masked = [], False
    for ventilation in (WHOLE, *BREAKDOWNS):
        for code in [WHOLE] if ventilation == WHOLE else wave.groups(ventilation):
            mean = wave.figure(key, "moyenne", ventilation, code)
            if mean is None or not _asked(question, ventilation, code):
                continue
            row = [
                VENTILATION_TITLES[ventilation](),
                group_label(ventilation, code),
                masked_text(k) if mean.masked or mean.n is None else fmt_int(mean.n),
                fmt_figure(mean, k),
            ]
            has_masked |= mean.masked
            if agreeing:
                share = wave.figure(key, "part_accord", ventilation, code)
                row.append(fmt_figure(share, k))
                has_masked |= bool(share and share.masked)
            rows.append(row)
    return Table(
        title=_("“%(question)s” by group") % {"question": question["label"]},
        columns=columns,
        rows=rows,
        caption=_("“%(question)s”: respondents, mean and share agreeing by group")
        % {"question": question["label"]},
        has_masked=has_masked,
    )


def _wave_section(wave: FrozenWave, ids: _Ids) -> Section:
    k = wave.k
    respondents = wave.figure("", "répondants")
    overall = _overall(wave.participation)
    key_figures = [
        KeyFigure(
            label=_("Respondents"),
            value=fmt_figure(respondents, k),
            masked=bool(respondents and respondents.masked),
        )
    ]
    if overall is not None:
        invited, _answered, rate, masked = _participation_row(overall, k)
        key_figures += [
            KeyFigure(label=_("Invited"), value=invited),
            KeyFigure(label=_("Participation rate"), value=rate, masked=masked),
        ]
    section = Section(
        title=wave.label,
        intro=_(
            "Wave from %(opens)s to %(closes)s; its results were computed at its closing, on "
            "%(computed)s, and never change."
        )
        % {
            "opens": long_date(wave.opens_on),
            "closes": long_date(wave.closes_on),
            "computed": long_date(date.fromisoformat(wave.computed_on))
            if wave.computed_on
            else long_date(wave.closed_on),
        },
        key_figures=key_figures,
    )
    for key, question in _question_order(wave):
        chart = _distribution(wave, key, question, ids)
        if chart is not None:
            section.charts.append(chart)
        section.tables.append(_breakdown_table(wave, key, question))
    return section


# --- Baseline vs final, pulse over time, indicators -------------------------------------------


def _difference_section(final: FrozenWave) -> Section | None:
    if not final.differences:
        return None
    k = final.k
    rows, has_masked = [], False
    for difference in final.differences:
        masked = bool(_get(difference, "masked", default=False))
        has_masked |= masked
        n_baseline = _get(difference, "n_baseline")
        n_final = _get(difference, "n_final")

        def mean_of(*names, difference=difference, masked=masked):
            value = _get(difference, *names)
            return masked_text(k) if masked or value is None else fmt_decimal(value)

        if masked:
            diff = interval = masked_text(k)
        else:
            value = _get(difference, "difference")
            low = _get(difference, "low")
            high = _get(difference, "high")
            diff = "—" if value is None else fmt_decimal(value, 2)
            interval = (
                "—"
                if low is None or high is None
                else _("%(low)s to %(high)s")
                % {"low": fmt_decimal(low, 2), "high": fmt_decimal(high, 2)}
            )
        rows.append(
            [
                difference.get("label", ""),
                mean_of("baseline_mean"),
                mean_of("final_mean"),
                diff,
                interval,
                masked_text(k) if masked or n_baseline is None else fmt_int(n_baseline),
                masked_text(k) if masked or n_final is None else fmt_int(n_final),
            ]
        )
    table = Table(
        title=_("Baseline and final questionnaires compared"),
        columns=[
            _("Question"),
            _("Baseline mean"),
            _("Final mean"),
            _("Difference"),
            _("%(level)s confidence interval") % {"level": fmt_percent(95)},
            _("Respondents (baseline)"),
            _("Respondents (final)"),
        ],
        rows=rows,
        caption=_(
            "Difference of means, final minus baseline, with its %(level)s confidence interval"
        )
        % {"level": fmt_percent(95)},
        has_masked=has_masked,
    )
    return Section(
        title=_("What changed between the baseline and the final questionnaire"),
        intro=_(
            "For each question asked in both, the mean of all the final answers minus the mean "
            "of all the baseline answers. The answers are not linked to anyone, so the comparison "
            "is between the two groups of respondents (unpaired): an interval that includes 0 "
            "does not show a change."
        ),
        tables=[table],
    )


def _pulse_section(pulses: list[FrozenWave], ids: _Ids) -> Section | None:
    if not pulses:
        return None
    k = pulses[-1].k
    section = Section(
        title=_("The pulse over time"),
        intro=_(
            "The anonymous check-ins, wave after wave: the mean answer (1 “not at all” to 4 "
            "“absolutely”) of each closed wave."
        ),
    )
    codes: dict[str, str] = {}
    for wave in pulses:
        for _key, question in _question_order(wave):
            codes.setdefault(question.get("code") or question["label"], question["label"])
    for code, label in codes.items():
        bars, rows = [], []
        for wave in pulses:
            key = next(
                (key for key, q in wave.questions.items() if (q.get("code") or q["label"]) == code),
                None,
            )
            mean = wave.figure(key, "moyenne") if key else None
            share = wave.figure(key, "part_accord") if key else None
            text = fmt_figure(mean, wave.k)
            masked = mean is None or mean.masked
            bars.append(
                BarRow(
                    label=wave.label, value=None if masked else mean.value, text=text, masked=masked
                )
            )
            rows.append(
                [
                    wave.label,
                    long_date(wave.closes_on),
                    masked_text(wave.k) if masked or mean.n is None else fmt_int(mean.n),
                    text,
                    fmt_figure(share, wave.k),
                ]
            )
        alt = _("Mean answer per wave: %(parts)s.") % {
            "parts": "; ".join(label_value(bar.label, bar.text) for bar in bars)
        }
        table = Table(
            title=label,
            columns=[_("Wave"), _("Closed on"), _("Respondents"), _("Mean"), _("Share agreeing")],
            rows=rows,
            caption=_("“%(question)s” over time") % {"question": label},
            has_masked=any(bar.masked for bar in bars),
        )
        svg = bar_chart(chart_id=ids("pulse"), title=label, desc=alt, rows=bars, max_value=4)
        section.charts.append(Chart(title=label, svg=svg, alt=alt, table=table))
    section.intro += " " + _("A masked wave (fewer than %(k)s respondents) reads “< %(k)s”.") % {
        "k": k
    }
    return section


def _indicators(programme: Programme, final: FrozenWave | None, k: int) -> list[IndicatorResult]:
    labels = {
        "reached": _("Reached"),
        "not_reached": _("Not reached"),
        "no_target": _("No target set"),
        "no_data": _("No result yet"),
        "masked": _("Masked (fewer than %(k)s respondents)") % {"k": k},
    }
    results = []
    for indicator in Indicator.objects.filter(programme=programme).order_by("position", "pk"):
        figure = None
        if final is not None:
            for key, question in _question_order(final):
                if question.get("indicator") == indicator.pk:
                    statistic = (
                        "part_accord" if question.get("agree_from") is not None else "moyenne"
                    )
                    figure = final.figure(key, statistic)
                    if figure is not None:
                        break
        if figure is not None and figure.masked:
            result, status = masked_text(k), "masked"
        else:
            value = None if figure is None else figure.value
            result = "—" if figure is None else fmt_figure(figure, k)
            status = stats.indicator_status(value, indicator.target)
        results.append(
            IndicatorResult(
                name=indicator.name,
                target=indicator.target or "—",
                result=result,
                status=status,
                status_label=str(labels.get(status, status)),
            )
        )
    return results


# --- Methodology and privacy ------------------------------------------------------------------


def methodology(k: int) -> list[str]:
    return [
        _(
            "The questionnaires and check-ins are anonymous by construction: who was invited "
            "and whether they answered is recorded apart from what was answered, with no link "
            "between the two. A response keeps only the respondent’s role and three coarse "
            "attributes (sector group, département, organisation size)."
        ),
        _(
            "The results of a wave are computed once, when it closes, and frozen: they never "
            "change afterwards, so that two reports of the same wave always publish the same "
            "figures. While a wave is open, no figure of it is shown."
        ),
        _(
            "Each item is summarised by the distribution of its answers, its mean and, for the "
            "agreement scales, the share of people agreeing (“rather agree” or “strongly agree”; "
            "“rather yes” or “absolutely” on the four-point scales)."
        ),
        _(
            "The baseline and the final questionnaires are compared by the difference of their "
            "means with a %(level)s confidence interval (Welch). The answers are not linked to "
            "anyone, so the two groups of respondents are compared as such (unpaired): they may "
            "not be exactly the same people."
        )
        % {"level": fmt_percent(95)},
        _(
            "The activity comes from the follow-up: pairs formed, meetings logged (date, "
            "duration and mode only), pairs completed or ended early and help requests; never "
            "what the pairs talk about. These figures too are masked under %(k)s pairs."
        )
        % {"k": k},
    ]


def privacy(k: int) -> list[str]:
    return [
        _(
            "No figure rests on fewer than %(k)s people: a group with fewer than %(k)s "
            "respondents is masked entirely (its number of respondents included), and so is an "
            "answer chosen by fewer than %(k)s people. A masked figure reads “< %(k)s”."
        )
        % {"k": k},
        _(
            "Complementary suppression: when a figure is masked, others are masked with it so "
            "that it cannot be recomputed by subtraction, from the total of a breakdown or from "
            "the other answers of the same question. An audit by linear programming checks that "
            "no masked count can be narrowed down to fewer than %(k)s possible values."
        )
        % {"k": k},
        _(
            "“Other” gathers the values shared by fewer than %(k)s invited people (a rare sector "
            "group, département or size): such a value is never stored on a response, only "
            "“other”, so that no one can be recognised by a rare combination."
        )
        % {"k": k},
        _(
            "Each wave is computed once, at its closing, and never again: comparing two reports "
            "does not reveal a late answer."
        ),
    ]


# --- The report --------------------------------------------------------------------------------


def _referent_sections(
    programme: Programme, organisation_ids: set[int], waves: list[FrozenWave], k: int
) -> list[Section]:
    """The organisation's own figures: its people's participation per closed wave, masked
    under k (the invitations of the people whose accepted application is with it)."""
    by_wave: dict[int, list[stats.Invited]] = defaultdict(list)
    closed = {wave.pk: wave for wave in waves}
    # One row per invitation (distinct over its pk: the join on applications may repeat it).
    rows = (
        SurveyInvitation.objects.filter(
            wave_id__in=list(closed),
            user__applications__programme=programme,
            user__applications__status=ApplicationStatus.ACCEPTED,
            user__applications__organisation_id__in=organisation_ids,
        )
        .order_by()
        .values_list("pk", "wave_id", "role", "answered")
        .distinct()
    )
    for _pk, wave_id, role, answered in rows:
        by_wave[wave_id].append(stats.Invited(role=role, answered=answered))
    participation = [
        (wave.label, stats.participation(by_wave[wave.pk], k=k))
        for wave in waves
        if by_wave.get(wave.pk)
    ]
    sections = []
    if participation:
        sections.append(
            Section(
                title=_("Your organisation’s participation"),
                intro=_(
                    "People of your organisation invited to each closed wave and how many "
                    "answered; a count under %(k)s reads “< %(k)s”."
                )
                % {"k": k},
                tables=[
                    _participation_table(
                        _("Participation of your organisation’s people"), participation, k
                    )
                ],
            )
        )
    return sections


def _pending_sections(pending: list, k: int) -> list[Section]:
    """A wave not closed yet shows no figure: the day its results are published, and how many
    have answered so far only once at least k have (one query for all the waves)."""
    answered = (
        dict(
            SurveyInvitation.objects.filter(wave__in=pending, answered=True)
            .order_by()
            .values("wave")
            .annotate(n=Count("pk"))
            .values_list("wave", "n")
        )
        if pending
        else {}
    )
    sections = []
    for wave in pending:
        if wave.status == WaveStatus.CLOSED:
            intro = _("Results published once computed.")
        else:
            intro = _("Results published at closing, on %(date)s.") % {
                "date": long_date(wave.closes_on)
            }
            if wave.status == WaveStatus.OPEN:
                count = answered.get(wave.pk, 0)
                intro += " " + (
                    _("%(n)s people have answered so far.") % {"n": fmt_int(count)}
                    if count >= k
                    else _("Fewer than %(k)s people have answered so far.") % {"k": k}
                )
        title = wave.questionnaire.title
        if wave.questionnaire.kind == Kind.PULSE or wave.number > 1:
            title = _("%(title)s, wave %(number)s") % {"title": title, "number": wave.number}
        sections.append(Section(title=title, intro=intro))
    return sections


def report_data(programme: Programme, *, viewer) -> ReportData:
    """The report of ``programme`` as ``viewer`` may see it (``view_reports``): everything
    published for those who manage, their organisation's figures only for a referent."""
    k = programme.min_group_size
    now = timezone.now()
    full = can(viewer, "manage", programme)
    organisation_ids = None if full else referent_organisation_ids(viewer, programme)
    waves = closed_waves(programme)
    pending = pending_waves(programme)
    ids = _Ids()

    data = ReportData(
        programme_name=programme.name,
        programme_slug=programme.slug,
        period=_period(programme),
        generated_on=long_datetime(now),
        k=k,
        methodology=methodology(k),
        privacy=privacy(k),
    )
    activity = _activity_figures(programme, organisation_ids, k)
    activity_figures = _activity_key_figures(activity, k)

    if not full:
        data.key_figures = activity_figures
        data.sections = [
            Section(
                title=_("What a company referent sees"),
                intro=_(
                    "The answers to the questionnaires are anonymous and carry no organisation: "
                    "this report shows only your organisation’s figures, its people’s "
                    "participation and its pairs’ activity, each masked under %(k)s people or "
                    "pairs. The programme’s results are presented to the steering committee."
                )
                % {"k": k},
                key_figures=activity_figures,
            ),
            *_referent_sections(programme, organisation_ids or set(), waves, k),
        ]
        return data

    questionnaires = [wave for wave in waves if wave.kind != Kind.PULSE]
    pulses = [wave for wave in waves if wave.kind == Kind.PULSE]
    finals = [wave for wave in questionnaires if wave.kind == Kind.FINAL]
    final = finals[-1] if finals else None

    key_figures = list(activity_figures)
    if final is not None:
        overall = _overall(final.participation)
        if overall is not None:
            _invited, _answered, rate, masked = _participation_row(overall, final.k)
            key_figures.append(
                KeyFigure(
                    label=_("Participation in the final questionnaire"), value=rate, masked=masked
                )
            )
        for key, question in _question_order(final):
            if question.get("code") == SATISFACTION_CODE:
                share = final.figure(key, "part_accord")
                key_figures.append(
                    KeyFigure(
                        label=_("Satisfied with the programme"),
                        value=fmt_figure(share, final.k),
                        note=_("share agreeing, final questionnaire"),
                        masked=bool(share and share.masked),
                    )
                )
    data.key_figures = key_figures
    data.indicators = _indicators(programme, final, k)

    sections = [
        Section(
            title=_("Activity of the pairs"),
            intro=_("From the follow-up: counted over pairs, masked under %(k)s pairs.") % {"k": k},
            key_figures=activity_figures,
        )
    ]
    if waves:
        sections.append(
            Section(
                title=_("Participation"),
                intro=_(
                    "Invited people and respondents of each closed wave; a count under %(k)s "
                    "reads “< %(k)s”."
                )
                % {"k": k},
                tables=[
                    _participation_table(
                        _("Participation per wave"),
                        [(wave.label, wave.participation) for wave in waves],
                        k,
                    )
                ],
            )
        )
    sections += [_wave_section(wave, ids) for wave in questionnaires]
    if final is not None and (difference := _difference_section(final)):
        sections.append(difference)
    if pulse := _pulse_section(pulses, ids):
        sections.append(pulse)
    sections += _pending_sections(pending, k)
    data.sections = sections
    data.figures = published_figures(waves)
    return data


def report_csv_figures(programme: Programme) -> list[stats.Figure]:
    """The CSV's figures (every closed wave's), in French whatever the active language."""
    with translation.override(settings.LANGUAGE_CODE):
        return published_figures(closed_waves(programme))
