"""Charts of the order analyses (:mod:`crmkit.analytics.orders`).

Each function takes the DataFrame the analysis of the same name returned. No chart for
``lookup``, ``shipping_notices`` and ``delivery_notices``: they list a few orders to act on (a
customer's orders, the notices of one day), there is no quantity to compare.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.plots import style

__all__ = ["closed", "returns", "trend"]


def returns(df) -> go.Figure:
    """Requests per reason and kind; with a period (``returns(con, "month")``), requests per period."""
    data = pd.DataFrame(df)
    if "period" in data.columns:
        fig = px.bar(data, x="period", y="returns", color="kind", barmode="group",
                     labels=style.labels(data.columns), hover_data=["refund"])
        return style.finish(fig, "plot.orders.returns_by_period")
    counts = data.groupby(["reason", "kind"], as_index=False).size().rename(columns={"size": "returns"})
    fig = px.bar(counts, x="reason", y="returns", color="kind", labels=style.labels(counts.columns))
    return style.finish(fig, "plot.orders.returns")


def closed(df) -> go.Figure:
    """How many orders were closed (never paid) on each day."""
    data = pd.DataFrame(df)
    days = data.assign(period=pd.to_datetime(data["ordered_at"]).dt.normalize())
    counts = days.groupby("period", as_index=False).size().rename(columns={"size": "order_count"})
    fig = px.bar(counts, x="period", y="order_count", labels=style.labels(counts.columns))
    return style.finish(fig, "plot.orders.closed")


def trend(df) -> go.Figure:
    """The actual values as a solid line and the forecast as a dashed one."""
    data = pd.DataFrame(df)
    data["kind"] = data["kind"].map(lambda kind: i18n.t(f"plot.orders.trend_kind.{kind}"))  # legend in words
    fig = px.line(data, x="period", y="value", color="kind", line_dash="kind", markers=True,
                  labels=style.labels(data.columns))
    return style.finish(fig, "plot.orders.trend")
