"""Charts of the customer analyses: ``ck.plots.customers.<analysis>(df)`` draws the DataFrame that
``ck.customers.<analysis>(...)`` returned, with titles and axes in the chosen language.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.analytics import customer_analysis
>>> from crmkit.plots import customers as plots
>>> con = ck.connect("mall")
>>> fig = plots.levels(customer_analysis.levels(con))
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.frames import header
from crmkit.plots import style

__all__ = [
    "classify",
    "levels",
    "repurchase",
    "purchase_counts",
    "churn",
    "by_region",
    "aov",
    "new_vs_returning",
    "revenue_share",
]

_PERCENT = ".0%"
#: At most about this many points of the Pareto curve are drawn.
PARETO_POINTS = 2000


def classify(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_analysis.classify`: customers per class
    (hover shows the share, paid orders and revenue)."""
    fig = px.bar(df, x="segment", y="customer_count", text="customer_count",
                 hover_data=["share", "order_count", "revenue"], labels=style.labels(df.columns))
    return style.finish(fig, "plot.customers.classify")


def levels(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_analysis.levels`: customers per level
    (hover shows where the level starts, the share, revenue and spend per customer)."""
    fig = px.bar(df, x="level", y="customer_count", text="customer_count", color="level",
                 hover_data=["level_min_spend", "share", "revenue", "spend_per_customer"],
                 labels=style.labels(df.columns))
    fig.update_layout(showlegend=False)
    return style.finish(fig, "plot.customers.levels")


def repurchase(df: pd.DataFrame) -> go.Figure:
    """Line chart of :func:`~crmkit.analytics.customer_analysis.repurchase`: the repurchase rate
    per period (hover shows buyers and repurchasing customers)."""
    fig = px.line(df, x="period", y="repurchase_rate", markers=True,
                  hover_data=["customer_count", "repurchasing_customers"], labels=style.labels(df.columns))
    fig.update_yaxes(tickformat=_PERCENT, rangemode="tozero")
    return style.finish(fig, "plot.customers.repurchase")


def purchase_counts(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_analysis.purchase_counts`: buyers per
    number of paid orders."""
    fig = px.bar(df, x="purchases", y="customer_count", text="customer_count", hover_data=["share"],
                 labels=style.labels(df.columns))
    fig.update_xaxes(type="category")
    return style.finish(fig, "plot.customers.purchase_counts")


def churn(df: pd.DataFrame) -> go.Figure:
    """Histogram of :func:`~crmkit.analytics.customer_analysis.churn`: churned customers by days
    since their last paid order."""
    fig = px.histogram(df, x="days_since_last_order", labels=style.labels(df.columns))
    fig.update_yaxes(title_text=header("customer_count"))
    return style.finish(fig, "plot.customers.churn")


def by_region(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_analysis.by_region`: revenue per province,
    highest first (hover shows customers, buyers, orders, share and AOV)."""
    fig = px.bar(df, x="province", y="revenue",
                 hover_data=["customer_count", "buyer_count", "order_count", "share", "aov"],
                 labels=style.labels(df.columns))
    return style.finish(fig, "plot.customers.by_region")


_AOV_GROUPS = ("channel", "province", "category", "period")


def aov(df: pd.DataFrame) -> go.Figure:
    """Chart of :func:`~crmkit.analytics.customer_analysis.aov`: a line over months, bars per
    channel, province or category, or the one number of the whole shop."""
    group = next((c for c in _AOV_GROUPS if c in df.columns), None)
    if group is None:
        value = float(df["aov"].iloc[0]) if len(df) and pd.notna(df["aov"].iloc[0]) else None
        fig = go.Figure(go.Indicator(mode="number", value=value, title={"text": header("aov")},
                                     number={"valueformat": ",.2f"}))
    elif group == "period":
        fig = px.line(df, x="period", y="aov", markers=True, hover_data=["order_count", "revenue"],
                      labels=style.labels(df.columns))
    else:
        fig = px.bar(df, x=group, y="aov", hover_data=["order_count", "revenue"], labels=style.labels(df.columns))
    return style.finish(fig, "plot.customers.aov")


def new_vs_returning(df: pd.DataFrame) -> go.Figure:
    """Stacked bar chart of :func:`~crmkit.analytics.customer_analysis.new_vs_returning`: new and
    returning customers per period."""
    fig = go.Figure()
    for column in ("new_customers", "returning_customers"):
        share = column.replace("customers", "customer_share")
        fig.add_bar(x=df["period"], y=df[column], name=header(column), customdata=df[share],
                    hovertemplate="%{x}<br>%{y} (%{customdata:.1%})<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title=header("period"), yaxis_title=header("customer_count"))
    return style.finish(fig, "plot.customers.new_vs_returning")


def revenue_share(df: pd.DataFrame) -> go.Figure:
    """Pareto curve of :func:`~crmkit.analytics.customer_analysis.revenue_share`: cumulative share
    of revenue against cumulative share of buyers (largest first), with the 80 % line."""
    step = max(1, len(df) // PARETO_POINTS)  # a smooth curve needs no more points than the screen shows
    points = df.iloc[sorted({*range(0, len(df), step), len(df) - 1})] if len(df) else df
    x = pd.concat([pd.Series([0.0]), points["cumulative_customer_share"].astype(float)], ignore_index=True)
    y = pd.concat([pd.Series([0.0]), points["cumulative_share"].astype(float)], ignore_index=True)
    fig = go.Figure(go.Scatter(x=x, y=y, mode="lines", name=header("cumulative_share")))
    fig.add_hline(y=0.8, line_dash="dot", annotation_text=i18n.t("plot.customers.pareto_80"))
    fig.update_layout(xaxis_title=header("cumulative_customer_share"), yaxis_title=header("cumulative_share"),
                      showlegend=False)
    fig.update_xaxes(tickformat=_PERCENT, range=[0, 1])
    fig.update_yaxes(tickformat=_PERCENT, range=[0, 1.02])
    return style.finish(fig, "plot.customers.revenue_share")
