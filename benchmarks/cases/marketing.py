"""Benchmark cases of the marketing analyses (``crmkit.analytics.marketing``): crmkit against
hand-written DuckDB SQL and pandas on the same tables."""

from __future__ import annotations

import pandas as pd

from benchmarks.cases import MASKED_PHONE_SQL, Case, masked_phone
from crmkit.analytics import marketing

EFFECT_CODE = "double11_2025"
CARE_CODE = "mid_autumn_2025"
MONTH = 5


def _paid(t: dict) -> pd.DataFrame:
    orders = t["orders"]
    return orders[orders["status"] != "closed"]


def pd_campaigns(t: dict) -> pd.DataFrame:
    paid = _paid(t)
    per = paid[paid["campaign_id"].notna()].groupby("campaign_id").agg(
        order_count=("order_id", "size"), customer_count=("customer_id", "nunique"), revenue=("total", "sum"))
    per.index = per.index.astype("int64")
    tags = (t["campaign_tags"].merge(t["tags"], on="tag_id").sort_values("tag_id")
            .groupby("campaign_id")["name_zh"].agg(", ".join).rename("campaign_tags"))
    out = t["campaigns"].join(tags, on="campaign_id").join(per, on="campaign_id")
    out[["order_count", "customer_count", "revenue"]] = out[["order_count", "customer_count", "revenue"]].fillna(0)
    return out.sort_values(["starts_on", "campaign_id"])


def pd_campaign_effect(t: dict) -> pd.DataFrame:
    c = t["campaigns"].set_index("code").loc[EFFECT_CODE]
    orders = t["orders"]
    today = orders["ordered_at"].max().normalize()
    start = pd.Timestamp(c["starts_on"])
    last = min(pd.Timestamp(c["ends_on"]), today)
    days = (last - start).days + 1
    before = start - pd.Timedelta(days=days)
    end = last + pd.Timedelta(days=1)
    paid = _paid(t)
    near = paid[(paid["ordered_at"] >= before) & (paid["ordered_at"] < end)]
    firsts = paid.groupby("customer_id")["ordered_at"].min()
    rows = {}
    for side, lo, hi in (("before", before, start), ("during", start, end)):
        o = near[(near["ordered_at"] >= lo) & (near["ordered_at"] < hi)]
        rows[side] = {"orders_per_day": len(o) / days, "revenue_per_day": float(o["total"].sum()) / days,
                      "aov": float(o["total"].sum()) / len(o) if len(o) else None,
                      "new_customers": int(((firsts >= lo) & (firsts < hi)).sum())}
    out = pd.DataFrame(rows)
    out["uplift"] = out["during"] / out["before"] - 1
    return out


def pd_birthday_care(t: dict) -> pd.DataFrame:
    c = t["customers"]
    born = c[c["birthday"].dt.month == MONTH]
    paid = _paid(t)
    per = paid[paid["customer_id"].isin(born["customer_id"])].groupby("customer_id").agg(
        last_order_at=("ordered_at", "max"), total_spend=("total", "sum"), orders=("order_id", "size"))
    out = born.join(per, on="customer_id")
    out[["total_spend", "orders"]] = out[["total_spend", "orders"]].fillna(0)
    out["phone"] = masked_phone(out["phone"])
    return out.sort_values(["total_spend", "customer_id"], ascending=[False, True])


def pd_holiday_care(t: dict) -> pd.DataFrame:
    start = pd.Timestamp(t["campaigns"].set_index("code").loc[CARE_CODE, "starts_on"])
    paid = _paid(t)
    year = paid[(paid["ordered_at"] >= start - pd.Timedelta(days=365)) & (paid["ordered_at"] < start)]
    per = year.groupby("customer_id").agg(orders_365d=("order_id", "size"), spend_365d=("total", "sum"),
                                          last_order_at=("ordered_at", "max"))
    out = t["customers"].join(per, on="customer_id", how="inner")
    out["phone"] = masked_phone(out["phone"])
    return out.sort_values(["spend_365d", "customer_id"], ascending=[False, True])


CASES = [
    Case(name="marketing.campaigns", crmkit=lambda con: marketing.campaigns(con),
         sql="""
            WITH tag_list AS (
                SELECT ct.campaign_id, string_agg(t.name_zh, ', ' ORDER BY t.tag_id) AS campaign_tags
                FROM campaign_tags ct JOIN tags t ON t.tag_id = ct.tag_id GROUP BY ct.campaign_id)
            SELECT c.campaign_id, c.code, c.kind, c.name_zh, c.starts_on, c.ends_on, c.discount_rate,
                   tl.campaign_tags,
                   count(o.order_id) AS order_count, count(DISTINCT o.customer_id) AS customer_count,
                   coalesce(sum(o.total), 0) AS revenue
            FROM campaigns c
            LEFT JOIN tag_list tl ON tl.campaign_id = c.campaign_id
            LEFT JOIN orders o ON o.campaign_id = c.campaign_id AND o.status <> 'closed'
            GROUP BY ALL
            ORDER BY c.starts_on, c.campaign_id""",
         pandas=pd_campaigns, tables=("campaigns", "campaign_tags", "tags", "orders"), grouped=True),
    Case(name="marketing.campaign_effect", crmkit=lambda con: marketing.campaign_effect(con, EFFECT_CODE),
         sql="""
            WITH c AS (
                SELECT starts_on, least(ends_on, (SELECT max(ordered_at) FROM orders)::DATE) AS last_day
                FROM campaigns WHERE code = $code),
            w AS (SELECT starts_on, last_day, date_diff('day', starts_on, last_day) + 1 AS days FROM c),
            paid AS (SELECT customer_id, ordered_at, total FROM orders WHERE status <> 'closed'),
            sides AS (
                SELECT p.ordered_at >= w.starts_on AS during, count(*) / any_value(w.days) AS orders_per_day,
                       sum(p.total) / any_value(w.days) AS revenue_per_day, avg(p.total) AS aov
                FROM paid p, w
                WHERE p.ordered_at >= w.starts_on - to_days(w.days::INTEGER)
                  AND p.ordered_at < w.last_day + INTERVAL 1 DAY
                GROUP BY 1),
            firsts AS (SELECT customer_id, min(ordered_at) AS first_at FROM paid GROUP BY customer_id),
            fresh AS (
                SELECT f.first_at >= w.starts_on AS during, count(*) AS new_customers
                FROM firsts f, w
                WHERE f.first_at >= w.starts_on - to_days(w.days::INTEGER)
                  AND f.first_at < w.last_day + INTERVAL 1 DAY
                GROUP BY 1),
            sides_fresh AS (
                SELECT during, orders_per_day::DOUBLE AS orders_per_day, revenue_per_day::DOUBLE AS revenue_per_day,
                       aov::DOUBLE AS aov, new_customers::DOUBLE AS new_customers
                FROM sides FULL JOIN fresh USING (during)),
            long AS (UNPIVOT sides_fresh ON orders_per_day, revenue_per_day, aov, new_customers
                     INTO NAME metric VALUE v)
            SELECT metric, max(v) FILTER (WHERE NOT during) AS before, max(v) FILTER (WHERE during) AS during,
                   max(v) FILTER (WHERE during) / max(v) FILTER (WHERE NOT during) - 1 AS uplift
            FROM long GROUP BY metric""",
         pandas=pd_campaign_effect, tables=("campaigns", "orders"), grouped=True, params={"code": EFFECT_CODE}),
    Case(name="marketing.birthday_care", crmkit=lambda con: marketing.birthday_care(con, MONTH),
         sql=f"""
            SELECT c.customer_id, c.customer_code, c.name, c.gender, c.birthday, {MASKED_PHONE_SQL} AS phone,
                   max(o.ordered_at) AS last_order_at, coalesce(sum(o.total), 0) AS total_spend,
                   count(o.order_id) AS orders
            FROM customers c
            LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status <> 'closed'
            WHERE month(c.birthday) = $month
            GROUP BY ALL
            ORDER BY total_spend DESC, c.customer_id""",
         pandas=pd_birthday_care, tables=("customers", "orders"), grouped=True, params={"month": MONTH}),
    Case(name="marketing.holiday_care", crmkit=lambda con: marketing.holiday_care(con, CARE_CODE),
         sql=f"""
            SELECT c.customer_id, c.customer_code, c.name, c.gender, {MASKED_PHONE_SQL} AS phone,
                   count(*) AS orders_365d, sum(o.total) AS spend_365d, max(o.ordered_at) AS last_order_at
            FROM orders o
            JOIN customers c ON c.customer_id = o.customer_id
            JOIN campaigns k ON k.code = $code
            WHERE o.status <> 'closed'
              AND o.ordered_at >= k.starts_on - INTERVAL 365 DAY AND o.ordered_at < k.starts_on
            GROUP BY ALL
            ORDER BY spend_365d DESC, c.customer_id""",
         pandas=pd_holiday_care, tables=("campaigns", "customers", "orders"), grouped=True,
         params={"code": CARE_CODE}),
]
