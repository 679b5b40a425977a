"""The four kinds of customer-information analysis on hand-written shops; every expected value below is
worked out by hand.

SHOP — "today" is 2026-07-31, the day of the newest order (105, closed). Ages are on today.

====  ========  ==========  ====  ============================================================
 id   province  birthday    age   paid orders: items (product x quantity = amount)
====  ========  ==========  ====  ============================================================
 1    GD        2005-08-01   20   101 Jun 10: kettle x1 = 100, filter x2 = 40; 108 Jul 15: filter x1 = 20
 2    GD        2001-07-31   25   102 Jul 05: filter x3 = 60
 3    ZJ        1980-01-01   46   103 Jul 10: kettle x2 = 200
 4    ZJ        (unknown)     —   104 Jul 20: filter x1 = 20, rice cooker x1 = 300
 5    SH        1990-06-15   36   106 Jun 20: rice cooker x1 = 300 (105 Jul 31: kettle x5, closed)
 6    GD        1999-09-09   26   none (a potential customer)
 7    ZJ        1950-03-03   76   107 2025-01-15: kettle x1 = 100 (562 days ago: lost)
====  ========  ==========  ====  ============================================================

Categories: 1 厨房小电 (kettle, rice cooker), 2 耗材配件 (filter). Complaints: two in June, one in July
(and a delivery inquiry in July that is not one); one return request in July.
"""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import info_analyses as ia
from crmkit.plots import info_analyses as plots
from tests.fixtures import BASE, money

CATALOG = BASE + """
INSERT INTO provinces VALUES ('SH', '上海市', 'Shanghai');
INSERT INTO cities VALUES (3, 'SH', '上海市', 'Shanghai');
INSERT INTO suppliers VALUES (1, 's1', '供应商一', 'Supplier one', 'GD');
INSERT INTO categories VALUES (1, 'kitchen', '厨房小电', 'Small kitchen appliances'),
                              (2, 'consumables', '耗材配件', 'Consumables');
INSERT INTO products VALUES (1, 'K1', '电水壶', 'Kettle', 1, 1, 100, 50, DATE '2020-01-01'),
                            (2, 'F1', '滤芯', 'Filter', 2, 1, 20, 5, DATE '2020-01-01'),
                            (3, 'R1', '电饭煲', 'Rice cooker', 1, 1, 300, 150, DATE '2020-01-01');
INSERT INTO interaction_kinds VALUES ('phone_in', '来电', 'Inbound call', 'inbound', 'traditional');
INSERT INTO interaction_topics VALUES ('complaint', '投诉', 'Complaint'), ('delivery_inquiry', '物流查询', 'Delivery inquiry');
INSERT INTO return_reasons VALUES ('quality', '质量问题', 'Quality problem');
"""


def _customer(cid, province, city, birthday):
    birthday = "NULL" if birthday is None else f"DATE '{birthday}'"
    return (f"({cid}, 'T{cid:04d}', '顾客{cid}', 'F', {birthday}, '138****{cid:04d}', NULL, '{province}', {city}, "
            f"'****', 1, 1, TIMESTAMP '2024-01-01 09:00', TIMESTAMP '2024-01-01 09:00')")


def _order(oid, cid, status, at, total):
    paid = "NULL" if status == "closed" else f"TIMESTAMP '{at}'"
    return f"({oid}, {cid}, 1, NULL, '{status}', TIMESTAMP '{at}', {paid}, NULL, NULL, {total}, 0, {total})"


SHOP = CATALOG + f"""
INSERT INTO customers VALUES {_customer(1, 'GD', 1, '2005-08-01')}, {_customer(2, 'GD', 1, '2001-07-31')},
 {_customer(3, 'ZJ', 2, '1980-01-01')}, {_customer(4, 'ZJ', 2, None)}, {_customer(5, 'SH', 3, '1990-06-15')},
 {_customer(6, 'GD', 1, '1999-09-09')}, {_customer(7, 'ZJ', 2, '1950-03-03')};
INSERT INTO orders VALUES
 {_order(101, 1, 'paid', '2026-06-10 10:00', 140)}, {_order(102, 2, 'completed', '2026-07-05 10:00', 60)},
 {_order(103, 3, 'completed', '2026-07-10 10:00', 200)}, {_order(104, 4, 'shipped', '2026-07-20 10:00', 320)},
 {_order(105, 5, 'closed', '2026-07-31 10:00', 500)}, {_order(106, 5, 'paid', '2026-06-20 10:00', 300)},
 {_order(107, 7, 'completed', '2025-01-15 10:00', 100)}, {_order(108, 1, 'completed', '2026-07-15 10:00', 20)};
INSERT INTO order_items VALUES
 (101, 1, 1, 1, 100, 100), (101, 2, 2, 2, 20, 40), (102, 1, 2, 3, 20, 60), (103, 1, 1, 2, 100, 200),
 (104, 1, 2, 1, 20, 20), (104, 2, 3, 1, 300, 300), (105, 1, 1, 5, 100, 500), (106, 1, 3, 1, 300, 300),
 (107, 1, 1, 1, 100, 100), (108, 1, 2, 1, 20, 20);
INSERT INTO interactions VALUES
 (1, 1, 101, 'phone_in', 'complaint', 'after_sale', 'answered', TIMESTAMP '2026-06-12 09:00', 10, 5, true),
 (2, 5, 106, 'phone_in', 'complaint', 'after_sale', 'answered', TIMESTAMP '2026-06-30 23:00', 10, 5, true),
 (3, 3, 103, 'phone_in', 'complaint', 'after_sale', 'answered', TIMESTAMP '2026-07-01 00:00', 10, 5, true),
 (4, 2, 102, 'phone_in', 'delivery_inquiry', 'in_sale', 'answered', TIMESTAMP '2026-07-06 09:00', 10, 5, true);
INSERT INTO returns VALUES (1, 103, 1, 'return', 'quality', TIMESTAMP '2026-07-12 09:00', 100);
"""


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def rows(df, *columns):
    return [tuple(None if pd.isna(v) else v for v in row) for row in df[list(columns)].itertuples(index=False)]


# ---------------------------------------------------------------- basic analysis: main sales region

def test_region_sales_of_every_product(con):
    with i18n.language("zh"):
        df = ia.region_sales(con)
    assert list(df.columns) == ["rank", "province", "quantity", "order_count", "buyer_count", "revenue", "share"]
    # GD: customer 1 (1 + 2 + 1 items in orders 101, 108) and customer 2 (3 items in 102); ZJ: 2 + 2 + 1 in
    # 103, 104, 107; SH: 1 in 106 (the five kettles of the closed order 105 do not count)
    assert rows(df, "rank", "province", "quantity", "order_count", "buyer_count") == [
        (1, "广东省", 7, 3, 2), (2, "浙江省", 5, 3, 3), (3, "上海市", 1, 1, 1)]
    assert money(df.revenue) == [220.0, 620.0, 300.0]
    assert df.share.tolist() == pytest.approx([7 / 13, 5 / 13, 1 / 13])


def test_region_sales_of_a_product_and_of_a_category(con):
    with i18n.language("en"):
        kettle = ia.region_sales(con, "K1")
        kitchen = ia.region_sales(con, category="厨房小电")
    # kettles: ZJ 2 (103) + 1 (107), GD 1 (101); none paid in SH
    assert rows(kettle, "province", "quantity", "share") == [("Zhejiang", 3, 0.75), ("Guangdong", 1, 0.25)]
    # kettles and rice cookers: ZJ 3 + 1 (104); GD 1 and SH 1 tie, GD first by province code
    assert rows(kitchen, "rank", "province", "quantity") == [(1, "Zhejiang", 4), (2, "Guangdong", 1),
                                                             (3, "Shanghai", 1)]
    assert ia.region_sales(con, 2).province.tolist() == ia.region_sales(con, category=2).province.tolist()


def test_region_sales_explains_an_unknown_product(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="product.*K1, F1, R1"):
        ia.region_sales(con, "X9")


# ---------------------------------------------------------------- basic analysis: preferences by age

def test_age_group_names():
    with i18n.language("zh"):
        assert ia.age_groups() == ["25岁以下", "25–34岁", "35–44岁", "45–54岁", "55岁及以上"]
    with i18n.language("en"):
        assert ia.age_groups([18, 60]) == ["Under 18", "18–59", "60 and over"]
    for bad in [(35, 25), (25, 25), (), (0, 10), (25.5,), "25"]:
        with i18n.language("en"), pytest.raises(ck.CrmkitError, match="increasing order"):
            ia.age_groups(bad)


def test_age_preferences_by_category(con):
    with i18n.language("zh"):
        df = ia.age_preferences(con)
    assert list(df.columns) == ["band", "age_group", "rank", "category", "quantity", "revenue", "buyer_count",
                                "share", "lift"]
    # customer 1 (20, one day before turning 21): 3 filters, 1 kettle; customer 2 turns 25 today: 3 filters;
    # customer 5 (36): 1 rice cooker; customer 3 (46): 2 kettles; customer 7 (76): 1 kettle.
    # Customer 4 has no birthday and is left out, also of the share among all ages: kitchen 5 of 11, filters 6 of 11.
    assert rows(df, "age_group", "rank", "category", "quantity", "buyer_count") == [
        ("25岁以下", 1, "耗材配件", 3, 1), ("25岁以下", 2, "厨房小电", 1, 1),
        ("25–34岁", 1, "耗材配件", 3, 1), ("35–44岁", 1, "厨房小电", 1, 1),
        ("45–54岁", 1, "厨房小电", 2, 1), ("55岁及以上", 1, "厨房小电", 1, 1)]
    assert df.band.tolist() == [1, 1, 2, 3, 4, 5]
    assert money(df.revenue) == [60.0, 100.0, 60.0, 300.0, 200.0, 100.0]
    assert df.share.tolist() == pytest.approx([0.75, 0.25, 1, 1, 1, 1])
    assert df.lift.tolist() == pytest.approx([0.75 / (6 / 11), 0.25 / (5 / 11), 11 / 6, 11 / 5, 11 / 5, 11 / 5])


def test_age_preferences_by_product_with_other_bands_and_top(con):
    with i18n.language("en"):
        df = ia.age_preferences(con, "product", bands=[30], top=1)
    assert "product" in df.columns and "category" not in df.columns
    # under 30: customers 1 and 2, 6 filters and 1 kettle; 30 and over: 3 kettles (customers 3, 7), 1 rice cooker
    assert rows(df, "age_group", "rank", "product", "quantity", "buyer_count") == [
        ("Under 30", 1, "Filter", 6, 2), ("30 and over", 1, "Kettle", 3, 2)]
    assert df.share.tolist() == pytest.approx([6 / 7, 3 / 4])


def test_age_preferences_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="by.*category, product"):
            ia.age_preferences(con, "colour")
        with pytest.raises(ck.CrmkitError, match="top must be a whole number above 0"):
            ia.age_preferences(con, top=0)


# ---------------------------------------------------------------- association analysis

def test_month_over_month_by_default_compares_the_last_complete_month(con):
    with i18n.language("en"):
        df = ia.month_over_month(con)
    assert list(df.columns) == ["metric", "metric_name", "month", "previous_month", "previous_value", "value",
                                "change", "change_rate", "better_when", "verdict", "verdict_name"]
    assert df.month.unique().tolist() == [pd.Timestamp("2026-07-01")]
    assert df.previous_month.unique().tolist() == [pd.Timestamp("2026-06-01")]
    # June: orders 101, 106 (3 + 1 items, 140 + 300); complaints at 06-12 and 06-30 23:00; no returns.
    # July: 102, 103, 104, 108 (3 + 2 + 2 + 1 items, 60 + 200 + 320 + 20; 105 is closed); the complaint of
    # 07-01 00:00 (the delivery inquiry is none); one return. Rates per 100 paid orders.
    assert rows(df, "metric", "previous_value", "value", "change", "better_when", "verdict") == [
        ("orders", 2, 4, 2, "up", "better"), ("quantity", 4, 8, 4, "up", "better"),
        ("buyers", 2, 4, 2, "up", "better"), ("revenue", 440, 600, 160, "up", "better"),
        ("complaints", 2, 1, -1, "down", "better"), ("returns", 0, 1, 1, "down", "worse"),
        ("complaint_rate", 100, 25, -75, "down", "better"), ("return_rate", 0, 25, 25, "down", "worse")]
    rates = df.change_rate.tolist()
    assert rates[:5] == pytest.approx([1, 1, 1, 160 / 440, -0.5]) and math.isnan(rates[5])
    assert rates[6] == pytest.approx(-0.75) and math.isnan(rates[7])
    assert df.metric_name.tolist()[:2] == ["Paid orders", "Items bought"]
    assert df.verdict_name.tolist()[4:6] == ["Better", "Worse"]


def test_month_over_month_of_a_chosen_month(con):
    with i18n.language("zh"):
        df = ia.month_over_month(con, "2026-06")
    assert df.previous_month.iloc[0] == pd.Timestamp("2026-05-01")
    # May has nothing: June's figures are all up; a rate of May has no orders to divide by, so no verdict
    assert rows(df, "metric", "previous_value", "value", "verdict") == [
        ("orders", 0, 2, "better"), ("quantity", 0, 4, "better"), ("buyers", 0, 2, "better"),
        ("revenue", 0, 440, "better"), ("complaints", 0, 2, "worse"), ("returns", 0, 0, "same"),
        ("complaint_rate", None, 100, None), ("return_rate", None, 0, None)]
    assert df.verdict_name.tolist()[4:6] == ["变差", "持平"] and pd.isna(df.verdict_name.iloc[6])
    assert ia.month_over_month(con, "2025-02-17").month.iloc[0] == pd.Timestamp("2025-02-01")


def test_month_over_month_needs_the_month_and_the_one_before_in_the_data(con):
    for month in ("2025-01", "2026-08-01"):  # the data has orders from 2025-01 to 2026-07
        with i18n.language("en"), pytest.raises(ck.CrmkitError, match="from 2025-02 to 2026-07"):
            ia.month_over_month(con, month)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="not a date"):
        ia.month_over_month(con, "last month")


def test_comparable_months_and_the_overall_verdict(con):
    months = ia.comparable_months(con)  # orders from 2025-01-15 to 2026-07-31: from February 2025 (after January)
    assert len(months) == 18 and (months[0], months[-1]) == (pd.Timestamp("2025-02-01"), pd.Timestamp("2026-07-01"))
    # July: more items and fewer complaints per 100 orders, but more returns per 100 orders
    assert ia.overall_verdict(ia.month_over_month(con)) == "mixed"
    judged = pd.DataFrame({"metric": ["orders", "quantity", "complaint_rate", "return_rate"],
                           "verdict": ["worse", "better", "better", "same"]})
    assert ia.overall_verdict(judged) == "good"
    assert ia.overall_verdict(judged.assign(verdict=["better", "worse", "worse", "worse"])) == "bad"
    assert ia.overall_verdict(judged.assign(verdict=["better", "better", None, "better"])) == "mixed"


# ---------------------------------------------------------------- data cards

def test_card_list_per_kind(con):
    assert ia.card_list(con, "current").customer_id.tolist() == [1, 2, 3, 4, 5]
    assert ia.card_list(con, "current", limit=2).customer_id.tolist() == [1, 2]
    potential = ia.card_list(con, "Potential")
    assert rows(potential, "customer_id", "orders", "last_order_at") == [(6, 0, None)]
    lost = ia.card_list(con, "lost")
    assert rows(lost, "customer_id", "orders", "days_since_last_order") == [(7, 1, 562)]
    assert money(lost.total_spend) == [100.0]
    # customer 5's last paid order is 41 days old (the closed order of today does not count)
    assert ia.card_list(con, "lost", lost_after_days=30).customer_id.tolist() == [5, 7]
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="kind.*potential, current, lost"):
        ia.card_list(con, "vip")


# ---------------------------------------------------------------- trend analysis: the half-year forecast

# One customer buys once a month from 2025-01-01 (the first day of the data): 100 every month of 2025 but
# 300 in November; in 2026 110, 120, ..., 160 from January to June (June: 100 + another customer's 60),
# 150 in July and 50 on 2026-08-10, the newest order. A closed order of 999 in March 2026 does not count.
_MONTHLY = [(f"2025-{m:02d}-01", 300 if m == 11 else 100) for m in range(1, 13)] + [
    ("2026-01-05", 110), ("2026-02-05", 120), ("2026-03-05", 130), ("2026-04-05", 140), ("2026-05-05", 150),
    ("2026-06-05", 100), ("2026-07-05", 150), ("2026-08-10", 50)]
TREND_SHOP = CATALOG + f"""
INSERT INTO customers VALUES {_customer(1, 'GD', 1, '1990-01-01')}, {_customer(2, 'ZJ', 2, '1990-01-01')};
INSERT INTO orders VALUES {", ".join(_order(i, 1, "completed", f"{day} 00:00", total)
                                     for i, (day, total) in enumerate(_MONTHLY, start=1))},
 {_order(100, 2, 'completed', '2026-06-20 10:00', 60)}, {_order(101, 1, 'closed', '2026-03-20 10:00', 999)};
"""


@pytest.fixture
def trend_con(tiny_shop):
    return tiny_shop(TREND_SHOP, shop="ceramics")  # a second shop, for tests that use both


def test_half_year_forecast_of_revenue(trend_con):
    df = ia.half_year_forecast(trend_con)  # the newest order is in August 2026: the first half of 2026 is covered
    assert list(df.columns) == ["period", "half", "actual", "complete", "trend_line", "seasonal_forecast", "metric"]
    assert df.period.tolist() == list(pd.date_range("2026-01-01", periods=12, freq="MS"))
    assert df.half.tolist() == ["first"] * 6 + ["second"] * 6
    assert rows(df, "actual")[:8] == [(110,), (120,), (130,), (140,), (150,), (160,), (150,), (50,)]
    assert df.actual[8:].isna().all()  # September to December: after the data ends
    assert df.complete.tolist() == [True] * 7 + [False] * 5  # August is covered up to the 10th only
    # the line through 110, 120, ..., 160: 110 + 10 x (x = 0 for January)
    assert df.trend_line.tolist() == pytest.approx([110 + 10 * x for x in range(12)])
    # the first half grew from 600 to 810 (x 1.35): last year's 100 becomes 135, November's 300 becomes 405
    assert df.seasonal_forecast[:6].isna().all()
    assert df.seasonal_forecast[6:].tolist() == pytest.approx([135, 135, 135, 135, 405, 135])
    assert set(df.metric) == {"revenue"}


def test_half_year_forecast_of_orders_and_of_the_first_year(trend_con):
    orders = ia.half_year_forecast(trend_con, 2026, "orders")
    assert rows(orders, "actual")[:7] == [(1,), (1,), (1,), (1,), (1,), (2,), (1,)]
    # line through 1, 1, 1, 1, 1, 2: slope 2.5 / 17.5 = 1/7, intercept 7/6 - 2.5/7; July (x = 6): 1.67
    assert orders.trend_line.iloc[6] == pytest.approx(1.67) and orders.trend_line.iloc[0] == pytest.approx(0.81)
    assert orders.seasonal_forecast.iloc[6] == pytest.approx(1.17)  # 1 x 7 / 6, rounded
    buyers = ia.half_year_forecast(trend_con, 2026, "buyers")
    assert rows(buyers, "actual")[5:7] == [(2,), (1,)]
    first = ia.half_year_forecast(trend_con, 2025)
    # 2024 is not in the data: no seasonal forecast; the line through six 100s stays at 100
    assert first.complete.all() and first.seasonal_forecast.isna().all()
    assert first.trend_line.tolist() == pytest.approx([100] * 12)


def test_half_year_forecast_without_enough_months_has_no_line(trend_con):
    df = ia.half_year_forecast(trend_con, 2027)
    assert df.actual.isna().all() and df.trend_line.isna().all() and df.seasonal_forecast.isna().all()
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="year must be a year such as 2026"):
            ia.half_year_forecast(trend_con, "2026")
        with pytest.raises(ck.CrmkitError, match="metric.*revenue, orders, buyers"):
            ia.half_year_forecast(trend_con, metric="profit")


def test_forecast_years_are_those_with_first_half_data(con, trend_con):
    assert ia.forecast_years(trend_con) == [2025, 2026]
    assert ia.forecast_years(con) == [2025, 2026]  # order 107 in January 2025; 101 and 106 in June 2026


def test_forecast_accuracy_compares_complete_second_half_months(trend_con):
    with i18n.language("en"):
        df = ia.forecast_accuracy(ia.half_year_forecast(trend_con))
    # only July is complete: actual 150, line 170 (error 20/150), last year's seasons 135 (error 15/150)
    assert rows(df, "method", "method_name", "months", "actual_total", "forecast_total") == [
        ("trend_line", "Straight-line trend", 1, 150, 170), ("seasonal_forecast", "Last year's seasons × growth",
                                                              1, 150, 135)]
    assert df.mape.tolist() == pytest.approx([round(20 / 150, 4), 0.1])
    nothing = ia.forecast_accuracy(ia.half_year_forecast(trend_con, 2027))
    assert nothing.months.tolist() == [0, 0] and nothing.mape.isna().all()


# ---------------------------------------------------------------- charts

def test_charts_have_titles_in_the_chosen_language(con, trend_con):
    with i18n.language("en"):
        region = plots.region_sales(ia.region_sales(con))
        ages = plots.age_preferences(ia.age_preferences(con, top=2))
        month = plots.month_over_month(ia.month_over_month(con))
        forecast = plots.half_year_forecast(ia.half_year_forecast(trend_con, metric="orders"))
    assert all(isinstance(f, go.Figure) for f in (region, ages, month, forecast))
    assert region.layout.title.text == "Items bought per province: the main sales region"
    assert list(region.data[0].marker.color) == ["#d62728", "#1f77b4", "#1f77b4"]  # the main region stands out
    assert {trace.name for trace in ages.data} == {"Consumables", "Small kitchen appliances"}
    assert month.layout.title.text == "2026-07 against 2026-06: change per figure"
    assert list(month.data[0].marker.color)[4:6] == ["#2ca02c", "#d62728"]  # fewer complaints; more returns
    assert forecast.layout.title.text == "Paid orders: forecasting the second half of 2026 from the first"
    assert [trace.name for trace in forecast.data] == ["Actual", "Straight-line trend", "Last year's seasons × growth"]
    with i18n.language("zh"):
        assert plots.region_sales(ia.region_sales(con)).layout.title.text.startswith("各省份")


def test_the_sql_can_be_read():
    for name in ("region_sales", "age_preferences", "half_year_forecast", "month_over_month", "card_list"):
        assert ck.queries.sql_text(f"info_analyses/{name}").startswith("-- ")
