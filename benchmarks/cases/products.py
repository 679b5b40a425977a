"""Benchmark cases of the product analyses (``crmkit.analytics.products``): crmkit against
hand-written DuckDB SQL and pandas on the same tables. (``tags``/``add_tag``/``remove_tag`` are
left out: the listing is tiny and the others write to the scratch database.)"""

from __future__ import annotations

import pandas as pd

from benchmarks.cases import Case
from crmkit.analytics import products

ITEM_TABLES = ("orders", "order_items", "products", "categories", "suppliers")


def _paid_items(t: dict) -> pd.DataFrame:
    orders = t["orders"]
    paid = orders.loc[orders["status"] != "closed", ["order_id", "ordered_at"]]
    return t["order_items"].merge(paid, on="order_id")


def _named(t: dict, df: pd.DataFrame) -> pd.DataFrame:
    p = t["products"][["product_id", "sku", "name_zh", "category_id", "supplier_id", "price", "launched_at"]]
    out = df.merge(p, on="product_id")
    out = out.merge(t["categories"][["category_id", "name_zh"]].rename(columns={"name_zh": "category"}),
                    on="category_id")
    return out.merge(t["suppliers"][["supplier_id", "name_zh"]].rename(columns={"name_zh": "supplier"}),
                     on="supplier_id")


def pd_table(t: dict) -> pd.DataFrame:
    sold = _paid_items(t).groupby("product_id").agg(quantity=("quantity", "sum"), revenue=("amount", "sum"))
    out = _named(t, t["products"][["product_id"]]).join(sold, on="product_id")
    return out.fillna({"quantity": 0, "revenue": 0}).sort_values(["category_id", "product_id"])


def pd_lookup(t: dict) -> pd.DataFrame:
    out = pd_table(t)
    p = t["products"].set_index("product_id").loc[out["product_id"]]
    hit = (p["name_zh"].str.contains("冰箱", regex=False) | p["name_en"].str.lower().str.contains("冰箱", regex=False)
           | (p["sku"].str.upper() == "冰箱")).to_numpy()
    return out[hit].sort_values("product_id")


def pd_category_sales(t: dict) -> pd.DataFrame:
    items = _paid_items(t).merge(t["products"][["product_id", "category_id"]], on="product_id")
    items["period"] = items["ordered_at"].dt.to_period("M").dt.start_time
    g = items.groupby(["period", "category_id"]).agg(order_count=("order_id", "nunique"),
                                                      quantity=("quantity", "sum"), revenue=("amount", "sum"))
    g["share"] = g["revenue"] / g.groupby(level="period")["revenue"].transform("sum")
    g = g.reset_index().merge(t["categories"][["category_id", "name_zh"]], on="category_id")
    return g.sort_values(["period", "revenue"], ascending=[True, False])


def pd_sales(t: dict) -> pd.DataFrame:
    g = _paid_items(t).groupby("product_id").agg(revenue=("amount", "sum"), quantity=("quantity", "sum"),
                                                 order_count=("order_id", "nunique"))
    g["rank"] = g["revenue"].rank(method="min", ascending=False).astype(int)
    g["share"] = g["revenue"] / g["revenue"].sum()
    g = g[g["rank"] <= 20].reset_index()
    return _named(t, g).sort_values(["rank", "product_id"])


def pd_associations(t: dict) -> pd.DataFrame:
    baskets = _paid_items(t)[["order_id", "product_id"]].drop_duplicates()
    n = baskets["order_id"].nunique()
    per = baskets.groupby("product_id").size()
    frequent = per[per >= 0.01 * n]
    fb = baskets[baskets["product_id"].isin(frequent.index)]
    pairs = fb.merge(fb, on="order_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["product_id_a"] != pairs["product_id_b"]]
    g = pairs.groupby(["product_id_a", "product_id_b"]).size().rename("pair_orders").reset_index()
    g["support"] = g["pair_orders"] / n
    g["confidence"] = g["pair_orders"] / g["product_id_a"].map(frequent)
    g["lift"] = g["confidence"] / (g["product_id_b"].map(frequent) / n)
    g = g[(g["support"] >= 0.01) & (g["confidence"] >= 0.2)]
    return g.sort_values(["lift", "confidence"], ascending=False)


CASES = [
    Case(name="products.lookup", crmkit=lambda con: products.lookup(con, "冰箱"),
         sql="""
            SELECT p.product_id, p.sku, p.name_zh AS product, c.name_zh AS category, s.name_zh AS supplier,
                   p.price, p.launched_at,
                   coalesce(sum(i.quantity), 0) AS quantity, coalesce(sum(i.amount), 0) AS revenue
            FROM products p
            JOIN categories c USING (category_id)
            JOIN suppliers s USING (supplier_id)
            LEFT JOIN (SELECT i.* FROM order_items i JOIN orders o USING (order_id) WHERE o.status <> 'closed') i
                   USING (product_id)
            WHERE p.name_zh LIKE '%冰箱%' OR lower(p.name_en) LIKE '%冰箱%' OR upper(p.sku) = '冰箱'
               OR p.product_id::VARCHAR = '冰箱'
            GROUP BY ALL
            ORDER BY p.product_id""",
         pandas=pd_lookup, tables=ITEM_TABLES, grouped=True),
    Case(name="products.table", crmkit=lambda con: products.table(con),
         sql="""
            SELECT p.product_id, p.sku, p.name_zh AS product, c.name_zh AS category, s.name_zh AS supplier,
                   p.price, p.launched_at,
                   coalesce(sum(i.quantity), 0) AS quantity, coalesce(sum(i.amount), 0) AS revenue
            FROM products p
            JOIN categories c USING (category_id)
            JOIN suppliers s USING (supplier_id)
            LEFT JOIN (SELECT i.* FROM order_items i JOIN orders o USING (order_id) WHERE o.status <> 'closed') i
                   USING (product_id)
            GROUP BY p.product_id, p.sku, p.name_zh, c.name_zh, s.name_zh, p.price, p.launched_at, p.category_id
            ORDER BY p.category_id, p.product_id""",
         pandas=pd_table, tables=ITEM_TABLES, grouped=True),
    Case(name="products.category_sales", crmkit=lambda con: products.category_sales(con, "month"),
         sql="""
            SELECT date_trunc('month', o.ordered_at) AS period, p.category_id, c.name_zh AS category,
                   count(DISTINCT i.order_id) AS order_count, sum(i.quantity) AS quantity, sum(i.amount) AS revenue,
                   sum(i.amount) / sum(sum(i.amount)) OVER (PARTITION BY date_trunc('month', o.ordered_at)) AS share
            FROM order_items i
            JOIN orders o USING (order_id)
            JOIN products p USING (product_id)
            JOIN categories c ON c.category_id = p.category_id
            WHERE o.status <> 'closed'
            GROUP BY 1, 2, 3
            ORDER BY period, revenue DESC""",
         pandas=pd_category_sales, tables=ITEM_TABLES, grouped=True),
    Case(name="products.sales", crmkit=lambda con: products.sales(con, 20),
         sql="""
            WITH per AS (
                SELECT i.product_id, sum(i.amount) AS revenue, sum(i.quantity) AS quantity,
                       count(DISTINCT i.order_id) AS order_count
                FROM order_items i JOIN orders o USING (order_id)
                WHERE o.status <> 'closed'
                GROUP BY i.product_id)
            SELECT rank() OVER (ORDER BY revenue DESC) AS rank, per.*, p.sku, p.name_zh, c.name_zh AS category,
                   revenue / sum(revenue) OVER () AS share
            FROM per JOIN products p USING (product_id) JOIN categories c USING (category_id)
            QUALIFY rank <= 20
            ORDER BY rank, product_id""",
         pandas=pd_sales, tables=ITEM_TABLES, grouped=True),
    Case(name="products.associations", crmkit=lambda con: products.associations(con, 0.01, 0.2),
         sql="""
            WITH baskets AS (
                SELECT DISTINCT i.order_id, i.product_id
                FROM order_items i JOIN orders o USING (order_id) WHERE o.status <> 'closed'),
            n AS (SELECT count(DISTINCT order_id) AS n FROM baskets),
            single AS (SELECT product_id, count(*) AS k FROM baskets GROUP BY product_id
                       HAVING count(*) >= 0.01 * (SELECT n FROM n)),
            fb AS (SELECT * FROM baskets WHERE product_id IN (SELECT product_id FROM single)),
            pairs AS (SELECT a.product_id AS a, b.product_id AS b, count(*) AS both_orders
                      FROM fb a JOIN fb b ON a.order_id = b.order_id AND a.product_id <> b.product_id
                      GROUP BY ALL)
            SELECT pairs.a, pairs.b, both_orders, both_orders / n AS support, both_orders / sa.k AS confidence,
                   (both_orders / sa.k) / (sb.k / n) AS lift
            FROM pairs JOIN single sa ON sa.product_id = pairs.a JOIN single sb ON sb.product_id = pairs.b, n
            WHERE both_orders / n >= 0.01 AND both_orders / sa.k >= 0.2
            ORDER BY lift DESC, confidence DESC""",
         pandas=pd_associations, tables=("orders", "order_items"), grouped=True),
]
