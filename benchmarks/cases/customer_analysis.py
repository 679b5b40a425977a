"""Benchmark cases of the customer analyses (``crmkit.analytics.customer_analysis``, used as
``ck.customers.<name>``): crmkit against hand-written DuckDB SQL and pandas on the same tables.

Every variant of ``by`` runs different SQL, so ``classify`` and ``aov`` have one case per variant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.cases import Case
from crmkit.analytics import customer_analysis as ca

# --- pandas helpers --------------------------------------------------------------------------------


def _paid(t: dict) -> pd.DataFrame:
    orders = t["orders"]
    return orders[orders["status"] != "closed"]


def _per_customer(t: dict) -> pd.DataFrame:
    """Every customer with paid orders and spend (0 when they never paid)."""
    per = _paid(t).groupby("customer_id")["total"].agg(orders="size", spend="sum")
    out = t["customers"].join(per, on="customer_id")
    out[["orders", "spend"]] = out[["orders", "spend"]].fillna(0)
    return out


def _summary(customers: pd.DataFrame, key, n_customers: int) -> pd.DataFrame:
    g = customers.groupby(key, observed=False).agg(customer_count=("customer_id", "size"),
                                                   order_count=("orders", "sum"), revenue=("spend", "sum"))
    g["share"] = g["customer_count"] / n_customers
    return g.reset_index()


def pd_classify_bands(t: dict, column: str, edges: list[float]) -> pd.DataFrame:
    c = _per_customer(t)
    band = pd.cut(c[column], edges, right=False)
    return _summary(c.assign(band=band), "band", len(c))


def pd_classify_dimension(t: dict, key: str, table: str) -> pd.DataFrame:
    c = _per_customer(t)
    g = _summary(c, key, len(c))
    return t[table][[key, "name_zh"]].merge(g, on=key, how="left").fillna(0)


def pd_classify_tag(t: dict) -> pd.DataFrame:
    c = _per_customer(t)
    tagged = t["customer_tags"].merge(c, on="customer_id")
    g = _summary(tagged, "tag_id", len(c))
    tags = t["tags"][t["tags"]["target"] == "customer"]
    return tags[["tag_id", "name_zh"]].merge(g, on="tag_id", how="left").fillna(0)


def pd_levels(t: dict) -> pd.DataFrame:
    c = _per_customer(t)
    level = pd.cut(c["spend"], [-np.inf, 1000, 5000, 20000, np.inf], right=False,
                   labels=["regular", "silver", "gold", "diamond"])
    g = c.assign(level=level).groupby("level", observed=False).agg(customer_count=("customer_id", "size"),
                                                                   revenue=("spend", "sum"))
    g["share"] = g["customer_count"] / len(c)
    g["spend_per_customer"] = (g["revenue"] / g["customer_count"].replace(0, np.nan)).round(2)
    return g.reset_index()


def _buyer_months(t: dict) -> pd.DataFrame:
    paid = _paid(t)
    months = paid.assign(period=paid["ordered_at"].dt.to_period("M"))
    per = months.groupby(["customer_id", "period"])["total"].sum().rename("revenue").reset_index()
    first = per.groupby("customer_id")["period"].transform("min")
    return per.assign(new=per["period"] == first)


def pd_repurchase(t: dict) -> pd.DataFrame:
    bm = _buyer_months(t)
    g = bm.groupby("period").agg(customer_count=("customer_id", "size"), new=("new", "sum"))
    g["repurchasing_customers"] = g["customer_count"] - g["new"]
    g["repurchase_rate"] = g["repurchasing_customers"] / g["customer_count"]
    return g.reset_index()


def pd_new_vs_returning(t: dict) -> pd.DataFrame:
    bm = _buyer_months(t)
    bm["new_revenue"] = bm["revenue"].where(bm["new"], 0)
    bm["returning_revenue"] = bm["revenue"].where(~bm["new"], 0)
    g = bm.groupby("period").agg(customer_count=("customer_id", "size"), new_customers=("new", "sum"),
                                 new_customer_revenue=("new_revenue", "sum"),
                                 returning_customer_revenue=("returning_revenue", "sum"))
    g["returning_customers"] = g["customer_count"] - g["new_customers"]
    g["new_customer_share"] = g["new_customers"] / g["customer_count"]
    g["returning_customer_share"] = g["returning_customers"] / g["customer_count"]
    return g.reset_index()


def pd_purchase_counts(t: dict) -> pd.DataFrame:
    counts = _paid(t).groupby("customer_id").size().clip(upper=10)
    dist = counts.value_counts().reindex(range(1, 11), fill_value=0)
    return pd.DataFrame({"purchases": dist.index, "customer_count": dist.to_numpy(),
                         "share": dist.to_numpy() / len(counts)})


def pd_churn(t: dict, days: int = 180) -> pd.DataFrame:
    today = t["orders"]["ordered_at"].max().normalize()
    per = _paid(t).groupby("customer_id").agg(orders=("total", "size"), total_spend=("total", "sum"),
                                              last_order_at=("ordered_at", "max"))
    per["days_since_last_order"] = (today - per["last_order_at"].dt.normalize()).dt.days
    churned = per[per["days_since_last_order"] > days].reset_index()
    out = churned.merge(t["customers"][["customer_id", "name", "phone"]], on="customer_id")
    return out.sort_values(["total_spend", "customer_id"], ascending=[False, True])


def pd_by_region(t: dict) -> pd.DataFrame:
    c = _per_customer(t)
    g = c.assign(buyer=c["orders"] > 0).groupby("province_code").agg(
        customer_count=("customer_id", "size"), buyer_count=("buyer", "sum"), order_count=("orders", "sum"),
        revenue=("spend", "sum"))
    out = t["provinces"][["province_code", "name_zh"]].merge(g.reset_index(), on="province_code", how="left").fillna(0)
    out["share"] = out["revenue"] / out["revenue"].sum()
    out["aov"] = (out["revenue"] / out["order_count"].replace(0, np.nan)).round(2)
    return out.sort_values(["revenue", "province_code"], ascending=[False, True])


def _aov(g: pd.DataFrame) -> pd.DataFrame:
    g["aov"] = (g["revenue"] / g["order_count"]).round(2)
    return g.reset_index()


def pd_aov(t: dict) -> pd.DataFrame:
    paid = _paid(t)
    return pd.DataFrame({"order_count": [len(paid)], "revenue": [paid["total"].sum()],
                         "aov": [round(paid["total"].sum() / len(paid), 2)]})


def pd_aov_by(t: dict, by: str) -> pd.DataFrame:
    paid = _paid(t)
    if by == "channel":
        key = paid["channel_id"]
    elif by == "province":
        key = paid["customer_id"].map(t["customers"].set_index("customer_id")["province_code"])
    else:
        key = paid["ordered_at"].dt.to_period("M")
    return _aov(paid.groupby(key)["total"].agg(order_count="size", revenue="sum"))


def pd_aov_by_category(t: dict) -> pd.DataFrame:
    paid_ids = _paid(t)["order_id"]
    items = t["order_items"][t["order_items"]["order_id"].isin(paid_ids)]
    items = items.merge(t["products"][["product_id", "category_id"]], on="product_id")
    per_order = items.groupby(["order_id", "category_id"])["amount"].sum().reset_index()
    return _aov(per_order.groupby("category_id")["amount"].agg(order_count="size", revenue="sum"))


def pd_revenue_share(t: dict) -> pd.DataFrame:
    rev = _paid(t).groupby("customer_id")["total"].sum().rename("revenue").reset_index()
    rev = rev.sort_values(["revenue", "customer_id"], ascending=[False, True], ignore_index=True)
    total = rev["revenue"].sum()
    rev["rank"] = np.arange(1, len(rev) + 1)
    rev["share"] = rev["revenue"] / total
    rev["cumulative_share"] = rev["revenue"].cumsum() / total
    rev["cumulative_customer_share"] = rev["rank"] / len(rev)
    return rev.merge(t["customers"][["customer_id", "name"]], on="customer_id").sort_values("rank")


# --- hand-written SQL ------------------------------------------------------------------------------

_PER_CUSTOMER = """
    SELECT c.*, count(o.order_id) AS n, coalesce(sum(o.total), 0) AS spend
    FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status <> 'closed'
    GROUP BY ALL
"""

SQL_CLASSIFY_FREQUENCY = f"""
SELECT CASE WHEN n = 0 THEN '0' WHEN n = 1 THEN '1' WHEN n <= 3 THEN '2-3' WHEN n <= 9 THEN '4-9'
            ELSE '10+' END AS segment,
       count(*) AS customers, count(*) / sum(count(*)) OVER () AS share, sum(n) AS orders, sum(spend) AS revenue
FROM ({_PER_CUSTOMER.replace("c.*", "c.customer_id")})
GROUP BY segment
"""

SQL_CLASSIFY_SPEND = f"""
SELECT CASE WHEN spend = 0 THEN '0' WHEN spend < 500 THEN '<500' WHEN spend < 2000 THEN '500-2000'
            WHEN spend < 10000 THEN '2000-10000' ELSE '10000+' END AS segment,
       count(*) AS customers, count(*) / sum(count(*)) OVER () AS share, sum(n) AS orders, sum(spend) AS revenue
FROM ({_PER_CUSTOMER.replace("c.*", "c.customer_id")})
GROUP BY segment
"""


def _sql_classify_dimension(key: str, table: str) -> str:
    return f"""
SELECT d.name_zh AS segment, count(x.customer_id) AS customers,
       count(x.customer_id) / (SELECT count(*) FROM customers) AS share,
       coalesce(sum(x.n), 0) AS orders, coalesce(sum(x.spend), 0) AS revenue
FROM {table} d LEFT JOIN ({_PER_CUSTOMER.replace("c.*", f"c.customer_id, c.{key}")}) x USING ({key})
GROUP BY d.{key}, d.name_zh ORDER BY d.{key}
"""


SQL_CLASSIFY_TAG = f"""
SELECT t.name_zh AS segment, count(x.customer_id) AS customers,
       count(x.customer_id) / (SELECT count(*) FROM customers) AS share,
       coalesce(sum(x.n), 0) AS orders, coalesce(sum(x.spend), 0) AS revenue
FROM tags t
LEFT JOIN customer_tags ct USING (tag_id)
LEFT JOIN ({_PER_CUSTOMER.replace("c.*", "c.customer_id")}) x ON x.customer_id = ct.customer_id
WHERE t.target = 'customer'
GROUP BY t.tag_id, t.name_zh ORDER BY t.tag_id
"""

SQL_LEVELS = f"""
SELECT CASE WHEN spend >= 20000 THEN 'diamond' WHEN spend >= 5000 THEN 'gold' WHEN spend >= 1000 THEN 'silver'
            ELSE 'regular' END AS level,
       count(*) AS customers, count(*) / sum(count(*)) OVER () AS share, sum(spend) AS revenue,
       round(avg(spend), 2) AS spend_per_customer
FROM ({_PER_CUSTOMER.replace("c.*", "c.customer_id")})
GROUP BY level
"""

SQL_REPURCHASE = """
WITH m AS (
    SELECT customer_id, date_trunc('month', ordered_at) AS period,
           min(date_trunc('month', ordered_at)) OVER (PARTITION BY customer_id) AS first_period
    FROM orders WHERE status <> 'closed'
    GROUP BY customer_id, date_trunc('month', ordered_at)
)
SELECT period, count(*) AS buyers, count(*) FILTER (WHERE first_period < period) AS repurchasing,
       avg((first_period < period)::INT) AS rate
FROM m GROUP BY period ORDER BY period
"""

SQL_NEW_VS_RETURNING = """
WITH m AS (
    SELECT customer_id, date_trunc('month', ordered_at) AS period, sum(total) AS revenue,
           min(date_trunc('month', ordered_at)) OVER (PARTITION BY customer_id) AS first_period
    FROM orders WHERE status <> 'closed'
    GROUP BY customer_id, date_trunc('month', ordered_at)
)
SELECT period, count(*) AS buyers,
       count(*) FILTER (WHERE period = first_period) AS new_customers,
       count(*) FILTER (WHERE period > first_period) AS returning_customers,
       avg((period = first_period)::INT) AS new_share, avg((period > first_period)::INT) AS returning_share,
       sum(revenue) FILTER (WHERE period = first_period) AS new_revenue,
       sum(revenue) FILTER (WHERE period > first_period) AS returning_revenue
FROM m GROUP BY period ORDER BY period
"""

SQL_PURCHASE_COUNTS = """
SELECT CASE WHEN n >= 10 THEN '10+' ELSE n::VARCHAR END AS purchases, count(*) AS customers,
       count(*) / sum(count(*)) OVER () AS share
FROM (SELECT customer_id, count(*) AS n FROM orders WHERE status <> 'closed' GROUP BY customer_id)
GROUP BY least(n, 10), purchases ORDER BY least(n, 10)
"""

SQL_CHURN = """
SELECT c.customer_id, c.name, c.phone, max(o.ordered_at) AS last_order_at,
       date_diff('day', max(o.ordered_at)::DATE, (SELECT max(ordered_at)::DATE FROM orders)) AS days,
       count(*) AS orders, sum(o.total) AS total_spend
FROM orders o JOIN customers c USING (customer_id)
WHERE o.status <> 'closed'
GROUP BY c.customer_id, c.name, c.phone
HAVING days > $days
ORDER BY total_spend DESC, c.customer_id
"""

SQL_BY_REGION = f"""
SELECT p.name_zh AS province, count(x.customer_id) AS customers, count(x.customer_id) FILTER (WHERE x.n > 0) AS buyers,
       coalesce(sum(x.n), 0) AS orders, coalesce(sum(x.spend), 0) AS revenue,
       coalesce(sum(x.spend), 0) / sum(sum(x.spend)) OVER () AS share,
       round(sum(x.spend) / nullif(sum(x.n), 0), 2) AS aov
FROM provinces p LEFT JOIN ({_PER_CUSTOMER.replace("c.*", "c.customer_id, c.province_code")}) x USING (province_code)
GROUP BY p.province_code, p.name_zh
ORDER BY revenue DESC, p.province_code
"""

SQL_AOV = "SELECT count(*), sum(total), round(avg(total), 2) FROM orders WHERE status <> 'closed'"

SQL_AOV_BY_CHANNEL = """
SELECT ch.name_zh, count(*), sum(o.total), round(avg(o.total), 2) AS aov
FROM orders o JOIN channels ch USING (channel_id) WHERE o.status <> 'closed'
GROUP BY ch.channel_id, ch.name_zh ORDER BY aov DESC
"""

SQL_AOV_BY_PROVINCE = """
SELECT p.name_zh, count(*), sum(o.total), round(avg(o.total), 2) AS aov
FROM orders o JOIN customers c USING (customer_id) JOIN provinces p USING (province_code)
WHERE o.status <> 'closed'
GROUP BY p.province_code, p.name_zh ORDER BY aov DESC
"""

SQL_AOV_BY_MONTH = """
SELECT date_trunc('month', ordered_at) AS month, count(*), sum(total), round(avg(total), 2)
FROM orders WHERE status <> 'closed' GROUP BY month ORDER BY month
"""

SQL_AOV_BY_CATEGORY = """
SELECT ca.name_zh, count(DISTINCT i.order_id) AS orders, sum(i.amount) AS revenue,
       round(sum(i.amount) / count(DISTINCT i.order_id), 2) AS aov
FROM order_items i
JOIN orders o USING (order_id)
JOIN products p USING (product_id)
JOIN categories ca USING (category_id)
WHERE o.status <> 'closed'
GROUP BY ca.category_id, ca.name_zh ORDER BY aov DESC
"""

SQL_REVENUE_SHARE = """
SELECT row_number() OVER w AS rank, o.customer_id, c.name, sum(o.total) AS revenue,
       sum(o.total) / sum(sum(o.total)) OVER () AS share,
       sum(sum(o.total)) OVER w / sum(sum(o.total)) OVER () AS cumulative_share,
       row_number() OVER w / count(*) OVER () AS cumulative_customer_share
FROM orders o JOIN customers c USING (customer_id)
WHERE o.status <> 'closed'
GROUP BY o.customer_id, c.name
WINDOW w AS (ORDER BY sum(o.total) DESC, o.customer_id ROWS UNBOUNDED PRECEDING)
ORDER BY rank
"""

_ORDERS = ("orders",)
_ORDERS_CUSTOMERS = ("orders", "customers")

CASES = [
    Case(name="customers.classify.frequency", crmkit=lambda con: ca.classify(con, "frequency"),
         sql=SQL_CLASSIFY_FREQUENCY, tables=_ORDERS_CUSTOMERS,
         pandas=lambda t: pd_classify_bands(t, "orders", [0, 1, 2, 4, 10, np.inf])),
    Case(name="customers.classify.spend", crmkit=lambda con: ca.classify(con, "spend"),
         sql=SQL_CLASSIFY_SPEND, tables=_ORDERS_CUSTOMERS,
         pandas=lambda t: pd_classify_bands(t, "spend", [-np.inf, 0.005, 500, 2000, 10000, np.inf])),
    Case(name="customers.classify.source", crmkit=lambda con: ca.classify(con, "source"),
         sql=_sql_classify_dimension("source_id", "sources"), tables=("orders", "customers", "sources"),
         pandas=lambda t: pd_classify_dimension(t, "source_id", "sources")),
    Case(name="customers.classify.channel", crmkit=lambda con: ca.classify(con, "channel"),
         sql=_sql_classify_dimension("channel_id", "channels"), tables=("orders", "customers", "channels"),
         pandas=lambda t: pd_classify_dimension(t, "channel_id", "channels")),
    Case(name="customers.classify.tag", crmkit=lambda con: ca.classify(con, "tag"),
         sql=SQL_CLASSIFY_TAG, tables=("orders", "customers", "customer_tags", "tags"), pandas=pd_classify_tag),
    Case(name="customers.levels", crmkit=lambda con: ca.levels(con), sql=SQL_LEVELS,
         tables=_ORDERS_CUSTOMERS, pandas=pd_levels),
    Case(name="customers.repurchase", crmkit=lambda con: ca.repurchase(con, "month"), sql=SQL_REPURCHASE,
         tables=_ORDERS, pandas=pd_repurchase),
    Case(name="customers.purchase_counts", crmkit=ca.purchase_counts, sql=SQL_PURCHASE_COUNTS,
         tables=_ORDERS, pandas=pd_purchase_counts),
    Case(name="customers.churn", crmkit=lambda con: ca.churn(con, 180), sql=SQL_CHURN, params={"days": 180},
         tables=_ORDERS_CUSTOMERS, pandas=lambda t: pd_churn(t, 180), grouped=True),
    Case(name="customers.by_region", crmkit=ca.by_region, sql=SQL_BY_REGION,
         tables=("orders", "customers", "provinces"), pandas=pd_by_region),
    Case(name="customers.aov", crmkit=lambda con: ca.aov(con), sql=SQL_AOV, tables=_ORDERS, pandas=pd_aov),
    Case(name="customers.aov.channel", crmkit=lambda con: ca.aov(con, "channel"), sql=SQL_AOV_BY_CHANNEL,
         tables=_ORDERS, pandas=lambda t: pd_aov_by(t, "channel")),
    Case(name="customers.aov.province", crmkit=lambda con: ca.aov(con, "province"), sql=SQL_AOV_BY_PROVINCE,
         tables=_ORDERS_CUSTOMERS, pandas=lambda t: pd_aov_by(t, "province")),
    Case(name="customers.aov.month", crmkit=lambda con: ca.aov(con, "month"), sql=SQL_AOV_BY_MONTH,
         tables=_ORDERS, pandas=lambda t: pd_aov_by(t, "month")),
    Case(name="customers.aov.category", crmkit=lambda con: ca.aov(con, "category"), sql=SQL_AOV_BY_CATEGORY,
         tables=("orders", "order_items", "products"), pandas=pd_aov_by_category),
    Case(name="customers.new_vs_returning", crmkit=lambda con: ca.new_vs_returning(con, "month"),
         sql=SQL_NEW_VS_RETURNING, tables=_ORDERS, pandas=pd_new_vs_returning),
    Case(name="customers.revenue_share", crmkit=ca.revenue_share, sql=SQL_REVENUE_SHARE,
         tables=_ORDERS_CUSTOMERS, pandas=pd_revenue_share),
]
