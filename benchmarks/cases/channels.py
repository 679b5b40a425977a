"""Benchmark cases of the channel analyses (``crmkit.analytics.channels``): crmkit against
hand-written DuckDB SQL and pandas on the same tables."""

from __future__ import annotations

import pandas as pd

from benchmarks.cases import Case
from crmkit.analytics import channels


def _paid(t: dict) -> pd.DataFrame:
    orders = t["orders"]
    return orders[orders["status"] != "closed"]


def _last_orders(t: dict) -> pd.DataFrame:
    today = t["orders"]["ordered_at"].max().normalize()
    per = _paid(t).groupby("channel_id").agg(order_count=("order_id", "size"), revenue=("total", "sum"),
                                             last_order_at=("ordered_at", "max"))
    out = t["channels"].join(per, on="channel_id")
    out["days_since_last_order"] = (today - out["last_order_at"].dt.normalize()).dt.days
    return out


def pd_table(t: dict) -> pd.DataFrame:
    out = _last_orders(t)
    out["status"] = (out["days_since_last_order"].isna() | (out["days_since_last_order"] > 90)).map(
        {True: "dormant", False: "active"})
    return out.sort_values("channel_id")


def pd_dormant(t: dict) -> pd.DataFrame:
    out = _last_orders(t)
    out = out[out["days_since_last_order"].isna() | (out["days_since_last_order"] > 90)]
    return out.sort_values(["days_since_last_order", "channel_id"], ascending=[False, True], na_position="first")


def pd_sales(t: dict) -> pd.DataFrame:
    paid = _paid(t)
    paid = paid.assign(period=paid["ordered_at"].dt.to_period("M").dt.start_time)
    g = paid.groupby(["period", "channel_id"]).agg(order_count=("order_id", "size"), revenue=("total", "sum"))
    g["share"] = g["revenue"] / g.groupby(level="period")["revenue"].transform("sum")
    return g.reset_index().merge(t["channels"][["channel_id", "name_zh"]], on="channel_id")


def pd_return_rate(t: dict) -> pd.DataFrame:
    paid = _paid(t)
    paid = paid.assign(returned=paid["order_id"].isin(t["returns"]["order_id"]))
    g = paid.groupby("channel_id").agg(order_count=("order_id", "size"), returned_orders=("returned", "sum"))
    g["return_rate"] = g["returned_orders"] / g["order_count"]
    return t["channels"][["channel_id", "name_zh"]].join(g, on="channel_id")


def pd_customers(t: dict) -> pd.DataFrame:
    paid = _paid(t).sort_values(["customer_id", "ordered_at", "order_id"])
    first = paid.groupby("customer_id")["order_id"].transform("first")
    paid = paid.assign(is_first=paid["order_id"] == first)
    new = paid[paid["is_first"]].groupby("channel_id").size().rename("new_customers")
    returning = paid[~paid["is_first"]].groupby("channel_id")["customer_id"].nunique().rename("returning_customers")
    g = paid.groupby("channel_id").agg(order_count=("order_id", "size"), revenue=("total", "sum"))
    g["aov"] = g["revenue"] / g["order_count"]
    return t["channels"][["channel_id", "name_zh"]].join(new, on="channel_id").join(
        returning, on="channel_id").join(g, on="channel_id")


CASES = [
    Case(name="channels.table", crmkit=lambda con: channels.table(con),
         sql="""
            SELECT ch.channel_id, ch.code, ch.name_zh, ch.kind, ch.opened_at, ch.closed_at,
                   CASE WHEN max(o.ordered_at) IS NULL
                          OR max(o.ordered_at)::DATE < (SELECT max(ordered_at) FROM orders)::DATE - 90
                        THEN 'dormant' ELSE 'active' END AS status,
                   count(o.order_id) AS order_count, coalesce(sum(o.total), 0) AS revenue,
                   max(o.ordered_at) AS last_order_at,
                   (SELECT max(ordered_at) FROM orders)::DATE - max(o.ordered_at)::DATE AS days_since_last_order
            FROM channels ch
            LEFT JOIN orders o ON o.channel_id = ch.channel_id AND o.status <> 'closed'
            GROUP BY ALL
            ORDER BY ch.channel_id""",
         pandas=pd_table, tables=("channels", "orders"), grouped=True),
    Case(name="channels.dormant", crmkit=lambda con: channels.dormant(con, 90),
         sql="""
            WITH last AS (
                SELECT ch.channel_id, ch.code, ch.name_zh, ch.kind, ch.opened_at, ch.closed_at,
                       max(o.ordered_at) AS last_order_at
                FROM channels ch
                LEFT JOIN orders o ON o.channel_id = ch.channel_id AND o.status <> 'closed'
                GROUP BY ALL)
            SELECT *, (SELECT max(ordered_at) FROM orders)::DATE - last_order_at::DATE AS days_since_last_order
            FROM last
            WHERE last_order_at IS NULL
               OR last_order_at::DATE < (SELECT max(ordered_at) FROM orders)::DATE - $days
            ORDER BY days_since_last_order DESC NULLS FIRST, channel_id""",
         pandas=pd_dormant, tables=("channels", "orders"), grouped=True, params={"days": 90}),
    Case(name="channels.sales", crmkit=lambda con: channels.sales(con, "month"),
         sql="""
            SELECT date_trunc('month', o.ordered_at) AS period, o.channel_id, ch.name_zh,
                   count(*) AS order_count, sum(o.total) AS revenue,
                   sum(o.total) / sum(sum(o.total)) OVER (PARTITION BY date_trunc('month', o.ordered_at)) AS share
            FROM orders o JOIN channels ch ON ch.channel_id = o.channel_id
            WHERE o.status <> 'closed'
            GROUP BY 1, 2, 3
            ORDER BY 1, 2""",
         pandas=pd_sales, tables=("channels", "orders"), grouped=True),
    Case(name="channels.return_rate", crmkit=lambda con: channels.return_rate(con),
         sql="""
            SELECT ch.channel_id, ch.name_zh, count(o.order_id) AS order_count,
                   count(o.order_id) FILTER (WHERE o.order_id IN (SELECT order_id FROM returns)) AS returned_orders,
                   returned_orders / nullif(order_count, 0) AS return_rate
            FROM channels ch
            LEFT JOIN orders o ON o.channel_id = ch.channel_id AND o.status <> 'closed'
            GROUP BY ALL
            ORDER BY ch.channel_id""",
         pandas=pd_return_rate, tables=("channels", "orders", "returns"), grouped=True),
    Case(name="channels.customers", crmkit=lambda con: channels.customers(con),
         sql="""
            WITH ranked AS (
                SELECT order_id, customer_id, channel_id, total,
                       row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS nth
                FROM orders WHERE status <> 'closed')
            SELECT ch.channel_id, ch.name_zh,
                   count(*) FILTER (WHERE r.nth = 1) AS new_customers,
                   count(DISTINCT r.customer_id) FILTER (WHERE r.nth > 1) AS returning_customers,
                   count(r.order_id) AS order_count, coalesce(sum(r.total), 0) AS revenue,
                   round(sum(r.total) / count(r.order_id), 2) AS aov
            FROM channels ch LEFT JOIN ranked r ON r.channel_id = ch.channel_id
            GROUP BY ALL
            ORDER BY ch.channel_id""",
         pandas=pd_customers, tables=("channels", "orders"), grouped=True),
]
