"""Charts of the report analyses (:mod:`crmkit.reports.kpis`, :mod:`crmkit.reports.grades`), with the
look, language and offline renderer every crmkit chart shares (:mod:`crmkit.plots.style`).

Examples
--------
>>> import crmkit as ck
>>> from crmkit.reports import charts, kpis
>>> con = ck.connect("mall")
>>> type(charts.sales_trend(kpis.by_period(con, "2026"))).__name__
'Figure'
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.plots import style
from crmkit.reports import grades
from crmkit.reports.tables import report_header

__all__ = ["chapter_grades", "class_distribution", "customers_trend", "month_comparison", "problems_trend",
           "sales_trend", "stage_grades"]

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#9e9e9e"


def _labels(columns) -> dict:
    return {c: report_header(c) for c in columns}


def _long(df: pd.DataFrame, id_column: str, columns: list[str], value_name: str) -> pd.DataFrame:
    """``columns`` of ``df`` stacked into ``series`` (their headers) and ``value_name``."""
    long = pd.DataFrame(df)[[id_column, *columns]].melt(id_vars=id_column, var_name="series", value_name=value_name)
    long["series"] = long["series"].map(report_header)
    return long


def sales_trend(df: pd.DataFrame) -> go.Figure:
    """Revenue per period (hover: orders, buyers, average order value), from ``kpis.by_period``."""
    data = pd.DataFrame(df).astype({"revenue": float})
    fig = px.bar(data, x="period", y="revenue", hover_data=["order_count", "customer_count", "aov"],
                 labels=_labels(data.columns))
    return style.finish(fig, "reports.chart.sales_trend")


def customers_trend(df: pd.DataFrame) -> go.Figure:
    """New and returning customers per period side by side, from ``kpis.by_period``."""
    long = _long(df, "period", ["new_customers", "returning_customers"], "customer_count")
    fig = px.bar(long, x="period", y="customer_count", color="series", barmode="group",
                 labels=_labels(long.columns))
    return style.finish(fig, "reports.chart.customers_trend")


def problems_trend(df: pd.DataFrame) -> go.Figure:
    """Complaints, return requests and negative reviews per period, from ``kpis.by_period``."""
    long = _long(df, "period", ["complaints", "return_requests", "negative_reviews"], "count")
    fig = px.line(long, x="period", y="count", color="series", markers=True, labels=_labels(long.columns))
    return style.finish(fig, "reports.chart.problems_trend")


def month_comparison(df: pd.DataFrame) -> go.Figure:
    """The change of each KPI against last month, in percent: green when better, red when worse
    (hover: this and last month), from ``kpis.month_comparison``."""
    data = pd.DataFrame(df)
    colour = [NEUTRAL if pd.isna(g) else GOOD if g else BAD for g in data["good"]]
    fig = go.Figure(go.Bar(
        x=data["metric_name"], y=data["change_pct"].astype(float), marker_color=colour,
        customdata=data[["this_month", "last_month"]].astype(float),
        hovertemplate=(f"%{{x}}<br>{report_header('this_month')}: %{{customdata[0]:,.2f}}"
                       f"<br>{report_header('last_month')}: %{{customdata[1]:,.2f}}"
                       f"<br>{report_header('change_pct')}: %{{y:.1%}}<extra></extra>")))
    fig.update_yaxes(tickformat=".0%", title_text=report_header("change_pct"))
    return style.finish(fig, "reports.chart.month_comparison")


def stage_grades(table: pd.DataFrame) -> go.Figure:
    """The student's 学/练/训/测 grades in every chapter, from ``grades.stage_table``."""
    long = _long(table, "chapter", list(grades.STAGES), "grade")
    fig = px.bar(long, x="chapter", y="grade", color="series", barmode="group", labels=_labels(long.columns))
    fig.update_yaxes(range=[0, 100])
    return style.finish(fig, "reports.chart.stage_grades")


def chapter_grades(table: pd.DataFrame) -> go.Figure:
    """The student's chapter grades as bars, the class average as a line, from ``grades.stage_table``."""
    data = pd.DataFrame(table)
    fig = go.Figure([
        go.Bar(x=data["chapter"], y=data["chapter_grade"], name=report_header("chapter_grade")),
        go.Scatter(x=data["chapter"], y=data["class_average"], name=report_header("class_average"),
                   mode="lines+markers"),
    ])
    fig.update_yaxes(range=[0, 100], title_text=report_header("grade"))
    return style.finish(fig, "reports.chart.chapter_grades")


def class_distribution(frame: pd.DataFrame, student_id: object) -> go.Figure:
    """The course totals of the class in 10-point bins, with the student's total marked."""
    me = grades.standing(frame, student_id)
    fig = px.histogram(pd.DataFrame(frame), x="total", nbins=10, range_x=[0, 100], labels=_labels(["total"]))
    fig.update_traces(xbins={"start": 0, "end": 100, "size": 10},
                      hovertemplate=f"{report_header('total')}: %{{x}}<br>{report_header('students')}: %{{y}}"
                                    "<extra></extra>")
    fig.add_vline(x=me["total"], line_color=BAD, line_width=3,
                  annotation_text=i18n.t("reports.chart.you", name=me["name"], total=f"{me['total']:g}"))
    fig.update_yaxes(title_text=report_header("students"))
    return style.finish(fig, "reports.chart.class_distribution")
