"""Chapter 1 service analyses on a hand-written shop: every expected value below is worked out by hand.

The eight surveyed orders form a 2 x 2 x 2 design (delivery 1 or 5 days, reply 0 or 4 minutes, a
consultation left unanswered or not) with perceived value

    8.75 - 0.75 * delivery_days + 0.25 * reply_minutes - 3 * unanswered + s,   s = +1 or -1

where s is the sign product of the three factors (+1 at the high level), so it is orthogonal to
them: least squares gives exactly -0.75, 0.25 and -3, the residuals are s (SSE = 8, 4 degrees of
freedom, variance 2), and the standard errors are sqrt(2 / 32) = 0.25 (delivery: deviations ±2),
sqrt(2 / 32) = 0.25 (reply: ±2) and sqrt(2 / 2) = 1 (unanswered: ±0.5). t values 3, 1 and 3:
reply time is not used in the what-if, the other two are.

    survey order  customer channel  delivery  reply  unanswered  expectation  perceived
    1      201    1        app      1         0      no          6            7
    2      202    1        tmall    5         0      no          6            6
    3      203    2        app      1         4      no          8            10
    4      204    2        tmall    5         4      no          8            5
    5      205    3        app      1         0      yes         6            6
    6      206    3        tmall    5         0      yes         6            1
    7      207    1        app      1         4      yes         6            5
    8      208    2        tmall    5         4      yes         8            4
"""

import math

import pandas as pd
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import service
from tests.fixtures import BASE, money

SHOP = BASE + """
INSERT INTO categories VALUES (1, 'kitchen', '厨房电器', 'Kitchen');
INSERT INTO suppliers VALUES (1, 'sup1', '供应商一', 'Supplier one', 'GD'), (2, 'sup2', '供应商二', 'Supplier two', 'ZJ'),
                             (3, 'sup3', '供应商三', 'Supplier three', 'GD');
INSERT INTO products VALUES (1, 'SKU1', '电饭煲', 'Rice cooker', 1, 1, 100.00, 60.00, DATE '2024-01-01'),
                            (2, 'SKU2', '电水壶', 'Kettle', 1, 2, 50.00, 30.00, DATE '2024-01-01'),
                            (3, 'SKU3', '滤芯', 'Filter', 1, 3, 10.00, 5.00, DATE '2024-01-01');
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '张三', 'M', DATE '1990-05-10', '138****5678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李四', 'F', DATE '1985-05-20', '139****1111', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (3, 'MA0120250000003', '王五', 'M', DATE '1992-06-01', '137****2222', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (4, 'MA0220250000004', '赵六', 'F', DATE '2000-01-01', '136****3333', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00');
INSERT INTO orders VALUES
 (201, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-05 10:00', TIMESTAMP '2026-01-05 10:01', TIMESTAMP '2026-01-05 12:00', TIMESTAMP '2026-01-06 10:00', 100.00, 10.00, 90.00),
 (202, 1, 2, NULL, 'completed', TIMESTAMP '2026-01-03 10:00', TIMESTAMP '2026-01-03 10:01', TIMESTAMP '2026-01-03 12:00', TIMESTAMP '2026-01-08 10:00', 100.00, 0, 100.00),
 (203, 2, 1, NULL, 'completed', TIMESTAMP '2026-01-04 10:00', TIMESTAMP '2026-01-04 10:01', TIMESTAMP '2026-01-04 12:00', TIMESTAMP '2026-01-05 10:00', 100.00, 0, 100.00),
 (204, 2, 2, NULL, 'completed', TIMESTAMP '2026-01-06 10:00', TIMESTAMP '2026-01-06 10:01', TIMESTAMP '2026-01-06 12:00', TIMESTAMP '2026-01-11 10:00', 100.00, 0, 100.00),
 (205, 3, 1, NULL, 'completed', TIMESTAMP '2026-02-01 10:00', TIMESTAMP '2026-02-01 10:01', TIMESTAMP '2026-02-01 12:00', TIMESTAMP '2026-02-02 10:00', 100.00, 0, 100.00),
 (206, 3, 2, NULL, 'completed', TIMESTAMP '2026-02-05 10:00', TIMESTAMP '2026-02-05 10:01', TIMESTAMP '2026-02-05 12:00', TIMESTAMP '2026-02-10 10:00', 100.00, 0, 100.00),
 (207, 1, 1, NULL, 'completed', TIMESTAMP '2026-02-07 10:00', TIMESTAMP '2026-02-07 10:01', TIMESTAMP '2026-02-07 12:00', TIMESTAMP '2026-02-08 10:00', 100.00, 0, 100.00),
 (208, 2, 2, NULL, 'completed', TIMESTAMP '2026-02-09 10:00', TIMESTAMP '2026-02-09 10:01', TIMESTAMP '2026-02-09 12:00', TIMESTAMP '2026-02-14 10:00', 100.00, 0, 100.00),
 (209, 3, 1, NULL, 'closed',    TIMESTAMP '2026-02-15 10:00', NULL, NULL, NULL, 100.00, 0, 100.00),
 (210, 1, 1, NULL, 'paid',      TIMESTAMP '2026-02-20 10:00', TIMESTAMP '2026-02-20 10:01', NULL, NULL, 50.00, 0, 50.00);
INSERT INTO order_items VALUES
 (201, 1, 1, 1, 100.00, 100.00), (202, 1, 2, 2, 50.00, 100.00), (203, 1, 1, 1, 100.00, 100.00),
 (204, 1, 2, 2, 50.00, 100.00), (205, 1, 1, 1, 100.00, 100.00), (206, 1, 2, 2, 50.00, 100.00),
 (207, 1, 1, 1, 100.00, 100.00), (208, 1, 2, 2, 50.00, 100.00), (209, 1, 1, 1, 100.00, 100.00),
 (210, 1, 2, 1, 50.00, 50.00);
INSERT INTO return_reasons VALUES ('quality', '质量问题', 'Quality problem'), ('changed_mind', '七天无理由', 'Changed mind');
INSERT INTO returns VALUES (1, 206, 2, 'return', 'quality', TIMESTAMP '2026-02-12 10:00', 100.00),
                           (2, 202, 2, 'exchange', 'changed_mind', TIMESTAMP '2026-01-10 10:00', 0.00);
INSERT INTO reviews VALUES (1, 206, 3, 2, 1, '质量太差', TIMESTAMP '2026-02-12 10:00'),
                           (2, 202, 1, 2, 3, '一般',     TIMESTAMP '2026-01-10 10:00'),
                           (3, 202, 1, 2, 4, '还行',     TIMESTAMP '2026-01-11 10:00'),
                           (4, 201, 1, 1, 5, '很好',     TIMESTAMP '2026-01-07 10:00');
INSERT INTO surveys VALUES
 (1, 1, 201, 'sms',    TIMESTAMP '2026-01-12 10:00', 6, 7, 9, 4, 4, 4),
 (2, 1, 202, 'sms',    TIMESTAMP '2026-01-12 10:00', 6, 6, 8, 4, 4, 4),
 (3, 2, 203, 'wechat', TIMESTAMP '2026-01-12 10:00', 8, 10, 10, 5, 5, 5),
 (4, 2, 204, 'wechat', TIMESTAMP '2026-01-12 10:00', 8, 5, 6, 3, 3, 3),
 (5, 3, 205, 'sms',    TIMESTAMP '2026-02-15 10:00', 6, 6, 7, 3, 3, 3),
 (6, 3, 206, 'wechat', TIMESTAMP '2026-02-15 10:00', 6, 1, 0, 1, 1, 1),
 (7, 1, 207, 'sms',    TIMESTAMP '2026-02-15 10:00', 6, 5, 6, 3, 3, 3),
 (8, 2, 208, 'wechat', TIMESTAMP '2026-02-16 10:00', 8, 4, 5, 2, 2, 2),
 (9, 1, 210, 'sms',    TIMESTAMP '2026-02-21 10:00', 5, 5, 5, 3, 3, 3),
 (10, 3, NULL, 'sms',  TIMESTAMP '2026-02-21 10:00', 5, 9, 9, 4, 4, 4);
INSERT INTO interaction_kinds VALUES
 ('phone_in',  '呼入电话',     'Inbound call',     'inbound',  'traditional'),
 ('phone_out', '呼出电话',     'Outbound call',    'outbound', 'traditional'),
 ('email',     '电子邮件',     'E-mail',           'inbound',  'traditional'),
 ('im',        '在线客服咨询', 'Online chat (IM)', 'inbound',  'modern'),
 ('wechat',    '微信互动',     'WeChat',           'inbound',  'modern'),
 ('weibo',     '微博',         'Weibo',            'inbound',  'modern'),
 ('sms',       '短信',         'SMS',              'outbound', 'modern');
INSERT INTO interaction_topics VALUES
 ('product_question', '商品咨询', 'Product question'), ('delivery_inquiry', '物流查询', 'Delivery inquiry'),
 ('complaint', '投诉', 'Complaint'), ('care_call', '回访关怀', 'Care call'),
 ('birthday_care', '生日关怀', 'Birthday greeting'), ('marketing', '营销活动通知', 'Campaign notice');
INSERT INTO interactions VALUES
 (1,  2, 203,  'im',        'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-01-04 09:00', 240,  5.0,  true),
 (2,  2, 204,  'phone_in',  'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-01-06 09:00', 240,  7.0,  true),
 (3,  3, 205,  'im',        'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-02-01 09:00', NULL, NULL, false),
 (4,  3, 206,  'phone_in',  'delivery_inquiry', 'in_sale',    'unanswered', TIMESTAMP '2026-02-05 09:00', NULL, NULL, false),
 (5,  1, 207,  'wechat',    'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-02-07 09:00', 240,  3.0,  true),
 (6,  1, 207,  'email',     'delivery_inquiry', 'in_sale',    'unanswered', TIMESTAMP '2026-02-08 09:00', NULL, NULL, false),
 (7,  2, 208,  'im',        'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-02-09 09:00', 120,  2.0,  true),
 (8,  2, 208,  'wechat',    'delivery_inquiry', 'in_sale',    'answered',   TIMESTAMP '2026-02-11 09:00', 360,  4.0,  false),
 (9,  2, 208,  'weibo',     'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-02-09 08:00', NULL, NULL, false),
 (10, 1, 201,  'phone_out', 'care_call',        'care',       'answered',   TIMESTAMP '2026-01-15 10:00', 600,  5.0,  true),
 (11, 1, 202,  'wechat',    'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-09 10:00', 30,   10.0, true),
 (12, 3, 206,  'phone_in',  'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-02-13 10:00', 90,   6.0,  false),
 (13, 1, 201,  'email',     'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-08 10:00', 60,   2.0,  true),
 (14, 4, NULL, 'sms',       'birthday_care',    'care',       'sent',       TIMESTAMP '2026-02-20 10:00', NULL, NULL, true),
 (15, 4, NULL, 'sms',       'marketing',        'care',       'bounced',    TIMESTAMP '2026-02-21 10:00', NULL, NULL, false);
"""

STRUCTURE_COLUMNS = ["customer_type", "customer_type_name", "member_count", "active_count", "revenue",
                     "revenue_per_active"]
EXPECTATION_COLUMNS = ["segment", "survey_responses", "avg_expectation", "avg_perceived_value", "avg_satisfaction",
                       "avg_delivery_days", "avg_reply_minutes", "unanswered_share", "what_if_perceived_value",
                       "what_if_satisfaction", "satisfaction_change"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def nan(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def row(df, column, value):
    found = df[df[column] == value]
    assert len(found) == 1, found
    return found.iloc[0]


# ---------------------------------------------------------------- customer structure

def test_customer_structure(con):
    with i18n.language("zh"):
        df = service.customer_structure(con)
    assert list(df.columns) == STRUCTURE_COLUMNS
    assert list(df.customer_type) == ["supplier", "channel", "end_customer"]
    assert list(df.customer_type_name) == ["供应商", "渠道客户", "终端客户"]
    assert list(df.member_count) == [3, 2, 4]
    assert list(df.active_count) == [2, 2, 3]  # supplier 3's filter never sold; customer 4 never bought
    # suppliers: item amounts of paid orders: rice cookers 4 x 100, kettles 4 x 100 + 50 (order 210, paid)
    # channels and customers: paid totals 90 + 7 x 100 + 50; closed order 209 counts nowhere
    assert money(df.revenue) == [850.0, 840.0, 840.0]
    assert list(df.revenue_per_active) == [425.0, 420.0, 280.0]
    with i18n.language("en"):
        assert list(service.customer_structure(con).customer_type_name) == ["Suppliers", "Channel partners",
                                                                            "End customers"]


def test_suppliers(con):
    with i18n.language("en"):
        df = service.suppliers(con)
    assert list(df.columns) == ["supplier_id", "supplier", "province", "product_count", "products_sold", "quantity",
                                "revenue", "share"]
    assert list(df.supplier_id) == [2, 1, 3]  # highest sales first
    assert list(df.supplier) == ["Supplier two", "Supplier one", "Supplier three"]
    assert list(df.province) == ["Zhejiang", "Guangdong", "Guangdong"]
    assert list(df.product_count) == [1, 1, 1] and list(df.products_sold) == [1, 1, 0]
    assert list(df.quantity) == [9, 4, 0]  # kettles 4 x 2 + 1; the closed order's rice cooker is not counted
    assert money(df.revenue) == [450.0, 400.0, 0.0]
    assert list(df.share) == pytest.approx([450 / 850, 400 / 850, 0.0])


# ---------------------------------------------------------------- surveys and expectations

def test_survey_experience(con):
    with i18n.language("zh"):
        df = service.survey_experience(con)
    assert list(df.survey_id) == [1, 2, 3, 4, 5, 6, 7, 8]  # 9: order not delivered; 10: about no order
    assert list(df.delivery_days) == [1.0, 5.0, 1.0, 5.0, 1.0, 5.0, 1.0, 5.0]
    # 1: only a care call (not counted); 2: only a complaint; 7: the unanswered one has no reply time;
    # 8: (120 + 360) / 2 seconds = 4 minutes
    assert list(df.reply_minutes) == [0.0, 0.0, 4.0, 4.0, 0.0, 0.0, 4.0, 4.0]
    assert [bool(v) for v in df.unanswered_consultation] == [False] * 4 + [True] * 4
    assert list(df.satisfaction) == [1, 0, 2, -3, 0, -5, -1, -4]
    first = row(df, "survey_id", 3)
    assert (first["name"], first.province, first.channel, first.survey_channel_name) == ("李*", "浙江省", "官方App",
                                                                                         "微信")
    assert list(service.survey_experience(con, start="2026-02-01", end="2026-02-15").survey_id) == [5, 6, 7]


def test_experience_effects_and_which_are_used(con):
    df = service.experience_effects(con).set_index("factor")
    assert list(df.index) == ["delivery_days", "reply_minutes", "unanswered_consultation"]
    assert list(df.effect) == pytest.approx([-0.75, 0.25, -3.0])
    assert list(df.std_error) == pytest.approx([0.25, 0.25, 1.0])
    assert [bool(v) for v in df.used_in_what_if] == [True, False, True]  # t = 3, 1, 3
    assert list(df.factor_mean) == pytest.approx([3.0, 2.0, 0.5])
    assert set(df.survey_responses) == {8}


def test_experience_effects_on_few_surveys(con):
    # February only: surveys 5-8, all with an unanswered consultation (the factor does not vary: not
    # estimated); delivery and reply form a 2 x 2 design with residuals ±1, 1 degree of freedom,
    # variance 4: effects -0.75 and 0.25, standard errors sqrt(4 / 16) = 0.5, t = 1.5 and 0.5
    df = service.experience_effects(con, start="2026-02-01").set_index("factor")
    assert df.effect["delivery_days"] == pytest.approx(-0.75) and df.effect["reply_minutes"] == pytest.approx(0.25)
    assert list(df.std_error[:2]) == pytest.approx([0.5, 0.5])
    assert nan(df.effect["unanswered_consultation"]) and nan(df.std_error["unanswered_consultation"])
    assert not df.used_in_what_if.any()


def test_expectations_overall_now_and_what_if(con):
    df = service.expectations(con)
    assert list(df.columns) == EXPECTATION_COLUMNS
    only = df.iloc[0]
    assert only.survey_responses == 8
    assert (only.avg_expectation, only.avg_perceived_value) == (6.75, 5.5)  # 54 / 8, 44 / 8
    assert only.avg_satisfaction == -1.25
    assert (only.avg_delivery_days, only.avg_reply_minutes, only.unanswered_share) == (3.0, 2.0, 0.5)
    assert only.what_if_perceived_value == 5.5 and only.satisfaction_change == 0.0
    # two days faster: the four 5-day deliveries take 3 days, +0.75 x 2 = +1.5 each, +0.75 on average
    faster = service.expectations(con, delivery_days_faster=2).iloc[0]
    assert (faster.what_if_perceived_value, faster.what_if_satisfaction, faster.satisfaction_change) == (6.25, -0.5,
                                                                                                         0.75)
    # ten days faster: never below one day, so 5 -> 1 (+3 each) and 1 stays 1
    assert service.expectations(con, delivery_days_faster=10).what_if_perceived_value.iloc[0] == 7.0
    # reply time has no clear effect (t = 1): quicker replies change nothing
    assert service.expectations(con, reply_minutes_faster=4).satisfaction_change.iloc[0] == 0.0
    # answering the four unanswered consultations: +3 each, +1.5 on average
    answered = service.expectations(con, answer_all_consultations=True).iloc[0]
    assert (answered.what_if_perceived_value, answered.what_if_satisfaction) == (7.0, 0.25)


def test_expectations_by_channel_and_delivery_speed(con):
    with i18n.language("zh"):
        df = service.expectations(con, by="channel", delivery_days_faster=2)
    assert list(df.segment) == ["官方App", "天猫旗舰店"]
    app, tmall = df.iloc[0], df.iloc[1]
    # app: surveys 1, 3, 5, 7, all delivered in 1 day: nothing changes
    assert (app.survey_responses, app.avg_expectation, app.avg_perceived_value, app.avg_satisfaction) == (4, 6.5, 7.0,
                                                                                                         0.5)
    assert app.satisfaction_change == 0.0
    # tmall: surveys 2, 4, 6, 8, all 5 days: +1.5 each
    assert (tmall.avg_expectation, tmall.avg_perceived_value, tmall.avg_satisfaction) == (7.0, 4.0, -3.0)
    assert (tmall.what_if_perceived_value, tmall.what_if_satisfaction, tmall.satisfaction_change) == (5.5, -1.5, 1.5)
    assert (tmall.avg_delivery_days, tmall.avg_reply_minutes, tmall.unanswered_share) == (5.0, 2.0, 0.5)
    with i18n.language("en"):
        speed = service.expectations(con, by="delivery_speed")
    assert list(speed.segment) == ["Up to 2 days", "4 to 7 days"] and list(speed.survey_responses) == [4, 4]
    by_survey = service.expectations(con, by="survey_channel")
    assert list(by_survey.survey_responses) == [4, 4]  # sms: 1, 2, 5, 7; wechat: 3, 4, 6, 8


def test_expectations_for_chosen_customers(con):
    # customer 2: surveys 3, 4, 8 (perceived 10, 5, 4); the effects still come from all eight surveys
    df = service.expectations(con, by="customer", customers=[2, "MA0120250000003"], delivery_days_faster=2)
    assert list(df.segment) == ["李* (#2)", "王* (#3)"]
    li = df.iloc[0]
    assert (li.survey_responses, li.avg_perceived_value) == (3, 6.33)
    assert li.what_if_perceived_value == 7.33 and li.satisfaction_change == 1.0  # orders 204 and 208: +1.5 each
    assert list(service.expectations(con, customers=4).survey_responses) == []  # answered no survey


def test_expectations_with_too_few_surveys_change_nothing(con):
    df = service.expectations(con, start="2026-02-01", delivery_days_faster=3, answer_all_consultations=True)
    assert df.survey_responses.iloc[0] == 4 and df.satisfaction_change.iloc[0] == 0.0


def test_expectations_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="Valid values: all, channel, province, survey_channel, delivery_spe"):
            service.expectations(con, by="gender")
        with pytest.raises(ck.CrmkitError, match="delivery_days_faster must be a number of 0 or more"):
            service.expectations(con, delivery_days_faster=-1)
        with pytest.raises(ck.CrmkitError, match="reply_minutes_faster must be a number of 0 or more .*, got 'fast'"):
            service.expectations(con, reply_minutes_faster="fast")
        with pytest.raises(ck.CrmkitError, match="answer_all_consultations must be True or False"):
            service.expectations(con, answer_all_consultations="yes")
        with pytest.raises(ck.CrmkitError, match="there is no customer '99'"):
            service.expectations(con, customers=[1, 99])


# ---------------------------------------------------------------- service channels

def test_channel_trend_by_kind(con):
    with i18n.language("zh"):
        df = service.channel_trend(con)
    assert list(df.columns) == ["period", "era", "era_name", "kind", "interaction_kind", "count", "share"]
    # inbound only: the care call (phone_out) and the two SMS are the shop's own contacts
    assert [(str(p)[:7], k) for p, k in zip(df.period, df.kind, strict=True)] == [
        ("2026-01", "email"), ("2026-01", "phone_in"), ("2026-01", "im"), ("2026-01", "wechat"),
        ("2026-02", "email"), ("2026-02", "phone_in"), ("2026-02", "im"), ("2026-02", "wechat"), ("2026-02", "weibo")]
    assert list(df["count"]) == [1, 1, 1, 1, 1, 2, 2, 2, 1]
    assert list(df.share) == pytest.approx([0.25] * 4 + [1 / 8, 2 / 8, 2 / 8, 2 / 8, 1 / 8])
    assert list(df.era_name[:3]) == ["传统渠道", "传统渠道", "现代渠道"]


def test_channel_trend_by_era_and_direction(con):
    with i18n.language("en"):
        df = service.channel_trend(con, "month", by="era")
    assert list(df.columns) == ["period", "era", "era_name", "count", "share"]
    assert list(df.era) == ["traditional", "modern", "traditional", "modern"]
    assert list(df.era_name[:2]) == ["Traditional", "Modern"]
    assert list(df["count"]) == [2, 2, 3, 5] and list(df.share) == [0.5, 0.5, 0.375, 0.625]
    outbound = service.channel_trend(con, by="era", direction="outbound")
    assert [(str(p)[:7], e, c) for p, e, c in zip(outbound.period, outbound.era, outbound["count"], strict=True)] == [
        ("2026-01", "traditional", 1), ("2026-02", "modern", 2)]
    everything = service.channel_trend(con, "quarter", by="era", direction="all")
    assert list(everything["count"]) == [6, 9] and list(everything.share) == [0.4, 0.6]


def test_channel_trend_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="'sideways' for direction. Valid values: inbound, outbound, all"):
            service.channel_trend(con, direction="sideways")
        with pytest.raises(ck.CrmkitError, match="for by. Valid values: kind, era"):
            service.channel_trend(con, by="topic")
        with pytest.raises(ck.CrmkitError, match="for period"):
            service.channel_trend(con, "decade")


# ---------------------------------------------------------------- service stages

def test_stage_breakdown(con):
    with i18n.language("zh"):
        df = service.stage_breakdown(con)
    assert list(df.columns) == ["service_stage", "service_stage_name", "count", "conversations", "answered_share",
                                "avg_response_seconds", "median_response_seconds", "avg_handle_minutes",
                                "resolved_share"]
    assert list(df.service_stage_name) == ["售前", "售中", "售后", "客户关怀"]
    assert list(df["count"]) == [6, 3, 3, 3]
    assert list(df.conversations) == [6, 3, 3, 1]  # care: the two SMS were only sent
    assert list(df.answered_share) == pytest.approx([4 / 6, 1 / 3, 1.0, 1.0])
    assert list(df.avg_response_seconds) == [210.0, 360.0, 60.0, 600.0]  # pre-sale (240 x 3 + 120) / 4
    assert list(df.median_response_seconds) == [240.0, 360.0, 60.0, 600.0]
    assert list(df.avg_handle_minutes) == [4.25, 4.0, 6.0, 5.0]  # pre-sale (5 + 7 + 3 + 2) / 4
    assert list(df.resolved_share) == pytest.approx([4 / 6, 0.0, 2 / 3, 1.0])  # care: the sent SMS is no conversation


def test_stage_breakdown_for_chosen_days_keeps_every_stage(con):
    df = service.stage_breakdown(con, start="2026-02-01", end="2026-02-10")
    assert list(df.service_stage) == ["pre_sale", "in_sale", "after_sale", "care"]
    assert list(df["count"]) == [4, 2, 0, 0]  # pre-sale 3, 5, 7, 9; in-sale 4, 6
    assert df.answered_share.iloc[0] == 0.5 and df.answered_share.iloc[1] == 0.0
    assert nan(df.avg_response_seconds.iloc[1]) and nan(df.answered_share.iloc[2]) and nan(df.resolved_share.iloc[3])
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="'soon' is not a date"):
        service.stage_breakdown(con, start="soon")


# ---------------------------------------------------------------- complaints

def test_complaint_scenarios_sample(con):
    every = service.complaint_scenarios(con, 10, seed=3)
    assert sorted(every.interaction_id) == [11, 12, 13]  # only complaints, at most as many as there are
    again = service.complaint_scenarios(con, 10, seed=3)
    assert list(again.interaction_id) == list(every.interaction_id)  # the same seed, the same order
    two = service.complaint_scenarios(con, 2, seed=3)
    assert list(two.interaction_id) == list(every.interaction_id[:2])
    orders = {seed: tuple(service.complaint_scenarios(con, 3, seed=seed).interaction_id) for seed in range(8)}
    assert len(set(orders.values())) > 1  # other seeds, other samples
    assert len(service.complaint_scenarios(con, 1)) == 1  # no seed: a random one


def test_scenario_with_every_problem(con):
    with i18n.language("zh"):
        df = service.scenario(con, 12)
    assert len(df) == 1
    case = df.iloc[0]
    assert (case.interaction_kind, case.status, case.handle_minutes, bool(case.resolved)) == ("呼入电话", "answered",
                                                                                              6.0, False)
    assert (case.customer_id, case["name"], case.gender, case.age, case.province, case.orders) == (
        3, "王*", "M", 33, "广东省", 2)  # born 1992-06-01, complaint 2026-02-13; order 209 was closed
    assert (case.order_id, case.channel, case.products, float(case.total)) == (206, "天猫旗舰店", "电水壶", 100.0)
    assert case.delivery_days == 5.0 and bool(case.unanswered_consultation)
    assert (case.return_kind, case.return_reason, case.rating, case.comment) == ("退货", "质量问题", 1, "质量太差")
    assert list(case.problem_codes) == ["late_delivery", "unanswered_consultation", "defect", "return", "bad_review"]
    assert case.problems == "送货太慢、咨询没人回复、商品有质量问题或发错货、申请了退换货、给了差评（2星及以下）"


def test_scenarios_with_one_and_with_no_visible_problem(con):
    with i18n.language("en"):
        late = service.scenario(con, "11").iloc[0]
        fine = service.scenario(con, 13).iloc[0]
    # order 202: 5 days, an exchange for a changed mind (no defect), lowest review 3 stars
    assert list(late.problem_codes) == ["late_delivery", "return"]
    assert late.problems == "late delivery, return or exchange requested"
    assert (late.return_kind, late.return_reason, late.rating, late.comment) == ("Exchange", "Changed mind", 3, "一般")
    # order 201: 1 day, no consultation (the care call is no consultation), no return, 5 stars
    assert list(fine.problem_codes) == [] and fine.problems == ""
    assert nan(fine.return_kind) and fine.rating == 5


def test_complaint_bad_arguments(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match="'1' is not the id of a complaint. .*for example: 11, 12, 13"):
            service.scenario(con, 1)  # a consultation, not a complaint
        with pytest.raises(ck.CrmkitError, match="n must be a whole number above 0"):
            service.complaint_scenarios(con, 0)
        with pytest.raises(ck.CrmkitError, match="random seed must be a whole number of 0 or more, got '-1'"):
            service.complaint_scenarios(con, 2, seed=-1)


def test_every_analysis_on_an_empty_shop(tiny_shop):
    con = tiny_shop(BASE)
    assert list(service.customer_structure(con).member_count) == [0, 2, 0]
    assert service.suppliers(con).empty and service.survey_experience(con).empty
    assert service.expectations(con).empty and not service.experience_effects(con).used_in_what_if.any()
    assert service.channel_trend(con).empty and list(service.stage_breakdown(con)["count"]) == [0, 0, 0, 0]
    assert service.complaint_scenarios(con, 3, seed=1).empty
