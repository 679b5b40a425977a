"""marketing analyses on a hand-written shop: every expected value below is worked out by hand."""

import pandas as pd
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import marketing
from crmkit.plots import marketing as plots
from tests.fixtures import BASE, money

# The data's "today" is the newest order: 2026-03-02 20:00 (order 110).
SHOP = BASE + """
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '张三', 'M', DATE '1990-05-10', '13812345678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李四', 'F', DATE '1985-05-20', '139****1111', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (3, 'MA0120250000003', '王五', 'M', DATE '1992-06-01', '137****2222', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (4, 'MA0120250000004', '赵六', 'F', DATE '2000-05-03', '136****3333', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (5, 'MA0120250000005', '孙七', 'M', DATE '1995-12-12', '135****4444', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (6, 'MA0120250000006', '周八', 'F', DATE '1988-01-15', '134****5555', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00');
INSERT INTO campaigns VALUES
 (1, 'spring_2026', 'holiday',   '春节',     'Spring Festival', DATE '2026-02-10', DATE '2026-02-14', 0.00),
 (2, 'sale_2026',   'promotion', '大促',     'Big Sale',        DATE '2026-03-01', DATE '2026-03-02', 0.10),
 (3, 'spring_2025', 'holiday',   '春节',     'Spring Festival', DATE '2025-02-10', DATE '2025-02-14', 0.00),
 (4, 'bday',        'birthday',  '生日关怀', 'Birthday care',   DATE '2025-01-01', DATE '2026-12-31', 0.05);
INSERT INTO tags VALUES (1, 'campaign', 'holiday', '节日', 'Holiday'), (2, 'campaign', 'big', '大促', 'Major sale');
INSERT INTO campaign_tags VALUES (1, 1), (2, 2), (2, 1);
INSERT INTO orders VALUES
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2025-03-10 10:00', TIMESTAMP '2025-03-10 10:01', NULL, NULL, 100.00, 0, 100.00),
 (102, 2, 2, NULL, 'completed', TIMESTAMP '2025-03-20 10:00', TIMESTAMP '2025-03-20 10:01', NULL, NULL, 200.00, 0, 200.00),
 (103, 1, 2, NULL, 'completed', TIMESTAMP '2025-11-20 10:00', TIMESTAMP '2025-11-20 10:01', NULL, NULL, 50.00, 0, 50.00),
 (104, 3, 1, 1,    'completed', TIMESTAMP '2026-02-11 09:00', TIMESTAMP '2026-02-11 09:01', NULL, NULL, 300.00, 0, 300.00),
 (105, 2, 1, 1,    'completed', TIMESTAMP '2026-02-12 10:00', TIMESTAMP '2026-02-12 10:01', NULL, NULL, 120.00, 0, 120.00),
 (106, 5, 1, NULL, 'closed',    TIMESTAMP '2026-02-06 10:00', NULL, NULL, NULL, 999.00, 0, 999.00),
 (107, 1, 1, NULL, 'completed', TIMESTAMP '2026-02-07 10:00', TIMESTAMP '2026-02-07 10:01', NULL, NULL, 80.00, 0, 80.00),
 (108, 5, 1, 2,    'completed', TIMESTAMP '2026-02-27 10:00', TIMESTAMP '2026-02-27 10:01', NULL, NULL, 60.00, 0, 60.00),
 (109, 6, 1, 2,    'paid',      TIMESTAMP '2026-03-01 11:00', TIMESTAMP '2026-03-01 11:01', NULL, NULL, 150.00, 0, 150.00),
 (110, 1, 1, 2,    'completed', TIMESTAMP '2026-03-02 20:00', TIMESTAMP '2026-03-02 20:01', NULL, NULL, 90.00, 0, 90.00),
 (111, 6, 1, 2,    'closed',    TIMESTAMP '2026-03-02 12:00', NULL, NULL, NULL, 10.00, 0, 10.00);
"""


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


# ---------------------------------------------------------------- campaigns

def test_campaigns_count_paid_orders_under_each_campaign(con):
    with i18n.language("zh"):
        df = marketing.campaigns(con)
    assert list(df.campaign_id) == [4, 3, 1, 2]  # by starts_on: 2025-01-01, 2025-02-10, 2026-02-10, 2026-03-01
    by_id = df.set_index("campaign_id")
    assert list(by_id.loc[[1, 2, 3, 4], "order_count"]) == [2, 3, 0, 0]  # 1: 104, 105; 2: 108, 109, 110 (111 closed)
    assert list(by_id.loc[[1, 2, 3, 4], "customer_count"]) == [2, 3, 0, 0]  # 1: c3, c2; 2: c5, c6, c1
    assert money(by_id.loc[[1, 2, 3, 4], "revenue"]) == [420.0, 300.0, 0.0, 0.0]  # 300+120; 60+150+90
    assert by_id.loc[2, "campaign_tags"] == "节日, 大促"  # tags 1 and 2, by tag id
    assert by_id.loc[3, "campaign_tags"] == ""  # no tags
    assert (by_id.loc[2, "kind"], by_id.loc[2, "campaign_kind"], by_id.loc[2, "campaign"]) == ("promotion", "促销活动", "大促")
    assert by_id.loc[2, "discount_rate"] == pytest.approx(0.10)
    assert by_id.loc[2, "starts_on"] == pd.Timestamp("2026-03-01") and by_id.loc[2, "ends_on"] == pd.Timestamp("2026-03-02")


def test_campaigns_names_follow_the_language(con):
    with i18n.language("en"):
        row = marketing.campaigns(con).set_index("campaign_id").loc[2]
    assert (row.campaign, row.campaign_kind, row.campaign_tags) == ("Big Sale", "Promotion", "Holiday, Major sale")


# ---------------------------------------------------------------- campaign_effect

def test_campaign_effect_compares_with_the_days_before(con):
    # sale_2026 runs 03-01..03-02 (2 days); before = 02-27..02-28.
    # during: 109 (150) and 110 (90), 111 closed; before: 108 (60).
    df = marketing.campaign_effect(con, "sale_2026")
    assert list(df.metric) == ["orders_per_day", "revenue_per_day", "aov", "new_customers"]
    assert list(df.before_campaign) == [0.5, 30.0, 60.0, 1.0]  # 1/2; 60/2; 60/1; c5's first paid order 02-27
    assert list(df.during_campaign) == [1.0, 120.0, 120.0, 1.0]  # 2/2; 240/2; 240/2; c6's first paid order 03-01
    assert list(df.campaign_uplift) == [1.0, 3.0, 1.0, 0.0]  # 1/0.5-1; 120/30-1; 120/60-1; 1/1-1


def test_campaign_effect_by_id_and_empty_before(con):
    # spring_2026 runs 02-10..02-14 (5 days); before = 02-05..02-09.
    # during: 104 (300), 105 (120); before: 107 (80), 106 closed.
    df = marketing.campaign_effect(con, 1)
    assert list(df.before_campaign) == [0.2, 16.0, 80.0, 0.0]  # 1/5; 80/5; 80/1; no first order in the window
    assert list(df.during_campaign) == [0.4, 84.0, 210.0, 1.0]  # 2/5; 420/5; 420/2; c3 (c2 bought first in 2025)
    assert list(df.campaign_uplift[:3]) == [1.0, 4.25, 1.625]  # 0.4/0.2-1; 84/16-1; 210/80-1
    assert df.campaign_uplift.isna().iloc[3]  # before = 0: no uplift


def test_campaign_effect_stops_a_running_campaign_at_today(con):
    # bday runs 2025-01-01..2026-12-31 but the data ends 2026-03-02: 365 + 31 + 28 + 2 = 426 days.
    # paid orders: 101,102,103,104,105,107,108,109,110 = 9 orders,
    # 100+200+50+300+120+80+60+150+90 = 1150.00 (closed 106, 111 left out).
    df = marketing.campaign_effect(con, "bday").set_index("metric")
    assert df.loc["revenue_per_day", "during_campaign"] == 2.70  # 1150 / 426 = 2.6995 (730 days would give 1.58)
    assert df.loc["orders_per_day", "during_campaign"] == 0.02  # 9 / 426 = 0.0211
    assert df.loc["revenue_per_day", "before_campaign"] == 0.0  # no orders before 2025-01-01


def test_campaign_effect_labels(con):
    with i18n.language("en"):
        df = marketing.campaign_effect(con, 2)
    assert list(df.campaign_metric) == ["Orders per day", "Revenue per day", "Average order value", "New customers"]


def test_campaign_effect_bad_campaign_lists_the_codes(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        marketing.campaign_effect(con, "sale_2099")
    assert "campaign" in str(err.value) and "sale_2026 (Big Sale)" in str(err.value)
    assert "bday (Birthday care)" in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="sale_2026 \\(大促\\)"):
        marketing.campaign_effect(con, None)
    with pytest.raises(ck.CrmkitError):
        marketing.campaign_effect(con, "大促")  # names are for holiday_care; campaign_effect takes id or code


# ---------------------------------------------------------------- birthday_care

def test_birthday_care_lists_the_month_by_spend(con):
    df = marketing.birthday_care(con, 5)
    # May birthdays: c1 (05-10), c2 (05-20), c4 (05-03). c1: 100+50+80+90 = 320; c2: 200+120 = 320 (a tie:
    # by customer id); c4 never ordered.
    assert list(df.customer_id) == [1, 2, 4]
    assert money(df.total_spend) == [320.0, 320.0, 0.0]
    assert list(df.orders) == [4, 2, 0]
    assert str(df.last_order_at.iloc[0]) == "2026-03-02 20:00:00" and df.last_order_at.isna().iloc[2]
    assert df.phone.iloc[0] == "138****5678"  # stored unmasked here; the list always masks
    assert df.birthday.iloc[0] == pd.Timestamp("1990-05-10")


def test_birthday_care_month_without_birthdays_is_empty(con):
    df = marketing.birthday_care(con, 3)
    assert df.empty and "total_spend" in df.columns


@pytest.mark.parametrize("bad", [0, 13, "5", True, 5.0, None])
def test_birthday_care_bad_month(con, bad):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="month must be a month number from 1 to 12"):
        marketing.birthday_care(con, bad)


def test_birthday_care_bad_month_in_chinese(con):
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="1 到 12"):
        marketing.birthday_care(con, 13)


# ---------------------------------------------------------------- holiday_care

def test_holiday_care_by_name_means_the_latest(con):
    # 春节 is campaign 3 (2025) and campaign 1 (2026): the latest, starting 2026-02-10.
    # Window [2025-02-10, 2026-02-10): c1 101 (100), 103 (50), 107 (80) = 230 in 3 orders; c2 102 (200).
    for name in ("春节", "spring festival", "spring_2026", 1):
        df = marketing.holiday_care(con, name)
        assert list(df.customer_id) == [1, 2], name
    assert list(df.orders_365d) == [3, 1]
    assert money(df.spend_365d) == [230.0, 200.0]
    assert str(df.last_order_at.iloc[0]) == "2026-02-07 10:00:00"
    assert df.phone.iloc[0] == "138****5678"


def test_holiday_care_promotion_and_empty_year(con):
    # sale_2026 starts 2026-03-01: window [2025-03-01, 2026-03-01): c1 101,103,107 = 230; c3 104 = 300;
    # c2 102,105 = 320; c5 108 = 60. By spend: c2, c3, c1, c5.
    df = marketing.holiday_care(con, "sale_2026")
    assert list(df.customer_id) == [2, 3, 1, 5]
    assert money(df.spend_365d) == [320.0, 300.0, 230.0, 60.0]
    empty = marketing.holiday_care(con, "spring_2025")  # nobody bought in [2024-02-11, 2025-02-10)
    assert empty.empty and list(empty.columns) == list(df.columns)


def test_holiday_care_bad_holiday_lists_holiday_and_promotion_campaigns(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        marketing.holiday_care(con, "bday")  # a birthday campaign is not a holiday
    text = str(err.value)
    assert "holiday" in text and "spring_2026 (Spring Festival)" in text and "sale_2026" in text
    assert "bday" not in text.split("Valid values:")[1]


# ---------------------------------------------------------------- plots

def test_plots_have_catalog_titles(con):
    with i18n.language("en"):
        assert plots.campaigns(marketing.campaigns(con)).layout.title.text == "Revenue of each campaign"
        fig = plots.campaign_effect(marketing.campaign_effect(con, 2))
        assert fig.layout.title.text == "Uplift during the campaign over the days before it"
    with i18n.language("zh"):
        assert plots.campaigns(marketing.campaigns(con)).layout.title.text == "各营销活动的销售额"
        assert plots.campaign_effect(marketing.campaign_effect(con, 2)).layout.title.text == "活动期间相对活动前的提升幅度"


# ---------------------------------------------------------------- the default course data

def test_smoke_on_the_mall():
    con = ck.connect("mall")
    code = con.execute("SELECT code FROM campaigns WHERE kind = 'holiday' ORDER BY starts_on DESC LIMIT 1").fetchone()[0]
    frames = {
        "campaigns": (marketing.campaigns(con), ["campaign_id", "campaign_code", "kind", "campaign_kind", "campaign",
                                                  "starts_on", "ends_on", "discount_rate", "campaign_tags",
                                                  "order_count", "customer_count", "revenue"]),
        "campaign_effect": (marketing.campaign_effect(con, code),
                            ["metric", "campaign_metric", "before_campaign", "during_campaign", "campaign_uplift"]),
        "birthday_care": (marketing.birthday_care(con, 1), ["customer_id", "customer_code", "name", "gender",
                                                             "birthday", "phone", "last_order_at", "total_spend",
                                                             "orders"]),
        "holiday_care": (marketing.holiday_care(con, code), ["customer_id", "customer_code", "name", "gender",
                                                             "phone", "orders_365d", "spend_365d", "last_order_at"]),
    }
    for name, (df, columns) in frames.items():
        assert len(df) > 0 and list(df.columns) == columns, name
    assert frames["birthday_care"][0].birthday.dt.month.eq(1).all()
    con.close()
