"""Charts of the channel analyses (:mod:`crmkit.analytics.channels`): one per analysis."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit.frames import header
from crmkit.plots import style

__all__ = ["customers", "dormant", "return_rate", "sales", "table"]


def table(df: pd.DataFrame) -> go.Figure:
    """Revenue per channel, coloured by status (active / dormant), from ``channels.table``."""
    fig = px.bar(df, x="channel", y="revenue", color="channel_status",
                 hover_data=["order_count", "last_order_at"], labels=style.labels(df.columns))
    return style.finish(fig, "plot.channels.table")


def dormant(df: pd.DataFrame) -> go.Figure:
    """Days since the last paid order of each dormant channel, from ``channels.dormant``."""
    fig = px.bar(df, x="channel", y="days_since_last_order", hover_data=["last_order_at"],
                 labels=style.labels(df.columns))
    return style.finish(fig, "plot.channels.dormant")


def sales(df: pd.DataFrame) -> go.Figure:
    """Revenue per period, stacked by channel, from ``channels.sales``."""
    fig = px.bar(df, x="period", y="revenue", color="channel", hover_data=["order_count", "share"],
                 labels=style.labels(df.columns))
    return style.finish(fig, "plot.channels.sales")


def return_rate(df: pd.DataFrame) -> go.Figure:
    """Return rate of each channel, from ``channels.return_rate``."""
    fig = px.bar(df, x="channel", y="return_rate", hover_data=["order_count", "returned_orders"],
                 labels=style.labels(df.columns))
    fig.update_yaxes(tickformat=".0%")
    return style.finish(fig, "plot.channels.return_rate")


def customers(df: pd.DataFrame) -> go.Figure:
    """New and returning customers of each channel side by side, from ``channels.customers``."""
    long = df.melt(id_vars="channel", value_vars=["new_customers", "returning_customers"],
                   var_name="segment", value_name="customer_count")
    long["segment"] = long["segment"].map(header)
    fig = px.bar(long, x="channel", y="customer_count", color="segment", barmode="group",
                 labels=style.labels(long.columns))
    return style.finish(fig, "plot.channels.customers")
