"""Customer analyses (顾客分析): classes, levels, repurchase, purchase counts, churn, regions, AOV,
new vs returning customers and the Pareto view of revenue.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`
whose headers show in the chosen language. The SQL behind each one is stored in
``crmkit/sql/customers/`` and can be read with ``ck.show_sql("customers/<name>")``.

Common definitions
------------------
* A *paid order* is an order whose status is not ``closed`` (closed orders were never paid).
* *Revenue* is the sum of ``total`` (what the customer paid, after discounts) of paid orders;
  *spend* is the same per customer.
* A *buyer* is a customer with at least one paid order.
* A *period* is the order time (``ordered_at``) cut to the start of its day, week (Monday),
  month, quarter or year (a time at 00:00 of the first day of the period).
* *Today* is the day of the newest order in the data, never the computer's clock.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from crmkit import i18n, queries
from crmkit.analytics import loyalty, params
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = [
    "CLASSIFY_BY",
    "AOV_BY",
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

#: What :func:`classify` can group customers by.
CLASSIFY_BY: tuple[str, ...] = ("frequency", "source", "channel", "spend", "tag")
#: What :func:`aov` can break the average order value down by (``None``: the whole shop).
AOV_BY: tuple[str | None, ...] = (None, "channel", "province", "month", "category")

_BAND_KEYS = {  # class names of the fixed bands, in class order (catalog keys under customer_analysis.)
    "frequency": ("frequency.none", "frequency.one", "frequency.two_three", "frequency.four_nine",
                  "frequency.ten_plus"),
    "spend": ("spend.zero", "spend.under_500", "spend.500_2000", "spend.2000_10000", "spend.10000_plus"),
}
_LEVEL_KEYS = ("level.regular", "level.silver", "level.gold", "level.diamond")


def _labels(keys: tuple[str, ...]) -> list[str]:
    return [i18n.t(f"customer_analysis.{key}") for key in keys]


def _keyword(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def classify(con: duckdb.DuckDBPyConnection, by: str) -> LabeledFrame:
    """顾客分类 Customer classification: customers, paid orders and revenue per class.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    by : what to classify customers by

        * ``"frequency"`` — number of paid orders: 0, 1, 2–3, 4–9, 10 or more;
        * ``"spend"`` — total paid spend in CNY: 0, under 500, 500 to under 2,000, 2,000 to
          under 10,000, 10,000 or more (a customer with exactly 2,000 is in 2,000–10,000);
        * ``"source"`` — acquisition source (``sources``: search, ads, referral, ...);
        * ``"channel"`` — the channel the customer registered in (not where they ordered);
        * ``"tag"`` — the course's customer tags (``customer_tags``; manual tags are not
          included). A customer with several tags counts in each of their tags and a
          customer without tags in none, so counts and shares do not add up to the total.

    Returns
    -------
    LabeledFrame
        One row per class, every class also when it is empty, in class order (bands from low to
        high; sources, channels and tags by their id):

        * ``segment`` — the class name in the chosen language;
        * ``customer_count`` — customers in the class (buyers and non-buyers);
        * ``share`` — ``customer_count`` / all customers of the shop (0–1);
        * ``order_count`` — paid orders of these customers;
        * ``revenue`` — their paid spend.

    SQL: ``customers/classify_by_<by>``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import classify
    >>> con = ck.connect("mall")
    >>> df = classify(con, "frequency")
    >>> list(df.columns)
    ['segment', 'customer_count', 'share', 'order_count', 'revenue']
    >>> len(df), int(df.customer_count.sum()) == con.execute("SELECT count(*) FROM customers").fetchone()[0]
    (5, True)
    """
    by = params.choice(_keyword(by), CLASSIFY_BY, "by")
    if by in _BAND_KEYS:
        return queries.run(con, f"customers/classify_by_{by}", labels=_labels(_BAND_KEYS[by]))
    return queries.run(con, f"customers/classify_by_{by}", lang=i18n.get_language())


def _threshold(value: object, name: str) -> float:
    number = params.real(value)
    if number is None or number <= 0:
        raise CrmkitError("error.bad_level_threshold", name=name, value=value)
    return number


def levels(con: duckdb.DuckDBPyConnection, *, silver: float = 1000, gold: float = 5000,
           diamond: float = 20000) -> LabeledFrame:
    """顾客等级 Customer levels: membership level by total paid spend.

    A customer's level follows their total paid spend in CNY: 普通 regular below ``silver``,
    银卡 silver from ``silver``, 金卡 gold from ``gold``, 钻石 diamond from ``diamond`` (a
    threshold reached exactly counts for the higher level). Customers who never paid are regular.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    silver, gold, diamond : the spend from which each level starts; positive numbers with
        ``silver < gold < diamond``.

    Returns
    -------
    LabeledFrame
        One row per level, regular first, every level also when it is empty:

        * ``level`` — level name in the chosen language;
        * ``level_min_spend`` — the spend from which the level starts (0 for regular);
        * ``customer_count`` — customers at the level;
        * ``share`` — ``customer_count`` / all customers (0–1);
        * ``revenue`` — their total paid spend;
        * ``spend_per_customer`` — ``revenue / customer_count``, rounded to cents (empty when
          the level has no customers).

    SQL: ``customers/levels``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import levels
    >>> con = ck.connect("mall")
    >>> df = levels(con, silver=2000, gold=8000, diamond=30000)
    >>> list(df.columns)
    ['level', 'level_min_spend', 'customer_count', 'share', 'revenue', 'spend_per_customer']
    >>> len(df), bool(abs(df.share.sum() - 1) < 1e-9)
    (4, True)
    """
    limits = {"silver": _threshold(silver, "silver"), "gold": _threshold(gold, "gold"),
              "diamond": _threshold(diamond, "diamond")}
    if not limits["silver"] < limits["gold"] < limits["diamond"]:
        raise CrmkitError("error.level_order", silver=silver, gold=gold, diamond=diamond)
    return queries.run(con, "customers/levels", labels=_labels(_LEVEL_KEYS), **limits)


def repurchase(con: duckdb.DuckDBPyConnection, period: str) -> LabeledFrame:
    """回购分析 Repurchase analysis: how many of a period's buyers had bought before.

    A repurchasing customer of a period has a paid order in it and a paid order in an earlier
    period. Several orders within one period are not a repurchase on their own. The first
    periods of the data have few repurchasing customers because the history starts there.
    ``repurchasing_customers`` equals ``returning_customers`` of :func:`new_vs_returning`.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    period : ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``

    Returns
    -------
    LabeledFrame
        One row per period with paid orders, oldest first:

        * ``period`` — first day of the period;
        * ``customer_count`` — customers with a paid order in the period;
        * ``repurchasing_customers`` — of them, those with a paid order in an earlier period;
        * ``repurchase_rate`` — ``repurchasing_customers / customer_count`` (0–1).

    SQL: ``customers/repurchase``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import repurchase
    >>> con = ck.connect("mall")
    >>> df = repurchase(con, "quarter")
    >>> list(df.columns)
    ['period', 'customer_count', 'repurchasing_customers', 'repurchase_rate']
    >>> int(df.repurchasing_customers.iloc[0])
    0
    """
    return queries.run(con, "customers/repurchase", period=params.period(period))


def purchase_counts(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """购买次数 Purchase counts: how many buyers placed 1, 2, ..., 9 or 10+ paid orders.

    Returns
    -------
    LabeledFrame
        Ten rows, ``"1"`` to ``"9"`` and ``"10+"``, also when a bucket is empty:

        * ``purchases`` — number of paid orders (text label; ``10+`` is 10 or more);
        * ``customer_count`` — buyers with that many paid orders;
        * ``share`` — ``customer_count`` / all buyers (customers who never paid are not counted).

    SQL: ``customers/purchase_counts``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import purchase_counts
    >>> con = ck.connect("mall")
    >>> df = purchase_counts(con)
    >>> list(df.columns), list(df.purchases)[-2:]
    (['purchases', 'customer_count', 'share'], ['9', '10+'])
    """
    return queries.run(con, "customers/purchase_counts")


def churn(con: duckdb.DuckDBPyConnection, inactive_days: int = 180, *, model: object = None,
          p_alive_below: float = 0.5) -> LabeledFrame:
    """流失分析 Churn analysis: customers who bought before but have probably left.

    Two ways to decide who has left:

    * the rule (default, ``model=None``): a customer counts as churned when their last paid
      order is more than ``inactive_days`` whole calendar days before today (the day of the
      newest order in the data). Simple, but the same 180 days mean something else for a
      customer who buys every week and one who buys once a year.
    * the model (``model="bgnbd"``, or a model fitted with ``ck.loyalty.fit_bgnbd``): the
      BG/NBD model estimates for every buyer the probability of still being an active customer,
      P(alive), from how often they bought and how long ago (``ck.loyalty.p_alive``); a
      customer counts as churned when P(alive) is below ``p_alive_below``. ``"bgnbd"`` fits the
      model on the whole history up to today; ``inactive_days`` is not used.

    Customers who never paid are not listed.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    inactive_days : days without a paid order after which a customer counts as churned (a whole
        number above 0; default 180). Rule only.
    model : ``None`` (the rule), ``"bgnbd"`` or a fitted ``BgNbdModel``
    p_alive_below : with a model, the P(alive) under which a customer counts as churned
        (above 0, at most 1; default 0.5)

    Returns
    -------
    LabeledFrame
        One row per churned customer, highest total spend first (equal spend: lower id first):

        * ``customer_id``, ``name``, ``phone`` (masked for students);
        * ``last_order_at`` — time of the last paid order;
        * ``days_since_last_order`` — calendar days from it to today;
        * ``orders`` — paid orders; ``total_spend`` — total paid spend;
        * with a model also ``p_alive``.

    SQL: ``customers/churn`` (rule) and ``customers/churn_model`` (model).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import churn
    >>> con = ck.connect("mall")
    >>> df = churn(con, 365)
    >>> list(df.columns)
    ['customer_id', 'name', 'phone', 'last_order_at', 'days_since_last_order', 'orders', 'total_spend']
    >>> bool((df.days_since_last_order > 365).all())
    True
    >>> by_model = churn(con, model="bgnbd", p_alive_below=0.2)
    >>> bool((by_model.p_alive < 0.2).all())
    True
    """
    if model is None:
        days = params.positive_int(inactive_days, "inactive_days", allow_none=False)
        return queries.run(con, "customers/churn", inactive_days=days)
    threshold = params.real(p_alive_below)
    if threshold is None or not 0 < threshold <= 1:
        raise CrmkitError("loyalty.error.bad_p_alive_below", value=p_alive_below)
    scores = loyalty.p_alive(con, model)
    con.register("p_alive_scores", pa.Table.from_pandas(scores[["customer_id", "p_alive"]], preserve_index=False))
    try:
        return queries.run(con, "customers/churn_model", p_alive_below=threshold)
    finally:
        con.complete()  # DuckDB refuses unregister while a result is unfinished (e.g. the audit's role check)
        con.unregister("p_alive_scores")


def by_region(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """地域分析 Regional analysis: customers and sales per province of the customers.

    Each customer counts in the province of their address, also for orders shipped elsewhere.

    Returns
    -------
    LabeledFrame
        One row per province (all provinces, also those without customers), highest revenue
        first (equal revenue: by province code):

        * ``province`` — name in the chosen language;
        * ``customer_count`` — customers living there; ``buyer_count`` — of them, buyers;
        * ``order_count`` — their paid orders; ``revenue`` — their paid spend;
        * ``share`` — the province's share of all revenue (0–1);
        * ``aov`` — ``revenue / order_count``, rounded to cents (empty without orders).

    SQL: ``customers/by_region``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import by_region
    >>> con = ck.connect("mall")
    >>> df = by_region(con)
    >>> list(df.columns)
    ['province', 'customer_count', 'buyer_count', 'order_count', 'revenue', 'share', 'aov']
    >>> bool(abs(df.share.sum() - 1) < 1e-9), bool(df.revenue.is_monotonic_decreasing)
    (True, True)
    """
    return queries.run(con, "customers/by_region", lang=i18n.get_language())


def aov(con: duckdb.DuckDBPyConnection, by: str | None = None) -> LabeledFrame:
    """客单价 Average order value (AOV): revenue / number of paid orders.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    by : ``None`` for the whole shop, or what to break it down by:

        * ``"channel"`` — the sales channel the order was placed in;
        * ``"province"`` — the province of the customer who ordered;
        * ``"month"`` — the month of the order time;
        * ``"category"`` — product category. Here ``revenue`` is the amount of the category's
          items in paid orders (before the order-level discount, so categories add up to more
          than the shop's revenue) and ``order_count`` the number of paid orders containing
          the category (an order with two categories counts in both).

    Returns
    -------
    LabeledFrame
        ``order_count, revenue, aov`` (``aov`` rounded to cents), preceded by the group column
        ``channel``, ``province``, ``period`` (first day of the month) or ``category``. The
        whole shop is one row; months are oldest first; channels, provinces and categories
        have one row each when they have paid orders, highest AOV first.

    SQL: ``customers/aov`` and ``customers/aov_by_<by>``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import aov
    >>> con = ck.connect("mall")
    >>> list(aov(con).columns), list(aov(con, "category").columns)
    (['order_count', 'revenue', 'aov'], ['category', 'order_count', 'revenue', 'aov'])
    >>> len(aov(con))
    1
    """
    by = params.choice(_keyword(by), AOV_BY, "by")
    if by is None:
        return queries.run(con, "customers/aov")
    if by == "month":
        return queries.run(con, "customers/aov_by_month")
    return queries.run(con, f"customers/aov_by_{by}", lang=i18n.get_language())


def new_vs_returning(con: duckdb.DuckDBPyConnection, period: str) -> LabeledFrame:
    """新老顾客占比 New and returning customers per period.

    Of the customers with a paid order in a period, *new* customers placed their first paid
    order ever in that period; *returning* customers had paid orders in an earlier period too.
    Both together are all of the period's buyers. The data's history starts with its first
    order, so in the first periods almost every buyer is new.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    period : ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``

    Returns
    -------
    LabeledFrame
        One row per period with paid orders, oldest first:

        * ``period`` — first day of the period;
        * ``customer_count`` — buyers in the period;
        * ``new_customers``, ``returning_customers`` — how many of them are new / returning;
        * ``new_customer_share``, ``returning_customer_share`` — their shares of the buyers (0–1);
        * ``new_customer_revenue``, ``returning_customer_revenue`` — their paid spend in the period.

    SQL: ``customers/new_vs_returning``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import new_vs_returning
    >>> con = ck.connect("mall")
    >>> df = new_vs_returning(con, "month")
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['period', 'customer_count', 'new_customers', 'returning_customers', 'new_customer_share',
     'returning_customer_share', 'new_customer_revenue', 'returning_customer_revenue']
    >>> bool((df.new_customers + df.returning_customers == df.customer_count).all())
    True
    """
    return queries.run(con, "customers/new_vs_returning", period=params.period(period))


def revenue_share(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """统计分析（帕累托） Revenue share per buyer, the Pareto (80/20) view.

    Buyers are sorted by revenue, largest first; equal revenue is ordered by customer id, so
    every buyer has their own rank and the cumulative shares follow that order.

    Returns
    -------
    LabeledFrame
        One row per buyer:

        * ``rank`` — 1 for the largest revenue;
        * ``customer_id``, ``name``;
        * ``revenue`` — the buyer's paid spend;
        * ``share`` — of all revenue (0–1);
        * ``cumulative_share`` — revenue share of the buyers up to this rank;
        * ``cumulative_customer_share`` — ``rank`` / number of buyers (the x axis of a Pareto
          curve: "the top 20 % of buyers bring ``cumulative_share`` of the revenue").

    SQL: ``customers/revenue_share``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics.customer_analysis import revenue_share
    >>> con = ck.connect("mall")
    >>> df = revenue_share(con)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['rank', 'customer_id', 'name', 'revenue', 'share', 'cumulative_share',
     'cumulative_customer_share']
    >>> round(float(df.cumulative_share.iloc[-1]), 9), bool(df.revenue.is_monotonic_decreasing)
    (1.0, True)
    """
    return queries.run(con, "customers/revenue_share")
