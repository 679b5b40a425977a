"""Service recovery (chapter 1's training) on a hand-written shop: every expected value is worked out by hand.

    order  customer  ordered -> delivered  pre-sale consultation   review  complaint (id, resolved)  return
    101    1 王小明   Jan 1 -> Jan 6: 5 d    unanswered (1)          1 star  2, no                     yes (late)
    102    2 李娜     Jan 2 -> Jan 10: 8 d   unanswered (3)          2 stars 4, yes                    -
    103    3 王芳     Jan 3 -> Jan 7: 4 d    unanswered (7)          1 star  6, no                     -
    107    2 李娜     Jan 4 -> Jan 8: 4 d    unanswered (8)          2 stars 5, no                     -
    104    4 赵强     Jan 5 -> Jan 15: 10 d  unanswered (9)          3 stars 10, no                    -
    105    4 赵强     Jan 6 -> Jan 16: 10 d  answered (11); the in-sale inquiry 12 unanswered
                                                                     1 star  13, no                    -
    106    1 王小明   Jan 7 -> Jan 10: 3 d   unanswered (14)         1 star  15, no                    -

Cases: late (more than 3 days), an unanswered pre-sale consultation and a review of 2 stars or fewer:
101, 102, 103 and 107. Not 104 (3 stars), 105 (only the in-sale inquiry went unanswered) or 106
(exactly 3 days is on time). More went wrong (return + unresolved complaint): 101 → 2, 103 → 1,
107 → 1, 102 → 0; 103 and 107 tie on that and on 4 days, so the lower complaint id (5, order 107)
comes first. Ranks: complaint 2, 5, 6, 4.
"""

import pandas as pd
import pytest

from crmkit import i18n
from crmkit.analytics import recovery
from crmkit.errors import CrmkitError
from tests.fixtures import TINY

SHOP = TINY + """
INSERT INTO orders VALUES
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-01 10:00', TIMESTAMP '2026-01-01 10:06', TIMESTAMP '2026-01-04 10:06', TIMESTAMP '2026-01-06 10:00', 100.00, 0.00, 100.00),
 (102, 2, 2, NULL, 'completed', TIMESTAMP '2026-01-02 10:00', TIMESTAMP '2026-01-02 10:01', TIMESTAMP '2026-01-03 10:00', TIMESTAMP '2026-01-10 10:00', 100.00, 0.00, 100.00),
 (103, 3, 1, NULL, 'completed', TIMESTAMP '2026-01-03 10:00', TIMESTAMP '2026-01-03 10:01', TIMESTAMP '2026-01-04 10:00', TIMESTAMP '2026-01-07 10:00', 100.00, 0.00, 100.00),
 (104, 1234, 2, NULL, 'completed', TIMESTAMP '2026-01-05 10:00', TIMESTAMP '2026-01-05 10:01', TIMESTAMP '2026-01-06 10:00', TIMESTAMP '2026-01-15 10:00', 100.00, 0.00, 100.00),
 (105, 1234, 2, NULL, 'completed', TIMESTAMP '2026-01-06 10:00', TIMESTAMP '2026-01-06 10:01', TIMESTAMP '2026-01-07 10:00', TIMESTAMP '2026-01-16 10:00', 100.00, 0.00, 100.00),
 (106, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-07 10:00', TIMESTAMP '2026-01-07 10:01', TIMESTAMP '2026-01-08 10:00', TIMESTAMP '2026-01-10 10:00', 100.00, 0.00, 100.00),
 (107, 2, 1, NULL, 'completed', TIMESTAMP '2026-01-04 10:00', TIMESTAMP '2026-01-04 10:01', TIMESTAMP '2026-01-05 10:00', TIMESTAMP '2026-01-08 10:00', 100.00, 0.00, 100.00);
INSERT INTO categories VALUES (1, 'kitchen', '厨房电器', 'Kitchen');
INSERT INTO suppliers VALUES (1, 'sup1', '供应商一', 'Supplier one', 'GD');
INSERT INTO products VALUES (1, 'SKU1', '电饭煲', 'Rice cooker', 1, 1, 100.00, 60.00, DATE '2024-01-01');
INSERT INTO return_reasons VALUES ('late_delivery', '发货太慢', 'Delivered too late'), ('quality', '质量问题', 'Quality problem');
INSERT INTO returns VALUES (1, 101, 1, 'return', 'late_delivery', TIMESTAMP '2026-01-08 10:00', 100.00);
INSERT INTO reviews VALUES
 (1, 101, 1, 1, 1, '物流太慢了', TIMESTAMP '2026-01-06 12:00'), (2, 102, 2, 1, 2, '一般', TIMESTAMP '2026-01-10 12:00'),
 (3, 103, 3, 1, 1, '太慢', TIMESTAMP '2026-01-07 12:00'), (4, 104, 1234, 1, 3, '还行', TIMESTAMP '2026-01-15 12:00'),
 (5, 105, 1234, 1, 1, '差', TIMESTAMP '2026-01-16 12:00'), (6, 106, 1, 1, 1, '差', TIMESTAMP '2026-01-10 12:00'),
 (7, 107, 2, 1, 2, '慢', TIMESTAMP '2026-01-08 12:00');
INSERT INTO surveys VALUES (1, 1, 101, 'sms', TIMESTAMP '2026-01-09 10:00', 8, 3, 2, 2, 2, 2);
INSERT INTO interaction_kinds VALUES
 ('phone_in', '呼入电话', 'Inbound call', 'inbound', 'traditional'), ('email', '电子邮件', 'E-mail', 'inbound', 'traditional'),
 ('im', '在线客服咨询', 'Online chat (IM)', 'inbound', 'modern'), ('wechat', '微信互动', 'WeChat', 'inbound', 'modern');
INSERT INTO interaction_topics VALUES
 ('product_question', '商品咨询', 'Product question'), ('delivery_inquiry', '物流查询', 'Delivery inquiry'),
 ('complaint', '投诉', 'Complaint'), ('return_request', '退换货申请', 'Return or exchange request');
INSERT INTO interactions VALUES
 (1,  1,    101, 'im',       'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-01 09:30', NULL, NULL, false),
 (2,  1,    101, 'wechat',   'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-07 10:00', 60,   5.0,  false),
 (16, 1,    101, 'wechat',   'return_request',   'after_sale', 'answered',   TIMESTAMP '2026-01-08 10:00', 30,   2.0,  true),
 (3,  2,    102, 'email',    'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-02 09:00', NULL, NULL, false),
 (4,  2,    102, 'phone_in', 'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-11 10:00', 60,   5.0,  true),
 (7,  3,    103, 'im',       'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-03 09:00', NULL, NULL, false),
 (6,  3,    103, 'im',       'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-08 10:00', 60,   5.0,  false),
 (8,  2,    107, 'im',       'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-04 09:00', NULL, NULL, false),
 (5,  2,    107, 'email',    'complaint',        'after_sale', 'unanswered', TIMESTAMP '2026-01-09 10:00', NULL, NULL, false),
 (9,  1234, 104, 'im',       'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-05 09:00', NULL, NULL, false),
 (10, 1234, 104, 'im',       'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-16 10:00', 60,   5.0,  false),
 (11, 1234, 105, 'im',       'product_question', 'pre_sale',   'answered',   TIMESTAMP '2026-01-06 09:00', 60,   5.0,  true),
 (12, 1234, 105, 'im',       'delivery_inquiry', 'in_sale',    'unanswered', TIMESTAMP '2026-01-12 09:00', NULL, NULL, false),
 (13, 1234, 105, 'im',       'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-17 10:00', 60,   5.0,  false),
 (14, 1,    106, 'im',       'product_question', 'pre_sale',   'unanswered', TIMESTAMP '2026-01-07 09:00', NULL, NULL, false),
 (15, 1,    106, 'im',       'complaint',        'after_sale', 'answered',   TIMESTAMP '2026-01-11 10:00', 60,   5.0,  false);
"""


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def test_case_is_the_complaint_where_most_went_wrong(con):
    with i18n.language("zh"):
        df = recovery.case(con)
    assert list(df.columns) == ["rank", "interaction_id", "started_at", "interaction_kind", "customer_id", "name"]
    first = df.iloc[0]
    assert len(df) == 1
    assert (first["rank"], first.interaction_id, first.customer_id) == (1, 2, 1)
    assert (first.interaction_kind, first["name"]) == ("微信互动", "王**")  # only the surname shows
    assert first.started_at == pd.Timestamp("2026-01-07 10:00")


def test_cases_are_ranked_by_what_else_went_wrong_then_delivery_then_id(con):
    ranked = [int(recovery.case(con, rank).interaction_id.iloc[0]) for rank in (1, 2, 3, 4)]
    assert ranked == [2, 5, 6, 4]
    with i18n.language("en"):
        second = recovery.case(con, 2).iloc[0]
    assert (second["rank"], second.interaction_kind, second["name"]) == (2, "E-mail", "李*")


def test_no_case_beyond_the_last(con):
    with i18n.language("en"), pytest.raises(CrmkitError, match="number 5: this shop has 4"):
        recovery.case(con, 5)
    with pytest.raises(CrmkitError):
        recovery.case(con, 0)


def test_a_shop_without_cases(tiny_shop):
    con = tiny_shop(TINY)
    with i18n.language("zh"), pytest.raises(CrmkitError, match="只有 0 个"):
        recovery.case(con)


def test_moments_of_an_order_in_time_order(con):
    with i18n.language("zh"):
        df = recovery.moments(con, 101)
    assert list(df.columns) == ["moment", "moment_name", "happened_at", "days_after_order", "reference_id", "channel",
                                "status", "resolved", "rating", "satisfaction", "note"]
    # the return request and the return happen at the same time: the interaction is listed first
    assert list(df.moment) == ["product_question", "ordered", "paid", "shipped", "delivered", "review", "complaint",
                               "return_request", "return", "survey"]
    assert list(df.moment_name) == ["商品咨询", "下单", "付款", "发货", "送达", "评价", "投诉", "退换货申请", "退货",
                                    "满意度问卷"]
    # 30 minutes before ordering = -0.0208 days; paid after 6 minutes = 0.0042; shipped 3 days later;
    # the review 2 hours after delivery = 5.0833
    assert list(df.days_after_order) == [-0.02, 0.0, 0.0, 3.0, 5.0, 5.08, 6.0, 7.0, 7.0, 8.0]
    assert list(df.reference_id) == [1, 101, 101, 101, 101, 1, 2, 16, 1, 1]
    assert list(df.channel.fillna("-")) == ["在线客服咨询", "官方App", "-", "-", "-", "-", "微信互动", "微信互动", "-",
                                            "短信"]
    assert list(df.status.fillna("-")) == ["unanswered", "-", "-", "-", "-", "-", "answered", "answered", "-", "-"]
    consultation, complaint = df.iloc[0], df.iloc[6]
    assert not consultation.resolved and not complaint.resolved and df.iloc[7].resolved
    assert df.iloc[5].rating == 1 and df.iloc[5].note == "物流太慢了"
    assert df.iloc[8].note == "发货太慢"
    assert df.iloc[9].satisfaction == 3 - 8
    assert df.happened_at.iloc[4] == pd.Timestamp("2026-01-06 10:00")


def test_moments_in_english(con):
    with i18n.language("en"):
        df = recovery.moments(con, "101")
    assert list(df.moment_name[:3]) == ["Product question", "Ordered", "Paid"]
    assert df.channel.iloc[1] == "Official app" and df.note.iloc[8] == "Delivered too late"
    assert df.channel.iloc[9] == "SMS"


def test_moments_of_a_closed_order(con):
    df = recovery.moments(con, 12)  # never paid: only the ordering
    assert list(df.moment) == ["ordered"] and list(df.days_after_order) == [0.0]


def test_moments_of_an_unknown_order(con):
    with i18n.language("en"), pytest.raises(CrmkitError, match="no order '999'"):
        recovery.moments(con, 999)


def test_moments_before_the_order_is_found(con):
    # a released answer cell still holds the placeholder ...: say so, do not look for order "Ellipsis"
    with i18n.language("en"), pytest.raises(CrmkitError, match=r"No order id yet: replace \.\.\."):
        recovery.moments(con, ...)
