"""interactions analyses on a hand-written shop: every expected value below is worked out by hand."""

import math

import pandas as pd
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import interactions
from crmkit.plots import interactions as plots
from tests.fixtures import BASE

SHOP = BASE + """
INSERT INTO categories VALUES (1, 'kitchen', '厨房电器', 'Kitchen');
INSERT INTO suppliers VALUES (1, 'sup1', '供应商一', 'Supplier one', 'GD');
INSERT INTO products VALUES (1, 'SKU1', '电饭煲', 'Rice cooker', 1, 1, 100.00, 60.00, DATE '2024-01-01'),
                            (2, 'SKU2', '电水壶', 'Kettle', 1, 1, 50.00, 30.00, DATE '2024-01-01');
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '张三', 'M', DATE '1990-05-10', '13812345678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李四', 'F', DATE '1985-05-20', '139****1111', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (3, 'MA0120250000003', '王五', 'M', DATE '1992-06-01', '137****2222', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (5, 'MA0120250000005', '孙七', 'M', DATE '1995-12-12', '135****4444', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (6, 'MA0120250000006', '周八', 'F', DATE '1988-01-15', '134****5555', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00');
INSERT INTO orders VALUES
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2025-03-10 10:00', TIMESTAMP '2025-03-10 10:01', NULL, NULL, 100.00, 0, 100.00),
 (102, 2, 2, NULL, 'completed', TIMESTAMP '2025-03-20 10:00', TIMESTAMP '2025-03-20 10:01', NULL, NULL, 200.00, 0, 200.00),
 (104, 3, 1, NULL, 'completed', TIMESTAMP '2026-02-11 09:00', TIMESTAMP '2026-02-11 09:01', NULL, NULL, 300.00, 0, 300.00),
 (105, 2, 1, NULL, 'completed', TIMESTAMP '2026-02-12 10:00', TIMESTAMP '2026-02-12 10:01', NULL, NULL, 120.00, 0, 120.00),
 (109, 6, 1, NULL, 'paid',      TIMESTAMP '2026-03-01 11:00', TIMESTAMP '2026-03-01 11:01', NULL, NULL, 150.00, 0, 150.00);
INSERT INTO interaction_kinds VALUES
 ('phone_in',  '呼入电话', 'Inbound call',  'inbound',  'traditional'),
 ('phone_out', '呼出电话', 'Outbound call', 'outbound', 'traditional'),
 ('wechat',    '微信互动', 'WeChat',        'inbound',  'modern'),
 ('sms',       '短信',     'SMS',           'outbound', 'modern');
INSERT INTO interaction_topics VALUES ('product_question', '商品咨询', 'Product question'), ('care_call', '回访关怀', 'Care call');
INSERT INTO interactions VALUES
 (1, 1, 101,  'phone_in',  'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-01-05 09:00', 30,   5.0,  true),
 (2, 2, NULL, 'phone_in',  'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-20 10:00', NULL, NULL, false),
 (3, 1, NULL, 'wechat',    'product_question', 'in_sale',    'answered',   TIMESTAMP '2026-01-25 10:00', 10,   2.5,  true),
 (4, 3, 104,  'phone_out', 'care_call',        'care',       'answered',   TIMESTAMP '2026-02-15 10:00', 50,   3.0,  true),
 (5, 5, NULL, 'sms',       'care_call',        'care',       'sent',       TIMESTAMP '2026-02-20 10:00', NULL, NULL, false),
 (6, 6, NULL, 'sms',       'care_call',        'care',       'bounced',    TIMESTAMP '2026-02-21 10:00', NULL, NULL, false),
 (7, 2, NULL, 'phone_in',  'product_question', 'after_sale', 'answered',   TIMESTAMP '2026-02-22 10:00', 90,   8.0,  false);
INSERT INTO surveys VALUES
 (1, 1, 101,  'sms',    TIMESTAMP '2026-01-06 10:00', 8, 9, 10, 5, 5, 5),
 (2, 2, NULL, 'sms',    TIMESTAMP '2026-01-21 10:00', 7, 5,  3, 2, 2, 2),
 (3, 3, 104,  'wechat', TIMESTAMP '2026-02-16 10:00', 6, 9,  9, 4, 4, 4),
 (4, 1, NULL, 'wechat', TIMESTAMP '2026-02-18 10:00', 9, 8,  7, 3, 3, 3),
 (5, 6, NULL, 'wechat', TIMESTAMP '2026-02-25 10:00', 5, 7, 10, 4, 4, 4);
INSERT INTO reviews VALUES
 (1, 101, 1, 1, 5, '很好',   TIMESTAMP '2025-03-15 10:00'),
 (2, 102, 2, 2, 2, '太慢了', TIMESTAMP '2025-06-05 10:00'),
 (3, 104, 3, 1, 3, '一般',   TIMESTAMP '2026-02-14 10:00'),
 (4, 105, 2, 2, 1, '质量差', TIMESTAMP '2026-02-14 10:00'),
 (5, 109, 6, 1, 4, '不错',   TIMESTAMP '2026-03-02 10:00'),
 (6, 101, 1, 2, 3, '还行',   TIMESTAMP '2025-03-16 10:00');
"""

RECORD_COLUMNS = ["interaction_id", "started_at", "kind", "interaction_kind", "direction", "era", "interaction_topic",
                  "service_stage", "status", "response_seconds", "handle_minutes", "resolved", "customer_id", "name",
                  "order_id"]
PERIOD_COLUMNS = ["period", "kind", "interaction_kind", "count", "answered_share", "avg_response_seconds"]
SURVEY_COLUMNS = ["survey_channel", "survey_channel_name", "survey_responses", "avg_expectation",
                  "avg_perceived_value", "avg_satisfaction", "nps"]
REVIEW_COLUMNS = ["review_id", "created_at", "rating", "comment", "order_id", "customer_id", "name", "phone",
                  "product_id", "product"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def nan(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- records

def test_records_one_row_each_newest_first(con):
    with i18n.language("zh"):
        df = interactions.records(con)
    assert list(df.columns) == RECORD_COLUMNS
    assert list(df.interaction_id) == [7, 6, 5, 4, 3, 2, 1]  # by started_at, newest first
    first = df.iloc[0]
    assert (first.kind, first.interaction_kind, first.direction, first.era) == ("phone_in", "呼入电话", "inbound",
                                                                                 "traditional")
    assert (first.interaction_topic, first.service_stage, first.status) == ("商品咨询", "after_sale", "answered")
    assert (first.response_seconds, first.handle_minutes, bool(first.resolved)) == (90, 8.0, False)
    assert (first.customer_id, first["name"]) == (2, "李四") and nan(first.order_id)
    sms = df[df.interaction_id == 5].iloc[0]
    assert sms.era == "modern" and sms.direction == "outbound" and nan(sms.response_seconds)
    assert df[df.interaction_id == 4].order_id.iloc[0] == 104


def test_records_filters_kind_and_days(con):
    assert list(interactions.records(con, "phone_in").interaction_id) == [7, 2, 1]
    assert list(interactions.records(con, " SMS ").interaction_id) == [6, 5]
    # end is inclusive: 2026-02-21 10:00 is in
    assert list(interactions.records(con, start="2026-02-20", end="2026-02-21").interaction_id) == [6, 5]
    with i18n.language("en"):
        assert interactions.records(con, "wechat").interaction_topic.iloc[0] == "Product question"


def test_records_limit_keeps_the_newest(con):
    assert list(interactions.records(con, limit=3).interaction_id) == [7, 6, 5]
    assert list(interactions.records(con, "phone_in", limit=None).interaction_id) == [7, 2, 1]
    assert len(interactions.records(con, period="year", limit=1)) == 4  # limit is for the row form only
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="limit must be a whole number above 0, got '0'"):
        interactions.records(con, limit=0)


def test_records_per_month(con):
    df = interactions.records(con, period="month")
    assert list(df.columns) == PERIOD_COLUMNS
    assert [(str(p)[:7], k) for p, k in zip(df.period, df.kind, strict=True)] == [
        ("2026-01", "phone_in"), ("2026-01", "wechat"),
        ("2026-02", "phone_in"), ("2026-02", "phone_out"), ("2026-02", "sms")]
    assert list(df["count"]) == [2, 1, 1, 1, 2]  # Jan phone_in: 1, 2; Feb sms: 5, 6
    assert list(df.answered_share[:4]) == [0.5, 1.0, 1.0, 1.0]  # Jan phone_in: 1 answered of 2
    assert nan(df.answered_share.iloc[4])  # SMS is sent, never answered: no share
    assert list(df.avg_response_seconds[:4]) == [30.0, 10.0, 90.0, 50.0]  # Jan phone_in: only #1 answered (30)
    assert nan(df.avg_response_seconds.iloc[4])


def test_records_per_period_with_kind_and_days(con):
    df = interactions.records(con, "phone_in", "month", start="2026-01-10", end="2026-01-31")
    assert list(df["count"]) == [1]  # only #2 (2026-01-20), unanswered
    assert df.answered_share.iloc[0] == 0.0 and nan(df.avg_response_seconds.iloc[0])
    year = interactions.records(con, period="year")
    assert list(year["count"]) == [3, 1, 2, 1]  # phone_in 1, 2, 7; phone_out 4; sms 5, 6; wechat 3
    assert list(year.kind) == ["phone_in", "phone_out", "sms", "wechat"]
    assert year.answered_share.iloc[0] == pytest.approx(2 / 3)  # #1 and #7 answered, #2 not
    assert year.avg_response_seconds.iloc[0] == 60.0  # (30 + 90) / 2


def test_records_empty_period_keeps_columns(con):
    df = interactions.records(con, period="month", start="2027-01-01")
    assert df.empty and list(df.columns) == PERIOD_COLUMNS
    rows = interactions.records(con, "sms", start="2026-01-01", end="2026-01-31")
    assert rows.empty and list(rows.columns) == RECORD_COLUMNS


def test_records_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="'fax' for kind. Valid values: phone_in, phone_out, sms, wechat"):
            interactions.records(con, "fax")
        with pytest.raises(ck.CrmkitError, match="for period. Valid values: day, week, month, quarter, year"):
            interactions.records(con, period="fortnight")
        with pytest.raises(ck.CrmkitError, match="start: 'soon' is not a date"):
            interactions.records(con, start="soon")
        with pytest.raises(ck.CrmkitError, match="end: 'later' is not a date"):
            interactions.records(con, period="day", end="later")
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 kind 的值 'fax' 无效"):
        interactions.records(con, "fax")


# ---------------------------------------------------------------- surveys

def test_surveys_per_channel_and_overall(con):
    with i18n.language("zh"):
        df = interactions.surveys(con)
    assert list(df.columns) == SURVEY_COLUMNS
    assert list(df.survey_channel) == ["sms", "wechat", "all"]
    assert list(df.survey_channel_name) == ["短信", "微信", "合计"]
    assert list(df.survey_responses) == [2, 3, 5]
    # sms: expectation (8+7)/2 = 7.5, perceived (9+5)/2 = 7.0, satisfaction (1 + -2)/2 = -0.5,
    #      NPS: promoters {10}, detractors {3} -> (1-1)/2 = 0
    # wechat: (6+9+5)/3 = 6.67, (9+8+7)/3 = 8.0, (3 + -1 + 2)/3 = 1.33, NPS: promoters {9, 10}, no detractor
    #      (7 is passive) -> 100*2/3 = 66.7
    # all: 35/5 = 7.0, 38/5 = 7.6, 3/5 = 0.6, NPS: promoters {10, 9, 10}, detractors {3} -> 100*(3-1)/5 = 40
    assert list(df.avg_expectation) == [7.5, 6.67, 7.0]
    assert list(df.avg_perceived_value) == [7.0, 8.0, 7.6]
    assert list(df.avg_satisfaction) == [-0.5, 1.33, 0.6]
    assert list(df.nps) == [0.0, 66.7, 40.0]


def test_surveys_by_days_and_empty(con):
    df = interactions.surveys(con, start="2026-02-01")  # the three WeChat answers only
    assert list(df.survey_channel) == ["wechat", "all"] and list(df.survey_responses) == [3, 3]
    assert list(df.nps) == [66.7, 66.7]
    with i18n.language("en"):
        assert list(df.survey_channel) == ["wechat", "all"]
        assert list(interactions.surveys(con, end="2026-01-31").survey_channel_name) == ["SMS", "Overall"]
    empty = interactions.surveys(con, start="2030-01-01")
    assert empty.empty and list(empty.columns) == SURVEY_COLUMNS
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="start: 'Monday' is not a date"):
        interactions.surveys(con, start="Monday")


# ---------------------------------------------------------------- negative_review_alerts

def test_negative_review_alerts(con):
    with i18n.language("zh"):
        df = interactions.negative_review_alerts(con)
    assert list(df.columns) == REVIEW_COLUMNS
    # ratings <= 3: #4 (1, 2026-02-14), #3 (3, same time: lower id after), #2 (2, 2025-06-05), #6 (3, 2025-03-16)
    assert list(df.review_id) == [4, 3, 2, 6]
    first = df.iloc[0]
    assert (first.rating, first.comment, first.order_id, first.customer_id, first["name"]) == (1, "质量差", 105, 2, "李四")
    assert (first.phone, first.product_id, first["product"]) == ("139****1111", 2, "电水壶")
    assert df[df.review_id == 6].phone.iloc[0] == "138****5678"  # stored unmasked here; the alert masks it
    with i18n.language("en"):
        assert interactions.negative_review_alerts(con)["product"].iloc[0] == "Kettle"


def test_negative_review_alerts_since(con):
    assert list(interactions.negative_review_alerts(con, since="2026-01-01").review_id) == [4, 3]
    assert list(interactions.negative_review_alerts(con, since=pd.Timestamp("2026-02-14")).review_id) == [4, 3]
    empty = interactions.negative_review_alerts(con, since="2026-03-01")  # #5 is 4 stars
    assert empty.empty and list(empty.columns) == REVIEW_COLUMNS
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="since: 'last week' is not a date"):
        interactions.negative_review_alerts(con, since="last week")


# ---------------------------------------------------------------- plots

def test_plots_have_catalog_titles(con):
    with i18n.language("en"):
        assert plots.records(interactions.records(con)).layout.title.text == "Records per interaction kind"
        fig = plots.records(interactions.records(con, period="month"))
        assert fig.layout.title.text == "Records per period and interaction kind"
        fig = plots.surveys(interactions.surveys(con))
        assert fig.layout.title.text == "Expectation and perceived value per survey channel"
        assert {t.name for t in fig.data} == {"Average expectation", "Average perceived value", "Average satisfaction"}
    with i18n.language("zh"):
        assert plots.surveys(interactions.surveys(con)).layout.title.text == "各问卷渠道的期望值与感知价值"
        assert plots.records(interactions.records(con, period="week")).layout.title.text == "各期各互动方式的记录数"


# ---------------------------------------------------------------- the default course data

def test_smoke_on_the_mall():
    con = ck.connect("mall")
    checks = [
        (interactions.records(con), RECORD_COLUMNS),
        (interactions.records(con, "phone_in", "month"), PERIOD_COLUMNS),
        (interactions.surveys(con), SURVEY_COLUMNS),
        (interactions.negative_review_alerts(con), REVIEW_COLUMNS),
    ]
    for df, columns in checks:
        assert len(df) > 0 and list(df.columns) == columns
    con.close()
