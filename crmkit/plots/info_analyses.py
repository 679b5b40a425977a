"""Charts of the four kinds of customer-information analysis (:mod:`crmkit.analytics.info_analyses`):
``ck.plots.info_analyses.<analysis>(df)`` draws the DataFrame the analysis returned. The statistical
analysis (each customer's share of revenue) is drawn by ``ck.plots.customers.revenue_share``.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.analytics import info_analyses
>>> from crmkit.plots import info_analyses as plots
>>> con = ck.connect("mall")
>>> type(plots.month_over_month(info_analyses.month_over_month(con))).__name__
'Figure'
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.frames import header
from crmkit.plots import style

__all__ = ["region_sales", "age_preferences", "half_year_forecast", "month_over_month"]

#: At most this many provinces are drawn (the table has all of them).
MAX_PROVINCES = 15
#: Colours of a verdict: good news green, bad news red, no change grey.
VERDICT_COLOURS = {"better": "#2ca02c", "worse": "#d62728", "same": "#7f7f7f"}
#: How each line of the half-year forecast is drawn.
_LINES = {"actual": {}, "trend_line": {"dash": "dash"}, "seasonal_forecast": {"dash": "dot"}}


def region_sales(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.info_analyses.region_sales`: items bought per province, the
    main sales region first (at most :data:`MAX_PROVINCES` provinces; hover shows orders, buyers,
    revenue and share)."""
    shown = df.head(MAX_PROVINCES)
    fig = px.bar(shown, x="province", y="quantity", text="quantity",
                 hover_data=["order_count", "buyer_count", "revenue", "share"], labels=style.labels(shown.columns))
    fig.update_traces(marker_color=["#d62728" if rank == 1 else "#1f77b4" for rank in shown["rank"]])
    return style.finish(fig, "plot.info_analyses.region_sales")


def age_preferences(df: pd.DataFrame) -> go.Figure:
    """Grouped bars of :func:`~crmkit.analytics.info_analyses.age_preferences`: per age group, the share of
    its items each category (product) has; pass ``top=3`` or so to keep it readable."""
    item = "product" if "product" in df.columns else "category"
    fig = px.bar(df, x="age_group", y="share", color=item, barmode="group",
                 hover_data=["rank", "quantity", "buyer_count", "lift"], labels=style.labels(df.columns))
    fig.update_yaxes(tickformat=".0%")
    return style.finish(fig, "plot.info_analyses.age_preferences")


def half_year_forecast(df: pd.DataFrame) -> go.Figure:
    """Lines of :func:`~crmkit.analytics.info_analyses.half_year_forecast`: the actual months, the straight
    line through the first half carried on, and last year's seasons times the growth."""
    fig = go.Figure()
    for column, dash in _LINES.items():
        fig.add_scatter(x=df["period"], y=df[column], mode="lines+markers", line=dash,
                        name=i18n.t(f"info_analyses.forecast.{column}"))
    if len(df):
        fig.add_vrect(x0=df["period"].iloc[6] - pd.Timedelta(days=15), x1=df["period"].iloc[-1] + pd.Timedelta(days=15),
                      fillcolor="#eeeeee", opacity=0.5, line_width=0, layer="below",
                      annotation_text=i18n.t("info_analyses.half.second"), annotation_position="top left")
    metric = df["metric"].iloc[0] if len(df) else "revenue"
    year = pd.Timestamp(df["period"].iloc[0]).year if len(df) else ""
    fig.update_layout(xaxis_title=header("period"), yaxis_title=i18n.t(f"info_analyses.metric.{metric}"))
    return style.finish(fig, "plot.info_analyses.half_year_forecast",
                        metric=i18n.t(f"info_analyses.metric.{metric}"), year=year)


def month_over_month(df: pd.DataFrame) -> go.Figure:
    """Bars of :func:`~crmkit.analytics.info_analyses.month_over_month`: the change of every figure in per
    cent of last month, green where it is good news, red where it is bad news."""
    shown = df.assign(change_rate=df["change_rate"].astype(float))
    fig = go.Figure(go.Bar(x=shown["metric_name"], y=shown["change_rate"], text=shown["verdict_name"],
                           marker_color=[VERDICT_COLOURS.get(v, "#7f7f7f") for v in shown["verdict"]],
                           customdata=shown[["previous_value", "value"]].to_numpy(),
                           hovertemplate="%{x}<br>%{customdata[0]:,} → %{customdata[1]:,}<br>%{y:+.1%}"
                                         "<extra>%{text}</extra>"))
    fig.update_layout(xaxis_title=header("metric_name"), yaxis_title=header("change_rate"), showlegend=False)
    fig.update_yaxes(tickformat="+.0%")
    months = {name: pd.Timestamp(df[name].iloc[0]).strftime("%Y-%m") if len(df) else ""
              for name in ("month", "previous_month")}
    return style.finish(fig, "plot.info_analyses.month_over_month", month=months["month"],
                        previous=months["previous_month"])
