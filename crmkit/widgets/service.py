"""Chapter 1 widgets (客户服务基本认知): customer structure, expectations, service channels, service
stages and the complaint role-play with its rubric.

Each widget is a thin ipywidgets wrapper: the analysis is a function of :mod:`crmkit.analytics.service`,
the chart one of :mod:`crmkit.plots.service`, and what the widget shows is rendered by the plain
``*_html`` functions here (which the tests call). Every widget shows a result as soon as it is
created, so a headless run records it; nothing is graded through a widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as w
import pandas as pd

from crmkit import i18n
from crmkit.analytics import channels, customer_analysis, params, service
from crmkit.errors import CrmkitError
from crmkit.plots import service as plots
from crmkit.widgets.display import MAX_ROWS, TABLE_STYLE, error_html, show_figure, table_html

__all__ = [
    "RUBRIC_CRITERIA",
    "RUBRIC_WEIGHTS",
    "channel_trend_explorer",
    "channel_trend_html",
    "customer_structure_explorer",
    "expectation_explorer",
    "expectation_html",
    "role_play",
    "rubric_html",
    "rubric_total",
    "scenario_html",
    "stage_explorer",
    "stage_html",
    "structure_html",
]

#: The role-play rubric's criteria (catalog keys under ``service.rubric.criterion``), each scored 1–5.
RUBRIC_CRITERIA: tuple[str, ...] = ("courtesy", "listening", "facts", "solution", "emotion")
#: Weights of the self-, peer- and teacher evaluation in the final score (they add up to 1).
RUBRIC_WEIGHTS: dict[str, float] = {"self": 0.2, "peer": 0.3, "teacher": 0.5}
#: How many complaints the role-play offers at a time (one per group of a class).
SCENARIOS = 8

_STRUCTURE_LEVELS = service.CUSTOMER_TYPES


def _t(key: str, **values: object) -> str:
    return html.escape(i18n.t(f"service.widget.{key}", **values))


def _title(key: str) -> w.HTML:
    return w.HTML(f"<h3>{_t(key)}</h3>")


def _dropdown(options: Sequence[tuple[str, object]], value: object, label_key: str) -> w.Dropdown:
    return w.Dropdown(options=list(options), value=value, description=i18n.t(f"service.widget.{label_key}"),
                      style={"description_width": "initial"})


def _wire(controls: Sequence[w.Widget], show: Callable[..., None]) -> None:
    for control in controls:
        control.observe(show, names="value")


# ---------------------------------------------------------------- customer structure

def structure_html(con, level: str = "supplier") -> str:
    """The customer structure table and the detail of one level: suppliers (``service.suppliers``),
    channel partners (``channels.table``) or end customers by membership level (``customers.levels``)."""
    level = params.choice(level, _STRUCTURE_LEVELS, "level")
    summary = service.customer_structure(con)
    if level == "supplier":
        detail = table_html(service.suppliers(con), ["supplier", "province", "product_count", "quantity", "revenue",
                                                 "share"])
    elif level == "channel":
        detail = table_html(channels.table(con),
                            ["channel", "channel_kind", "channel_status", "order_count", "revenue"])
    else:
        detail = table_html(customer_analysis.levels(con))
    heading = html.escape(i18n.t(f"service.customer_type.{level}"))
    return (table_html(summary, ["customer_type_name", "member_count", "active_count", "revenue", "revenue_per_active"])
            + f"<h4>{heading}</h4><p>{_t('structure_' + level)}</p>" + detail)


def customer_structure_explorer(con, level: str = "supplier") -> w.VBox:
    """客户结构 widget: sales through suppliers, channel partners and end customers (chart and table);
    pick a level to see who is in it."""
    choice = w.ToggleButtons(options=[(i18n.t(f"service.customer_type.{t}"), t) for t in _STRUCTURE_LEVELS],
                             value=level)
    chart, result = w.Output(), w.HTML()

    def show(_=None) -> None:
        result.value = structure_html(con, choice.value)

    choice.observe(show, names="value")
    show_figure(chart, plots.customer_structure(service.customer_structure(con)))
    show()
    return w.VBox([_title("structure_title"), chart, choice, result])


# ---------------------------------------------------------------- expectations

def _effects_html(effects: pd.DataFrame) -> str:
    lines = []
    for row in effects.itertuples():
        key = "effect_used" if row.used_in_what_if else "effect_not_used"
        lines.append(f"<li>{_t(key, factor=row.factor_name, effect=row.effect, error=row.std_error)}</li>")
    return f"<p>{_t('effects_intro', n=int(effects['survey_responses'].iloc[0]))}</p><ul>{''.join(lines)}</ul>"


def _expectations(con, **options: object) -> tuple[pd.DataFrame | None, str]:
    """The table the explorer charts (customers: the least satisfied first) and the HTML it shows."""
    try:
        df = service.expectations(con, **options)
    except CrmkitError as exc:
        return None, error_html(exc)
    if options.get("by") == "customer":
        df = df.sort_values(["avg_satisfaction", "segment"], kind="stable")
    columns = ["segment", "survey_responses", "avg_expectation", "avg_perceived_value", "avg_satisfaction",
               "what_if_perceived_value", "what_if_satisfaction", "satisfaction_change"]
    return df, _effects_html(service.experience_effects(con)) + table_html(df, columns)


def expectation_html(con, *, by: str = "all", delivery_days_faster: float = 0, reply_minutes_faster: float = 0,
                     answer_all_consultations: bool = False, customers: object = None) -> str:
    """What the expectation explorer shows: the estimated effects (:func:`~crmkit.analytics.service.experience_effects`)
    and the table of :func:`~crmkit.analytics.service.expectations` (customers: the least satisfied first)."""
    return _expectations(con, by=by, delivery_days_faster=delivery_days_faster,
                         reply_minutes_faster=reply_minutes_faster,
                         answer_all_consultations=answer_all_consultations, customers=customers)[1]


def _customer_ids(text: str) -> list[str] | None:
    items = [part for part in text.replace("，", ",").replace(" ", ",").split(",") if part]
    return items or None


def expectation_explorer(con, by: str = "delivery_speed", delivery_days_faster: float = 1.0,
                         reply_minutes_faster: float = 0.0) -> w.VBox:
    """期望值与感知价值 widget: pick a grouping (or customers), see expectation, perceived value and
    satisfaction, and move the sliders to see what faster delivery and quicker replies would change."""
    group = _dropdown([(i18n.t(f"service.widget.by_{b}"), b) for b in service.EXPECTATIONS_BY], by, "by")
    days = w.FloatSlider(value=delivery_days_faster, min=0, max=5, step=0.5,
                         description=i18n.t("service.widget.delivery_faster"), style={"description_width": "initial"},
                         continuous_update=False)
    minutes = w.FloatSlider(value=reply_minutes_faster, min=0, max=5, step=0.5,
                            description=i18n.t("service.widget.reply_faster"), style={"description_width": "initial"},
                            continuous_update=False)
    answer = w.Checkbox(value=False, description=i18n.t("service.widget.answer_all"), indent=False)
    who = w.Text(placeholder=i18n.t("service.widget.customers_placeholder"),
                 description=i18n.t("service.widget.customers"), style={"description_width": "initial"},
                 continuous_update=False)
    chart, result = w.Output(), w.HTML()

    def show(_=None) -> None:
        df, result.value = _expectations(con, by=group.value, delivery_days_faster=days.value,
                                         reply_minutes_faster=minutes.value, answer_all_consultations=answer.value,
                                         customers=_customer_ids(who.value))
        if df is None:
            chart.outputs = ()
        else:
            show_figure(chart, plots.expectations(df.head(MAX_ROWS)))

    _wire([group, days, minutes, answer, who], show)
    show()
    wrap = w.Layout(flex_flow="row wrap")
    return w.VBox([_title("expectation_title"), w.HBox([group, who], layout=wrap),
                   w.HBox([days, minutes, answer], layout=wrap), chart, result])


# ---------------------------------------------------------------- service channels

def channel_trend_html(df: pd.DataFrame) -> str:
    """The modern channels' share in the first and in the last period of a ``channel_trend`` table."""
    if df.empty:
        return f"<p>{_t('no_interactions')}</p>"
    modern = df[df["era"] == "modern"].groupby("period")["share"].sum()
    periods = sorted(df["period"].unique())
    first, last = (float(modern.get(p, 0.0)) for p in (periods[0], periods[-1]))
    start, end = (pd.Timestamp(p).strftime("%Y-%m-%d") for p in (periods[0], periods[-1]))
    return f"<p>{_t('modern_share', first=first, last=last, start=start, end=end)}</p>"


def channel_trend_explorer(con, period: str = "month", by: str = "era") -> w.VBox:
    """服务渠道趋势 widget: interactions per service channel over time, traditional against modern."""
    step = _dropdown([(i18n.t(f"service.widget.period_{p}"), p) for p in ("week", "month", "quarter")], period,
                     "period")
    grouping = w.ToggleButtons(options=[(i18n.t(f"service.widget.trend_{b}"), b) for b in service.TREND_BY], value=by)
    direction = _dropdown([(i18n.t(f"service.widget.direction_{d}"), d) for d in service.DIRECTIONS], "inbound",
                          "direction")
    chart, result = w.Output(), w.HTML()

    def show(_=None) -> None:
        df = service.channel_trend(con, step.value, by=grouping.value, direction=direction.value)
        result.value = channel_trend_html(df)
        show_figure(chart, plots.channel_trend(df))

    _wire([step, grouping, direction], show)
    show()
    return w.VBox([_title("trend_title"), w.HBox([step, direction]), grouping, result, chart])


# ---------------------------------------------------------------- service stages

def stage_html(con, start: object = None, end: object = None) -> str:
    """The table of :func:`~crmkit.analytics.service.stage_breakdown` for the chosen days."""
    try:
        df = service.stage_breakdown(con, start=start, end=end)
    except CrmkitError as exc:
        return error_html(exc)
    return table_html(df, ["service_stage_name", "count", "conversations", "answered_share", "avg_response_seconds",
                       "median_response_seconds", "avg_handle_minutes", "resolved_share"])


def stage_explorer(con, start: object = None, end: object = None) -> w.VBox:
    """售前/售中/售后 widget: interactions per service stage with response and resolution, for chosen days."""
    first = w.DatePicker(value=None if start is None else pd.Timestamp(start).date(),
                         description=i18n.t("service.widget.start"), style={"description_width": "initial"})
    last = w.DatePicker(value=None if end is None else pd.Timestamp(end).date(),
                        description=i18n.t("service.widget.end"), style={"description_width": "initial"})
    chart, result = w.Output(), w.HTML()

    def show(_=None) -> None:
        result.value = stage_html(con, first.value, last.value)
        try:
            show_figure(chart, plots.stage_breakdown(service.stage_breakdown(con, start=first.value, end=last.value)))
        except CrmkitError:
            chart.outputs = ()

    _wire([first, last], show)
    show()
    return w.VBox([_title("stage_title"), w.HBox([first, last]), chart, result])


# ---------------------------------------------------------------- role-play

def _value(value: object, money: bool = False) -> str:
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if money:
        return f"¥{float(value):,.2f}"
    return str(value)


def _age(value: object) -> str:
    return "—" if value is None or pd.isna(value) else i18n.t("service.widget.age", n=int(value))


def scenario_html(row: Mapping[str, object]) -> str:
    """A complaint scenario card: the complaint, the customer (masked), the order, what went wrong, the
    review; then the two role cards (customer and service representative)."""
    gender = i18n.t(f"gender.{row['gender']}") if isinstance(row["gender"], str) else "—"
    problems = row["problems"] or i18n.t("service.widget.no_visible_problem")
    facts = [
        ("complaint", f"#{row['interaction_id']} · {_value(row['started_at'])} · {row['interaction_kind']}"),
        ("customer", f"{row['name']} · {gender} · {_age(row['age'])} · {_value(row['province'])} · "
                     + i18n.t("service.widget.orders_so_far", n=row["orders"])),
        ("order", f"#{row['order_id']} · {_value(row['channel'])} · {_value(row['products'])} · "
                  f"{_value(row['total'], money=True)}"),
        ("delivery", i18n.t("service.widget.delivery_fact", ordered=_value(row["ordered_at"]),
                            delivered=_value(row["delivered_at"]), days=_value(row["delivery_days"]))),
        ("problems", problems),
        ("return", f"{_value(row['return_kind'])} {'' if pd.isna(row['return_reason']) else row['return_reason']}"),
        ("review", "—" if pd.isna(row["rating"]) else f"{'★' * int(row['rating'])} {row['comment']}"),
    ]
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{_t('fact_' + key)}</th>"
                   f"<td>{html.escape(str(text))}</td></tr>" for key, text in facts)
    style = "border:1px solid #ccc;border-radius:6px;padding:8px;max-width:760px"
    card = (f"<div class='crmkit-scenario' style='{style}'><h4 style='margin:0 0 6px 0'>"
            f"{_t('scenario_title', id=row['interaction_id'])}</h4><table>{rows}</table></div>")
    customer = _t("role_customer", name=row["name"], problems=problems, products=_value(row["products"]))
    agent = _t("role_agent", name=row["name"])
    return (card + f"<p><b>{_t('role_customer_title')}</b> {customer}</p>"
            f"<p><b>{_t('role_agent_title')}</b> {agent}</p>")


def rubric_total(scores: Mapping[str, Sequence[int | None]]) -> dict[str, float | None]:
    """Scores out of 100 per evaluator (``self``, ``peer``, ``teacher``: five scores of 1–5 each, in
    :data:`RUBRIC_CRITERIA` order) and the weighted ``final`` (:data:`RUBRIC_WEIGHTS`).

    An evaluator with a missing score has no total yet, and then there is no final score.

    >>> rubric_total({"self": [5, 5, 5, 5, 5], "peer": [4, 4, 4, 4, 4], "teacher": [3, 3, 3, 3, 3]})
    {'self': 100.0, 'peer': 80.0, 'teacher': 60.0, 'final': 74.0}
    """
    per_point = 100 / (5 * len(RUBRIC_CRITERIA))
    totals: dict[str, float | None] = {}
    for who in RUBRIC_WEIGHTS:
        given = list(scores.get(who, []))
        complete = len(given) == len(RUBRIC_CRITERIA) and all(isinstance(s, int) and 1 <= s <= 5 for s in given)
        totals[who] = round(sum(given) * per_point, 1) if complete else None
    known = [totals[who] for who in RUBRIC_WEIGHTS]
    totals["final"] = (round(sum(RUBRIC_WEIGHTS[who] * totals[who] for who in RUBRIC_WEIGHTS), 1)
                       if all(v is not None for v in known) else None)
    return totals


def rubric_html(scores: Mapping[str, Sequence[int | None]] | None = None) -> str:
    """The rubric as a table: criteria with what a 5 looks like, a column per evaluator, and the totals."""
    scores = scores or {}
    head = "".join(f"<th>{_t('evaluator_' + who)} ({RUBRIC_WEIGHTS[who]:.0%})</th>" for who in RUBRIC_WEIGHTS)
    body = []
    for i, criterion in enumerate(RUBRIC_CRITERIA):
        cells = "".join(f"<td style='text-align:center'>{_value(_score(scores, who, i))}</td>"
                        for who in RUBRIC_WEIGHTS)
        body.append(f"<tr><td><b>{html.escape(i18n.t(f'service.rubric.criterion.{criterion}'))}</b></td>"
                    f"<td>{html.escape(i18n.t(f'service.rubric.description.{criterion}'))}</td>{cells}</tr>")
    totals = rubric_total(scores)
    total_cells = "".join(f"<td style='text-align:center'>{_value(totals[who])}</td>" for who in RUBRIC_WEIGHTS)
    body.append(f"<tr><td colspan='2'><b>{_t('rubric_total')}</b></td>{total_cells}</tr>")
    body.append(f"<tr><td colspan='2'><b>{_t('rubric_final')}</b></td>"
                f"<td colspan='3' style='text-align:center'><b>{_value(totals['final'])}</b></td></tr>")
    return (f"<table class='{TABLE_STYLE} crmkit-rubric'><tr><th>{_t('rubric_criterion')}</th>"
            f"<th>{_t('rubric_five')}</th>{head}</tr>{''.join(body)}</table>")


def _score(scores: Mapping[str, Sequence[int | None]], who: str, i: int) -> int | None:
    given = list(scores.get(who, []))
    return given[i] if i < len(given) else None


def _scenario_label(row: pd.Series) -> str:
    problems = row["problems"] or i18n.t("service.widget.no_visible_problem")
    return f"#{row['interaction_id']} {row['name']} · {problems}"


def role_play(con, seed: int | None = None, n: int = SCENARIOS) -> w.VBox:
    """巩固演练 widget: a real complaint for a customer / service-representative role-play, and the rubric
    for self-, peer- and teacher evaluation. ``seed`` fixes which complaints are offered (the same seed,
    the same complaints for the whole class); "New complaints" draws others."""
    state = {"seed": seed, "rows": service.complaint_scenarios(con, n, seed=seed)}
    picker = w.Dropdown(description=i18n.t("service.widget.pick_scenario"), style={"description_width": "initial"},
                        layout=w.Layout(width="760px"))
    again = w.Button(description=i18n.t("service.widget.new_scenarios"), icon="refresh")
    card, rubric = w.HTML(), w.HTML()
    choices = [("—", None)] + [(str(s), s) for s in range(1, 6)]
    grid = {who: [w.Dropdown(options=choices, value=None, layout=w.Layout(width="70px")) for _ in RUBRIC_CRITERIA]
            for who in RUBRIC_WEIGHTS}

    def show_card(_=None) -> None:
        rows = state["rows"]
        match = rows[rows["interaction_id"] == picker.value]
        card.value = scenario_html(match.iloc[0]) if len(match) else f"<p>{_t('no_complaints')}</p>"

    def fill(_=None) -> None:
        rows = state["rows"]
        picker.options = [(_scenario_label(r), int(r["interaction_id"])) for _, r in rows.iterrows()]
        picker.value = int(rows["interaction_id"].iloc[0]) if len(rows) else None
        show_card()

    def redraw(_=None) -> None:
        state["seed"] = None if state["seed"] is None else state["seed"] + 1
        state["rows"] = service.complaint_scenarios(con, n, seed=state["seed"])
        fill()

    def score(_=None) -> None:
        rubric.value = rubric_html({who: [d.value for d in grid[who]] for who in RUBRIC_WEIGHTS})

    picker.observe(show_card, names="value")
    again.on_click(redraw)
    for dropdowns in grid.values():
        _wire(dropdowns, score)
    fill()
    score()
    header = [w.HTML(f"<b>{_t('rubric_criterion')}</b>")] + [w.HTML(f"<b>{_t('evaluator_' + who)}</b>")
                                                              for who in RUBRIC_WEIGHTS]
    cells = []
    for i, criterion in enumerate(RUBRIC_CRITERIA):
        cells.append(w.HTML(html.escape(i18n.t(f"service.rubric.criterion.{criterion}"))))
        cells.extend(grid[who][i] for who in RUBRIC_WEIGHTS)
    entry = w.GridBox(header + cells, layout=w.Layout(grid_template_columns="220px 90px 90px 90px"))
    return w.VBox([_title("role_play_title"), w.HTML(f"<p>{_t('role_play_steps')}</p>"), w.HBox([picker, again]),
                   card, w.HTML(f"<h4>{_t('rubric_title')}</h4>"), entry, rubric])
