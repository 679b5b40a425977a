"""Marketing analyses (营销): campaigns, their effect, birthday care and holiday care.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`.
"Paid orders" are orders whose ``status`` is not ``'closed'``; revenue is the sum of their
``total``; the data's "today" is the newest ``orders.ordered_at``.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

KINDS: tuple[str, ...] = ("promotion", "birthday", "holiday")
#: campaign kinds whose customers :func:`holiday_care` greets
CARE_KINDS: tuple[str, ...] = ("holiday", "promotion")
METRICS: tuple[str, ...] = ("orders_per_day", "revenue_per_day", "aov", "new_customers")


def campaign_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "campaign",
                kinds: Iterable[str] = KINDS, by_name: bool = False) -> int:
    """A campaign given by id or code (and, with ``by_name``, by its Chinese or English name) -> its id.

    Only campaigns of ``kinds`` count. A name several campaigns share (双11购物节 runs every year)
    means the one that started last; give the code to pick another year. An unknown value is an
    error naming ``name`` and listing the valid codes.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> campaign_id(con, "double11_2024") == campaign_id(con, 1)
    True
    """
    kinds = list(kinds)
    text = str(value).strip() if value is not None else ""
    row = con.execute(
        "SELECT campaign_id FROM campaigns WHERE list_contains($kinds, kind) "
        "AND (campaign_id::VARCHAR = $v OR lower(code) = lower($v) "
        "     OR ($by_name AND (name_zh = $v OR lower(name_en) = lower($v)))) "
        "ORDER BY (campaign_id::VARCHAR = $v OR lower(code) = lower($v)) DESC, starts_on DESC, campaign_id DESC "
        "LIMIT 1",
        {"v": text, "kinds": kinds, "by_name": by_name}).fetchone() if text else None
    if row is None:
        valid = [r[0] for r in con.execute(
            f"SELECT code || ' (' || {i18n.name_column()} || ')' FROM campaigns WHERE list_contains($kinds, kind) "
            "ORDER BY campaign_id", {"kinds": kinds}).fetchall()]
        raise CrmkitError("error.bad_choice", name=name, value=value, valid=params.listing(valid))
    return int(row[0])


def campaigns(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """活动营销 Campaigns: every campaign with its paid orders, customers and revenue.

    The orders of a campaign are the paid orders whose ``campaign_id`` is the campaign.

    Returns
    -------
    LabeledFrame
        One row per campaign, oldest first:

        - ``campaign_id``, ``campaign_code``
        - ``kind``: ``promotion``, ``birthday`` or ``holiday``; ``campaign_kind`` its label
        - ``campaign``: name in the chosen language
        - ``starts_on``, ``ends_on`` (dates, both inclusive), ``discount_rate`` (0.15 = 15 % off)
        - ``campaign_tags``: the course's campaign tags in the chosen language, comma-joined ('' if none)
        - ``order_count``, ``customer_count``, ``revenue``: paid orders under the campaign, their
          distinct customers and their total (0 when none)

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import marketing
    >>> con = ck.connect("mall")
    >>> df = marketing.campaigns(con)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['campaign_id', 'campaign_code', 'kind', 'campaign_kind', 'campaign', 'starts_on', 'ends_on',
     'discount_rate', 'campaign_tags', 'order_count', 'customer_count', 'revenue']
    >>> bool((df.order_count > 0).any())
    True
    """
    return queries.run(con, "marketing/campaigns", lang=i18n.get_language(),
                       kind_names=queries.label_map("marketing.kind", KINDS))


def campaign_effect(con: duckdb.DuckDBPyConnection, campaign: int | str) -> LabeledFrame:
    """活动效果 Campaign effect: the campaign's days against the same number of days right before it.

    The campaign window runs from ``starts_on`` to ``ends_on`` (inclusive; a campaign still running
    stops at the data's "today"); the "before" window is the same number of days ending the day
    before ``starts_on``. Both windows count all paid orders of the shop (whatever their
    ``campaign_id``), by ``ordered_at``: what the shop sold while the campaign ran.

    Parameters
    ----------
    campaign : campaign id or code (``"double11_2025"``); see :func:`campaigns`.

    Returns
    -------
    LabeledFrame
        Four rows, one per ``metric``: ``orders_per_day`` (paid orders / days),
        ``revenue_per_day`` (revenue / days), ``aov`` (revenue / orders; empty without orders) and
        ``new_customers`` (customers whose first paid order ever falls in the window). Columns:

        - ``metric`` (the code above) and ``campaign_metric`` (its label)
        - ``before_campaign``, ``during_campaign``: the value in each window (rounded to 0.01)
        - ``campaign_uplift``: during / before − 1 (0.25 = 25 % more); empty when before is 0

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import marketing
    >>> con = ck.connect("mall")
    >>> df = marketing.campaign_effect(con, "double11_2025")
    >>> list(df.columns), list(df.metric)  # doctest: +NORMALIZE_WHITESPACE
    (['metric', 'campaign_metric', 'before_campaign', 'during_campaign', 'campaign_uplift'],
     ['orders_per_day', 'revenue_per_day', 'aov', 'new_customers'])
    """
    cid = campaign_id(con, campaign)
    return queries.run(con, "marketing/campaign_effect", campaign_id=cid,
                       metric_names=queries.label_map("marketing.metric", METRICS))


def birthday_care(con: duckdb.DuckDBPyConnection, month: int) -> LabeledFrame:
    """生日关怀 Birthday care: the customers to send birthday greetings or coupons to in ``month``.

    Parameters
    ----------
    month : 1 to 12, the month of the customers' birthday.

    Returns
    -------
    LabeledFrame
        One row per customer born in ``month`` (any year), biggest spender first (ties by
        ``customer_id``): ``customer_id, customer_code, name, gender, birthday, phone`` (always
        masked, 138****5678), ``last_order_at`` (last paid order; empty if none),
        ``total_spend`` and ``orders`` (paid orders; 0 if none).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import marketing
    >>> con = ck.connect("mall")
    >>> df = marketing.birthday_care(con, 5)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['customer_id', 'customer_code', 'name', 'gender', 'birthday', 'phone', 'last_order_at',
     'total_spend', 'orders']
    >>> bool((df.birthday.dt.month == 5).all())
    True
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise CrmkitError("error.birthday_month", name="month", value=month)
    return queries.run(con, "marketing/birthday_care", month=int(month))


def holiday_care(con: duckdb.DuckDBPyConnection, holiday: int | str) -> LabeledFrame:
    """节日关怀 Holiday care: the customers to greet before a holiday or promotion campaign.

    Rule: a customer is on the list if they have a paid order placed in the 365 days before the
    campaign starts (``starts_on − 365 days`` ≤ ``ordered_at`` < ``starts_on``): last year's
    buyers are the ones to remind.

    Parameters
    ----------
    holiday : a campaign of kind ``holiday`` or ``promotion``, by id, code or its Chinese or English
        name (``"中秋节"``, ``"Mid-Autumn Festival"``). A name used every year means the latest
        campaign of that name; give the code (``"mid_autumn_2025"``) for another year.

    Returns
    -------
    LabeledFrame
        One row per customer, biggest spender first (ties by ``customer_id``):
        ``customer_id, customer_code, name, gender, phone`` (always masked),
        ``orders_365d`` and ``spend_365d`` (paid orders and their total in those 365 days),
        ``last_order_at`` (their last paid order before the campaign).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import marketing
    >>> con = ck.connect("mall")
    >>> df = marketing.holiday_care(con, "中秋节")
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['customer_id', 'customer_code', 'name', 'gender', 'phone', 'orders_365d', 'spend_365d',
     'last_order_at']
    >>> bool((df.orders_365d > 0).all()) and len(df) > 0
    True
    """
    cid = campaign_id(con, holiday, name="holiday", kinds=CARE_KINDS, by_name=True)
    # the first day as a bound value (not a subquery), so DuckDB filters the orders while scanning them
    starts_on = con.execute("SELECT starts_on FROM campaigns WHERE campaign_id = ?", [cid]).fetchall()[0][0]
    return queries.run(con, "marketing/holiday_care", starts_on=starts_on)
