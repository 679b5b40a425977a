"""Channel analyses (渠道): the channel list, dormant channels, sales, return rates and customers per channel.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`.
"Paid orders" are orders whose ``status`` is not ``'closed'``; revenue is the sum of their
``total``; the data's "today" is the newest ``orders.ordered_at``. An order belongs to the
channel it was placed on (``orders.channel_id``), not to the channel the customer registered on.
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.frames import LabeledFrame

KINDS: tuple[str, ...] = ("own", "platform", "social", "distributor", "offline")
STATES: tuple[str, ...] = ("active", "dormant")
#: a channel without a paid order for more than this many days is dormant (休眠)
DORMANT_DAYS = 90


def table(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """渠道列表 Channel list: every sales channel, whether it is active or dormant, and what it sold.

    A channel is dormant when its last paid order was more than 90 days (:data:`DORMANT_DAYS`)
    before the data's "today" (counting calendar days), or when it never had one; see
    :func:`dormant` for another number of days.

    Returns
    -------
    LabeledFrame
        One row per channel, by ``channel_id``: ``channel_id``, ``channel_code``, ``channel``
        (name in the chosen language), ``kind`` (``own``, ``platform``, ``social``,
        ``distributor``, ``offline``) and ``channel_kind`` (its label), ``opened_at``,
        ``closed_at`` (empty while open), ``status`` (``active`` or ``dormant``) and
        ``channel_status`` (its label), ``order_count`` and ``revenue`` (paid orders; 0 if none),
        ``last_order_at`` and ``days_since_last_order`` (empty if none).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import channels
    >>> con = ck.connect("mall")
    >>> df = channels.table(con)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['channel_id', 'channel_code', 'channel', 'kind', 'channel_kind', 'opened_at', 'closed_at', 'status',
     'channel_status', 'order_count', 'revenue', 'last_order_at', 'days_since_last_order']
    >>> set(df.status) <= {"active", "dormant"}
    True
    """
    return queries.run(con, "channels/table", lang=i18n.get_language(), days=DORMANT_DAYS,
                       kind_names=queries.label_map("channels.kind", KINDS),
                       status_names=queries.label_map("channels.status", STATES))


def dormant(con: duckdb.DuckDBPyConnection, days: int = DORMANT_DAYS) -> LabeledFrame:
    """休眠渠道 Dormant channels: channels without a paid order in the last ``days`` days.

    Dormant means: the last paid order was more than ``days`` calendar days before the data's
    "today" (``days_since_last_order > days``), or the channel never had a paid order.

    Parameters
    ----------
    days : a whole number above 0 (default 90).

    Returns
    -------
    LabeledFrame
        One row per dormant channel, longest asleep first (never-used channels first of all):
        ``channel_id``, ``channel_code``, ``channel``, ``kind``, ``opened_at``, ``closed_at``,
        ``last_order_at`` and ``days_since_last_order`` (empty if it never sold).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import channels
    >>> con = ck.connect("mall")
    >>> df = channels.dormant(con, days=30)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['channel_id', 'channel_code', 'channel', 'kind', 'opened_at', 'closed_at', 'last_order_at',
     'days_since_last_order']
    >>> bool((df.days_since_last_order > 30).all())
    True
    """
    days = params.positive_int(days, "days", allow_none=False)
    return queries.run(con, "channels/dormant", days=days, lang=i18n.get_language())


def sales(con: duckdb.DuckDBPyConnection, period: str, *, start: object = None, end: object = None) -> LabeledFrame:
    """渠道销售 Channel sales: paid orders and revenue per period and channel.

    Parameters
    ----------
    period : ``day``, ``week``, ``month``, ``quarter`` or ``year``.
    start, end : only orders placed on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        One row per period and channel that sold, oldest first, then by ``channel_id``:
        ``period`` (first day), ``channel_id``, ``channel``, ``order_count``, ``revenue`` and
        ``share`` (the channel's part of the period's revenue; the shares of a period add up to 1).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import channels
    >>> con = ck.connect("mall")
    >>> df = channels.sales(con, "quarter", start="2025-01-01", end="2025-12-31")
    >>> list(df.columns)
    ['period', 'channel_id', 'channel', 'order_count', 'revenue', 'share']
    >>> bool((df.groupby("period").share.sum() - 1).abs().max() < 1e-9)
    True
    """
    return queries.run(con, "channels/sales", period=params.period(period), start=params.date(start, "start"),
                       end=params.date(end, "end"), lang=i18n.get_language())


def return_rate(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """退货率 Return rate per channel: the share of paid orders with a return or exchange request.

    Returns
    -------
    LabeledFrame
        One row per channel, by ``channel_id``: ``channel_id``, ``channel``, ``order_count``
        (paid orders), ``returned_orders`` (those with at least one return or exchange request)
        and ``return_rate`` (returned_orders / order_count; empty without orders).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import channels
    >>> con = ck.connect("mall")
    >>> df = channels.return_rate(con)
    >>> list(df.columns)
    ['channel_id', 'channel', 'order_count', 'returned_orders', 'return_rate']
    >>> bool(df.return_rate.between(0, 1).all())
    True
    """
    return queries.run(con, "channels/return_rate", lang=i18n.get_language())


def customers(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """新客/老客/客单价 New and returning customers, orders, revenue and average order value per channel.

    A customer is *new* on the channel of their first paid order ever (earliest ``ordered_at``,
    ties by order id) and *returning* on every channel where they placed a later paid order. A
    customer can count as both on the same channel (first order there, and later ones too).

    Returns
    -------
    LabeledFrame
        One row per channel, by ``channel_id``: ``channel_id``, ``channel``, ``new_customers``,
        ``returning_customers``, ``order_count`` and ``revenue`` (paid orders), ``aov`` (revenue /
        orders, to 0.01; empty without orders).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import channels
    >>> con = ck.connect("mall")
    >>> df = channels.customers(con)
    >>> list(df.columns)
    ['channel_id', 'channel', 'new_customers', 'returning_customers', 'order_count', 'revenue', 'aov']
    >>> int(df.new_customers.sum()) == con.execute(
    ...     "SELECT count(DISTINCT customer_id) FROM orders WHERE status <> 'closed'").fetchone()[0]
    True
    """
    return queries.run(con, "channels/customers", lang=i18n.get_language())
