"""Benchmark cases: customer lookup, list and tags (the lead's part of crmkit.analytics.customers)."""

from benchmarks.cases import Case
from crmkit.analytics import customers


def _pandas_lookup(t):
    c, o = t["customers"], t["orders"]
    m = c[c["name"].str.contains("王", regex=False)].sort_values("customer_id").head(50)
    paid = o[(o["status"] != "closed") & o["customer_id"].isin(m["customer_id"])]
    s = paid.groupby("customer_id").agg(orders=("order_id", "size"), total_spend=("total", "sum"))
    return m.merge(s, on="customer_id", how="left")


def _pandas_table(t):
    c, o = t["customers"], t["orders"]
    s = o[o["status"] != "closed"].groupby("customer_id").agg(orders=("order_id", "size"), total_spend=("total", "sum"),
                                                                last_order_at=("ordered_at", "max"))
    return c.merge(s, on="customer_id", how="left").sort_values("customer_id")


def _pandas_tags(t):
    return t["customer_tags"].merge(t["tags"], on="tag_id").merge(t["customers"][["customer_id", "name"]],
                                                                    on="customer_id")


LOOKUP_SQL = """
SELECT c.customer_id, c.customer_code, c.name, c.gender,
       date_diff('year', c.birthday, (SELECT max(ordered_at) FROM orders)::DATE) AS age,
       c.phone, c.email, p.name_zh AS province, ci.name_zh AS city, c.address, ch.name_zh AS channel,
       c.registered_at, coalesce(s.orders, 0) AS orders, coalesce(s.total_spend, 0) AS total_spend, s.last_order_at
FROM (SELECT * FROM customers WHERE contains(name, '王') ORDER BY customer_id LIMIT 50) c
JOIN provinces p USING (province_code) JOIN cities ci USING (city_id) JOIN channels ch ON ch.channel_id = c.channel_id
LEFT JOIN (SELECT customer_id, count(*) AS orders, sum(total) AS total_spend, max(ordered_at) AS last_order_at
           FROM orders WHERE status <> 'closed'
             AND customer_id IN (SELECT customer_id FROM customers WHERE contains(name, '王')
                                 ORDER BY customer_id LIMIT 50)
           GROUP BY customer_id) s USING (customer_id)
ORDER BY c.customer_id"""

TABLE_SQL = """
SELECT c.customer_id, c.customer_code, c.name, c.gender, c.phone, p.name_zh AS province, ci.name_zh AS city,
       ch.name_zh AS channel, c.registered_at, coalesce(s.orders, 0) AS orders,
       coalesce(s.total_spend, 0) AS total_spend, s.last_order_at
FROM customers c
JOIN provinces p USING (province_code) JOIN cities ci USING (city_id) JOIN channels ch ON ch.channel_id = c.channel_id
LEFT JOIN (SELECT customer_id, count(*) AS orders, sum(total) AS total_spend, max(ordered_at) AS last_order_at
           FROM orders WHERE status <> 'closed' GROUP BY customer_id) s USING (customer_id)
ORDER BY c.customer_id"""

TAGS_SQL = """
SELECT ct.customer_id, c.name, t.name_zh AS tag, 'course' AS source
FROM customer_tags ct JOIN tags t USING (tag_id) JOIN customers c USING (customer_id)
ORDER BY ct.customer_id, source, tag"""

CASES = [
    Case(name="customers.lookup", crmkit=lambda con: customers.lookup(con, "王"), sql=LOOKUP_SQL,
         pandas=_pandas_lookup, tables=("customers", "orders"), grouped=False),
    Case(name="customers.table", crmkit=lambda con: customers.table(con), sql=TABLE_SQL,
         pandas=_pandas_table, tables=("customers", "orders"), grouped=False),
    Case(name="customers.tags", crmkit=lambda con: customers.tags(con), sql=TAGS_SQL,
         pandas=_pandas_tags, tables=("customer_tags", "tags", "customers"), grouped=False),
]
