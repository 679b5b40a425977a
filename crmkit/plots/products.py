"""Charts of the product analyses (:mod:`crmkit.analytics.products`).

Each function takes the DataFrame the analysis of the same name returned. ``lookup`` has no chart:
it finds a few products to read, there is nothing to compare; ``add_tag``/``remove_tag`` change
data and return no table.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit.plots import style

__all__ = ["associations", "category_sales", "sales", "table", "tags"]


def _plain(df) -> pd.DataFrame:
    out = pd.DataFrame(df).copy()
    for col in ("revenue", "share", "support", "confidence", "lift"):
        if col in out.columns:
            out[col] = out[col].astype(float)
    return out


def table(df) -> go.Figure:
    """Revenue of every product in the product list, colored by category."""
    data = _plain(df)
    fig = px.bar(data, x="product", y="revenue", color="category", labels=style.labels(data.columns),
                 hover_data=["sku", "quantity"])
    return style.finish(fig, "plot.products.table")


def category_sales(df) -> go.Figure:
    """Revenue per category; stacked per period when the analysis was run with a period."""
    data = _plain(df)
    if "period" in data.columns:
        fig = px.bar(data, x="period", y="revenue", color="category", labels=style.labels(data.columns),
                     hover_data=["share", "order_count"])
    else:
        fig = px.bar(data, x="category", y="revenue", labels=style.labels(data.columns),
                     hover_data=["share", "order_count"])
    return style.finish(fig, "plot.products.category_sales")


def sales(df) -> go.Figure:
    """The top products as horizontal bars, the best at the top."""
    data = _plain(df)
    fig = px.bar(data, x="revenue", y="product", orientation="h", labels=style.labels(data.columns),
                 hover_data=["rank", "quantity", "order_count"])
    fig.update_yaxes(autorange="reversed")
    return style.finish(fig, "plot.products.sales")


def tags(df) -> go.Figure:
    """How many products carry each tag, course and manual tags in two colors."""
    data = pd.DataFrame(df).groupby(["tag", "source"], as_index=False).size().rename(columns={"size": "count"})
    fig = px.bar(data, x="tag", y="count", color="source", labels=style.labels(data.columns))
    return style.finish(fig, "plot.products.tags")


def associations(df) -> go.Figure:
    """Rules as points: support across, confidence up, bigger and darker for a higher lift."""
    data = _plain(df)
    fig = px.scatter(data, x="support", y="confidence", size="lift", color="lift",
                     hover_data=["antecedent", "consequent", "pair_orders"], labels=style.labels(data.columns))
    return style.finish(fig, "plot.products.associations")
