"""Charts of the loyalty analyses: RFM segments, P(alive), cohort retention, loyalty types and the
BG/NBD holdout check, with titles and axes in the chosen language.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.analytics import loyalty
>>> from crmkit.plots import loyalty as loyalty_plots
>>> con = ck.connect("mall")
>>> fig = loyalty_plots.rfm_segments(loyalty.rfm(con))
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.analytics.bgnbd import BgNbdModel
from crmkit.frames import header
from crmkit.plots import style

__all__ = ["rfm_segments", "p_alive_matrix", "cohort_heatmap", "quadrants", "expected_vs_actual"]

_PERCENT = ".0%"
#: The largest number of repeat purchases :func:`p_alive_matrix` shows by default.
MAX_FREQUENCY = 30


def rfm_segments(df: pd.DataFrame) -> go.Figure:
    """Treemap of :func:`~crmkit.analytics.loyalty.rfm`: one tile per segment, its area the number
    of customers (hover shows the customers, their revenue and average scores)."""
    table = (df.groupby("segment", sort=False)
             .agg(customer_count=("customer_id", "size"), revenue=("total_spend", "sum"),
                  r_score=("r_score", "mean"), f_score=("f_score", "mean"), m_score=("m_score", "mean"))
             .reset_index())
    table["revenue"] = table["revenue"].astype(float)
    table["label"] = [i18n.t("plot.loyalty.customers_in_segment", count=n) for n in table["customer_count"]]
    fig = px.treemap(table, path=["segment"], values="customer_count", color="segment",
                     hover_data={"revenue": ":,.2f", "r_score": ":.1f", "f_score": ":.1f", "m_score": ":.1f"},
                     custom_data=["label"], labels=style.labels(table.columns))
    fig.update_traces(texttemplate="%{label}<br>%{customdata[0]}")
    return style.finish(fig, "plot.loyalty.rfm_segments")


def p_alive_matrix(model: BgNbdModel, *, T: float | None = None, max_frequency: int | None = None) -> go.Figure:
    """Heatmap of P(alive) of a fitted BG/NBD model: repeat purchases (rows) by recency (columns)
    for customers whose first purchase was ``T`` time units ago (default: the longest T in the
    summary the model was fitted on). Customers who bought often but long ago are the ones the
    model believes have left. ``max_frequency`` defaults to the 99th percentile of the summary's
    frequencies (at most 30)."""
    summary = model.summary
    if T is None:
        T = float(summary["T"].max()) if summary is not None and len(summary) else 52.0
    if max_frequency is None:
        top = float(np.percentile(summary["frequency"], 99)) if summary is not None and len(summary) else 10
        max_frequency = int(min(max(top, 1), MAX_FREQUENCY))
    x = np.arange(max_frequency + 1, dtype=float)
    recency = np.linspace(0, T, 60) if T > 0 else np.zeros(1)
    grid_x, grid_t = np.meshgrid(x, recency, indexing="ij")
    z = model.p_alive(grid_x.ravel(), grid_t.ravel(), np.full(grid_x.size, T)).reshape(grid_x.shape)
    z[(grid_x == 0) & (grid_t > 0)] = np.nan  # without repeat purchases the recency is 0
    fig = go.Figure(go.Heatmap(z=z, x=recency, y=x, zmin=0, zmax=1, colorscale="RdYlGn",
                               colorbar={"title": {"text": header("p_alive")}, "tickformat": _PERCENT},
                               hovertemplate="x=%{y}<br>t_x=%{x:.1f}<br>P(alive)=%{z:.1%}<extra></extra>"))
    fig.update_layout(xaxis_title=header("recency"), yaxis_title=header("frequency"))
    unit = i18n.t(f"plot.loyalty.unit_{model.unit}")
    return style.finish(fig, "plot.loyalty.p_alive_matrix", T=f"{T:.1f}", unit=unit)


def cohort_heatmap(df: pd.DataFrame) -> go.Figure:
    """Heatmap of :func:`~crmkit.analytics.loyalty.cohort_retention`: cohorts (rows, oldest on
    top) by periods since the first purchase (columns), coloured by the retention rate."""
    matrix = df.pivot(index="cohort", columns="cohort_age", values="retention_rate").sort_index()
    sizes = df.drop_duplicates("cohort").set_index("cohort")["customer_count"].reindex(matrix.index)
    labels = [f"{pd.Timestamp(c):%Y-%m-%d} ({n})" for c, n in zip(matrix.index, sizes, strict=True)]
    fig = go.Figure(go.Heatmap(z=matrix.to_numpy(dtype=float), x=list(matrix.columns), y=labels, zmin=0, zmax=1,
                               colorscale="Blues", colorbar={"title": {"text": header("retention_rate")},
                                                             "tickformat": _PERCENT},
                               hovertemplate="%{y}<br>%{x}: %{z:.1%}<extra></extra>"))
    fig.update_layout(xaxis_title=header("cohort_age"), yaxis_title=header("cohort"))
    fig.update_yaxes(autorange="reversed", type="category")
    return style.finish(fig, "plot.loyalty.cohort_heatmap")


def quadrants(df: pd.DataFrame) -> go.Figure:
    """Scatter of :func:`~crmkit.analytics.loyalty.quadrants`: paid orders (x) against the average
    attitude (y), one point per customer coloured by loyalty type, with the two thresholds as
    dashed lines (when the frame carries them)."""
    fig = px.scatter(df, x="orders", y="attitude", color="quadrant", opacity=0.5,
                     hover_data=["customer_id", "name", "survey_responses"], labels=style.labels(df.columns))
    if "min_attitude" in df.attrs:
        fig.add_hline(y=df.attrs["min_attitude"], line_dash="dash", line_color="grey")
    if "min_orders" in df.attrs:
        fig.add_vline(x=df.attrs["min_orders"] - 0.5, line_dash="dash", line_color="grey")
    fig.update_yaxes(range=[0.8, 5.2])
    return style.finish(fig, "plot.loyalty.quadrants")


def expected_vs_actual(df: pd.DataFrame) -> go.Figure:
    """Lines of :func:`~crmkit.analytics.loyalty.expected_vs_actual`: average purchases in the
    holdout period per group of calibration repeat purchases, as observed and as the model expected."""
    fig = go.Figure()
    for column, key, dash in (("actual_purchases", "actual", "solid"), ("expected_purchases", "expected", "dash")):
        fig.add_scatter(x=df["repeat_purchases"], y=df[column], mode="lines+markers",
                        name=i18n.t(f"plot.loyalty.{key}"), line_dash=dash, customdata=df["customer_count"],
                        hovertemplate="%{x}: %{y:.2f} (n=%{customdata})<extra></extra>")
    fig.update_layout(xaxis_title=header("repeat_purchases"), yaxis_title=header("frequency_holdout"))
    fig.update_xaxes(type="category")
    return style.finish(fig, "plot.loyalty.expected_vs_actual")
