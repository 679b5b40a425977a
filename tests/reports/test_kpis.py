"""Report KPIs and the month comparison on a hand-written shop: every expected value is worked out by hand."""

import datetime as dt

import pandas as pd
import pytest

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.reports import kpis, narrative
from tests.fixtures import BASE

# Channels: 1 app, 2 tmall (BASE), 3 douyin (sold once, long ago: dormant), 4 wechat (never sold).
# Products: 1 (100.00), 2 (50.00). The data runs from 2025-10-01 (order 200) to 2026-02-28 (order 206).
SHOP = BASE + """
INSERT INTO shop_info VALUES ('name_zh', '小小茶铺'), ('name_en', 'Tiny tea shop');
INSERT INTO channels VALUES (3, 'douyin', '抖音直播间', 'Douyin live room', 'social', DATE '2025-01-01', NULL),
                            (4, 'wechat', '微信小程序', 'WeChat mini program', 'social', DATE '2025-01-01', NULL);
INSERT INTO categories VALUES (1, 'tea', '茶叶', 'Tea');
INSERT INTO suppliers VALUES (1, 'sup1', '供应商一', 'Supplier one', 'GD');
INSERT INTO products VALUES (1, 'P1', '龙井', 'Longjing', 1, 1, 100.00, 50.00, DATE '2024-01-01'),
                            (2, 'P2', '普洱', 'Pu-erh', 1, 1, 50.00, 20.00, DATE '2024-01-01');
INSERT INTO return_reasons VALUES ('quality', '质量问题', 'Quality problem');
INSERT INTO customers VALUES
 (1, 'TE0120250000001', '张三', 'M', DATE '1990-05-10', '138****5678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'TE0220250000002', '李四', 'F', DATE '1985-05-20', '139****1111', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (3, 'TE0120250000003', '王五', 'M', DATE '1992-06-01', '137****2222', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (4, 'TE0320250000004', '赵六', 'F', DATE '1993-03-03', '136****3333', NULL, 'GD', 1, '广东省深圳市****', 1, 3, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00');
INSERT INTO orders VALUES
 (200, 4, 3, NULL, 'completed', TIMESTAMP '2025-10-01 10:00', TIMESTAMP '2025-10-01 10:01', NULL, NULL, 80.00, 0, 80.00),
 (201, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-10 10:00', TIMESTAMP '2026-01-10 10:01', NULL, NULL, 100.00, 0, 100.00),
 (202, 2, 2, NULL, 'completed', TIMESTAMP '2026-01-20 10:00', TIMESTAMP '2026-01-20 10:01', NULL, NULL, 150.00, 0, 150.00),
 (203, 1, 1, NULL, 'completed', TIMESTAMP '2026-02-05 10:00', TIMESTAMP '2026-02-05 10:01', NULL, NULL, 200.00, 0, 200.00),
 (204, 3, 2, NULL, 'closed',    TIMESTAMP '2026-02-10 10:00', NULL, NULL, NULL, 50.00, 0, 50.00),
 (205, 2, 1, NULL, 'paid',      TIMESTAMP '2026-02-15 10:00', TIMESTAMP '2026-02-15 10:01', NULL, NULL, 50.00, 0, 50.00),
 (206, 3, 1, NULL, 'completed', TIMESTAMP '2026-02-28 23:00', TIMESTAMP '2026-02-28 23:01', NULL, NULL, 300.00, 0, 300.00);
INSERT INTO order_items VALUES
 (200, 1, 2, 1, 80.00, 80.00),
 (201, 1, 1, 1, 100.00, 100.00),
 (202, 1, 1, 1, 100.00, 100.00), (202, 2, 2, 1, 50.00, 50.00),
 (203, 1, 1, 2, 100.00, 200.00),
 (204, 1, 2, 1, 50.00, 50.00),
 (205, 1, 2, 1, 50.00, 50.00),
 (206, 1, 1, 3, 100.00, 300.00);
INSERT INTO returns VALUES
 (1, 203, 1, 'return',   'quality', TIMESTAMP '2026-02-08 10:00', 100.00),
 (2, 202, 2, 'exchange', 'quality', TIMESTAMP '2026-02-02 10:00', 0.00),
 (3, 201, 1, 'return',   'quality', TIMESTAMP '2026-01-15 10:00', 100.00);
INSERT INTO interaction_kinds VALUES ('phone_in', '呼入电话', 'Inbound call', 'inbound', 'traditional');
INSERT INTO interaction_topics VALUES ('complaint', '投诉', 'Complaint'), ('product_question', '商品咨询', 'Product question');
INSERT INTO interactions VALUES
 (1, 1, 201,  'phone_in', 'complaint',        'after_sale', 'answered', TIMESTAMP '2026-01-16 09:00', 30, 5.0, true),
 (2, 2, NULL, 'phone_in', 'complaint',        'after_sale', 'answered', TIMESTAMP '2026-01-25 09:00', 30, 5.0, true),
 (3, 2, 202,  'phone_in', 'product_question', 'after_sale', 'answered', TIMESTAMP '2026-02-03 09:00', 30, 5.0, true),
 (4, 3, 206,  'phone_in', 'complaint',        'after_sale', 'answered', TIMESTAMP '2026-02-28 23:30', 30, 5.0, true);
INSERT INTO reviews VALUES
 (1, 201, 1, 1, 5, '很好', TIMESTAMP '2026-01-12 10:00'),
 (2, 202, 2, 1, 2, '太慢', TIMESTAMP '2026-01-22 10:00'),
 (3, 203, 1, 1, 3, '一般', TIMESTAMP '2026-02-07 10:00'),
 (4, 205, 2, 2, 4, '不错', TIMESTAMP '2026-02-17 10:00');
INSERT INTO surveys VALUES
 (1, 1, 201,  'sms', TIMESTAMP '2026-01-13 10:00', 8, 9, 10, 5, 5, 5),
 (2, 2, NULL, 'sms', TIMESTAMP '2026-01-26 10:00', 7, 5,  3, 2, 2, 2),
 (3, 1, 203,  'sms', TIMESTAMP '2026-02-09 10:00', 6, 9,  9, 4, 4, 4);
"""


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def values(frame) -> dict:
    return dict(zip(frame["metric"], frame["value"], strict=True))


# ---------------------------------------------------------------- periods

def test_data_window_months_and_names(con):
    assert kpis.data_window(con) == (dt.date(2025, 10, 1), dt.date(2026, 2, 28))
    assert kpis.months(con) == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    with i18n.language("en"):
        assert kpis.shop_name(con) == "Tiny tea shop"
        assert kpis.channel_name(con, "tmall") == "Tmall store"
    with i18n.language("zh"):
        assert kpis.shop_name(con) == "小小茶铺"
        assert kpis.channel_name(con, 3) == "抖音直播间"


@pytest.mark.parametrize("period, expected", [
    ("", ("2025-10-01", "2026-02-28")),
    (None, ("2025-10-01", "2026-02-28")),
    ("2026", ("2026-01-01", "2026-12-31")),
    ("2025-Q4", ("2025-10-01", "2025-12-31")),
    ("2026q1", ("2026-01-01", "2026-03-31")),
    ("2026-02", ("2026-02-01", "2026-02-28")),
    ("2026-1", ("2026-01-01", "2026-01-31")),
    (" 2026-01-15..2026-02-10 ", ("2026-01-15", "2026-02-10")),
])
def test_period_bounds(con, period, expected):
    assert kpis.period_bounds(con, period) == tuple(dt.date.fromisoformat(d) for d in expected)


@pytest.mark.parametrize("period, key", [
    ("2026-13", "reports.error.bad_period"), ("next year", "reports.error.bad_period"),
    ("2026-02-10..2026-01-01", "reports.error.bad_period"), ("2027", "reports.error.no_data"),
    ("soon..2026-01-31", "error.bad_date"), ("2024-Q4", "reports.error.no_data"),
])
def test_bad_periods_say_what_is_wrong(con, period, key):
    with pytest.raises(CrmkitError) as caught, i18n.language("en"):
        kpis.period_bounds(con, period)
    assert caught.value.key == key
    if key == "reports.error.no_data":
        assert "2025-10-01 to 2026-02-28" in str(caught.value)


def test_month_start(con):
    assert kpis.month_start(con, "2026-02") == dt.date(2026, 2, 1)
    assert kpis.month_start(con, "2026-2-15") == dt.date(2026, 2, 1)
    with pytest.raises(CrmkitError, match="2025-10 to 2026-02") as caught, i18n.language("en"):
        kpis.month_start(con, "2025-09")
    assert caught.value.key == "reports.error.bad_month"


# ---------------------------------------------------------------- summary and by_period

def test_summary_of_all_the_data(con):
    df = kpis.summary(con)
    assert list(df.columns) == ["metric", "metric_name", "value", "shown"]
    assert list(df.metric) == list(kpis.SUMMARY)
    got = values(df)
    # paid orders 200, 201, 202, 203, 205, 206 (204 is closed): 80 + 100 + 150 + 200 + 50 + 300
    assert got["order_count"] == 6 and got["revenue"] == 880.0
    assert got["customer_count"] == 4 and got["new_customers"] == 4
    assert got["returning_customers"] == 2          # customer 1 (203) and customer 2 (205)
    assert got["aov"] == 146.67                     # 880 / 6
    assert got["items_bought"] == 10                # 1 + 1 + 2 + 2 + 1 + 3
    assert got["return_rate"] == pytest.approx(3 / 6)   # 201, 202, 203 have requests
    assert got["return_requests"] == 3 and got["complaints"] == 3
    assert got["avg_rating"] == 3.5 and got["negative_reviews"] == 2   # ratings 5, 2, 3, 4
    assert got["avg_satisfaction"] == 0.67          # (1 - 2 + 3) / 3
    assert got["nps"] == 33.3                       # promoters 10, 9; detractor 3: 100 * (2 - 1) / 3


def test_summary_of_one_channel_and_month(con):
    got = values(kpis.summary(con, "2026-02", channel="app"))
    # app in February: 203 (200), 205 (50), 206 (300)
    assert (got["order_count"], got["revenue"], got["customer_count"]) == (3, 550.0, 3)
    assert got["new_customers"] == 1 and got["returning_customers"] == 2   # 206 is customer 3's first paid order
    assert got["items_bought"] == 6 and got["return_rate"] == pytest.approx(1 / 3)
    assert got["return_requests"] == 1              # return 1 (order 203); exchange 2 is for a tmall order
    assert got["complaints"] == 1                   # interaction 4 (order 206); 2 has no order, 1 was in January
    assert got["avg_rating"] == 3.5 and got["negative_reviews"] == 1        # reviews 3 (3 stars) and 4 (4 stars)
    assert got["avg_satisfaction"] == 3.0 and got["nps"] == 100.0           # survey 3 only


def test_summary_shows_values_for_readers(con):
    with i18n.language("en"):
        df = kpis.summary(con)
    shown = dict(zip(df.metric, df.shown, strict=True))
    assert shown["revenue"] == "¥880.00" and shown["order_count"] == "6"
    assert shown["return_rate"] == "50.0%" and shown["avg_rating"] == "3.50"
    assert dict(zip(df.metric, df.metric_name, strict=True))["items_bought"] == "Pieces bought"


def test_summary_of_a_period_without_surveys_leaves_averages_empty(con):
    df = kpis.summary(con, "2025-10")
    got = values(df)
    assert got["order_count"] == 1 and got["complaints"] == 0
    assert pd.isna(got["avg_rating"]) and pd.isna(got["nps"])
    assert dict(zip(df.metric, df.shown, strict=True))["nps"] == "—"


def test_by_period_covers_every_period_and_only_the_days_asked_for(con):
    df = kpis.by_period(con, "2026-01-15..2026-02-10")
    assert list(df.period) == [pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")]
    assert list(df.order_count) == [1, 1]           # 202 (Jan 20); 203 (Feb 5) — not 201 (Jan 10)
    assert [float(v) for v in df.revenue] == [150.0, 200.0]
    assert list(df.return_requests) == [1, 2]       # Jan 15 (the first day counts); Feb 2 and Feb 8
    days = kpis.by_period(con, "2026-02", every="day")
    assert len(days) == 28 and int(days.order_count.sum()) == 3
    assert int(days.loc[days.period == pd.Timestamp("2026-02-05"), "items_bought"].iloc[0]) == 2
    empty_months = kpis.by_period(con, "2025-10..2025-12")
    assert list(empty_months.order_count) == [1, 0, 0]


# ---------------------------------------------------------------- month comparison

def test_month_comparison_february(con):
    df = kpis.month_comparison(con, "2026-02").set_index("metric")
    assert list(df.index) == list(kpis.COMPARED)
    # pieces bought: 2 + 1 + 3 = 6 against 1 + 2 = 3
    assert (df.at["items_bought", "this_month"], df.at["items_bought", "last_month"]) == (6, 3)
    assert df.at["items_bought", "change_pct"] == 1.0 and bool(df.at["items_bought", "good"])
    assert (df.at["complaints", "this_month"], df.at["complaints", "last_month"]) == (1, 2)
    assert df.at["complaints", "direction"] == "down" and bool(df.at["complaints", "good"])
    assert (df.at["return_requests", "this_month"], df.at["return_requests", "last_month"]) == (2, 1)
    assert df.at["return_requests", "direction"] == "up" and not df.at["return_requests", "good"]
    assert df.at["negative_reviews", "direction"] == "same" and pd.isna(df.at["negative_reviews", "good"])
    assert df.at["revenue", "change"] == 300.0      # 550 - 250
    assert kpis.assessment(df.reset_index()) == "mixed"


def test_month_comparison_after_an_empty_month(con):
    df = kpis.month_comparison(con, "2026-01").set_index("metric")
    assert df.at["items_bought", "last_month"] == 0 and pd.isna(df.at["items_bought", "change_pct"])
    assert df.at["items_bought", "direction"] == "up"


def test_the_first_month_has_nothing_to_compare_with(con):
    df = kpis.month_comparison(con, "2025-10")
    assert df.last_month.isna().all() and df.direction.isna().all() and df.good.isna().all()
    assert kpis.assessment(df) == "no_previous"


def directions(bought, complaints, returns):
    frame = pd.DataFrame({"metric": list(kpis.COMPARED), "direction": "same"})
    frame.loc[:2, "direction"] = [bought, complaints, returns]
    return frame


@pytest.mark.parametrize("bought, complaints, returns, outcome", [
    ("up", "down", "down", "good"), ("up", "same", "down", "good"), ("up", "up", "down", "mixed"),
    ("same", "down", "down", "mixed"), ("down", "up", "up", "poor"), ("down", "up", "same", "mixed"),
])
def test_assessment_follows_the_course(bought, complaints, returns, outcome):
    assert kpis.assessment(directions(bought, complaints, returns)) == outcome


# ---------------------------------------------------------------- words

def test_verdict_in_plain_language(con):
    with i18n.language("en"):
        text = narrative.verdict(kpis.month_comparison(con, "2026-02")).data
    assert text.startswith("**A mixed month")
    assert "- Pieces bought: 6 this month against 3 last month — up 100.0%." in text
    assert "- Complaints: 1 this month against 2 last month — down 50.0%." in text
    assert "- Return and exchange requests: 2 this month against 1 last month — up 100.0%." in text
    assert "Worse than last month: Return and exchange requests." in text
    assert "Better than last month: Pieces bought · Complaints · Paid orders · Revenue · Buyers." in text
    with i18n.language("zh"):
        text = narrative.verdict(kpis.month_comparison(con, "2026-01")).data
    assert "购买件数：本月 3，上月 0，有所增加。" in text
    with i18n.language("en"):
        assert "first month" in narrative.verdict(kpis.month_comparison(con, "2025-10")).data


def test_comparison_table(con):
    with i18n.language("en"):
        lines = narrative.comparison_table(kpis.month_comparison(con, "2026-02")).data.splitlines()
    assert lines[0] == "| Metric | This month | Last month | Change | Change (%) |  |"
    assert lines[2] == "| Pieces bought | 6 | 3 | +3 | +100.0% | ✓ |"
    assert lines[4] == "| Return and exchange requests | 2 | 1 | +1 | +100.0% | ✗ |"
    assert lines[6] == "| Revenue | 550 | 250 | +300 | +120.0% | ✓ |"
    assert lines[8] == "| Negative reviews (3 stars or fewer) | 1 | 1 | 0 | +0.0% |  |"
    with i18n.language("en"):
        first = narrative.comparison_table(kpis.month_comparison(con, "2025-10")).data.splitlines()
    assert first[2] == "| Pieces bought | 1 | — | — | — |  |"


def test_channel_status_warns_about_dormant_channels(con):
    with i18n.language("en"):
        assert narrative.channel_status(con, "app").data.startswith("✓ Official app is active")
        dormant = narrative.channel_status(con, "douyin").data
        never = narrative.channel_status(con, "wechat").data
    assert "Dormant channel" in dormant and "150 days" in dormant and "2025-10-01" in dormant
    assert "never had a paid order" in never


def test_kpi_table_is_markdown(con):
    with i18n.language("zh"):
        table = narrative.kpi_table(kpis.summary(con)).data.splitlines()
    assert table[0] == "| 指标 | 数值 |" and table[2] == "| 已付款订单数 | 6 |"
