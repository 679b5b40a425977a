"""Charts of chapter 1's service analyses (:mod:`crmkit.analytics.service`): ``ck.plots.service.<analysis>(df)``
draws the DataFrame that ``ck.service.<analysis>(...)`` returned, titles and axes in the chosen language.

``survey_experience`` (one row per survey) and ``scenario`` (one complaint) have no chart: the
first is the raw material of :func:`experience_effects`, the second a case to read.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.analytics import service
>>> from crmkit.plots import service as plots
>>> con = ck.connect("mall")
>>> type(plots.stage_breakdown(service.stage_breakdown(con))).__name__
'Figure'
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from crmkit import i18n
from crmkit.analytics.service import MIN_T_VALUE
from crmkit.frames import header
from crmkit.plots import style

__all__ = ["customer_structure", "suppliers", "experience_effects", "expectations", "channel_trend",
           "stage_breakdown", "complaint_scenarios"]

_PERCENT = ".0%"


def customer_structure(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.service.customer_structure`: sales through suppliers, channel
    partners and end customers, with how many there are on each bar."""
    fig = px.bar(df, x="customer_type_name", y="revenue", color="customer_type_name", text="member_count",
                 hover_data=["member_count", "active_count", "revenue_per_active"], labels=style.labels(df.columns))
    fig.update_traces(texttemplate=f"{header('member_count')}: %{{text}}", textposition="outside")
    fig.update_layout(showlegend=False)
    return style.finish(fig, "plot.service.customer_structure")


def suppliers(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of :func:`~crmkit.analytics.service.suppliers`: sales per supplier, largest on top."""
    fig = px.bar(df, x="revenue", y="supplier", orientation="h", hover_data=["province", "product_count", "share"],
                 labels=style.labels(df.columns))
    fig.update_yaxes(autorange="reversed")
    return style.finish(fig, "plot.service.suppliers")


def experience_effects(df: pd.DataFrame) -> go.Figure:
    """Bars of :func:`~crmkit.analytics.service.experience_effects`: each factor's effect on perceived value,
    with a line of ± two standard errors; the effects used in the what-if are coloured."""
    shown = df.assign(used=df["used_in_what_if"].map(lambda used: i18n.t("plot.service.used" if used
                                                                          else "plot.service.not_used")),
                      margin=MIN_T_VALUE * df["std_error"])
    fig = px.bar(shown, x="factor_name", y="effect", color="used", error_y="margin",
                 hover_data=["factor_mean", "std_error"], labels=style.labels(shown.columns),
                 color_discrete_sequence=["#1f77b4", "#bbbbbb"])
    fig.add_hline(y=0, line_color="#666")
    return style.finish(fig, "plot.service.experience_effects")


def expectations(df: pd.DataFrame) -> go.Figure:
    """Grouped bars of :func:`~crmkit.analytics.service.expectations`: per group, average expectation,
    perceived value now, and perceived value in the what-if; the gap between expectation and perceived
    value is the satisfaction."""
    measures = ["avg_expectation", "avg_perceived_value", "what_if_perceived_value"]
    long = df.melt(id_vars=["segment", "survey_responses"], value_vars=measures, var_name="metric",
                   value_name="value")
    long["metric"] = long["metric"].map(header)
    fig = px.bar(long, x="segment", y="value", color="metric", barmode="group", hover_data=["survey_responses"],
                 labels=style.labels(long.columns), color_discrete_sequence=["#999999", "#1f77b4", "#2ca02c"])
    fig.update_yaxes(range=[0, 10])
    return style.finish(fig, "plot.service.expectations")


def channel_trend(df: pd.DataFrame) -> go.Figure:
    """From :func:`~crmkit.analytics.service.channel_trend`: with ``by="era"`` the share of traditional and
    modern channels per period (stacked, adding up to 100%); with ``by="kind"`` a line per channel."""
    if "kind" not in df.columns:
        fig = px.area(df, x="period", y="share", color="era_name", hover_data=["count"],
                      labels=style.labels(df.columns))
        fig.update_yaxes(tickformat=_PERCENT, range=[0, 1])
        return style.finish(fig, "plot.service.channel_trend_era")
    fig = px.line(df, x="period", y="count", color="interaction_kind", line_dash="era_name", markers=True,
                  hover_data=["share"], labels=style.labels(df.columns))
    return style.finish(fig, "plot.service.channel_trend")


def stage_breakdown(df: pd.DataFrame) -> go.Figure:
    """Three panels of :func:`~crmkit.analytics.service.stage_breakdown`: interactions, average response time
    and resolved share per service stage."""
    panels = ["count", "avg_response_seconds", "resolved_share"]
    fig = make_subplots(rows=1, cols=3, subplot_titles=[header(p) for p in panels])
    for col, panel in enumerate(panels, start=1):
        fig.add_trace(go.Bar(x=df["service_stage_name"], y=df[panel], name=header(panel), showlegend=False),
                      row=1, col=col)
    fig.update_yaxes(tickformat=_PERCENT, range=[0, 1], row=1, col=3)
    style.finish(fig, "plot.service.stage_breakdown")
    return fig.update_layout(margin={"t": 100})  # room for the title above the panel titles


def complaint_scenarios(df: pd.DataFrame) -> go.Figure:
    """Bars of :func:`~crmkit.analytics.service.complaint_scenarios`: how many of the complaints had each
    problem (a complaint with several problems counts for each)."""
    problems = df["problem_codes"].explode().dropna()
    counts = problems.value_counts().rename_axis("problem_code").reset_index(name="count")
    counts["problems"] = counts["problem_code"].map(lambda code: i18n.t(f"service.problem.{code}"))
    fig = px.bar(counts, x="problems", y="count", text="count", labels=style.labels(counts.columns))
    return style.finish(fig, "plot.service.complaint_scenarios", n=len(df))
