"""Benchmark cases of the order analyses (``crmkit.analytics.orders``): crmkit against
hand-written DuckDB SQL and pandas on the same tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.cases import MASKED_PHONE_SQL, Case, masked_phone
from crmkit.analytics import orders

DAY = "2026-06-18"  # a day inside the generated data (it runs from 2024-11 to 2026-10)
STATUS = {"closed": "交易关闭", "paid": "已付款", "shipped": "已发货", "completed": "交易成功"}


def pd_lookup(t: dict) -> pd.DataFrame:
    o = t["orders"][t["orders"]["customer_id"] == 1]
    items = t["order_items"][t["order_items"]["order_id"].isin(o["order_id"])]
    n = items.groupby("order_id")["quantity"].sum().rename("item_count")
    out = o.join(n, on="order_id").merge(t["channels"][["channel_id", "name_zh"]], on="channel_id")
    out["status_name"] = out["status"].map(STATUS)
    return out.sort_values(["ordered_at", "order_id"], ascending=False)


def pd_returns(t: dict) -> pd.DataFrame:
    r = t["returns"].merge(t["orders"][["order_id", "customer_id"]], on="order_id")
    r = r.merge(t["customers"][["customer_id", "name"]], on="customer_id")
    r = r.merge(t["products"][["product_id", "name_zh"]], on="product_id")
    r = r.merge(t["return_reasons"].rename(columns={"name_zh": "reason"})[["reason_code", "reason"]],
                on="reason_code")
    r["kind"] = r["kind"].map({"return": "退货", "exchange": "换货"})
    return r.sort_values(["requested_at", "return_id"], ascending=False)


def pd_returns_by_month(t: dict) -> pd.DataFrame:
    r = t["returns"].assign(period=t["returns"]["requested_at"].dt.to_period("M").dt.start_time)
    g = r.groupby(["period", "kind"]).agg(returns=("return_id", "size"), refund=("refund", "sum")).reset_index()
    return g.sort_values(["period", "kind"], ascending=[True, False])


def pd_closed(t: dict) -> pd.DataFrame:
    o = t["orders"][t["orders"]["status"] == "closed"]
    items = t["order_items"][t["order_items"]["order_id"].isin(o["order_id"])]
    n = items.groupby("order_id")["quantity"].sum().rename("item_count")
    out = o.join(n, on="order_id").merge(t["customers"][["customer_id", "name"]], on="customer_id")
    return out.sort_values(["ordered_at", "order_id"], ascending=False)


def _notices(t: dict, column: str) -> pd.DataFrame:
    day = pd.Timestamp(DAY)
    o = t["orders"][(t["orders"][column] >= day) & (t["orders"][column] < day + pd.Timedelta(days=1))]
    items = t["order_items"][t["order_items"]["order_id"].isin(o["order_id"])].merge(
        t["products"][["product_id", "name_zh"]], on="product_id").sort_values(["order_id", "line_no"])
    items["text"] = items["name_zh"] + " ×" + items["quantity"].astype(str)
    per = items.groupby("order_id").agg(item_list=("text", "; ".join), item_count=("quantity", "sum"))
    out = o.join(per, on="order_id").merge(t["customers"][["customer_id", "name", "phone"]], on="customer_id")
    out["phone"] = masked_phone(out["phone"])
    return out.sort_values([column, "order_id"])


def pd_trend(t: dict) -> pd.DataFrame:
    o = t["orders"]
    paid = o[o["status"] != "closed"]
    s = paid.groupby(paid["ordered_at"].dt.to_period("M"))["total"].sum().astype(float)
    first, last = o["ordered_at"].min(), o["ordered_at"].max()
    s = s.reindex(pd.period_range(first.to_period("M"), last.to_period("M")), fill_value=0.0)
    complete = [(p.start_time >= first.normalize()) and (p.end_time.normalize() <= last.normalize())
                for p in s.index]
    x = np.arange(len(s))
    slope, intercept = np.polyfit(x[complete], s.to_numpy()[complete], 1)
    ahead = np.arange(len(s), len(s) + 3)
    fc = pd.Series(np.maximum(intercept + slope * ahead, 0),
                   index=pd.period_range(s.index[-1] + 1, periods=3))
    return pd.concat([s.to_frame("value").assign(kind="actual"), fc.to_frame("value").assign(kind="forecast")])


NOTICE_SQL = """
    SELECT o.order_id, o.customer_id, c.name, {phone} AS phone,
           ch.name_zh AS channel,
           string_agg(p.name_zh || ' ×' || i.quantity, '; ' ORDER BY i.line_no) AS item_list,
           sum(i.quantity) AS item_count, o.{col}
    FROM orders o
    JOIN customers c USING (customer_id)
    JOIN channels ch ON ch.channel_id = o.channel_id
    JOIN order_items i ON i.order_id = o.order_id
    JOIN products p ON p.product_id = i.product_id
    WHERE o.{col} >= DATE '{day}' AND o.{col} < DATE '{day}' + INTERVAL 1 DAY
    GROUP BY ALL
    ORDER BY o.{col}, o.order_id"""

CASES = [
    Case(name="orders.lookup", crmkit=lambda con: orders.lookup(con, customer_id=1),
         sql="""
            SELECT o.order_id, o.customer_id, c.name, ch.name_zh AS channel, o.status,
                   CASE o.status WHEN 'closed' THEN '交易关闭' WHEN 'paid' THEN '已付款' WHEN 'shipped' THEN '已发货'
                        ELSE '交易成功' END AS status_name,
                   o.ordered_at, o.paid_at, o.shipped_at, o.delivered_at, o.items_amount, o.discount, o.total,
                   (SELECT sum(quantity) FROM order_items i WHERE i.order_id = o.order_id) AS item_count
            FROM orders o JOIN customers c USING (customer_id) JOIN channels ch ON ch.channel_id = o.channel_id
            WHERE o.customer_id = 1
            ORDER BY o.ordered_at DESC, o.order_id DESC""",
         pandas=pd_lookup, tables=("orders", "order_items", "channels"), grouped=False),
    Case(name="orders.returns", crmkit=lambda con: orders.returns(con),
         sql="""
            SELECT r.return_id, r.order_id, o.customer_id, c.name, p.name_zh AS product,
                   CASE r.kind WHEN 'return' THEN '退货' ELSE '换货' END AS kind, rr.name_zh AS reason,
                   r.requested_at, r.refund
            FROM returns r JOIN orders o USING (order_id) JOIN customers c USING (customer_id)
            JOIN products p ON p.product_id = r.product_id JOIN return_reasons rr USING (reason_code)
            ORDER BY r.requested_at DESC, r.return_id DESC""",
         pandas=pd_returns, tables=("returns", "orders", "customers", "products", "return_reasons"), grouped=False),
    Case(name="orders.returns_by_month", crmkit=lambda con: orders.returns(con, "month"),
         sql="""
            SELECT date_trunc('month', requested_at) AS period,
                   CASE kind WHEN 'return' THEN '退货' ELSE '换货' END AS kind_name,
                   count(*) AS returns, sum(refund) AS refund
            FROM returns GROUP BY period, kind ORDER BY period, kind DESC""",
         pandas=pd_returns_by_month, tables=("returns",), grouped=True),
    Case(name="orders.closed", crmkit=lambda con: orders.closed(con),
         sql="""
            SELECT o.order_id, o.customer_id, c.name, ch.name_zh AS channel, o.ordered_at, o.items_amount,
                   o.discount, o.total, sum(i.quantity) AS item_count
            FROM orders o JOIN customers c USING (customer_id) JOIN channels ch ON ch.channel_id = o.channel_id
            JOIN order_items i ON i.order_id = o.order_id
            WHERE o.status = 'closed'
            GROUP BY ALL
            ORDER BY o.ordered_at DESC, o.order_id DESC""",
         pandas=pd_closed, tables=("orders", "order_items", "customers"), grouped=False),
    Case(name="orders.shipping_notices", crmkit=lambda con: orders.shipping_notices(con, DAY),
         sql=NOTICE_SQL.format(col="shipped_at", day=DAY, phone=MASKED_PHONE_SQL),
         pandas=lambda t: _notices(t, "shipped_at"), tables=("orders", "order_items", "products", "customers"),
         grouped=False),
    Case(name="orders.delivery_notices", crmkit=lambda con: orders.delivery_notices(con, DAY),
         sql=NOTICE_SQL.format(col="delivered_at", day=DAY, phone=MASKED_PHONE_SQL),
         pandas=lambda t: _notices(t, "delivered_at"), tables=("orders", "order_items", "products", "customers"),
         grouped=False),
    Case(name="orders.trend", crmkit=lambda con: orders.trend(con, "month", "revenue"),
         sql="""
            WITH m AS (
                SELECT date_trunc('month', ordered_at) AS period, sum(total)::DOUBLE AS value
                FROM orders WHERE status <> 'closed' GROUP BY 1),
            bounds AS (SELECT min(ordered_at)::DATE AS lo, max(ordered_at)::DATE + 1 AS hi FROM orders),
            a AS (
                SELECT period, value, row_number() OVER (ORDER BY period) - 1 AS x,
                       period >= lo AND period + INTERVAL 1 MONTH <= hi AS complete
                FROM m, bounds),
            fit AS (SELECT regr_slope(value, x) FILTER (WHERE complete) AS b,
                           regr_intercept(value, x) FILTER (WHERE complete) AS a0,
                           max(x) AS last_x, max(period) AS last_p FROM a)
            SELECT period, value, 'actual' AS kind FROM a
            UNION ALL
            SELECT last_p + k * INTERVAL 1 MONTH, greatest(a0 + b * (last_x + k), 0), 'forecast'
            FROM fit, range(1, 4) r(k)
            ORDER BY 1""",
         pandas=pd_trend, tables=("orders",), grouped=True),
]
