"""Summary tables derived from the course tables once, when a shop is built.

``customer_stats`` holds one row per customer (paid orders, spend, first and last paid order);
its SQL is ``crmkit/data/customer_stats.sql``. Analyses that need per-customer totals read it
instead of grouping every order again, which keeps them fast on the 10-million-order mall.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import duckdb


@cache
def customer_stats_sql() -> str:
    """The SELECT that computes ``customer_stats`` from ``customers`` and ``orders``."""
    return resources.files("crmkit.data").joinpath("customer_stats.sql").read_text("utf-8")


def derive_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the summary tables of the shop open in ``con`` (its customers and orders are complete)."""
    con.execute(f"INSERT INTO customer_stats SELECT * FROM ({customer_stats_sql()}) ORDER BY customer_id")
