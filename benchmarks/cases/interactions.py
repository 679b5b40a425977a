"""Benchmark cases of the interaction analyses (``crmkit.analytics.interactions``): crmkit against
hand-written DuckDB SQL and pandas on the same tables."""

from __future__ import annotations

import pandas as pd

from benchmarks.cases import MASKED_PHONE_SQL, Case, masked_phone
from crmkit.analytics import interactions

SINCE = "2026-01-01"
LIMIT = interactions.RECORDS_LIMIT  # records lists the newest 100,000 by default


def pd_records(t: dict) -> pd.DataFrame:
    i = t["interactions"].merge(t["interaction_kinds"], on="kind", suffixes=("", "_kind"))
    i = i.merge(t["interaction_topics"], on="topic", suffixes=("", "_topic"))
    i = i.merge(t["customers"][["customer_id", "name"]], on="customer_id")
    return i.sort_values(["started_at", "interaction_id"], ascending=False).head(LIMIT)


def pd_records_by_month(t: dict) -> pd.DataFrame:
    i = t["interactions"]
    i = i.assign(period=i["started_at"].dt.to_period("M").dt.start_time,
                 answered=(i["status"] == "answered").astype(int),
                 answerable=i["status"].isin(["answered", "unanswered"]).astype(int))
    g = i.groupby(["period", "kind"]).agg(count=("interaction_id", "size"), answered=("answered", "sum"),
                                          answerable=("answerable", "sum"),
                                          avg_response_seconds=("response_seconds", "mean")).reset_index()
    g["answered_share"] = g["answered"] / g["answerable"].where(g["answerable"] > 0)
    return g.merge(t["interaction_kinds"][["kind", "name_zh"]], on="kind")


def _survey_row(s: pd.DataFrame) -> dict:
    return {"responses": len(s), "avg_expectation": s["expectation"].mean(),
            "avg_perceived_value": s["perceived_value"].mean(),
            "avg_satisfaction": (s["perceived_value"] - s["expectation"]).mean(),
            "nps": 100.0 * ((s["nps"] >= 9).sum() - (s["nps"] <= 6).sum()) / len(s)}


def pd_surveys(t: dict) -> pd.DataFrame:
    s = t["surveys"]
    rows = {channel: _survey_row(group) for channel, group in s.groupby("channel")}
    rows["all"] = _survey_row(s)
    return pd.DataFrame(rows).T


def pd_negative_reviews(t: dict) -> pd.DataFrame:
    r = t["reviews"]
    r = r[(r["rating"] <= 3) & (r["created_at"] >= pd.Timestamp(SINCE))]
    r = r.merge(t["customers"][["customer_id", "name", "phone"]], on="customer_id")
    r = r.merge(t["products"][["product_id", "name_zh"]], on="product_id")
    r["phone"] = masked_phone(r["phone"])
    return r.sort_values(["created_at", "review_id"], ascending=False)


CASES = [
    Case(name="interactions.records", crmkit=lambda con: interactions.records(con),
         sql="""
            SELECT i.interaction_id, i.started_at, i.kind, k.name_zh AS kind_name, k.direction, k.era,
                   tp.name_zh AS topic_name, i.stage, i.status, i.response_seconds, i.handle_minutes, i.resolved,
                   i.customer_id, c.name, i.order_id
            FROM interactions i
            JOIN interaction_kinds k ON k.kind = i.kind
            JOIN interaction_topics tp ON tp.topic = i.topic
            JOIN customers c ON c.customer_id = i.customer_id
            ORDER BY i.started_at DESC, i.interaction_id DESC
            LIMIT $limit""",
         pandas=pd_records, tables=("interactions", "interaction_kinds", "interaction_topics", "customers"),
         grouped=False, params={"limit": LIMIT}),
    Case(name="interactions.records_by_month", crmkit=lambda con: interactions.records(con, period="month"),
         sql="""
            SELECT date_trunc('month', i.started_at) AS period, i.kind, k.name_zh,
                   count(*) AS count,
                   sum(CASE WHEN i.status = 'answered' THEN 1 ELSE 0 END)
                       / nullif(sum(CASE WHEN i.status IN ('answered', 'unanswered') THEN 1 ELSE 0 END), 0)
                       AS answered_share,
                   avg(i.response_seconds) AS avg_response_seconds
            FROM interactions i JOIN interaction_kinds k ON k.kind = i.kind
            GROUP BY 1, 2, 3
            ORDER BY 1, 2""",
         pandas=pd_records_by_month, tables=("interactions", "interaction_kinds"), grouped=True),
    Case(name="interactions.surveys", crmkit=lambda con: interactions.surveys(con),
         sql="""
            SELECT coalesce(channel, 'all') AS channel, count(*) AS responses,
                   avg(expectation), avg(perceived_value), avg(perceived_value - expectation),
                   100.0 * (count_if(nps >= 9) - count_if(nps <= 6)) / count(*) AS nps
            FROM surveys
            GROUP BY GROUPING SETS ((channel), ())
            ORDER BY grouping(channel), channel""",
         pandas=pd_surveys, tables=("surveys",), grouped=True),
    Case(name="interactions.negative_review_alerts",
         crmkit=lambda con: interactions.negative_review_alerts(con, since=SINCE),
         sql=f"""
            SELECT r.review_id, r.created_at, r.rating, r.comment, r.order_id, r.customer_id, c.name,
                   {MASKED_PHONE_SQL} AS phone,
                   r.product_id, p.name_zh
            FROM reviews r
            JOIN customers c ON c.customer_id = r.customer_id
            JOIN products p ON p.product_id = r.product_id
            WHERE r.rating <= 3 AND r.created_at >= $since::DATE
            ORDER BY r.created_at DESC, r.review_id DESC""",
         pandas=pd_negative_reviews, tables=("reviews", "customers", "products"), grouped=False,
         params={"since": SINCE}),
]
