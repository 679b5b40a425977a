"""Customer analyses on a hand-written shop: every expected value below is worked out by hand.

The tiny shop (8 customers, "today" = 2025-03-31, the day of the newest order, a closed one):

====  ========  ======  =======  ==============================================  ======  =====
 id   province  source  channel  paid orders (order channel, month, total)       orders  spend
====  ========  ======  =======  ==============================================  ======  =====
 1    GD        1       1        101 ch1 Jan 100, 102 ch1 Feb 300, 103 ch2 Mar 600  3     1000
 2    GD        1       2        201 ch2 Jan 50                                     1       50
 3    ZJ        2       1        301 ch1 Feb 1500, 302 ch1 Mar 1000 (+303 closed)   2     2500
 4    ZJ        2       2        401 ch2 Mar 12000                                  1    12000
 5    GD        1       1        none (501, 502 closed; 502 is the newest order)    0        0
 6    ZJ        1       1        none                                               0        0
 7    GD        2       2        701-710 ch1 2024-12-01..10, 100 each              10     1000
 8    ZJ        1       2        801 Dec 2024, 802 Jan, 803 Feb, 804/805 Mar, 400  5     2000
====  ========  ======  =======  ==============================================  ======  =====

Months are 2025 unless said. Paid orders: 3+1+2+1+10+5 = 22; revenue 1000+50+2500+12000+1000+2000
= 18550. Sources: 1 search, 2 ads, 3 live (nobody). Customer tags: vip {3, 4}, new {2, 4}, dormant
{} and a product tag 'hot' that classify must ignore. Province SH has no customers.
"""

import math
from decimal import Decimal

import plotly.graph_objects as go
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import customer_analysis as ca
from crmkit.plots import customers as plots
from tests.fixtures import BASE


def _customer(cid, province, city, source, channel):
    return (f"({cid}, 'T{cid:04d}', '顾客{cid}', 'F', DATE '1990-01-01', '138****{cid:04d}', NULL, '{province}', "
            f"{city}, '****', {source}, {channel}, TIMESTAMP '2024-11-01 09:00', TIMESTAMP '2024-11-01 09:00')")


def _order(oid, cid, channel, status, at, total, items=None, discount=0):
    paid = "NULL" if status == "closed" else f"TIMESTAMP '{at}'"
    items = total + discount if items is None else items
    return f"({oid}, {cid}, {channel}, NULL, '{status}', TIMESTAMP '{at}', {paid}, NULL, NULL, {items}, {discount}, {total})"


CUSTOMERS = ",\n".join([
    _customer(1, "GD", 1, 1, 1), _customer(2, "GD", 1, 1, 2), _customer(3, "ZJ", 2, 2, 1),
    _customer(4, "ZJ", 2, 2, 2), _customer(5, "GD", 1, 1, 1), _customer(6, "ZJ", 2, 1, 1),
    _customer(7, "GD", 1, 2, 2), _customer(8, "ZJ", 2, 1, 2),
])
ORDERS = ",\n".join([
    _order(101, 1, 1, "completed", "2025-01-10 10:00", 100),
    _order(102, 1, 1, "completed", "2025-02-15 10:00", 300, items=320, discount=20),
    _order(103, 1, 2, "shipped", "2025-03-20 10:00", 600),
    _order(201, 2, 2, "completed", "2025-01-20 10:00", 50),
    _order(301, 3, 1, "completed", "2025-02-05 10:00", 1500),
    _order(302, 3, 1, "paid", "2025-03-10 10:00", 1000),
    _order(303, 3, 1, "closed", "2025-03-25 10:00", 999),
    _order(401, 4, 2, "paid", "2025-03-05 10:00", 12000),
    _order(501, 5, 1, "closed", "2025-02-10 10:00", 80),
    _order(502, 5, 1, "closed", "2025-03-31 12:00", 80),
    _order(801, 8, 2, "completed", "2024-12-15 10:00", 400),
    _order(802, 8, 2, "completed", "2025-01-15 10:00", 400),
    _order(803, 8, 2, "completed", "2025-02-15 10:00", 400),
    _order(804, 8, 2, "completed", "2025-03-15 10:00", 400),
    _order(805, 8, 2, "completed", "2025-03-28 10:00", 400),
])

TINY = BASE + f"""
INSERT INTO provinces VALUES ('SH', '上海市', 'Shanghai');
INSERT INTO sources VALUES (2, 'ads', '广告投放', 'Paid ads'), (3, 'live', '直播', 'Live streaming');
INSERT INTO suppliers VALUES (1, 'sup', '供应商', 'Supplier', 'ZJ');
INSERT INTO categories VALUES (1, 'leaves', '茶叶', 'Tea leaves'), (2, 'ware', '茶具', 'Teaware'),
                              (3, 'gift', '礼盒', 'Gift boxes');
INSERT INTO products VALUES (1, 'P1', '龙井', 'Longjing', 1, 1, 100, 50, DATE '2024-01-01'),
                            (2, 'P2', '茶杯', 'Teacup', 2, 1, 50, 20, DATE '2024-01-01');
INSERT INTO customers VALUES
{CUSTOMERS};
INSERT INTO orders VALUES
{ORDERS};
INSERT INTO orders
SELECT 700 + i, 7, 1, NULL, 'completed', TIMESTAMP '2024-11-30 10:00' + INTERVAL (i) DAY,
       TIMESTAMP '2024-11-30 10:00' + INTERVAL (i) DAY, NULL, NULL, 100, 0, 100
FROM range(1, 11) r(i);
INSERT INTO order_items VALUES
 (101, 1, 1, 1, 100, 100),
 (102, 1, 1, 2, 100, 200), (102, 2, 2, 2, 60, 120),
 (103, 1, 2, 12, 50, 600),
 (201, 1, 2, 1, 50, 50),
 (303, 1, 1, 9, 111, 999);
INSERT INTO tags VALUES (1, 'customer', 'vip', '高价值客户', 'High value'), (2, 'customer', 'new', '新客户', 'New customer'),
                        (3, 'product', 'hot', '爆款', 'Best seller'), (4, 'customer', 'dormant', '沉睡客户', 'Dormant');
INSERT INTO customer_tags VALUES (3, 1), (4, 1), (2, 2), (4, 2);
INSERT INTO product_tags VALUES (1, 3);
"""

EMPTY = BASE + f"""
INSERT INTO customers VALUES {_customer(1, "GD", 1, 1, 1)};
"""

TOTAL = 18550.0  # 1000 + 50 + 2500 + 12000 + 1000 + 2000


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(TINY)


@pytest.fixture
def empty(tiny_shop):
    """A shop with one customer and no orders at all."""
    return tiny_shop(EMPTY)


def rows(df, *columns):
    """The frame as a list of tuples (numbers as float, missing as None) for comparing by hand."""
    def plain(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        return v if isinstance(v, str) else float(v)
    return [tuple(plain(v) for v in r) for r in df[list(columns)].itertuples(index=False)]


def approx_rows(actual, expected):
    assert len(actual) == len(expected), actual
    for a, e in zip(actual, expected, strict=True):
        assert a == pytest.approx(e), (a, e)


# --- classify -------------------------------------------------------------------------------------

COLUMNS = ["segment", "customer_count", "share", "order_count", "revenue"]


def test_classify_by_frequency(con):
    with i18n.language("en"):
        df = ca.classify(con, "frequency")
    assert list(df.columns) == COLUMNS
    approx_rows(rows(df, *COLUMNS), [
        ("No orders", 2, 2 / 8, 0, 0),               # customers 5 and 6 (5 has closed orders only)
        ("1 order", 2, 2 / 8, 2, 12050),             # 2 (50) and 4 (12000)
        ("2–3 orders", 2, 2 / 8, 5, 3500),           # 1 (3 orders, 1000) and 3 (2 orders, 2500)
        ("4–9 orders", 1, 1 / 8, 5, 2000),           # 8
        ("10+ orders", 1, 1 / 8, 10, 1000),          # 7
    ])
    with i18n.language("zh"):
        assert list(ca.classify(con, "frequency").segment) == ["未购买（0单）", "1单", "2–3单", "4–9单", "10单及以上"]


def test_classify_by_spend_bands_and_boundaries(con):
    with i18n.language("en"):
        df = ca.classify(con, " Spend ")
    approx_rows(rows(df, *COLUMNS), [
        ("0 CNY (no spend)", 2, 0.25, 0, 0),         # 5, 6
        ("Under 500 CNY", 1, 0.125, 1, 50),           # 2
        ("500–2,000 CNY", 2, 0.25, 13, 2000),         # 1 (1000, 3 orders) + 7 (1000, 10 orders)
        ("2,000–10,000 CNY", 2, 0.25, 7, 4500),       # 3 (2500, 2) + 8 (exactly 2000, 5)
        ("10,000+ CNY", 1, 0.125, 1, 12000),          # 4
    ])


def test_classify_by_source_and_channel_list_empty_classes(con):
    with i18n.language("en"):
        source = ca.classify(con, "source")
        channel = ca.classify(con, "channel")
    approx_rows(rows(source, *COLUMNS), [
        ("Search", 5, 5 / 8, 9, 3050),               # 1, 2, 5, 6, 8: 3+1+5 orders, 1000+50+2000
        ("Paid ads", 3, 3 / 8, 13, 15500),           # 3, 4, 7: 2+1+10 orders, 2500+12000+1000
        ("Live streaming", 0, 0, 0, 0),
    ])
    # registration channel, not the order's channel: customer 7 registered in 2 but ordered in 1
    approx_rows(rows(channel, *COLUMNS), [
        ("Official app", 4, 0.5, 5, 3500),           # 1, 3, 5, 6: 3+2 orders, 1000+2500
        ("Tmall store", 4, 0.5, 17, 15050),          # 2, 4, 7, 8: 1+1+10+5, 50+12000+1000+2000
    ])
    with i18n.language("zh"):
        assert list(ca.classify(con, "source").segment) == ["搜索", "广告投放", "直播"]


def test_classify_by_tag_counts_a_customer_in_each_of_their_tags(con):
    with i18n.language("en"):
        df = ca.classify(con, "tag")
    approx_rows(rows(df, *COLUMNS), [
        ("High value", 2, 2 / 8, 3, 14500),          # 3 (2 orders, 2500) + 4 (1, 12000)
        ("New customer", 2, 2 / 8, 2, 12050),        # 2 (1, 50) + 4 (1, 12000): 4 counts twice
        ("Dormant", 0, 0, 0, 0),                     # the product tag 'hot' is not listed
    ])


# --- levels ---------------------------------------------------------------------------------------

LEVEL_COLUMNS = ["level", "level_min_spend", "customer_count", "share", "revenue", "spend_per_customer"]


def test_levels_default_thresholds(con):
    with i18n.language("en"):
        df = ca.levels(con)
    assert list(df.columns) == LEVEL_COLUMNS
    approx_rows(rows(df, *LEVEL_COLUMNS[:-1]), [
        ("Regular", 0, 3, 3 / 8, 50),                # 2 (50), 5 (0), 6 (0)
        ("Silver", 1000, 4, 4 / 8, 6500),            # 1 (exactly 1000), 3 (2500), 7 (1000), 8 (2000)
        ("Gold", 5000, 1, 1 / 8, 12000),             # 4
        ("Diamond", 20000, 0, 0, 0),                 # nobody reaches 20000
    ])
    assert list(df.spend_per_customer[:3]) == [16.67, 1625.0, 12000.0]  # 50/3 rounded; 6500/4; 12000/1
    assert df.spend_per_customer.isna().iloc[3]                          # no customers: no average
    with i18n.language("zh"):
        assert list(ca.levels(con).level) == ["普通会员", "银卡会员", "金卡会员", "钻石会员"]


def test_levels_own_thresholds(con):
    with i18n.language("en"):
        df = ca.levels(con, silver=500, gold=2000.0, diamond=Decimal("10000"))
    approx_rows(rows(df, "level", "level_min_spend", "customer_count", "revenue", "spend_per_customer"), [
        ("Regular", 0, 3, 50, 16.67),                # 2, 5, 6; 50 / 3 = 16.666...
        ("Silver", 500, 2, 2000, 1000),              # 1 and 7 (1000 each)
        ("Gold", 2000, 2, 4500, 2250),               # 3 (2500) and 8 (exactly 2000)
        ("Diamond", 10000, 1, 12000, 12000),         # 4
    ])


@pytest.mark.parametrize("kwargs, name", [
    ({"silver": 0}, "silver"), ({"gold": -5}, "gold"), ({"diamond": "lots"}, "diamond"),
    ({"silver": True}, "silver"), ({"gold": float("nan")}, "gold"),
])
def test_levels_thresholds_must_be_positive_numbers(con, kwargs, name):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=f"{name} must be a number above 0"):
        ca.levels(con, **kwargs)


def test_levels_thresholds_must_increase(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        ca.levels(con, silver=6000)  # above the default gold of 5000
    assert "silver < gold < diamond" in str(err.value) and "silver=6000, gold=5000, diamond=20000" in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="依次递增"):
        ca.levels(con, gold=20000)  # equal to diamond


# --- repurchase and new vs returning ---------------------------------------------------------------

def test_repurchase_by_month(con):
    df = ca.repurchase(con, "month")
    assert list(df.columns) == ["period", "customer_count", "repurchasing_customers", "repurchase_rate"]
    assert [str(p.date()) for p in df.period] == ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"]
    approx_rows(rows(df, "customer_count", "repurchasing_customers", "repurchase_rate"), [
        (2, 0, 0.0),      # Dec: 7 (10 orders in one month are no repurchase) and 8, both first seen here
        (3, 1, 1 / 3),    # Jan: 1, 2, 8; 8 bought in Dec
        (3, 2, 2 / 3),    # Feb: 1, 3, 8; 1 (Jan) and 8 (Dec) bought before, 3 is new
        (4, 3, 3 / 4),    # Mar: 1, 3, 4, 8; all but 4 bought before (3's closed order 303 does not count)
    ])


def test_repurchase_by_year(con):
    df = ca.repurchase(con, "YEAR")
    approx_rows(rows(df, "customer_count", "repurchasing_customers", "repurchase_rate"), [
        (2, 0, 0.0),      # 2024: 7, 8
        (5, 1, 1 / 5),    # 2025: 1, 2, 3, 4, 8; only 8 bought in 2024
    ])


def test_repurchase_by_week_reads_the_orders(con):
    # weeks start on Monday; customer 7's orders 2024-12-01 (a Sunday) .. 12-10 span three weeks
    df = ca.repurchase(con, "week")
    assert [str(p.date()) for p in df.period] == [
        "2024-11-25", "2024-12-02", "2024-12-09", "2025-01-06", "2025-01-13", "2025-01-20", "2025-02-03",
        "2025-02-10", "2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"]
    assert rows(df, "customer_count", "repurchasing_customers") == [
        (1, 0),  # 7 (Dec 1)
        (1, 1),  # 7 again (Dec 2-8): bought the week before
        (2, 1),  # 7 (Dec 9-10) and 8 (Dec 15, a Sunday, first order)
        (1, 0),  # 1 (Jan 10, first)
        (1, 1),  # 8 (Jan 15)
        (1, 0),  # 2 (Jan 20, first)
        (1, 0),  # 3 (Feb 5, first)
        (2, 2),  # 1 and 8 (Feb 15)
        (1, 0),  # 4 (Mar 5, first)
        (2, 2),  # 3 (Mar 10) and 8 (Mar 15)
        (1, 1),  # 1 (Mar 20)
        (1, 1),  # 8 (Mar 28); 3's order of Mar 25 is closed
    ]


NVR_COLUMNS = ["period", "customer_count", "new_customers", "returning_customers", "new_customer_share",
               "returning_customer_share", "new_customer_revenue", "returning_customer_revenue"]


def test_new_vs_returning_by_month(con):
    df = ca.new_vs_returning(con, "month")
    assert list(df.columns) == NVR_COLUMNS
    approx_rows(rows(df, *NVR_COLUMNS[1:]), [
        (2, 2, 0, 1.0, 0.0, 1400, 0),               # Dec: new 7 (10 x 100) and 8 (400)
        (3, 2, 1, 2 / 3, 1 / 3, 150, 400),          # Jan: new 1 (100), 2 (50); returning 8 (400)
        (3, 1, 2, 1 / 3, 2 / 3, 1500, 700),         # Feb: new 3 (1500); returning 1 (300), 8 (400)
        (4, 1, 3, 1 / 4, 3 / 4, 12000, 2400),       # Mar: new 4; returning 1 (600), 3 (1000), 8 (2 x 400)
    ])
    assert df.new_customer_revenue.sum() + df.returning_customer_revenue.sum() == pytest.approx(TOTAL)


def test_new_vs_returning_by_quarter(con):
    df = ca.new_vs_returning(con, "quarter")
    assert [str(p.date()) for p in df.period] == ["2024-10-01", "2025-01-01"]
    # Q1 2025: new 1 (100+300+600=1000), 2 (50), 3 (1500+1000=2500), 4 (12000) -> 15550;
    # returning 8 (4 orders x 400 = 1600)
    approx_rows(rows(df, *NVR_COLUMNS[1:]), [
        (2, 2, 0, 1.0, 0.0, 1400, 0),                # Q4 2024: 7 (1000) and 8 (400), both new
        (5, 4, 1, 4 / 5, 1 / 5, 15550, 1600),
    ])


def test_new_vs_returning_by_week_reads_the_orders(con):
    df = ca.new_vs_returning(con, "week")
    by_week = {str(p.date()): r for p, r in zip(df.period, rows(df, *NVR_COLUMNS[1:]), strict=True)}
    approx_rows([by_week["2024-12-09"], by_week["2025-02-10"], by_week["2025-03-10"]], [
        (2, 1, 1, 1 / 2, 1 / 2, 400, 200),      # 8 new (400); 7 returning (Dec 9 and 10, 100 each)
        (2, 0, 2, 0.0, 1.0, 0, 700),            # 1 (300) and 8 (400), both returning
        (2, 0, 2, 0.0, 1.0, 0, 1400),           # 3 (1000) and 8 (400)
    ])
    assert df.new_customer_revenue.sum() + df.returning_customer_revenue.sum() == pytest.approx(TOTAL)


def test_periods_are_validated(con):
    for function in (ca.repurchase, ca.new_vs_returning):
        with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
            function(con, "fortnight")
        assert "period" in str(err.value) and "day, week, month, quarter, year" in str(err.value)


# --- purchase counts ------------------------------------------------------------------------------

def test_purchase_counts(con):
    df = ca.purchase_counts(con)
    assert list(df.columns) == ["purchases", "customer_count", "share"]
    assert list(df.purchases) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"]
    # 6 buyers: 2 and 4 with 1 order, 3 with 2, 1 with 3, 8 with 5, 7 with 10; 5 and 6 never paid
    assert list(df.customer_count) == [2, 1, 1, 0, 1, 0, 0, 0, 0, 1]
    assert list(df.share) == pytest.approx([2 / 6, 1 / 6, 1 / 6, 0, 1 / 6, 0, 0, 0, 0, 1 / 6])


# --- churn ----------------------------------------------------------------------------------------

CHURN_COLUMNS = ["customer_id", "name", "phone", "last_order_at", "days_since_last_order", "orders", "total_spend"]


def test_churn_lists_long_inactive_buyers_by_spend(con):
    df = ca.churn(con, inactive_days=60)
    assert list(df.columns) == CHURN_COLUMNS
    # today = 2025-03-31 (closed order 502 is the newest). Last paid orders: 7 on 2024-12-10
    # (21 + 31 + 28 + 31 = 111 days), 2 on 2025-01-20 (11 + 28 + 31 = 70 days); the others are
    # within 26 days. Highest spend first: 7 (1000) before 2 (50).
    approx_rows(rows(df, "customer_id", "days_since_last_order", "orders", "total_spend"), [
        (7, 111, 10, 1000),
        (2, 70, 1, 50),
    ])
    assert list(df.name) == ["顾客7", "顾客2"] and list(df.phone) == ["138****0007", "138****0002"]
    assert str(df.last_order_at.iloc[0]) == "2024-12-10 10:00:00"
    assert list(ca.churn(con, 70).customer_id) == [7]  # exactly 70 days is not "more than 70"
    default = ca.churn(con)  # nobody is inactive for more than 180 days
    assert default.empty and list(default.columns) == CHURN_COLUMNS


@pytest.mark.parametrize("value", [0, -3, 1.5, "90", None, True])
def test_churn_days_must_be_a_positive_whole_number(con, value):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="inactive_days must be a whole number above 0"):
        ca.churn(con, value)


# --- regions and AOV ------------------------------------------------------------------------------

REGION_COLUMNS = ["province", "customer_count", "buyer_count", "order_count", "revenue", "share", "aov"]


def test_by_region(con):
    with i18n.language("en"):
        df = ca.by_region(con)
    assert list(df.columns) == REGION_COLUMNS
    approx_rows(rows(df, *REGION_COLUMNS), [
        # ZJ: 3, 4, 6, 8; buyers 3, 4, 8; orders 2+1+5; revenue 2500+12000+2000; AOV 16500/8
        ("Zhejiang", 4, 3, 8, 16500, 16500 / TOTAL, 2062.5),
        # GD: 1, 2, 5, 7; buyers 1, 2, 7; orders 3+1+10; revenue 1000+50+1000; AOV 2050/14 = 146.428...
        ("Guangdong", 4, 3, 14, 2050, 2050 / TOTAL, 146.43),
        ("Shanghai", 0, 0, 0, 0, 0, None),          # no customers, no AOV
    ])
    with i18n.language("zh"):
        assert list(ca.by_region(con).province) == ["浙江省", "广东省", "上海市"]


def test_aov_of_the_whole_shop(con):
    df = ca.aov(con)
    assert list(df.columns) == ["order_count", "revenue", "aov"]
    assert rows(df, "order_count", "revenue", "aov") == [(22, TOTAL, 843.18)]  # 18550 / 22 = 843.1818...


def test_aov_by_channel_province_and_month(con):
    with i18n.language("en"):
        channel = ca.aov(con, by="channel")
        province = ca.aov(con, "province")
        month = ca.aov(con, "month")
    assert list(channel.columns) == ["channel", "order_count", "revenue", "aov"]
    approx_rows(rows(channel, "channel", "order_count", "revenue", "aov"), [
        ("Tmall store", 8, 14650, 1831.25),          # 103 (600), 201 (50), 401 (12000), 801-805 (2000)
        ("Official app", 14, 3900, 278.57),          # 101+102 (400), 301+302 (2500), 701-710 (1000); 3900/14
    ])
    approx_rows(rows(province, "province", "order_count", "revenue", "aov"), [
        ("Zhejiang", 8, 16500, 2062.5),
        ("Guangdong", 14, 2050, 146.43),             # Shanghai has no orders: no row
    ])
    assert list(month.columns) == ["period", "order_count", "revenue", "aov"]
    assert [str(p.date()) for p in month.period] == ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"]
    approx_rows(rows(month, "order_count", "revenue", "aov"), [
        (11, 1400, 127.27),     # 701-710 (1000) + 801 (400); 1400/11 = 127.2727
        (3, 550, 183.33),       # 101 (100), 201 (50), 802 (400)
        (3, 2200, 733.33),      # 102 (300), 301 (1500), 803 (400)
        (5, 14400, 2880.0),     # 103 (600), 302 (1000), 401 (12000), 804+805 (800)
    ])


def test_aov_by_category_uses_item_amounts_and_orders_containing_the_category(con):
    with i18n.language("en"):
        df = ca.aov(con, "category")
    approx_rows(rows(df, "category", "order_count", "revenue", "aov"), [
        ("Teaware", 3, 770, 256.67),      # orders 102 (120), 103 (600), 201 (50); 770/3 = 256.666
        ("Tea leaves", 2, 300, 150.0),    # orders 101 (100), 102 (200, before its 20 discount); closed 303 left out
    ])


def test_by_is_validated(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        ca.classify(con, "age")
    assert "'age' for by" in str(err.value) and "frequency, source, channel, spend, tag" in str(err.value)
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        ca.aov(con, "week")
    assert "'week' for by" in str(err.value) and "None, channel, province, month, category" in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError) as err:
        ca.classify(con, "年龄")
    assert "年龄" in str(err.value) and "frequency" in str(err.value) and "可选" in str(err.value)


# --- revenue share --------------------------------------------------------------------------------

def test_revenue_share_ranks_ties_by_customer_id(con):
    df = ca.revenue_share(con)
    assert list(df.columns) == ["rank", "customer_id", "name", "revenue", "share", "cumulative_share",
                                "cumulative_customer_share"]
    approx_rows(rows(df, "rank", "customer_id", "revenue", "share", "cumulative_share", "cumulative_customer_share"), [
        (1, 4, 12000, 12000 / TOTAL, 12000 / TOTAL, 1 / 6),
        (2, 3, 2500, 2500 / TOTAL, 14500 / TOTAL, 2 / 6),
        (3, 8, 2000, 2000 / TOTAL, 16500 / TOTAL, 3 / 6),
        (4, 1, 1000, 1000 / TOTAL, 17500 / TOTAL, 4 / 6),   # 1 and 7 both spent 1000: lower id first
        (5, 7, 1000, 1000 / TOTAL, 18500 / TOTAL, 5 / 6),
        (6, 2, 50, 50 / TOTAL, 1.0, 1.0),
    ])


# --- a shop without orders ------------------------------------------------------------------------

def test_a_shop_without_orders_gives_empty_or_zero_results(empty):
    assert ca.repurchase(empty, "month").empty
    assert list(ca.repurchase(empty, "month").columns) == ["period", "customer_count", "repurchasing_customers",
                                                             "repurchase_rate"]
    assert ca.new_vs_returning(empty, "week").empty and list(ca.new_vs_returning(empty, "week").columns) == NVR_COLUMNS
    assert ca.churn(empty).empty and list(ca.churn(empty).columns) == CHURN_COLUMNS
    assert ca.revenue_share(empty).empty
    assert ca.aov(empty, "month").empty and ca.aov(empty, "category").empty
    assert rows(ca.aov(empty), "order_count", "revenue", "aov") == [(0, 0, None)]
    frequency = ca.classify(empty, "frequency")
    assert list(frequency.customer_count) == [1, 0, 0, 0, 0] and list(frequency.revenue) == [0] * 5
    assert list(ca.purchase_counts(empty).customer_count) == [0] * 10
    assert ca.purchase_counts(empty).share.isna().all()  # no buyers: no shares
    assert list(ca.levels(empty).customer_count) == [1, 0, 0, 0]
    region = ca.by_region(empty)
    assert list(region.customer_count) == [1, 0] and region.share.isna().all()


# --- plots ----------------------------------------------------------------------------------------

def test_every_plot_gives_a_figure_with_the_catalog_title(con):
    cases = [
        (plots.classify, ca.classify(con, "channel")),
        (plots.levels, ca.levels(con)),
        (plots.repurchase, ca.repurchase(con, "month")),
        (plots.purchase_counts, ca.purchase_counts(con)),
        (plots.churn, ca.churn(con, 60)),
        (plots.by_region, ca.by_region(con)),
        (plots.aov, ca.aov(con)),
        (plots.aov, ca.aov(con, "month")),
        (plots.aov, ca.aov(con, "category")),
        (plots.new_vs_returning, ca.new_vs_returning(con, "month")),
        (plots.revenue_share, ca.revenue_share(con)),
    ]
    for plot, df in cases:
        name = plot.__name__
        for lang in ("en", "zh"):
            with i18n.language(lang):
                fig = plot(df)
            assert isinstance(fig, go.Figure), name
            assert fig.layout.title.text == i18n.t(f"plot.customers.{name}", lang=lang), name
    with i18n.language("en"):
        assert plots.revenue_share(ca.revenue_share(con)).layout.title.text == "Pareto curve: customers and revenue"
        assert plots.levels(ca.levels(con)).layout.xaxis.title.text == "Level"
    with i18n.language("zh"):
        assert plots.classify(ca.classify(con, "tag")).layout.title.text == "顾客分类"
        assert plots.new_vs_returning(ca.new_vs_returning(con, "month")).data[0].name == "新顾客"


def test_pareto_curve_starts_at_zero_and_ends_at_one(con):
    fig = plots.revenue_share(ca.revenue_share(con))
    assert list(fig.data[0].x)[0] == 0 and list(fig.data[0].y)[0] == 0
    assert list(fig.data[0].x)[-1] == pytest.approx(1) and list(fig.data[0].y)[-1] == pytest.approx(1)
    assert len(fig.data[0].x) == 7  # the origin and the 6 buyers


# --- the default course data ----------------------------------------------------------------------

def test_every_analysis_runs_on_the_course_data():
    mall = ck.connect("mall")
    try:
        expected = {
            **{f"classify {by}": (ca.classify(mall, by), COLUMNS) for by in ca.CLASSIFY_BY},
            "levels": (ca.levels(mall), LEVEL_COLUMNS),
            "repurchase": (ca.repurchase(mall, "month"),
                           ["period", "customer_count", "repurchasing_customers", "repurchase_rate"]),
            "purchase_counts": (ca.purchase_counts(mall), ["purchases", "customer_count", "share"]),
            "churn": (ca.churn(mall), CHURN_COLUMNS),
            "by_region": (ca.by_region(mall), REGION_COLUMNS),
            "aov": (ca.aov(mall), ["order_count", "revenue", "aov"]),
            "aov channel": (ca.aov(mall, "channel"), ["channel", "order_count", "revenue", "aov"]),
            "aov province": (ca.aov(mall, "province"), ["province", "order_count", "revenue", "aov"]),
            "aov month": (ca.aov(mall, "month"), ["period", "order_count", "revenue", "aov"]),
            "aov category": (ca.aov(mall, "category"), ["category", "order_count", "revenue", "aov"]),
            "new_vs_returning": (ca.new_vs_returning(mall, "quarter"), NVR_COLUMNS),
            "revenue_share": (ca.revenue_share(mall), ["rank", "customer_id", "name", "revenue", "share",
                                                       "cumulative_share", "cumulative_customer_share"]),
        }
        for name, (df, columns) in expected.items():
            assert not df.empty, name
            assert list(df.columns) == columns, name
        # the analyses agree with each other
        total = float(expected["aov"][0].revenue.iloc[0])
        assert float(expected["classify spend"][0].revenue.sum()) == pytest.approx(total)
        assert float(expected["levels"][0].revenue.sum()) == pytest.approx(total)
        assert float(expected["by_region"][0].revenue.sum()) == pytest.approx(total)
        assert float(expected["revenue_share"][0].revenue.sum()) == pytest.approx(total)
        repurchase = ca.repurchase(mall, "quarter")
        assert list(repurchase.repurchasing_customers) == list(expected["new_vs_returning"][0].returning_customers)
    finally:
        mall.close()
