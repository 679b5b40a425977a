"""Summary tables derived from the course tables once, when a shop is built.

``customer_stats`` holds one row per customer (paid orders, spend, first and last paid order;
SQL in ``crmkit/data/customer_stats.sql``), ``customer_months`` one row per customer and month
with purchases (``customer_months.sql``); ``product_daily_sales`` and ``category_daily_sales``
hold paid sales per day and product or category (``crmkit/data/daily_sales.sql``), ``survey_days``
survey answers per day and survey channel (``survey_days.sql``), ``buyer_ranking`` the buyers
ranked by spend with running totals (``buyer_ranking.sql``, from ``customer_stats``). Analyses read
them instead of grouping every order again, which keeps them fast on the 10-million-order mall.
Imported orders carry no items, so only the per-customer summaries and the ranking change with a
user's imports (:mod:`crmkit.overlay`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import duckdb


def _read(name: str) -> str:
    return resources.files("crmkit.data").joinpath(name).read_text("utf-8")


@cache
def customer_stats_sql() -> str:
    """The SELECT that computes ``customer_stats`` from ``customers`` and ``orders``."""
    return _read("customer_stats.sql")


@cache
def per_customer_sql() -> dict[str, str]:
    """The per-customer summaries and their SELECTs (a user's imports and merges recompute them for
    the customers they touch, see :mod:`crmkit.overlay`)."""
    return {"customer_stats": customer_stats_sql(), "customer_months": _read("customer_months.sql")}


@cache
def buyer_ranking_sql() -> str:
    """The SELECT that ranks the buyers of ``customer_stats`` (``buyer_ranking``)."""
    return _read("buyer_ranking.sql")


@cache
def daily_sales_sql() -> dict[str, str]:
    """The SELECTs of the daily sales summaries: {"product": ..., "category": ...}."""
    text = _read("daily_sales.sql")
    parts = text.split("-- @")[1:]
    return {part.split("\n", 1)[0].strip(): part.split("\n", 1)[1] for part in parts}


def derive_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the summary tables of the shop open in ``con`` (its customers, orders and items are complete)."""
    for target, select in per_customer_sql().items():
        con.execute(f"INSERT INTO {target} SELECT * FROM ({select}) ORDER BY ALL")
    con.execute(f"INSERT INTO buyer_ranking SELECT * FROM ({buyer_ranking_sql()}) ORDER BY rank")
    for target, select in daily_sales_sql().items():
        con.execute(f"INSERT INTO {target}_daily_sales SELECT * FROM ({select}) ORDER BY ALL")
    con.execute(f"INSERT INTO survey_days SELECT * FROM ({_read('survey_days.sql')}) ORDER BY ALL")
