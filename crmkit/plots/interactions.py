"""Charts of the interaction analyses (:mod:`crmkit.analytics.interactions`).

``records`` (both forms) and ``surveys`` have a chart. ``negative_review_alerts`` has none on
purpose: it is a to-do list of reviews to answer one by one, not a figure to compare.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit.frames import header
from crmkit.plots import style

__all__ = ["records", "surveys"]


def records(df: pd.DataFrame) -> go.Figure:
    """From ``interactions.records``: with ``period``, a line per interaction kind over the periods;
    without it, the number of records of each kind."""
    if "period" in df.columns:
        fig = px.line(df, x="period", y="count", color="interaction_kind", markers=True,
                      labels=style.labels(df.columns))
        return style.finish(fig, "plot.interactions.records_by_period")
    counts = df.groupby("interaction_kind", sort=False).size().rename("count").reset_index()
    fig = px.bar(counts, x="interaction_kind", y="count", labels=style.labels(counts.columns))
    return style.finish(fig, "plot.interactions.records")


def surveys(df: pd.DataFrame) -> go.Figure:
    """Average expectation, perceived value and satisfaction per survey channel, from ``interactions.surveys``."""
    measures = ["avg_expectation", "avg_perceived_value", "avg_satisfaction"]
    long = df.melt(id_vars="survey_channel_name", value_vars=measures, var_name="metric", value_name="value")
    long["metric"] = long["metric"].map(header)
    fig = px.bar(long, x="survey_channel_name", y="value", color="metric", barmode="group",
                 labels=style.labels(long.columns))
    return style.finish(fig, "plot.interactions.surveys")
