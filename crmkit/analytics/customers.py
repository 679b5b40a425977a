"""Customer analyses (顾客分析). Every function takes the connection first and returns a DataFrame.

Lookup, list and tags are here; the analyses (classification, levels, repurchase, churn, ...)
live in :mod:`crmkit.analytics.customer_analysis` and are part of this module's namespace, so
students write ``ck.customers.churn(con)``.
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params, tagging
from crmkit.analytics.customer_analysis import (  # noqa: F401 (part of ck.customers)
    aov,
    by_region,
    churn,
    classify,
    levels,
    new_vs_returning,
    purchase_counts,
    repurchase,
    revenue_share,
)
from crmkit.analytics.customer_info import (  # noqa: F401 (part of ck.customers)
    card,
    cards,
    duplicates,
    stale,
)
from crmkit.analytics.merges import merge, merges, unmerge  # noqa: F401 (part of ck.customers)
from crmkit.db import scratch
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

LOOKUP_LIMIT = 50


def lookup(con: duckdb.DuckDBPyConnection, query: str | int, *, limit: int = LOOKUP_LIMIT) -> LabeledFrame:
    """顾客速查 Customer quick lookup.

    Finds customers by id (``1024``), customer code (``MA0220250001024``), a fragment of the
    name (``"王"``) or the last four digits of the phone (``"5678"``; phones are masked for
    students, the last four digits stay visible). Exact id or code matches come first.

    Returns one row per customer: ``customer_id, customer_code, name, gender, age, phone,
    email, province, city, address, channel, registered_at, orders, total_spend,
    last_order_at`` (province, city and channel names in the chosen language; ``orders`` and
    ``total_spend`` count paid orders only). Headers display in the chosen language.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> row = ck.customers.lookup(con, 1).iloc[0]
    >>> int(row.customer_id), "****" in row.phone
    (1, True)
    """
    q = str(query).strip()
    if not q:
        raise CrmkitError("error.empty_query")
    digits = q.isdigit()
    return queries.run(con, "customers/lookup", id=int(q) if digits and len(q) <= 9 else None, code=q.upper(),
                       last4=q if digits and len(q) == 4 else None, fragment=None if digits else q,
                       lang=i18n.get_language(), limit=int(limit))


def _tag_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    course = [r[0] for r in con.execute(
        f"SELECT {i18n.name_column()} FROM tags WHERE target = 'customer' ORDER BY tag_id").fetchall()]
    manual = [r[0] for r in con.execute(
        "SELECT DISTINCT tag FROM scratch.manual_tags WHERE target = 'customer' ORDER BY tag").fetchall()]
    return course + [m for m in manual if m not in course]


def table(con: duckdb.DuckDBPyConnection, *, channel: object = None, province: object = None, tag: object = None,
          limit: int | None = None) -> LabeledFrame:
    """顾客列表 Customer list, optionally only one channel, province or tag.

    Parameters
    ----------
    channel : registration channel by id, code or name (``"tmall"``, ``"天猫旗舰店"``)
    province : province code or name (``"GD"``, ``"广东"``, ``"Guangdong"``)
    tag : a course tag (code or name, e.g. ``"vip"`` or ``"高价值客户"``) or one of your own tags
    limit : at most this many rows (default: all)

    Returns
    -------
    ``customer_id, customer_code, name, gender, phone, province, city, channel, registered_at,
    orders, total_spend, last_order_at`` — names in the chosen language, phone masked for
    students, orders and spend over paid orders.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> vip = ck.customers.table(con, tag="vip", limit=5)
    >>> len(vip), list(vip.columns[:3])
    (5, ['customer_id', 'customer_code', 'name'])
    """
    with scratch(con):
        if tag is not None:
            text = str(tag).strip()
            valid = _tag_names(con)
            codes = [r[0] for r in con.execute("SELECT code FROM tags WHERE target = 'customer'").fetchall()]
            if text not in valid and text not in codes:
                params.choice(text, valid, "tag")
            tag = text
        return queries.run(
            con, "customers/table",
            channel_id=None if channel is None else params.channel_id(con, channel),
            province_code=None if province is None else params.province_code(con, province),
            tag=tag, lang=i18n.get_language(), limit=params.positive_int(limit, "limit"),
        )


def tags(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """顾客标签 Every customer tag: the course's tags and your own.

    Returns
    -------
    ``customer_id, name, tag, source`` — ``source`` is ``course`` or ``manual`` (yours); course
    tag names in the chosen language.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> sorted(set(ck.customers.tags(con)["source"]))[:1]
    ['course']
    """
    with scratch(con):
        return queries.run(con, "customers/tags", lang=i18n.get_language())


def add_tag(con: duckdb.DuckDBPyConnection, customer_id: object, tag: str) -> None:
    """Give a customer one of your own tags (kept in your scratch database; adding twice is harmless)."""
    tagging.add(con, "customer", params.customer_id(con, customer_id), tag)


def remove_tag(con: duckdb.DuckDBPyConnection, customer_id: object, tag: str) -> int:
    """Remove one of your own tags from a customer; returns 1 if it was there, else 0.
    The course's own tags cannot be removed (a clear error says so)."""
    return tagging.remove(con, "customer", params.customer_id(con, customer_id), tag)
