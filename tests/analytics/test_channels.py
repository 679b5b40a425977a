"""channels analyses on a hand-written shop: every expected value below is worked out by hand."""

import math

import pandas as pd
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import channels
from crmkit.plots import channels as plots
from tests.fixtures import BASE, money

# Channels: 1 app, 2 tmall (from BASE), 3 douyin (never sold, closed). The data's "today" is the
# newest order: 2026-03-02 20:00 (order 110).
SHOP = BASE + """
INSERT INTO channels VALUES (3, 'douyin', '抖音直播间', 'Douyin live room', 'social', DATE '2025-01-01', DATE '2026-01-31');
INSERT INTO categories VALUES (1, 'kitchen', '厨房电器', 'Kitchen');
INSERT INTO suppliers VALUES (1, 'sup1', '供应商一', 'Supplier one', 'GD');
INSERT INTO products VALUES (1, 'SKU1', '电饭煲', 'Rice cooker', 1, 1, 100.00, 60.00, DATE '2024-01-01');
INSERT INTO return_reasons VALUES ('quality', '质量问题', 'Quality problem');
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '张三', 'M', DATE '1990-05-10', '13812345678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李四', 'F', DATE '1985-05-20', '139****1111', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (3, 'MA0120250000003', '王五', 'M', DATE '1992-06-01', '137****2222', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (5, 'MA0120250000005', '孙七', 'M', DATE '1995-12-12', '135****4444', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (6, 'MA0120250000006', '周八', 'F', DATE '1988-01-15', '134****5555', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (7, 'MA0220250000007', '吴九', 'M', DATE '1999-09-09', '133****6666', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00');
INSERT INTO orders VALUES
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2025-03-10 10:00', TIMESTAMP '2025-03-10 10:01', NULL, NULL, 100.00, 0, 100.00),
 (102, 2, 2, NULL, 'completed', TIMESTAMP '2025-03-20 10:00', TIMESTAMP '2025-03-20 10:01', NULL, NULL, 200.00, 0, 200.00),
 (112, 7, 2, NULL, 'completed', TIMESTAMP '2025-08-01 10:00', TIMESTAMP '2025-08-01 10:01', NULL, NULL, 40.00, 0, 40.00),
 (113, 7, 1, NULL, 'completed', TIMESTAMP '2025-08-01 10:00', TIMESTAMP '2025-08-01 10:01', NULL, NULL, 40.00, 0, 40.00),
 (103, 1, 2, NULL, 'completed', TIMESTAMP '2025-11-20 10:00', TIMESTAMP '2025-11-20 10:01', NULL, NULL, 50.00, 0, 50.00),
 (104, 3, 1, NULL, 'completed', TIMESTAMP '2026-02-11 09:00', TIMESTAMP '2026-02-11 09:01', NULL, NULL, 300.00, 0, 300.00),
 (105, 2, 1, NULL, 'completed', TIMESTAMP '2026-02-12 10:00', TIMESTAMP '2026-02-12 10:01', NULL, NULL, 120.00, 0, 120.00),
 (106, 5, 1, NULL, 'closed',    TIMESTAMP '2026-02-06 10:00', NULL, NULL, NULL, 999.00, 0, 999.00),
 (107, 1, 1, NULL, 'completed', TIMESTAMP '2026-02-07 10:00', TIMESTAMP '2026-02-07 10:01', NULL, NULL, 80.00, 0, 80.00),
 (108, 5, 1, NULL, 'completed', TIMESTAMP '2026-02-27 10:00', TIMESTAMP '2026-02-27 10:01', NULL, NULL, 60.00, 0, 60.00),
 (109, 6, 1, NULL, 'paid',      TIMESTAMP '2026-03-01 11:00', TIMESTAMP '2026-03-01 11:01', NULL, NULL, 150.00, 0, 150.00),
 (110, 1, 1, NULL, 'completed', TIMESTAMP '2026-03-02 20:00', TIMESTAMP '2026-03-02 20:01', NULL, NULL, 90.00, 0, 90.00),
 (111, 6, 2, NULL, 'closed',    TIMESTAMP '2026-03-02 12:00', NULL, NULL, NULL, 10.00, 0, 10.00);
INSERT INTO returns VALUES
 (1, 105, 1, 'return',   'quality', TIMESTAMP '2026-02-15 10:00', 120.00),
 (2, 105, 1, 'exchange', 'quality', TIMESTAMP '2026-02-16 10:00', 0.00),
 (3, 103, 1, 'return',   'quality', TIMESTAMP '2025-11-25 10:00', 50.00);
"""
# Paid orders per channel:
#   app (1):   101 (100), 113 (40), 104 (300), 105 (120), 107 (80), 108 (60), 109 (150), 110 (90) = 8 orders, 940.00
#   tmall (2): 102 (200), 112 (40), 103 (50) = 3 orders, 290.00 (111 is closed)
#   douyin (3): none

TABLE_COLUMNS = ["channel_id", "channel_code", "channel", "kind", "channel_kind", "opened_at", "closed_at", "status",
                 "channel_status", "order_count", "revenue", "last_order_at", "days_since_last_order"]
DORMANT_COLUMNS = ["channel_id", "channel_code", "channel", "kind", "opened_at", "closed_at", "last_order_at",
                   "days_since_last_order"]
SALES_COLUMNS = ["period", "channel_id", "channel", "order_count", "revenue", "share"]
RETURN_COLUMNS = ["channel_id", "channel", "order_count", "returned_orders", "return_rate"]
CUSTOMER_COLUMNS = ["channel_id", "channel", "new_customers", "returning_customers", "order_count", "revenue", "aov"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def nan(value):
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- table

def test_table(con):
    with i18n.language("zh"):
        df = channels.table(con)
    assert list(df.columns) == TABLE_COLUMNS
    assert list(df.channel_id) == [1, 2, 3]
    assert list(df.channel_code) == ["app", "tmall", "douyin"]
    assert list(df.channel) == ["官方App", "天猫旗舰店", "抖音直播间"]
    assert list(df.channel_kind) == ["自营", "电商平台", "社交电商"]
    assert list(df.order_count) == [8, 3, 0]
    assert money(df.revenue) == [940.0, 290.0, 0.0]
    # app sold today; tmall last sold 2025-11-20: 10 (rest of Nov) + 31 + 31 + 28 + 2 = 102 days > 90; douyin never
    assert list(df.status) == ["active", "dormant", "dormant"]
    assert list(df.channel_status) == ["活跃", "休眠", "休眠"]
    assert list(df.days_since_last_order[:2]) == [0, 102] and nan(df.days_since_last_order.iloc[2])
    assert str(df.last_order_at.iloc[1]) == "2025-11-20 10:00:00"
    assert df.closed_at.iloc[2] == pd.Timestamp("2026-01-31") and nan(df.closed_at.iloc[0])
    with i18n.language("en"):
        en = channels.table(con)
    assert list(en.channel_status) == ["Active", "Dormant", "Dormant"] and en.channel.iloc[2] == "Douyin live room"


# ---------------------------------------------------------------- dormant

def test_dormant(con):
    df = channels.dormant(con)
    assert list(df.columns) == DORMANT_COLUMNS
    assert list(df.channel_id) == [3, 2]  # never sold first, then tmall (102 days)
    assert df.days_since_last_order.iloc[1] == 102
    assert list(channels.dormant(con, 101).channel_id) == [3, 2]  # 102 > 101
    assert list(channels.dormant(con, days=102).channel_id) == [3]  # an order 102 days ago is within 102 days


@pytest.mark.parametrize("bad", [0, -5, 1.5, "90", None, True])
def test_dormant_bad_days(con, bad):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="days must be a whole number above 0"):
        channels.dormant(con, bad)


def test_dormant_bad_days_in_chinese(con):
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 days 必须是大于 0 的整数"):
        channels.dormant(con, 0)


# ---------------------------------------------------------------- sales

def test_sales_per_month(con):
    df = channels.sales(con, "month")
    assert list(df.columns) == SALES_COLUMNS
    assert [(str(p)[:7], c) for p, c in zip(df.period, df.channel_id, strict=True)] == [
        ("2025-03", 1), ("2025-03", 2), ("2025-08", 1), ("2025-08", 2), ("2025-11", 2), ("2026-02", 1), ("2026-03", 1)]
    assert list(df.order_count) == [1, 1, 1, 1, 1, 4, 2]  # Feb 2026: 104, 105, 107, 108 (106 closed)
    assert money(df.revenue) == [100.0, 200.0, 40.0, 40.0, 50.0, 560.0, 240.0]  # 300+120+80+60; 150+90
    assert list(df.share) == pytest.approx([1 / 3, 2 / 3, 0.5, 0.5, 1.0, 1.0, 1.0])  # 100/300, 200/300; a tie 40/80


def test_sales_per_quarter_and_days(con):
    q = channels.sales(con, "Quarter")
    assert money(q.revenue) == [100.0, 200.0, 40.0, 40.0, 50.0, 800.0]  # 2026 Q1 on app: 560 + 240
    assert list(q.order_count) == [1, 1, 1, 1, 1, 6]
    with i18n.language("en"):
        df = channels.sales(con, "month", start="2025-03-15", end="2025-11-20")  # end inclusive: 103 is in
    assert [(str(p)[:7], c) for p, c in zip(df.period, df.channel, strict=True)] == [
        ("2025-03", "Tmall store"), ("2025-08", "Official app"), ("2025-08", "Tmall store"), ("2025-11", "Tmall store")]
    assert list(df.share) == [1.0, 0.5, 0.5, 1.0]
    empty = channels.sales(con, "year", start="2027-01-01")
    assert empty.empty and list(empty.columns) == SALES_COLUMNS


def test_sales_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="'fortnight' for period. Valid values: day, week, month, quarter"):
            channels.sales(con, "fortnight")
        with pytest.raises(ck.CrmkitError, match="start: '2025-13-45' is not a date"):
            channels.sales(con, "month", start="2025-13-45")
        with pytest.raises(ck.CrmkitError, match="end: 'x' is not a date"):
            channels.sales(con, "month", end="x")


# ---------------------------------------------------------------- return_rate

def test_return_rate(con):
    df = channels.return_rate(con)
    assert list(df.columns) == RETURN_COLUMNS
    assert list(df.order_count) == [8, 3, 0]
    assert list(df.returned_orders) == [1, 1, 0]  # app: 105 (a return and an exchange: one order); tmall: 103
    assert list(df.return_rate[:2]) == [0.125, pytest.approx(1 / 3)]  # 1/8; 1/3
    assert nan(df.return_rate.iloc[2])  # no orders, no rate


# ---------------------------------------------------------------- customers

def test_customers(con):
    df = channels.customers(con)
    assert list(df.columns) == CUSTOMER_COLUMNS
    # first paid orders: c1 101 (app), c2 102 (tmall), c3 104 (app), c5 108 (app; 106 was closed), c6 109 (app),
    # c7 112 (tmall: 112 and 113 at the same minute, the lower order id counts)
    assert list(df.new_customers) == [4, 2, 0]  # app: c1, c3, c5, c6; tmall: c2, c7
    # later paid orders: app 105 (c2), 107 (c1), 110 (c1), 113 (c7) -> 3 customers; tmall 103 (c1) -> 1
    assert list(df.returning_customers) == [3, 1, 0]
    assert list(df.order_count) == [8, 3, 0]
    assert money(df.revenue) == [940.0, 290.0, 0.0]
    assert list(df.aov[:2]) == [117.5, 96.67]  # 940/8; 290/3 = 96.666...
    assert nan(df.aov.iloc[2])


def test_customers_with_a_single_order_count_only_as_new(con):
    # c6 has one paid order (109, app) and a closed one (111, tmall): new on app, nowhere returning
    df = channels.customers(con).set_index("channel_id")
    assert df.loc[2, "returning_customers"] == 1  # only c1; the closed 111 does not make c6 a tmall customer


# ---------------------------------------------------------------- plots

def test_plots_have_catalog_titles(con):
    with i18n.language("en"):
        assert plots.table(channels.table(con)).layout.title.text == "Revenue per channel"
        assert plots.dormant(channels.dormant(con)).layout.title.text == "Dormant channels: days since the last order"
        assert plots.sales(channels.sales(con, "month")).layout.title.text == "Revenue per period and channel"
        assert plots.return_rate(channels.return_rate(con)).layout.title.text == "Return rate per channel"
        fig = plots.customers(channels.customers(con))
        assert fig.layout.title.text == "New and returning customers per channel"
        assert {t.name for t in fig.data} == {"New customers", "Returning customers"}
    with i18n.language("zh"):
        assert plots.table(channels.table(con)).layout.title.text == "各渠道销售额"
        assert plots.customers(channels.customers(con)).layout.title.text == "各渠道新客与老客"


# ---------------------------------------------------------------- the default course data

def test_smoke_on_the_mall():
    con = ck.connect("mall")
    checks = [
        (channels.table(con), TABLE_COLUMNS),
        (channels.dormant(con, days=30), DORMANT_COLUMNS),
        (channels.sales(con, "month"), SALES_COLUMNS),
        (channels.return_rate(con), RETURN_COLUMNS),
        (channels.customers(con), CUSTOMER_COLUMNS),
    ]
    for df, columns in checks:
        assert len(df) > 0 and list(df.columns) == columns
    con.close()
