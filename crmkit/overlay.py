"""The user's own changes layered over the course views: imported customers and orders, merges.

A connection's views (``customers``, ``orders``, ...) read the course file. When the user has
imported customers or orders (``crmkit data import``) or merged duplicate customers
(``customers.merge``), all kept in their scratch database, :func:`apply` copies those rows into
the connection's memory (``my_customers``, ``my_orders``, ``my_merges``) and redefines the views:

* ``customers``, ``orders``, ``customer_keys``: the course rows plus the imported ones
  (imported rows are masked, for teachers too);
* after merges, a merged-away customer disappears from ``customers`` and ``customer_keys``, and
  every other table's rows of that customer (orders, reviews, surveys, interactions, tags)
  count as the kept customer's;
* ``customer_stats``, ``customer_months``: the course figures for untouched customers, recomputed
  for the others; ``buyer_ranking``: ranked again from that ``customer_stats``.

A notebook that was already open sees another notebook's changes after ``ck.connect`` again;
the connection that made them sees them at once.
"""

from __future__ import annotations

import duckdb

from crmkit.data.summaries import buyer_ranking_sql, per_customer_sql

# Imported customers in the columns of the course's customers table.
MY_CUSTOMERS = """
SELECT customer_id, customer_code, name, gender, birthday, phone, email, province_code, city_id, address,
       source_id, channel_id, registered_at, contact_updated_at
FROM main.my_customers"""

# Imported orders in the columns of the course's orders table: paid unless closed, no discount.
MY_ORDERS = """
SELECT order_id, customer_id, channel_id, NULL::INTEGER AS campaign_id, status, ordered_at,
       CASE WHEN status = 'closed' THEN NULL ELSE ordered_at END AS paid_at,
       NULL::TIMESTAMP AS shipped_at, NULL::TIMESTAMP AS delivered_at,
       total AS items_amount, 0::DECIMAL(12, 2) AS discount, total
FROM main.my_orders"""

COPIES = {"my_customers": "imported_customers", "my_orders": "imported_orders", "my_merges": "merges"}
NOT_REMAPPED = {"customers", "customer_keys", "buyer_ranking", *per_customer_sql()}  # handled one by one below


def _with_customer_id(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_columns() WHERE database_name = 'course' "
                                      "AND column_name = 'customer_id'").fetchall()}


def apply(con: duckdb.DuckDBPyConnection, base: dict[str, str]) -> bool:
    """Layer the user's imports and merges over the views; ``base`` maps a view to its course SELECT.

    Returns whether anything was layered. Needs the scratch database attached.
    """
    counts = {mine: con.execute(f"SELECT count(*) FROM scratch.main.{theirs}").fetchone()[0]
              for mine, theirs in COPIES.items()}
    if not any(counts.values()):
        return False
    for mine, theirs in COPIES.items():
        con.execute(f"CREATE OR REPLACE TABLE main.{mine} AS SELECT * FROM scratch.main.{theirs}")
    views = dict(base)
    views["customers"] += f" UNION ALL BY NAME {MY_CUSTOMERS}"
    views["orders"] += f" UNION ALL BY NAME {MY_ORDERS}"
    views["customer_keys"] += " UNION ALL SELECT customer_id, phone_key FROM main.my_customers"
    if counts["my_merges"]:
        for table in _with_customer_id(con) - NOT_REMAPPED:
            distinct = "DISTINCT " if table == "customer_tags" else ""  # two merged customers may share a tag
            views[table] = (f"SELECT {distinct}t.* REPLACE (coalesce(m.keep_id, t.customer_id) AS customer_id) "
                            f"FROM ({views[table]}) t LEFT JOIN main.my_merges m ON m.drop_id = t.customer_id")
        for table in ("customers", "customer_keys"):
            views[table] = (f"SELECT * FROM ({views[table]}) "
                            f"WHERE customer_id NOT IN (SELECT drop_id FROM main.my_merges)")
    # per-customer summaries: the course figures for customers the changes do not touch, recomputed for the others
    touched = """
        SELECT customer_id FROM main.my_orders
        UNION SELECT customer_id FROM main.my_customers
        UNION SELECT keep_id FROM main.my_merges
        UNION SELECT drop_id FROM main.my_merges"""
    for table, select in per_customer_sql().items():
        views[table] = f"""
            SELECT * FROM ({base[table]}) WHERE customer_id NOT IN ({touched})
            UNION ALL BY NAME
            SELECT * FROM ({select}) WHERE customer_id IN ({touched})"""
    views["buyer_ranking"] = buyer_ranking_sql()  # ranked again over the customer_stats view above
    for view, select in views.items():
        con.execute(f"CREATE OR REPLACE VIEW main.{view} AS {select}")
    return True
