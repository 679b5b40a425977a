"""The words of a report: headings, sentences and verdicts in the chosen language, as Markdown.

Every text is in the catalogs (``reports.text.*`` in ``crmkit/locales/<lang>/reports.toml``), so a
report template is the same notebook for a Chinese and an English reader: its ``lang`` parameter
picks the language (``ck.set_language(lang)``) and these helpers write the rest.

Examples
--------
>>> from crmkit import i18n
>>> with i18n.language("en"):
...     heading("shop.sales").data
'## Sales trend'
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
from IPython.display import Markdown

from crmkit import i18n
from crmkit.analytics import channels, params
from crmkit.reports import kpis
from crmkit.reports.tables import report_header

__all__ = ["channel_status", "comparison_table", "heading", "kpi_table", "say", "student_summary", "verdict"]


def say(key: str, **values: object) -> Markdown:
    """The catalog text ``reports.text.<key>`` (formatted with ``values``) as Markdown."""
    return Markdown(i18n.t(f"reports.text.{key}", **values))


def heading(key: str, level: int = 2, **values: object) -> Markdown:
    """The catalog heading ``reports.heading.<key>`` as a Markdown heading of ``level``."""
    return Markdown("#" * level + " " + i18n.t(f"reports.heading.{key}", **values))


def kpi_table(summary: pd.DataFrame) -> Markdown:
    """A two-column Markdown table (KPI, value) of a :func:`crmkit.reports.kpis.summary`."""
    lines = [f"| {report_header('metric')} | {report_header('value')} |", "|---|---:|"]
    lines += [f"| {name} | {shown} |" for name, shown in zip(summary["metric_name"], summary["shown"], strict=True)]
    return Markdown("\n".join(lines))


def comparison_table(comparison: pd.DataFrame) -> Markdown:
    """A Markdown table of a :func:`crmkit.reports.kpis.month_comparison`: KPI, this month, last
    month, change and change in percent (signed), ✓ for an improvement and ✗ for a deterioration."""
    columns = ("metric_name", "this_month", "last_month", "change", "change_pct")
    lines = ["| " + " | ".join(report_header(c) for c in columns) + " |  |", "|---|---:|---:|---:|---:|:-:|"]
    for row in comparison.itertuples():
        change = "—" if pd.isna(row.change) else ("+" if row.change > 0 else "") + _amount(row.change)
        pct = "—" if pd.isna(row.change_pct) else f"{row.change_pct:+.1%}"
        mark = "" if pd.isna(row.good) else ("✓" if row.good else "✗")
        lines.append(f"| {row.metric_name} | {_amount(row.this_month)} | {_amount(row.last_month)} | {change} | {pct} "
                     f"| {mark} |")
    return Markdown("\n".join(lines))


def _day(value: object) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value)[:10]


def channel_status(con: duckdb.DuckDBPyConnection, channel: object) -> Markdown:
    """Whether ``channel`` is active or dormant (休眠预警), with the days since its last paid order."""
    channel_id = params.channel_id(con, channel)
    row = channels.table(con).set_index("channel_id").loc[channel_id]
    if pd.isna(row["last_order_at"]):
        return say("channel_never_sold", channel=row["channel"])
    key = "channel_dormant" if row["status"] == "dormant" else "channel_active"
    return say(key, channel=row["channel"], days=int(row["days_since_last_order"]), last=_day(row["last_order_at"]),
               limit=channels.DORMANT_DAYS)


def _change_line(row: pd.Series) -> str:
    values = {"metric": row["metric_name"], "this": _amount(row["this_month"]), "last": _amount(row["last_month"]),
              "pct": "" if pd.isna(row["change_pct"]) else f"{abs(row['change_pct']):.1%}"}
    key = f"reports.change.{row['direction']}" + ("" if values["pct"] or row["direction"] == "same" else "_from_zero")
    return "- " + i18n.t(key, **values)


def _amount(value: object) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def verdict(comparison: pd.DataFrame) -> Markdown:
    """The plain-language verdict of a :func:`crmkit.reports.kpis.month_comparison`: how the month
    went (:func:`crmkit.reports.kpis.assessment`) and what changed in the course's three KPIs."""
    outcome = kpis.assessment(comparison)
    lines = [f"**{i18n.t(f'reports.verdict.{outcome}')}**", ""]
    if outcome != "no_previous":
        core = comparison.set_index("metric").loc[list(kpis.CORE)].reset_index()
        lines += [_change_line(row) for _, row in core.iterrows()]
        judged = comparison.dropna(subset=["good"])
        for key, good in (("better", True), ("worse", False)):
            names = judged.loc[judged["good"] == good, "metric_name"]
            lines += ["", i18n.t(f"reports.verdict.{key}", items=" · ".join(names) or "—")]
    return Markdown("\n".join(lines))


def student_summary(standing: dict) -> Markdown:
    """A sentence for teachers and parents: the total, its band and the place in the class."""
    return say("student_summary", **{k: (f"{v:g}" if isinstance(v, float) else v) for k, v in standing.items()})
