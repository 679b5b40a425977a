"""The user's own rows layered over the course views: the customers and orders they imported.

A connection's views (``customers``, ``orders``, ``customer_keys``, ``customer_stats``) read the
course file. When the user has imported customers or orders (kept in their scratch database by
``crmkit data import``), :func:`apply` copies those rows into the connection's memory as
``my_customers`` and ``my_orders`` and redefines the views as the course rows plus the user's,
so every analysis sees them. Imported rows are masked, for teachers too.

A notebook that was already open sees another notebook's import after ``ck.connect`` again;
the connection that imports sees it at once.
"""

from __future__ import annotations

import duckdb

from crmkit.data.summaries import customer_stats_sql

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


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM scratch.main.{table}").fetchone()[0]


def apply(con: duckdb.DuckDBPyConnection, base: dict[str, str]) -> bool:
    """Layer the user's imports over the views; ``base`` maps a view to its course SELECT.

    Returns whether anything was layered. Needs the scratch database attached.
    """
    if not (_count(con, "imported_customers") or _count(con, "imported_orders")):
        return False
    con.execute("CREATE OR REPLACE TABLE main.my_customers AS SELECT * FROM scratch.main.imported_customers")
    con.execute("CREATE OR REPLACE TABLE main.my_orders AS SELECT * FROM scratch.main.imported_orders")
    views = {
        "customers": f"{base['customers']} UNION ALL BY NAME {MY_CUSTOMERS}",
        "orders": f"{base['orders']} UNION ALL BY NAME {MY_ORDERS}",
        "customer_keys": f"{base['customer_keys']} UNION ALL SELECT customer_id, phone_key FROM main.my_customers",
        # course figures for customers the imports do not touch; recomputed for the others
        "customer_stats": f"""
            SELECT * FROM ({base['customer_stats']})
            WHERE customer_id NOT IN (SELECT customer_id FROM main.my_orders)
            UNION ALL BY NAME
            SELECT * FROM ({customer_stats_sql()})
            WHERE customer_id IN (SELECT customer_id FROM main.my_orders
                                  UNION SELECT customer_id FROM main.my_customers)""",
    }
    for view, select in views.items():
        con.execute(f"CREATE OR REPLACE VIEW main.{view} AS {select}")
    return True
