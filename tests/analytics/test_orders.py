"""orders analyses on a hand-written shop: every expected value below is worked out by hand.

The shop is the one of test_products (see its docstring for the orders and their items):
  101 c1 completed 2026-01-10, total 1200   102 c2 completed 2026-01-20, total 400 (420 - 20)
  103 c1 completed 2026-02-05, total 1300   104 c3 closed    2026-02-10, total 3000
  105 c4 paid      2026-02-15, total 1200   106 c2 shipped   2026-02-20, total 200
  107 c1 closed    2026-03-03, total 20     (the newest order: the data ends on 2026-03-03)
"""

import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import orders
from crmkit.plots import orders as plots
from tests.analytics.test_products import SHOP

LOOKUP_COLUMNS = ["order_id", "customer_id", "name", "channel", "status", "status_name", "ordered_at", "paid_at",
                  "shipped_at", "delivered_at", "items_amount", "discount", "total", "item_count"]
NOTICE_COLUMNS = ["order_id", "customer_id", "name", "phone", "channel", "item_list", "item_count"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def floats(df, name):
    return [None if v != v else float(v) for v in df[name]]


def days(df, name="period"):
    return [str(v)[:10] for v in df[name]]


# --- lookup -------------------------------------------------------------------------------------

def test_lookup_one_order(con):
    with i18n.language("zh"):
        df = orders.lookup(con, order_id=103)
    assert list(df.columns) == LOOKUP_COLUMNS and len(df) == 1
    row = df.iloc[0]
    assert (row["name"], row["channel"], row["status"], row["status_name"]) == ("王小明", "官方App", "completed", "交易成功")
    assert (float(row["items_amount"]), float(row["discount"]), float(row["total"])) == (1400.0, 100.0, 1300.0)
    assert row["item_count"] == 3  # P1 x1, P3 x1, P3 x1
    with i18n.language("en"):
        assert orders.lookup(con, order_id="104").iloc[0]["status_name"] == "Closed"


def test_lookup_a_customers_orders_newest_first(con):
    assert list(orders.lookup(con, customer_id=1)["order_id"]) == [107, 103, 101]
    assert list(orders.lookup(con, customer_id="MA0220250000004")["order_id"]) == [105]  # one order
    assert orders.lookup(con, order_id=101, customer_id=2).empty  # 101 is customer 1's
    assert list(orders.lookup(con, order_id=101, customer_id=1)["order_id"]) == [101]


def test_lookup_errors(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="order_id.*customer_id"):
        orders.lookup(con)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="order_id: there is no order '999'.*101 to 107"):
        orders.lookup(con, order_id=999)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="order_id.*'abc'"):
        orders.lookup(con, order_id="abc")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="customer_id.*from 1 to 4"):
        orders.lookup(con, customer_id=99)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 order_id：没有订单号为 '999' 的订单"):
        orders.lookup(con, order_id=999)


# --- returns ------------------------------------------------------------------------------------

def test_returns_one_row_per_request(con):
    with i18n.language("en"):
        df = orders.returns(con)
    assert list(df.columns) == ["return_id", "order_id", "customer_id", "name", "product", "kind", "reason",
                                "requested_at", "refund"]
    assert list(df["return_id"]) == [3, 2, 1]  # newest first
    assert list(df["customer_id"]) == [1, 2, 1]  # orders 103, 102, 101
    assert list(df["kind"]) == ["Return", "Exchange", "Return"]
    assert list(df["reason"]) == ["Damaged in transit", "Damaged in transit", "Quality problem"]
    assert list(df["product"]) == ["Fridge 4-door", "Oil paper", "Rice cooker"]
    assert floats(df, "refund") == [1000.0, 0.0, 200.0]
    with i18n.language("zh"):
        assert list(orders.returns(con, start="2026-02-01")["kind"]) == ["退货"]


def test_returns_per_period(con):
    with i18n.language("zh"):
        df = orders.returns(con, "month")
    assert list(df.columns) == ["period", "kind", "returns", "refund"]
    assert days(df) == ["2026-01-01", "2026-01-01", "2026-02-01"]
    assert list(df["kind"]) == ["退货", "换货", "退货"]
    assert list(df["returns"]) == [1, 1, 1] and floats(df, "refund") == [200.0, 0.0, 1000.0]
    empty = orders.returns(con, "month", start="2027-01-01")
    assert empty.empty and list(empty.columns) == ["period", "kind", "returns", "refund"]


def test_returns_bad_period(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="period.*day, week, month, quarter, year"):
        orders.returns(con, "decade")


# --- closed -------------------------------------------------------------------------------------

def test_closed_orders(con):
    df = orders.closed(con)
    assert list(df.columns) == ["order_id", "customer_id", "name", "channel", "ordered_at", "items_amount",
                                "discount", "total", "item_count"]
    assert list(df["order_id"]) == [107, 104] and list(df["item_count"]) == [1, 5]
    assert list(orders.closed(con, start="2026-02-01", end="2026-02-28")["order_id"]) == [104]
    assert list(orders.closed(con, end="2026-03-03")["order_id"]) == [107, 104]  # the end day counts in full
    assert orders.closed(con, start="2026-01-01", end="2026-01-31").empty
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="end.*2026-03-05"):
        orders.closed(con, end="31.12.")


# --- notices ------------------------------------------------------------------------------------

def test_shipping_notices(con):
    with i18n.language("zh"):
        df = orders.shipping_notices(con, "2026-01-11")
    assert list(df.columns) == NOTICE_COLUMNS + ["shipped_at"]
    assert list(df["order_id"]) == [101]
    row = df.iloc[0]
    assert row["phone"] == "138****5678"  # stored unmasked in this shop: masked in the notice
    assert row["item_list"] == "冰箱甲 四门 ×1; 电饭煲 ×1" and row["item_count"] == 2
    assert orders.shipping_notices(con, "2026-01-12").empty


def test_delivery_notices(con):
    with i18n.language("en"):
        df = orders.delivery_notices(con, "2026/02/08")
    assert list(df.columns) == NOTICE_COLUMNS + ["delivered_at"]
    assert list(df["order_id"]) == [103]
    assert df.iloc[0]["item_list"] == "Fridge 4-door ×1; Rice cooker ×1; Rice cooker ×1"
    assert df.iloc[0]["item_count"] == 3


def test_notices_need_a_day(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="day.*2026-03-05"):
        orders.shipping_notices(con, None)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="day: 'tomorrow' is not a date"):
        orders.delivery_notices(con, "tomorrow")


# --- trend --------------------------------------------------------------------------------------

def test_trend_months_with_incomplete_first_and_last(con):
    df = orders.trend(con, "month")
    assert list(df.columns) == ["period", "value", "kind", "complete"]
    assert days(df) == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert floats(df, "value") == [1600.0, 2700.0, 0.0]  # 1200 + 400; 1300 + 1200 + 200; March only closed
    # the data starts on 2026-01-10 and ends on 2026-03-03: January and March are partly covered
    assert list(df["complete"]) == [False, True, False]
    assert list(df["kind"]) == ["actual"] * 3  # one complete month: no line to fit, no forecast


def test_trend_other_metrics(con):
    feb = lambda metric: floats(orders.trend(con, "month", metric, start="2026-02-01", end="2026-02-28"), "value")  # noqa: E731
    assert feb("orders") == [3.0]  # 103, 105, 106
    assert feb("customers") == [3.0]  # customers 1, 4, 2
    assert feb("aov") == [900.0]  # 2700 / 3


def test_trend_forecast_least_squares(con):
    df = orders.trend(con, "week", "orders", periods_ahead=2, start="2026-01-12", end="2026-02-15")
    # weeks from Monday 01-12: 0, 1 (102), 0, 1 (103), 1 (105; 104 closed) -> x = 0..4, mean x 2, mean y 0.6
    # slope = sum((x-2)(y-0.6)) / sum((x-2)^2) = (1.2 - 0.4 + 0 + 0.4 + 0.8) / 10 = 0.2; intercept = 0.6 - 0.4 = 0.2
    assert days(df) == ["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16",
                        "2026-02-23"]
    assert list(df["kind"]) == ["actual"] * 5 + ["forecast"] * 2
    assert floats(df, "value") == [0.0, 1.0, 0.0, 1.0, 1.0, 1.2, 1.4]  # 0.2 + 0.2 * 5; 0.2 + 0.2 * 6
    assert list(df["complete"][:5]) == [True] * 5


def test_trend_leaves_the_incomplete_last_period_out_of_the_fit(con):
    df = orders.trend(con, "week", "orders", periods_ahead=2, start="2026-01-12", end="2026-02-18")
    # the week of 02-16 is cut on Wednesday 02-18 (value 0, incomplete): the same line as above,
    # forecasts at x = 6 and 7: 0.2 + 0.2 * 6 = 1.4, 0.2 + 0.2 * 7 = 1.6
    assert days(df)[-3:] == ["2026-02-16", "2026-02-23", "2026-03-02"]
    assert floats(df, "value")[-3:] == [0.0, 1.4, 1.6]
    assert not bool(df["complete"].iloc[5])


def test_trend_empty_range(con):
    df = orders.trend(con, "month", start="2027-01-01")
    assert df.empty and list(df.columns) == ["period", "value", "kind", "complete"]


def test_trend_bad_arguments(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="metric.*revenue, orders, customers, aov"):
        orders.trend(con, "month", "profit")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="periods_ahead must be a whole number above 0"):
        orders.trend(con, "month", periods_ahead=0)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="period.*day, week, month, quarter, year"):
        orders.trend(con, "hour")
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 metric 的值 'profit' 无效"):
        orders.trend(con, "month", "profit")


# --- charts -------------------------------------------------------------------------------------

def test_charts_have_titles_in_the_chosen_language(con):
    with i18n.language("en"):
        assert plots.trend(orders.trend(con, "week")).layout.title.text == "Trend and forecast"
        assert plots.returns(orders.returns(con)).layout.title.text == "Returns and exchanges by reason"
    with i18n.language("zh"):
        assert plots.trend(orders.trend(con, "week")).layout.title.text == "趋势分析与预测"
        assert plots.returns(orders.returns(con, "month")).layout.title.text == "退换货趋势"
        assert plots.closed(orders.closed(con)).layout.title.text == "每日交易关闭订单数"
        assert [t.name for t in plots.trend(orders.trend(con, "week")).data] == ["实际值", "预测值"]
    with i18n.language("en"):
        assert [t.name for t in plots.trend(orders.trend(con, "week")).data] == ["Actual", "Forecast"]


# --- the default course data --------------------------------------------------------------------

def test_every_function_on_the_mall():
    con = ck.connect("mall")
    day = con.execute("SELECT max(shipped_at)::DATE FROM orders").fetchone()[0]
    delivered = con.execute("SELECT max(delivered_at)::DATE FROM orders").fetchone()[0]
    frames = {
        "lookup": (orders.lookup(con, customer_id=1), LOOKUP_COLUMNS),
        "returns": (orders.returns(con), ["return_id", "order_id", "customer_id", "name", "product", "kind",
                                          "reason", "requested_at", "refund"]),
        "returns by month": (orders.returns(con, "month"), ["period", "kind", "returns", "refund"]),
        "closed": (orders.closed(con), ["order_id", "customer_id", "name", "channel", "ordered_at", "items_amount",
                                        "discount", "total", "item_count"]),
        "shipping": (orders.shipping_notices(con, day), NOTICE_COLUMNS + ["shipped_at"]),
        "delivery": (orders.delivery_notices(con, delivered), NOTICE_COLUMNS + ["delivered_at"]),
        "trend": (orders.trend(con, "month", "aov"), ["period", "value", "kind", "complete"]),
    }
    for name, (df, columns) in frames.items():
        assert len(df) > 0 and list(df.columns) == columns, name
    con.close()
