"""Order analyses (订单分析). Every function takes the connection first and returns a DataFrame.

"Paid orders" are orders whose status is not ``closed`` (a closed order was never paid); revenue
is the sum of their ``total``. Status and return kinds are stored as codes and shown with names
in the chosen language (``status_name``, ``kind``).
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = ["METRICS", "STATUSES", "closed", "delivery_notices", "lookup", "returns", "shipping_notices", "trend"]

#: Order statuses, in the order an order goes through them (``closed``: never paid).
STATUSES: tuple[str, ...] = ("closed", "paid", "shipped", "completed")
#: What :func:`trend` can follow.
METRICS: tuple[str, ...] = ("revenue", "orders", "customers", "aov")


RETURN_KINDS: tuple[str, ...] = ("return", "exchange")


def _status_names() -> dict[str, object]:
    return {"status_names": queries.label_map("order_status", STATUSES)}


def _kind_names() -> dict[str, object]:
    return {"kind_names": queries.label_map("return_kind", RETURN_KINDS)}


def _day(value: object, name: str = "day"):
    if value is None:
        raise CrmkitError("error.bad_date", name=name, value=value)
    return params.date(value, name)


def lookup(con: duckdb.DuckDBPyConnection, order_id: object = None, customer_id: object = None) -> LabeledFrame:
    """订单查询 Order lookup.

    One order by its id, every order of a customer (id or customer code), or — with both — that
    order only if it is the customer's. At least one of the two is required.

    Returns
    -------
    LabeledFrame
        One row per order, newest first: ``order_id, customer_id, name, channel, status,
        status_name, ordered_at, paid_at, shipped_at, delivered_at, items_amount, discount,
        total, item_count`` (``name`` = the customer's name, ``status`` the code and
        ``status_name`` its name in the chosen language, ``item_count`` = pieces in the order).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> df = orders.lookup(con, order_id=1)
    >>> len(df), int(df.iloc[0].order_id)
    (1, 1)
    >>> bool((orders.lookup(con, customer_id=1)["customer_id"] == 1).all())
    True
    """
    if order_id is None and customer_id is None:
        raise CrmkitError("error.order_lookup_needs_argument")
    oid = None if order_id is None else params.order_id(con, order_id, "order_id")
    cid = None if customer_id is None else params.customer_id(con, customer_id, "customer_id")
    return queries.run(con, "orders/lookup", order_id=oid, customer_id=cid, lang=i18n.get_language(), **_status_names())


def returns(con: duckdb.DuckDBPyConnection, period: str | None = None, *,
            start: object = None, end: object = None) -> LabeledFrame:
    """退换货 Returns and exchanges.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    period : ``None`` for one row per request, or ``"day", "week", "month", "quarter", "year"``
        for counts per period
    start, end : first and last request day (inclusive); default all

    Returns
    -------
    LabeledFrame
        Without ``period``, one row per request, newest first: ``return_id, order_id, customer_id,
        name, product, kind, reason, requested_at, refund`` (``kind`` 退货/换货 and ``reason`` in
        the chosen language; ``refund`` is 0 for exchanges). With ``period``: ``period, kind,
        returns, refund`` — requests of each kind per period and their refund total.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> list(orders.returns(con, "month").columns)
    ['period', 'kind', 'returns', 'refund']
    """
    start, end = params.date(start, "start"), params.date(end, "end")
    if period is None:
        return queries.run(con, "orders/returns", lang=i18n.get_language(), start=start, end=end, **_kind_names())
    return queries.run(con, "orders/returns_by_period", period=params.period(period), start=start, end=end,
                       **_kind_names())


def closed(con: duckdb.DuckDBPyConnection, *, start: object = None, end: object = None) -> LabeledFrame:
    """交易关闭订单 Closed orders: orders placed but never paid, newest first.

    Returns
    -------
    LabeledFrame
        ``order_id, customer_id, name, channel, ordered_at, items_amount, discount, total,
        item_count`` (``name`` = the customer's name).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> df = orders.closed(con, start="2026-01-01", end="2026-01-31")
    >>> bool(df["ordered_at"].is_monotonic_decreasing)
    True
    """
    return queries.run(con, "orders/closed", lang=i18n.get_language(),
                       start=params.date(start, "start"), end=params.date(end, "end"))


def shipping_notices(con: duckdb.DuckDBPyConnection, day: object) -> LabeledFrame:
    """出库通知 Shipping notices: the orders shipped on ``day``, to tell each customer.

    Returns
    -------
    LabeledFrame
        ``order_id, customer_id, name, phone, channel, item_list, item_count, shipped_at`` —
        ``phone`` masked (138****5678) for every role, ``item_list`` like "A牌 对开门冰箱 ×1; …".

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> df = orders.shipping_notices(con, "2026-06-18")
    >>> len(df) > 0 and bool(df["phone"].str.contains("****", regex=False).all())
    True
    """
    return queries.run(con, "orders/shipping_notices", day=_day(day), lang=i18n.get_language())


def delivery_notices(con: duckdb.DuckDBPyConnection, day: object) -> LabeledFrame:
    """收货通知 Delivery notices: the orders delivered on ``day``, to ask each customer how it went.

    Returns
    -------
    LabeledFrame
        ``order_id, customer_id, name, phone, channel, item_list, item_count, delivered_at``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> list(orders.delivery_notices(con, "2026-06-20").columns)[-1]
    'delivered_at'
    """
    return queries.run(con, "orders/delivery_notices", day=_day(day), lang=i18n.get_language())


def trend(con: duckdb.DuckDBPyConnection, period: str, metric: str = "revenue", *, periods_ahead: int = 3,
          start: object = None, end: object = None) -> LabeledFrame:
    """趋势分析 Trend with a straight-line forecast.

    The metric of paid orders per period — ``revenue`` (sum of totals), ``orders``, ``customers``
    (distinct buyers) or ``aov`` (revenue / orders) — for every period from the first to the last
    (periods without orders count 0; their ``aov`` is empty), plus a forecast of the next
    ``periods_ahead`` periods from the least-squares line through the actual values (DuckDB
    ``regr_slope``/``regr_intercept``; never below 0).

    The incomplete last period: the data ends on its newest order's day, so the last period (a
    month still running, say) is usually only partly covered and its low value would drag the
    line down. Such periods — and a first period cut by ``start`` or by the start of the data —
    are shown with ``complete = False`` and left out of the fit. The forecast needs at least two
    complete periods; otherwise there are no forecast rows.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    period : ``"day", "week", "month", "quarter", "year"``
    metric : ``"revenue", "orders", "customers", "aov"``
    periods_ahead : how many periods to forecast (a whole number above 0)
    start, end : first and last order day (inclusive); default all

    Returns
    -------
    LabeledFrame
        ``period, value, kind, complete`` sorted by period; ``kind`` is ``actual`` or
        ``forecast`` (forecast rows have ``complete`` empty).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import orders
    >>> con = ck.connect("mall")
    >>> df = orders.trend(con, "month", periods_ahead=2)
    >>> list(df.columns), list(df["kind"].tail(2))
    (['period', 'value', 'kind', 'complete'], ['forecast', 'forecast'])
    """
    return queries.run(con, "orders/trend", period=params.period(period),
                       metric=params.choice(metric, METRICS, "metric"),
                       periods_ahead=params.positive_int(periods_ahead, "periods_ahead", allow_none=False),
                       start=params.date(start, "start"), end=params.date(end, "end"))
