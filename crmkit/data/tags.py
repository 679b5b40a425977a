"""Customer tags the course database starts with, derived in SQL from what customers did."""

from __future__ import annotations

import duckdb

from crmkit.data.dimensions import Dimensions

RULES = {
    # tag code -> SELECT customer_id ... (the customers that carry the tag)
    "vip": """SELECT customer_id FROM (
                SELECT customer_id, sum(total) AS spend FROM orders WHERE status <> 'closed' GROUP BY ALL)
              QUALIFY spend >= quantile_disc(spend, 0.9) OVER ()""",
    "new": """SELECT customer_id FROM orders GROUP BY ALL
              HAVING min(ordered_at) >= (SELECT max(ordered_at) FROM orders) - INTERVAL 90 DAY""",
    "complained": "SELECT DISTINCT customer_id FROM interactions WHERE topic = 'complaint'",
    "price_sensitive": """SELECT customer_id FROM orders WHERE status <> 'closed' GROUP BY ALL
                          HAVING count(*) >= 3 AND avg((discount > 0)::INT) > 0.5""",
    "reviewer": "SELECT customer_id FROM reviews GROUP BY ALL HAVING count(*) >= 3",
    "dormant": """SELECT customer_id FROM orders GROUP BY ALL
                  HAVING max(ordered_at) < (SELECT max(ordered_at) FROM orders) - INTERVAL 180 DAY""",
}


def derive_tags(con: duckdb.DuckDBPyConnection, dims: Dimensions) -> None:
    for code, select in RULES.items():
        con.execute(
            f"INSERT INTO customer_tags SELECT customer_id, ? FROM ({select}) ORDER BY customer_id",
            [dims.tag_id[("customer", code)]],
        )
