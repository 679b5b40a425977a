"""Customer analyses (顾客分析). Every function takes the connection first and returns a DataFrame."""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
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
    return queries.run(con, "customers/lookup", q=q, lang=i18n.get_language(), limit=int(limit))
