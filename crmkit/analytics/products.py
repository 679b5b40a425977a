"""Product analyses (商品分析). Every function takes the connection first and returns a DataFrame.

Product figures count paid orders only (``status <> 'closed'``). A product's ``revenue`` is the sum
of its order lines (``order_items.amount``): an order's discount applies to the whole order and is
not split over its products, so product revenues add up to the orders' ``items_amount``, not to
their ``total``.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit import i18n, queries
from crmkit.analytics import params, tagging
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = ["add_tag", "associations", "category_sales", "lookup", "remove_tag", "sales", "table", "tags"]


def lookup(con: duckdb.DuckDBPyConnection, query: str | int) -> LabeledFrame:
    """商品速查 Product quick lookup.

    Finds products by id (``3``), SKU (``"A-FR-003"``, any case) or a fragment of the Chinese or
    English name (``"冰箱"``, ``"fridge"``). Exact id or SKU matches come first, then by id.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    query : what to look for

    Returns
    -------
    LabeledFrame
        One row per product: ``product_id, sku, product, category, supplier, price, launched_at,
        quantity, revenue`` — product, category and supplier names in the chosen language;
        ``quantity`` (units sold) and ``revenue`` over paid orders.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> int(products.lookup(con, 3).iloc[0].product_id)
    3
    >>> list(products.lookup(con, "a-fr-003").columns)
    ['product_id', 'sku', 'product', 'category', 'supplier', 'price', 'launched_at', 'quantity', 'revenue']
    """
    q = str(query).strip() if query is not None else ""
    if not q:
        raise CrmkitError("error.empty_product_query")
    return queries.run(con, "products/lookup", q=q, lang=i18n.get_language())


def table(con: duckdb.DuckDBPyConnection, *, category: object = None) -> LabeledFrame:
    """商品列表 Product list.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    category : only this category (id, code or name, e.g. ``"fridge"`` or ``"冰箱"``); default all

    Returns
    -------
    LabeledFrame
        One row per product, by category then id: ``product_id, sku, product, category, supplier,
        price, launched_at, quantity, revenue`` (``quantity`` = units sold and ``revenue`` over
        paid orders; 0 for a product never sold).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> df = products.table(con, category="fridge")
    >>> len(df) > 0 and df["category"].nunique() == 1
    True
    """
    category_id = None if category is None else params.category_id(con, category, "category")
    return queries.run(con, "products/table", lang=i18n.get_language(), category_id=category_id)


def category_sales(con: duckdb.DuckDBPyConnection, period: str | None = None, *,
                   start: object = None, end: object = None) -> LabeledFrame:
    """品类销售 Category sales.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    period : ``None`` (the whole time) or ``"day", "week", "month", "quarter", "year"``
    start, end : first and last order day to count (inclusive), e.g. ``"2026-01-01"``; default all

    Returns
    -------
    LabeledFrame
        One row per category (per period when ``period`` is given; then ``period`` is the first
        column, the period's start): ``category_id, category, order_count, quantity, revenue,
        share``. ``order_count`` = paid orders holding the category, ``share`` = the category's
        part of the revenue (within its period), 0 to 1. Sorted by period, then revenue.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> df = products.category_sales(con)
    >>> list(df.columns)
    ['category_id', 'category', 'order_count', 'quantity', 'revenue', 'share']
    >>> bool(abs(df["share"].sum() - 1) < 0.001)
    True
    """
    period = None if period is None else params.period(period)
    df = queries.run(con, "products/category_sales", lang=i18n.get_language(), period=period,
                     start=params.date(start, "start"), end=params.date(end, "end"))
    return df.drop(columns="period") if period is None else df


def sales(con: duckdb.DuckDBPyConnection, top: int = 20, *, start: object = None, end: object = None) -> LabeledFrame:
    """商品销售 Product sales ranking.

    Ranks the products sold in paid orders by revenue. Products with equal revenue share a rank
    (SQL ``rank()``: 1, 2, 2, 4); every product tied at rank ``top`` is kept, so there may be more
    than ``top`` rows.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    top : keep ranks 1 to ``top`` (a whole number above 0)
    start, end : first and last order day to count (inclusive); default all

    Returns
    -------
    LabeledFrame
        ``rank, product_id, sku, product, category, revenue, quantity, order_count, share``
        (``share`` = part of all product revenue in the time range, 0 to 1).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> df = products.sales(con, top=5)
    >>> len(df) >= 5 and int(df["rank"].iloc[0]) == 1
    True
    """
    top = params.positive_int(top, "top", allow_none=False)
    return queries.run(con, "products/sales", lang=i18n.get_language(), top=top,
                       start=params.date(start, "start"), end=params.date(end, "end"))


def tags(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """商品标签 Product tags: the course's tags and your own manual tags.

    Returns
    -------
    LabeledFrame
        ``product_id, sku, product, tag, source`` — ``source`` is ``course`` or ``manual``; tag
        names of course tags and product names in the chosen language. Sorted by product.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> list(products.tags(con).columns)
    ['product_id', 'sku', 'product', 'tag', 'source']
    """
    listing = pd.DataFrame(tagging.listing(con, "product"))
    names = pd.DataFrame(queries.run(con, "products/names", lang=i18n.get_language()))
    merged = listing.merge(names, on="product_id", how="left")
    merged = merged.sort_values(["product_id", "source", "tag"], kind="stable").reset_index(drop=True)
    return LabeledFrame(merged[["product_id", "sku", "product", "tag", "source"]])


def add_tag(con: duckdb.DuckDBPyConnection, product: object, tag: str) -> None:
    """Give a product (id or SKU) your own tag; it is kept in your scratch database.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> products.add_tag(con, "A-FR-001", "doctest tag")
    >>> products.remove_tag(con, 1, "doctest tag")
    1
    """
    tagging.add(con, "product", params.product_id(con, product, "product"), tag)


def remove_tag(con: duckdb.DuckDBPyConnection, product: object, tag: str) -> int:
    """Remove one of your own tags from a product (id or SKU); returns how many were removed (0 or 1).
    The course's own tags cannot be removed."""
    return tagging.remove(con, "product", params.product_id(con, product, "product"), tag)


def _threshold(value: object, name: str) -> float:
    """A number above 0 and at most 1, else an error naming the argument."""
    number = params.real(value)
    if number is None or not 0 < number <= 1:
        raise CrmkitError("error.bad_threshold", name=name, value=value)
    return number


def associations(con: duckdb.DuckDBPyConnection, min_support: float = 0.01,
                 min_confidence: float = 0.2) -> LabeledFrame:
    """商品关联 Product associations (market basket analysis).

    Rules "A → B" (customers who buy A also buy B) over paid orders:
    ``support`` = orders holding both / all paid orders with items; ``confidence`` = orders
    holding both / orders holding A; ``lift`` = confidence / (orders holding B / all paid
    orders) — above 1, buying A makes B more likely. Only rules meeting both thresholds.

    Parameters
    ----------
    con : a connection from ``ck.connect``
    min_support : a number above 0, at most 1 (0.01 = 1 % of orders)
    min_confidence : a number above 0, at most 1

    Returns
    -------
    LabeledFrame
        ``antecedent_id, antecedent, consequent_id, consequent, pair_orders, support, confidence,
        lift`` (A's id and name, B's id and name, orders holding both), sorted by lift, then
        confidence.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import products
    >>> con = ck.connect("mall")
    >>> df = products.associations(con, min_support=0.002, min_confidence=0.1)
    >>> len(df) > 0 and bool((df["lift"].diff().dropna() <= 0).all())
    True
    """
    return queries.run(con, "products/associations", lang=i18n.get_language(),
                       min_support=_threshold(min_support, "min_support"),
                       min_confidence=_threshold(min_confidence, "min_confidence"))
