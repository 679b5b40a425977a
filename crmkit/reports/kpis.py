"""Report KPIs (经营指标): what the shop, channel and monthly reports add to crmkit's analyses.

* :func:`summary` — the KPIs of a period, for the whole shop or one channel;
* :func:`by_period` — the same KPIs per month (week, ...) of a period;
* :func:`month_comparison` and :func:`assessment` — the course's association analysis (关联分析):
  this month against last month — pieces bought, complaints, returns — and whether the shop ran
  better or worse;
* :func:`period_bounds`, :func:`month_start`, :func:`months`, :func:`data_window` — the periods a
  report can be asked for.

The SQL is ``crmkit/sql/reports/kpis.sql`` (``ck.show_sql("reports/kpis")``). Paid orders are all
but closed ones; "today" is the day of the newest order. A report ``period`` is written
``""`` (the whole data window), ``"2026"``, ``"2026-Q2"``, ``"2026-05"`` or
``"2025-11-01..2026-04-30"`` (inclusive dates).

Examples
--------
>>> import crmkit as ck
>>> from crmkit.reports import kpis
>>> con = ck.connect("mall")
>>> kpis.period_bounds(con, "2026-Q1")
(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
>>> df = kpis.summary(con, "2026-05")
>>> list(df.columns)
['metric', 'metric_name', 'value', 'shown']
"""

from __future__ import annotations

import datetime as dt
import math
import re

import duckdb
import pandas as pd

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.errors import CrmkitError
from crmkit.reports.tables import ReportFrame

__all__ = ["BETTER_WHEN_HIGHER", "BETTER_WHEN_LOWER", "COMPARED", "SUMMARY", "assessment", "by_period", "channel_name",
           "data_window", "month_comparison", "month_start", "months", "period_bounds", "shop_name", "summary"]

#: The KPIs of :func:`summary`, in order, with how each is shown: a count, money, a rate or a score.
SUMMARY: dict[str, str] = {
    "order_count": "count", "revenue": "money", "customer_count": "count", "new_customers": "count",
    "returning_customers": "count", "aov": "money", "items_bought": "count", "return_rate": "rate",
    "return_requests": "count", "complaints": "count", "avg_rating": "score", "negative_reviews": "count",
    "avg_satisfaction": "score", "nps": "score",
}
#: The KPIs :func:`month_comparison` puts side by side; the first three are the course's own.
COMPARED: tuple[str, ...] = ("items_bought", "complaints", "return_requests", "order_count", "revenue",
                             "customer_count", "negative_reviews", "avg_rating")
BETTER_WHEN_HIGHER = frozenset({"items_bought", "order_count", "revenue", "customer_count", "avg_rating"})
BETTER_WHEN_LOWER = frozenset({"complaints", "return_requests", "negative_reviews"})
#: The course's association analysis judges a month by these three (购买数量, 投诉数量, 退换货次数).
CORE: tuple[str, ...] = COMPARED[:3]


def data_window(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """The first and last day with an order: the range every report period must touch."""
    first, last = con.execute("SELECT min(ordered_at)::DATE, max(ordered_at)::DATE FROM orders").fetchall()[0]
    if first is None:
        raise CrmkitError("reports.error.no_orders")
    return first, last


def shop_name(con: duckdb.DuckDBPyConnection) -> str:
    """The shop's name in the chosen language (e.g. A公司网上商城), from ``shop_info``."""
    rows = dict(con.execute("SELECT key, value FROM shop_info").fetchall())
    return rows.get(f"name_{i18n.get_language()}") or rows.get("name_zh") or rows.get("shop", "")


def channel_name(con: duckdb.DuckDBPyConnection, channel: object) -> str:
    """The name of ``channel`` (an id, code or name) in the chosen language, e.g. 天猫旗舰店."""
    channel_id = params.channel_id(con, channel)
    sql = "SELECT CASE WHEN $lang = 'en' THEN name_en ELSE name_zh END FROM channels WHERE channel_id = $id"
    return con.execute(sql, {"lang": i18n.get_language(), "id": channel_id}).fetchall()[0][0]


def _month_end(first_day: dt.date) -> dt.date:
    return (pd.Timestamp(first_day) + pd.offsets.MonthEnd(0)).date()


def period_bounds(con: duckdb.DuckDBPyConnection, period: object = "") -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of a report period.

    ``""`` (or None) is the whole data window; ``"2026"`` a year; ``"2026-Q2"`` a quarter;
    ``"2026-05"`` a month; ``"2025-11-01..2026-04-30"`` the days between two dates. A period that
    does not overlap the data window is an error naming the window.
    """
    first, last = data_window(con)
    text = "" if period is None else str(period).strip()
    if not text:
        return first, last
    quarter = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text)
    if ".." in text:
        low, high = text.split("..", 1)
        start, end = params.date(low, "period"), params.date(high, "period")
    elif re.fullmatch(r"\d{4}", text):
        start, end = dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    elif quarter:
        start = dt.date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
        end = _month_end(dt.date(start.year, start.month + 2, 1))
    elif re.fullmatch(r"\d{4}-\d{1,2}", text) and 1 <= int(text.split("-")[1]) <= 12:
        start = dt.date(int(text[:4]), int(text.split("-")[1]), 1)
        end = _month_end(start)
    else:
        raise CrmkitError("reports.error.bad_period", value=period)
    if start > end:
        raise CrmkitError("reports.error.bad_period", value=period)
    if end < first or start > last:
        raise CrmkitError("reports.error.no_data", value=period, first=first, last=last)
    return start, end


def months(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every month of the data window, oldest first, written ``YYYY-MM``."""
    first, last = data_window(con)
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def month_start(con: duckdb.DuckDBPyConnection, month: object) -> dt.date:
    """The first day of ``month`` (``"2026-05"``, a date in it, ...); it must be a month of the data."""
    valid = months(con)
    text = str(month).strip() if month is not None else ""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?", text)
    key = f"{int(found[1]):04d}-{int(found[2]):02d}" if found else text
    if key not in valid:
        raise CrmkitError("reports.error.bad_month", value=month, first=valid[0], last=valid[-1])
    return dt.date(int(key[:4]), int(key[5:]), 1)


def _kpis(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, every: str | None,
          channel: object) -> ReportFrame:
    channel_id = None if channel is None else params.channel_id(con, channel)
    frame = queries.run(con, "reports/kpis", start=start, end=end, channel_id=channel_id,
                        period=None if every is None else params.period(every))
    return ReportFrame(frame)


def _shown(value: object, kind: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "money":
        return f"¥{float(value):,.2f}"
    if kind == "rate":
        return f"{float(value):.1%}"
    return f"{float(value):.2f}"


def summary(con: duckdb.DuckDBPyConnection, period: object = "", *, channel: object = None) -> ReportFrame:
    """经营指标 The KPIs of a report period, for the whole shop or one channel.

    Parameters
    ----------
    period : a report period (see :func:`period_bounds`; ``""`` = the whole data window).
    channel : a channel id, code or name; None = every channel.

    Returns
    -------
    ReportFrame
        One row per KPI of :data:`SUMMARY`: ``metric`` (code), ``metric_name`` (label),
        ``value`` (a number; empty when it cannot be computed, e.g. an average of nothing) and
        ``shown`` (the value written for a reader: 1,234 / ¥1,234.50 / 9.4% / 4.01).

        The KPIs: paid orders, revenue, buyers, new customers (first paid order ever in the period)
        and returning customers (bought with a later order), average order value, pieces bought,
        return rate (paid orders of the period with a return or exchange request), return and
        exchange requests made in the period, complaints, average review rating, negative
        reviews (3 stars or fewer), average satisfaction (perceived value − expectation) and NPS.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.reports import kpis
    >>> con = ck.connect("mall")
    >>> df = kpis.summary(con, "2026", channel="tmall_flagship")
    >>> list(df.metric[:3])
    ['order_count', 'revenue', 'customer_count']
    """
    start, end = period_bounds(con, period)
    row = _kpis(con, start, end, None, channel).iloc[0]
    values = [row[m] for m in SUMMARY]
    return ReportFrame({
        "metric": list(SUMMARY),
        "metric_name": [i18n.t(f"reports.metric.{m}") for m in SUMMARY],
        "value": [None if pd.isna(v) else float(v) for v in values],
        "shown": [_shown(v, kind) for v, kind in zip(values, SUMMARY.values(), strict=True)],
    })


def by_period(con: duckdb.DuckDBPyConnection, period: object = "", *, every: str = "month",
              channel: object = None) -> ReportFrame:
    """The KPIs of :func:`summary` per month (or ``every`` day, week, quarter, year) of a report period.

    Returns
    -------
    ReportFrame
        One row per period touching the report period, oldest first, also those without orders:
        ``period`` (its first day) and the columns ``order_count``, ``revenue``, ``customer_count``,
        ``new_customers``, ``returning_customers``, ``aov``, ``items_bought``, ``returned_orders``,
        ``return_rate``, ``return_requests``, ``complaints``, ``reviews``, ``avg_rating``,
        ``negative_reviews``, ``survey_responses``, ``avg_satisfaction``, ``nps``. The first and
        last periods count only the days inside the report period.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.reports import kpis
    >>> con = ck.connect("mall")
    >>> len(kpis.by_period(con, "2026-Q1"))
    3
    """
    start, end = period_bounds(con, period)
    return _kpis(con, start, end, every, channel)


def month_comparison(con: duckdb.DuckDBPyConnection, month: object) -> ReportFrame:
    """关联分析 This month against last month: pieces bought, complaints, returns and more.

    The course's association analysis (客户信息的关联分析): if customers bought more than last
    month while complaints and returns fell, the shop ran well (see :func:`assessment`).

    Parameters
    ----------
    month : a month of the data, ``"2026-05"``.

    Returns
    -------
    ReportFrame
        One row per KPI of :data:`COMPARED` (the course's three first): ``metric``,
        ``metric_name``, ``this_month``, ``last_month`` (empty when the data has no previous
        month), ``change`` (this − last), ``change_pct`` (change / last; empty when last is 0 or
        empty), ``direction`` (``up``, ``down``, ``same``; empty without a last month) and
        ``good`` (True when the change is an improvement — more bought, fewer complaints —,
        False when it is a deterioration, empty when nothing changed or nothing to compare).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.reports import kpis
    >>> con = ck.connect("mall")
    >>> df = kpis.month_comparison(con, "2026-05")
    >>> list(df.metric[:3])
    ['items_bought', 'complaints', 'return_requests']
    """
    this = month_start(con, month)
    first, _ = data_window(con)
    previous = (pd.Timestamp(this) - pd.offsets.MonthBegin(1)).date()
    has_previous = _month_end(previous) >= first
    rows = _kpis(con, previous if has_previous else this, _month_end(this), "month", None)
    now = rows.iloc[-1]
    before = rows.iloc[0] if has_previous else None
    records = []
    for metric in COMPARED:
        current = _number(now[metric])
        last = None if before is None else _number(before[metric])
        change = None if current is None or last is None else current - last
        direction = None if change is None else ("up" if change > 0 else "down" if change < 0 else "same")
        good = None
        if direction in ("up", "down"):
            good = (direction == "up") == (metric in BETTER_WHEN_HIGHER)
        records.append({
            "metric": metric, "metric_name": i18n.t(f"reports.metric.{metric}"), "this_month": current,
            "last_month": last, "change": change,
            "change_pct": change / last if change is not None and last else None,
            "direction": direction, "good": good,
        })
    return ReportFrame(pd.DataFrame.from_records(records).astype({"good": "boolean"}))


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) or math.isnan(float(value)) else float(value)


def assessment(comparison: pd.DataFrame) -> str:
    """The verdict of a :func:`month_comparison`, from the course's three KPIs (:data:`CORE`).

    * ``"good"`` (运行较好): more pieces bought, and neither complaints nor returns went up;
    * ``"poor"`` (运行变差): fewer pieces bought, and complaints and returns both went up;
    * ``"mixed"``: anything else (some better, some worse, or nothing changed);
    * ``"no_previous"``: the data has no previous month to compare with.
    """
    core = comparison.set_index("metric").loc[list(CORE)]
    if core["direction"].isna().any():
        return "no_previous"
    bought, complaints, returns = core["direction"]
    if bought == "up" and complaints != "up" and returns != "up":
        return "good"
    if bought == "down" and complaints == "up" and returns == "up":
        return "poor"
    return "mixed"
