"""客户信息的分析 The four kinds of customer-information analysis, with the course's own examples.

The course (客户信息管理) names four kinds of analysis; each has an example in the source text and a
crmkit call:

* **basic** 基本信息分析 — age, gender, amounts → preferences: the main sales region of a product
  (:func:`region_sales`) and the product an age group prefers (:func:`age_preferences`, the
  lipstick-colour-by-age example);
* **statistical** 统计分析 — each customer's share of the revenue, who brings the profit
  (``ck.customers.revenue_share``, in :mod:`crmkit.analytics.customer_analysis`);
* **trend** 趋势分析 — forecast the second half-year from the first (:func:`half_year_forecast`,
  :func:`forecast_accuracy`);
* **association** 关联分析 — this month against last month: purchases up, complaints and returns
  down → the shop runs well (:func:`month_over_month`).

:func:`card_list` lists the customers whose data card (客户资料卡) is of one kind.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame` whose
headers show in the chosen language; the SQL is in ``crmkit/sql/info_analyses/`` and can be read with
``ck.show_sql("info_analyses/<name>")``. Paid orders are those not ``closed``; *today* is the day of
the newest order, never the clock.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.analytics.customer_info import CARD_KINDS
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = [
    "AGE_BANDS",
    "ANALYSIS_KINDS",
    "FORECAST_METHODS",
    "FORECAST_METRICS",
    "MONTH_METRICS",
    "PREFERENCE_BY",
    "VERDICTS",
    "age_groups",
    "age_preferences",
    "card_list",
    "comparable_months",
    "forecast_accuracy",
    "forecast_years",
    "half_year_forecast",
    "month_over_month",
    "overall_verdict",
    "region_sales",
]

#: The four kinds of analysis of the course, in its order.
ANALYSIS_KINDS: tuple[str, ...] = ("basic", "statistical", "trend", "association")
#: The lowest age of every age group after the first: under 25, 25–34, 35–44, 45–54, 55 and over.
AGE_BANDS: tuple[int, ...] = (25, 35, 45, 55)
#: What :func:`age_preferences` compares within an age group.
PREFERENCE_BY: tuple[str, ...] = ("category", "product")
#: What :func:`half_year_forecast` forecasts.
FORECAST_METRICS: tuple[str, ...] = ("revenue", "orders", "buyers")
#: The forecasts of :func:`half_year_forecast` (its columns ``trend_line`` and ``seasonal_forecast``).
FORECAST_METHODS: tuple[str, ...] = ("trend_line", "seasonal_forecast")
#: What :func:`month_over_month` compares, in its order.
MONTH_METRICS: tuple[str, ...] = ("orders", "quantity", "buyers", "revenue", "complaints", "returns",
                                  "complaint_rate", "return_rate")
#: The verdicts of :func:`month_over_month`.
VERDICTS: tuple[str, ...] = ("better", "worse", "same")


# ---------------------------------------------------------------- basic analysis

def region_sales(con: duckdb.DuckDBPyConnection, product: object = None, *, category: object = None) -> LabeledFrame:
    """基本信息分析：主要销售地区 Where a product sells: items bought per province of the customers.

    The course's example: to find a product's main sales region, count how many items the customers
    of each region bought; the region with the most is the main sales region (the first row).

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    product : a product id or SKU (default: every product)
    category : or a category (id, code or name), e.g. ``"空调"``

    Returns
    -------
    LabeledFrame
        One row per province with sales, the largest quantity first (equal quantities: by province
        code):

        * ``rank`` — 1 for the main sales region;
        * ``province`` — of the customers' address, in the chosen language;
        * ``quantity`` — items bought in paid orders; ``order_count`` — those orders;
          ``buyer_count`` — customers who bought;
        * ``revenue`` — the items' amounts (before order discounts);
        * ``share`` — the province's share of all items sold (0–1).

    SQL: ``info_analyses/region_sales``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import info_analyses
    >>> con = ck.connect("mall")
    >>> df = info_analyses.region_sales(con, category="空调")
    >>> list(df.columns)
    ['rank', 'province', 'quantity', 'order_count', 'buyer_count', 'revenue', 'share']
    >>> bool(df.quantity.is_monotonic_decreasing), bool(abs(df.share.sum() - 1) < 1e-9)
    (True, True)
    """
    product_id = None if product is None else params.product_id(con, product, "product")
    category_id = None if category is None else params.category_id(con, category, "category")
    return queries.run(con, "info_analyses/region_sales", product_id=product_id, category_id=category_id,
                       lang=i18n.get_language())


def age_groups(bands: tuple[int, ...] | list[int] = AGE_BANDS) -> list[str]:
    """The names of the age groups that ``bands`` (the lowest age of every group after the first) make.

    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     age_groups((25, 35))
    ['Under 25', '25–34', '35 and over']
    >>> with i18n.language("zh"):
    ...     age_groups((30,))
    ['30岁以下', '30岁及以上']
    """
    bands = _bands(bands)
    names = [i18n.t("info_analyses.age.under", age=bands[0])]
    names += [i18n.t("info_analyses.age.between", low=low, high=high - 1)
              for low, high in zip(bands, bands[1:], strict=False)]
    return names + [i18n.t("info_analyses.age.over", age=bands[-1])]


def _bands(bands: object) -> list[int]:
    values = list(bands) if isinstance(bands, list | tuple) else None
    if (not values or any(isinstance(b, bool) or not isinstance(b, int) or b <= 0 for b in values)
            or values != sorted(set(values))):
        raise CrmkitError("info_analyses.error.bad_bands", value=bands)
    return values


def age_preferences(con: duckdb.DuckDBPyConnection, by: str = "category", *,
                    bands: tuple[int, ...] | list[int] = AGE_BANDS, top: int | None = None) -> LabeledFrame:
    """基本信息分析：各年龄段偏爱的商品 What each age group buys most.

    The course's example: a lipstick maker divides its customers into age groups and counts the
    lipsticks of each colour every group bought; the colour bought most is that group's favourite.
    Here the colours are the mall's categories (or products).

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    by : ``"category"`` (default) or ``"product"``
    bands : the lowest age of every age group after the first, increasing; the default
        ``(25, 35, 45, 55)`` makes under 25, 25–34, 35–44, 45–54, 55 and over
    top : keep only the first ``top`` of each group (``top=1``: each group's favourite); default all

    Returns
    -------
    LabeledFrame
        One row per age group and category (product) the group bought, youngest group first, then
        the most items first (equal quantities: by id):

        * ``band`` — 1 for the youngest group; ``age_group`` — its name, e.g. ``25–34岁``;
        * ``rank`` — 1 for the group's favourite;
        * ``category`` (or ``product``) — its name in the chosen language;
        * ``quantity`` — items bought in paid orders; ``revenue`` — their amounts (before order
          discounts); ``buyer_count`` — customers of the group who bought it;
        * ``share`` — of the group's items (0–1);
        * ``lift`` — ``share`` / the share among all ages: above 1, the group likes it more than
          customers on average.

        Age is in full years on today (as on the customer data card); customers without a birthday
        are left out.

    SQL: ``info_analyses/age_preferences``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import info_analyses
    >>> con = ck.connect("mall")
    >>> df = info_analyses.age_preferences(con, top=1)
    >>> list(df.columns)
    ['band', 'age_group', 'rank', 'category', 'quantity', 'revenue', 'buyer_count', 'share', 'lift']
    >>> bool((df["rank"] == 1).all()), bool(df.band.is_unique)
    (True, True)
    """
    by = params.choice(by.strip().lower() if isinstance(by, str) else by, PREFERENCE_BY, "by")
    values = _bands(bands)
    df = queries.run(con, "info_analyses/age_preferences", by=by, bands=values, band_names=age_groups(values),
                     top=params.positive_int(top, "top"), lang=i18n.get_language())
    return df.rename(columns={"item": by})


# ---------------------------------------------------------------- trend analysis

def half_year_forecast(con: duckdb.DuckDBPyConnection, year: int | None = None,
                       metric: str = "revenue") -> LabeledFrame:
    """趋势分析：预测下半年 Forecast July to December from January to June, two ways.

    The course's example: forecast the second half-year from the first half's purchases, the
    industry and the market. Two forecasts show why the "market" part matters:

    * ``trend_line`` — the least-squares straight line through January to June, carried on: it
      knows nothing of Double 11;
    * ``seasonal_forecast`` — last year's same month times this year's growth (this year's first
      half / last year's first half): it repeats last year's seasons.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    year : the year (default: the latest year whose first half the data covers)
    metric : ``"revenue"`` (paid amount), ``"orders"`` (paid orders) or ``"buyers"`` (customers who paid)

    Returns
    -------
    LabeledFrame
        Twelve rows, January to December:

        * ``period`` — the first day of the month; ``half`` — ``first`` or ``second``;
        * ``actual`` — the metric (empty where the data does not reach);
        * ``complete`` — the data covers every day of the month (only complete months are fitted
          and compared);
        * ``trend_line`` — the fitted line (first half) and its forecast (second half); empty when
          fewer than two first-half months are complete;
        * ``seasonal_forecast`` — second half only; empty unless the data covers both first halves
          and last year's month completely;
        * ``metric`` — what was forecast (the argument), for the chart's title.

    SQL: ``info_analyses/half_year_forecast``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import info_analyses
    >>> con = ck.connect("mall")
    >>> df = info_analyses.half_year_forecast(con, 2026)
    >>> list(df.columns)
    ['period', 'half', 'actual', 'complete', 'trend_line', 'seasonal_forecast', 'metric']
    >>> len(df), list(df.half.unique())
    (12, ['first', 'second'])
    """
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999):
        raise CrmkitError("info_analyses.error.bad_year", value=year)
    return queries.run(con, "info_analyses/half_year_forecast", year=year,
                       metric=params.choice(metric, FORECAST_METRICS, "metric"))


def forecast_accuracy(forecast: pd.DataFrame) -> LabeledFrame:
    """How close each forecast of :func:`half_year_forecast` came, over the complete second-half months.

    Returns
    -------
    LabeledFrame
        One row per method (``trend_line``, ``seasonal_forecast``): ``method``, ``method_name`` (in
        the chosen language), ``months`` (second-half months with an actual value and a forecast),
        ``actual_total`` and ``forecast_total`` over those months, and ``mape`` — the mean absolute
        percentage error, ``|forecast − actual| / actual`` averaged over the months (0–1; empty
        when no month can be compared; months with an actual of 0 are left out).

    >>> df = pd.DataFrame({"half": ["first", "second", "second"], "complete": [True, True, True],
    ...                    "actual": [90.0, 100.0, 200.0], "trend_line": [95.0, 110.0, 150.0],
    ...                    "seasonal_forecast": [None, 100.0, None]})
    >>> forecast_accuracy(df)[["method", "months", "forecast_total", "mape"]].to_dict("records")
    [{'method': 'trend_line', 'months': 2, 'forecast_total': 260.0, 'mape': 0.175},
     {'method': 'seasonal_forecast', 'months': 1, 'forecast_total': 100.0, 'mape': 0.0}]
    """
    second = forecast[(forecast["half"] == "second") & forecast["complete"].fillna(False).astype(bool)
                      & forecast["actual"].notna() & (forecast["actual"] != 0)]
    rows = []
    for method in FORECAST_METHODS:
        compared = second[second[method].notna()]
        errors = ((compared[method] - compared["actual"]).abs() / compared["actual"]).astype(float)
        rows.append({"method": method, "method_name": i18n.t(f"info_analyses.forecast.{method}"),
                     "months": len(compared),
                     "actual_total": float(compared["actual"].sum()),
                     "forecast_total": float(compared[method].sum()),
                     "mape": round(float(errors.mean()), 4) if len(compared) else None})
    return LabeledFrame(rows)


# ---------------------------------------------------------------- association analysis

def month_over_month(con: duckdb.DuckDBPyConnection, month: object = None) -> LabeledFrame:
    """关联分析：本月与上月 This month against last month: purchases, complaints and returns.

    The course's example: a shop compares this month with last month — items customers bought,
    complaints, returns and exchanges. Purchases up while complaints and returns go down: the shop
    is running well. The rates per 100 paid orders keep a busy month (Double 11) from looking bad
    only because it was busy.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    month : any day of "this month", e.g. ``"2026-10"`` or ``"2026-10-01"`` (default: the last month
        the data covers completely); the month before must be in the data too

    Returns
    -------
    LabeledFrame
        One row per metric, in the order of :data:`MONTH_METRICS`:

        * ``metric`` — ``orders`` (paid orders), ``quantity`` (items in them), ``buyers``,
          ``revenue``, ``complaints`` (service contacts on the topic complaint), ``returns`` (return
          and exchange requests), ``complaint_rate`` and ``return_rate`` (per 100 paid orders);
          ``metric_name`` — in the chosen language;
        * ``month``, ``previous_month`` — the first days of this and last month;
        * ``previous_value``, ``value`` — last month's and this month's figure;
        * ``change`` — ``value − previous_value``; ``change_rate`` — ``change / previous_value``
          (empty when last month was 0);
        * ``better_when`` — ``up`` or ``down``: which direction is good news;
        * ``verdict`` — ``better``, ``worse`` or ``same``; ``verdict_name`` in the chosen language.

    SQL: ``info_analyses/month_over_month``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import info_analyses
    >>> con = ck.connect("mall")
    >>> df = info_analyses.month_over_month(con, "2026-06")
    >>> list(df.metric[:4]), str(df.month.iloc[0].date()), str(df.previous_month.iloc[0].date())
    (['orders', 'quantity', 'buyers', 'revenue'], '2026-06-01', '2026-05-01')
    """
    first = None if month is None else _month(con, month)
    return queries.run(con, "info_analyses/month_over_month", month=first,
                       metric_names=queries.label_map("info_analyses.metric", MONTH_METRICS),
                       verdict_names=queries.label_map("info_analyses.verdict", VERDICTS))


def _month(con: duckdb.DuckDBPyConnection, value: object):
    """The first day of the month of ``value`` ("2026-10" is read as 2026-10-01), checked to be one of
    :func:`comparable_months`."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and len(text) <= 7:
        text += "-01"
    day = pd.Timestamp(params.date(text, "month").replace(day=1))
    months = comparable_months(con)
    if day not in months:
        low, high = (months[0].strftime("%Y-%m"), months[-1].strftime("%Y-%m")) if months else ("—", "—")
        raise CrmkitError("info_analyses.error.month_out_of_range", value=value, low=low, high=high)
    return day.date()


def comparable_months(con: duckdb.DuckDBPyConnection) -> list[pd.Timestamp]:
    """The months :func:`month_over_month` can compare (the data has them and the month before), oldest first.

    >>> import crmkit as ck
    >>> months = comparable_months(ck.connect("mall"))
    >>> str(months[0].date()), str(months[-1].date())
    ('2024-12-01', '2026-10-01')
    """
    low, high = con.execute("SELECT (date_trunc('month', min(ordered_at)) + INTERVAL 1 MONTH)::DATE, "
                            "date_trunc('month', max(ordered_at))::DATE FROM orders").fetchall()[0]
    return [] if low is None or low > high else list(pd.date_range(low, high, freq="MS"))


def forecast_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years whose first half the data reaches, for :func:`half_year_forecast`, oldest first.

    >>> import crmkit as ck
    >>> forecast_years(ck.connect("mall"))
    [2025, 2026]
    """
    return [year for (year,) in con.execute(
        "SELECT DISTINCT year(ordered_at) AS y FROM orders WHERE month(ordered_at) <= 6 ORDER BY y").fetchall()]


def overall_verdict(df: pd.DataFrame) -> str:
    """The course's conclusion from :func:`month_over_month`: ``good`` when customers bought more items while
    complaints and returns per 100 orders did not rise, ``bad`` when all three went the wrong way, else
    ``mixed``. (Rates, not counts: a busy month brings more complaints without the service getting worse.)

    >>> df = pd.DataFrame({"metric": ["quantity", "complaint_rate", "return_rate"],
    ...                    "verdict": ["better", "same", "better"]})
    >>> overall_verdict(df), overall_verdict(df.assign(verdict=["worse", "worse", "worse"]))
    ('good', 'bad')
    """
    verdicts = df.set_index("metric")["verdict"]
    key = [verdicts.get(m) for m in ("quantity", "complaint_rate", "return_rate")]
    if key[0] == "better" and all(v in ("better", "same") for v in key[1:]):
        return "good"
    return "bad" if all(v == "worse" for v in key) else "mixed"


# ---------------------------------------------------------------- data cards

def card_list(con: duckdb.DuckDBPyConnection, kind: str, *, lost_after_days: int = 365,
              limit: int | None = 20) -> LabeledFrame:
    """客户资料卡清单 The customers whose data card is of ``kind``, by customer id.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    kind : ``"potential"`` (never placed a paid order), ``"current"`` or ``"lost"`` (no paid order in
        the last ``lost_after_days`` days) — the rule of ``ck.customers.card``
    lost_after_days : days without a paid order after which a customer counts as lost (default 365)
    limit : at most this many customers (default 20; ``None``: all)

    Returns
    -------
    LabeledFrame
        ``customer_id, customer_code, name, orders, total_spend, last_order_at, days_since_last_order``.

    SQL: ``info_analyses/card_list``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import info_analyses
    >>> con = ck.connect("mall")
    >>> df = info_analyses.card_list(con, "potential", limit=3)
    >>> len(df), bool((df.orders == 0).all())
    (3, True)
    """
    kind = params.choice(kind.strip().lower() if isinstance(kind, str) else kind, CARD_KINDS, "kind")
    return queries.run(con, "info_analyses/card_list", kind=kind,
                       lost_after_days=params.positive_int(lost_after_days, "lost_after_days", allow_none=False),
                       limit=params.positive_int(limit, "limit"))
