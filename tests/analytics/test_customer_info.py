"""Customer information analyses (screening duplicates, the data card, stale contact data) on
hand-written shops: every expected value below is worked out by hand. The last tests check the
screening against the generated mall's answer key (staging_truth, teacher-only)."""

import math

import duckdb
import pytest

import crmkit as ck
from crmkit import config, i18n
from crmkit.plots import customer_info as plots
from tests.fixtures import BASE

# --- screening duplicates -------------------------------------------------------------------------

# Raw channel records. Phone keys stand for phone numbers (the same key = the same phone).
#   1, 2, 3  one group by transitivity: 1~2 by name (a stray space after 2's name is ignored) +
#            birthday + city; 2~3 by phone (3's name and birthday differ)
#   4, 5     same name, birthday and city, different phones
#   6        same name and city as 4 and 5 but another birthday: not a duplicate
#   7, 8     7's birthday is unknown; 8 is the only 赵强 in 杭州市, so name + city is enough
#   9-11     9's birthday is unknown, and two 张伟 with different birthdays live in 深圳市: ambiguous
#   12       alone; 13, 14 have no phone (no phone key), which must not make them match
STAGING = BASE + """
INSERT INTO staging_customers VALUES
 (1,  1, 'app-1',   '王小明',  'M', DATE '1990-05-01', '138****0001', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-01-01 10:00'),
 (2,  2, 'tm-2',    '王小明 ', 'M', DATE '1990-05-01', '139****0002', '广东',   '深圳市', '广东省深圳市****', TIMESTAMP '2025-02-01 10:00'),
 (3,  1, 'app-3',   '王明明',  'M', DATE '1985-01-01', '139****0002', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-03-01 10:00'),
 (4,  1, 'app-4',   '李娜',    'F', DATE '1995-03-02', '137****0004', '浙江省', '杭州市', '浙江省杭州市****', TIMESTAMP '2025-01-05 10:00'),
 (5,  2, 'tm-5',    '李娜',    NULL, DATE '1995-03-02', '136****0005', '浙江省', '杭州市', '浙江省杭州市****', TIMESTAMP '2025-04-05 10:00'),
 (6,  2, 'tm-6',    '李娜',    'F', DATE '1996-06-06', '135****0006', '浙江省', '杭州市', '浙江省杭州市****', TIMESTAMP '2025-04-06 10:00'),
 (7,  2, 'tm-7',    '赵强',    'M', NULL,              '150****0007', '浙江省', '杭州市', '浙江省杭州市****', TIMESTAMP '2025-05-01 10:00'),
 (8,  1, 'app-8',   '赵强',    'M', DATE '1980-01-01', '151****0008', '浙江省', '杭州市', '浙江省杭州市****', TIMESTAMP '2025-05-02 10:00'),
 (9,  1, 'app-9',   '张伟',    'M', NULL,              '152****0009', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-06-01 10:00'),
 (10, 1, 'app-10',  '张伟',    'M', DATE '1970-01-01', '153****0010', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-06-02 10:00'),
 (11, 2, 'tm-11',   '张伟',    'M', DATE '1971-02-02', '154****0011', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-06-03 10:00'),
 (12, 1, 'app-12',  '孙丽',    'F', DATE '1999-09-09', '155****0012', '广东省', '深圳市', '广东省深圳市****', TIMESTAMP '2025-07-01 10:00'),
 (13, 1, 'app-13',  '周杰',    'M', DATE '2000-01-01', NULL,          '浙江省', '杭州市', NULL,               TIMESTAMP '2025-07-02 10:00'),
 (14, 2, 'tm-14',   '吴磊',    'M', DATE '2001-01-01', NULL,          '浙江省', '杭州市', NULL,               TIMESTAMP '2025-07-03 10:00');
INSERT INTO staging_keys VALUES (1, 'k1'), (2, 'k2'), (3, 'k2'), (4, 'k4'), (5, 'k5'), (6, 'k6'), (7, 'k7'),
 (8, 'k8'), (9, 'k9'), (10, 'k10'), (11, 'k11'), (12, 'k12'), (13, NULL), (14, NULL);
"""


def _customer(cid, name, birthday, phone, city, registered="2025-01-01 09:00", updated=None, address="'****'",
              email="NULL", gender="'F'"):
    province = "GD" if city == 1 else "ZJ"
    updated = updated or registered
    birthday = "NULL" if birthday is None else f"DATE '{birthday}'"
    phone = "NULL" if phone is None else f"'{phone}'"
    return (f"({cid}, 'T{cid:04d}', '{name}', {gender}, {birthday}, {phone}, {email}, '{province}', {city}, "
            f"{address}, 1, {1 + cid % 2}, TIMESTAMP '{registered}', TIMESTAMP '{updated}')")


# Customers: 1 and 2 share a phone; 2 and 3 share name, birthday and city; 4 has 3's name and city but
# another birthday. Groups: {1, 2, 3}.
CUSTOMERS_DUP = BASE + f"""
INSERT INTO customers VALUES
 {_customer(1, '陈静', '1991-01-01', '138****1111', 1, email="'c***@qq.com'")},
 {_customer(2, '陈晨', '1992-02-02', '138****1111', 2)},
 {_customer(3, '陈晨', '1992-02-02', '139****3333', 2)},
 {_customer(4, '陈晨', '1993-03-03', '137****4444', 2)};
INSERT INTO customer_keys VALUES (1, 'p1'), (2, 'p1'), (3, 'p3'), (4, 'p4');
"""


def test_staging_groups_are_transitive_and_exclude_non_duplicates(tiny_shop):
    con = tiny_shop(STAGING)
    with i18n.language("zh"):
        df = ck.customers.duplicates(con, within="staging")
    assert list(df.columns) == ["group_id", "raw_id", "matched_on", "matched_on_name", "channel", "name", "gender",
                                "birthday", "phone", "province", "city", "address", "recorded_at", "conflicts"]
    assert list(zip(df.group_id, df.raw_id, df.matched_on, strict=True)) == [
        (1, 1, "name_birthday_city"), (1, 2, "both"), (1, 3, "phone"),
        (2, 4, "name_birthday_city"), (2, 5, "name_birthday_city"),
        (3, 7, "name_city"), (3, 8, "name_city"),
    ]
    assert list(df.channel[:3]) == ["官方App", "天猫旗舰店", "官方App"]
    assert df.name[1] == "王小明 " and df.province[1] == "广东"  # shown as the channel typed them
    # name (a stray space; another name), birthday, phone and province (广东 / 广东省) differ in group 1;
    # gender known only once in group 2 is no conflict; an unknown birthday is none in group 3
    conflicts = df.drop_duplicates("group_id").conflicts.tolist()
    assert conflicts == ["姓名、生日、手机、省份", "手机", "手机"]
    assert df.matched_on_name[0] == "姓名、生日、城市相同"


def test_staging_labels_in_english(tiny_shop):
    con = tiny_shop(STAGING)
    with i18n.language("en"):
        df = ck.customers.duplicates(con, within=" Staging ")
    first = df.drop_duplicates("group_id")
    assert first.conflicts.tolist() == ["Name, Birthday, Mobile, Province", "Mobile", "Mobile"]
    assert df.matched_on_name.tolist()[:3] == ["Same name, birthday and city", "Same phone, and same name",
                                               "Same phone"]
    assert df.channel[0] == "Official app"


def test_customer_groups(tiny_shop):
    con = tiny_shop(CUSTOMERS_DUP)
    with i18n.language("en"):
        df = ck.customers.duplicates(con)
    assert list(df.columns[:2]) == ["group_id", "customer_id"]
    assert "email" in df.columns and "registered_at" in df.columns
    assert list(zip(df.group_id, df.customer_id, df.matched_on, strict=True)) == [
        (1, 1, "phone"), (1, 2, "both"), (1, 3, "name_birthday_city")]
    assert df.conflicts[0] == "Name, Birthday, Mobile, Province, City"  # 1 is 陈静 in Shenzhen (GD), born 1991
    assert df.city.tolist() == ["Shenzhen", "Hangzhou", "Hangzhou"]


def test_no_duplicates_is_an_empty_table(tiny_shop):
    con = tiny_shop(BASE + f"INSERT INTO customers VALUES {_customer(1, '陈静', '1991-01-01', '138****1111', 1)};"
                    "INSERT INTO customer_keys VALUES (1, 'p1');")
    assert ck.customers.duplicates(con).empty


def test_unknown_within_lists_the_valid_values(tiny_shop):
    con = tiny_shop(STAGING)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="within.*customers, staging"):
        ck.customers.duplicates(con, within="orders")
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="staging"):
        ck.customers.duplicates(con, within="orders")


def test_duplicates_chart_counts_groups_by_rule(tiny_shop):
    con = tiny_shop(STAGING)
    with i18n.language("en"):
        fig = plots.duplicates(ck.customers.duplicates(con, within="staging"))
        assert fig.layout.title.text == "Candidate duplicate groups by how they matched"
    bar = fig.data[0]
    # group 1 matched on phone and name (both), group 2 on name + birthday + city, group 3 on name + city
    assert dict(zip(bar.x, bar.y, strict=True)) == {
        "Same phone": 0, "Same name, birthday and city": 1, "Same name and city (birthday unknown)": 1,
        "Same phone, and same name": 1}


# --- the customer data card -----------------------------------------------------------------------

# Today = 2026-03-31, the day of the newest order (101-103 are customer 1's, 103 closed).
#   1  paid 101 (2026-01-10, channel 1: teacups 60 + Longjing 100) and 102 (2026-03-31, channel 2:
#      teacups 60); closed 103 (Longjing 999, ignored). Category spend: leaves 100, ware 120 -> ware.
#      Channel spend: 1 -> 160, 2 -> 60. Interactions: 3, one complaint, the latest 2026-03-20.
#   2  only a closed order -> potential;  3  last paid order 2025-01-01, 454 days ago -> lost;  4  nothing.
CARD_ORDERS = """
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-10 10:00', TIMESTAMP '2026-01-10 10:00', NULL, NULL, 160, 0, 160),
 (102, 1, 2, NULL, 'completed', TIMESTAMP '2026-03-31 09:00', TIMESTAMP '2026-03-31 09:00', NULL, NULL, 60, 0, 60),
 (103, 1, 1, NULL, 'closed',    TIMESTAMP '2026-03-30 10:00', NULL, NULL, NULL, 999, 0, 999),
 (201, 2, 1, NULL, 'closed',    TIMESTAMP '2026-02-01 10:00', NULL, NULL, NULL, 100, 0, 100),
 (301, 3, 2, NULL, 'completed', TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00', NULL, NULL, 100, 0, 100)"""
CARD = BASE + f"""
INSERT INTO suppliers VALUES (1, 'sup', '供应商', 'Supplier', 'ZJ');
INSERT INTO categories VALUES (1, 'leaves', '茶叶', 'Tea leaves'), (2, 'ware', '茶具', 'Teaware');
INSERT INTO products VALUES (1, 'P1', '龙井', 'Longjing', 1, 1, 100, 50, DATE '2024-01-01'),
                            (2, 'P2', '茶杯', 'Teacup', 2, 1, 60, 20, DATE '2024-01-01');
INSERT INTO customers VALUES
 {_customer(1, '王小明', '1990-05-01', '138****0001', 1, email="'w***@qq.com'", address="'广东省深圳市****'", gender="'M'")},
 {_customer(2, '李娜', '1995-03-02', '139****0002', 2)},
 {_customer(3, '王芳', '2000-07-07', '137****0003', 1)},
 {_customer(4, '赵强', None, None, 2)};
INSERT INTO orders VALUES {CARD_ORDERS};
INSERT INTO order_items VALUES (101, 1, 2, 1, 60, 60), (101, 2, 1, 1, 100, 100), (102, 1, 2, 1, 60, 60),
                               (103, 1, 1, 9, 111, 999), (201, 1, 1, 1, 100, 100), (301, 1, 1, 1, 100, 100);
INSERT INTO interaction_kinds VALUES ('sms', '短信', 'SMS', 'outbound', 'modern'),
                                     ('im', '在线客服咨询', 'Online chat (IM)', 'inbound', 'modern');
INSERT INTO interaction_topics VALUES ('complaint', '投诉', 'Complaint'), ('marketing', '营销活动通知', 'Campaign notice'),
                                      ('product_question', '商品咨询', 'Product question');
INSERT INTO interactions VALUES
 (1, 1, 101, 'im', 'complaint', 'after_sale', 'answered', TIMESTAMP '2026-01-20 10:00', 30, 5, true),
 (2, 1, NULL, 'sms', 'marketing', 'care', 'sent', TIMESTAMP '2026-03-20 10:00', NULL, NULL, true),
 (3, 1, NULL, 'im', 'product_question', 'pre_sale', 'answered', TIMESTAMP '2025-12-01 10:00', 10, 3, true),
 (4, 2, NULL, 'im', 'complaint', 'pre_sale', 'answered', TIMESTAMP '2026-02-01 10:00', 10, 3, true);
INSERT INTO tags VALUES (1, 'customer', 'vip', '高价值客户', 'High value'), (2, 'customer', 'new', '新客户', 'New customer');
INSERT INTO customer_tags VALUES (1, 1), (2, 2);
"""
# The same shop where lost customer 3 bought again on 2026-03-01 (30 days before today, which stays 2026-03-31).
CARD_BOUGHT_AGAIN = CARD + """
INSERT INTO orders VALUES
 (302, 3, 2, NULL, 'completed', TIMESTAMP '2026-03-01 10:00', TIMESTAMP '2026-03-01 10:00', NULL, NULL, 100, 0, 100);
INSERT INTO order_items VALUES (302, 1, 1, 1, 100, 100);
"""


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "<NA>")


def test_card_of_a_current_customer(tiny_shop):
    con = tiny_shop(CARD)
    ck.customers.add_tag(con, 1, "回访")
    with i18n.language("zh"):
        df = ck.customers.card(con, "T0001")
    assert len(df) == 1
    row = df.iloc[0]
    assert (row.customer_id, row.customer_code, row["name"], row.gender) == (1, "T0001", "王小明", "M")
    assert str(row.birthday)[:10] == "1990-05-01"
    assert row.age == 35  # born 1990-05-01: not yet 36 on 2026-03-31
    assert (row.phone, row.email, row.address) == ("138****0001", "w***@qq.com", "广东省深圳市****")
    assert (row.province, row.city, row.channel) == ("广东省", "深圳市", "天猫旗舰店")  # 1 + 1 % 2 = channel 2
    assert row.orders == 2 and float(row.total_spend) == 220.0  # closed order 103 does not count
    assert str(row.first_order_at) == "2026-01-10 10:00:00" and str(row.last_order_at) == "2026-03-31 09:00:00"
    assert row.days_since_last_order == 0
    assert row.favourite_category == "茶具"  # 120 on teaware, 100 on tea leaves (999 closed)
    assert row.main_channel == "官方App"  # 160 in channel 1, 60 in channel 2
    assert (row.interaction_count, row.complaint_count) == (3, 1)
    assert str(row.last_contact_at) == "2026-03-20 10:00:00"
    assert row.tags == "高价值客户、回访"  # the course's tags first, then yours
    assert (row.card_kind, row.card_kind_name) == ("current", "现有客户")


def test_card_of_potential_and_lost_customers(tiny_shop):
    con = tiny_shop(CARD)
    with i18n.language("en"):
        potential = ck.customers.card(con, 2).iloc[0]
        lost = ck.customers.card(con, 3).iloc[0]
        unknown = ck.customers.card(con, 4).iloc[0]
    assert (potential.card_kind, potential.card_kind_name) == ("potential", "Potential customer")
    assert potential.orders == 0 and float(potential.total_spend) == 0
    assert _missing(potential.last_order_at) and _missing(potential.favourite_category)
    assert (potential.interaction_count, potential.complaint_count) == (1, 1)
    assert potential.tags == "New customer"
    assert (lost.card_kind, lost.card_kind_name) == ("lost", "Lost customer")
    assert lost.days_since_last_order == 454  # 2025-01-01 -> 2026-03-31
    assert lost.interaction_count == 0 and _missing(lost.last_contact_at) and _missing(lost.tags)
    assert _missing(unknown.age) and _missing(unknown.phone) and unknown.card_kind == "potential"


def test_lost_after_days_boundary(tiny_shop):
    con = tiny_shop(CARD)
    assert ck.customers.card(con, 3, lost_after_days=454).card_kind[0] == "current"  # 454 days: not more
    assert ck.customers.card(con, 3, lost_after_days=453).card_kind[0] == "lost"


def test_a_lost_customer_who_buys_again_is_current(tiny_shop):
    before = tiny_shop(CARD, shop="tea")
    after = tiny_shop(CARD_BOUGHT_AGAIN, shop="ceramics")
    assert ck.customers.card(before, 3).card_kind[0] == "lost"
    row = ck.customers.card(after, 3).iloc[0]
    assert row.card_kind == "current" and row.days_since_last_order == 30 and row.orders == 2


def test_cards_count_every_kind(tiny_shop):
    con = tiny_shop(CARD)
    with i18n.language("zh"):
        df = ck.customers.cards(con)
    assert list(df.columns) == ["card_kind", "card_kind_name", "customer_count", "share"]
    assert list(zip(df.card_kind, df.card_kind_name, df.customer_count, df.share, strict=True)) == [
        ("potential", "潜在客户", 2, 0.5), ("current", "现有客户", 1, 0.25), ("lost", "流失客户", 1, 0.25)]
    later = ck.customers.cards(con, lost_after_days=500)
    assert list(later.customer_count) == [2, 2, 0]  # lost is listed with 0


def test_cards_follow_a_new_order(tiny_shop):
    con = tiny_shop(CARD_BOUGHT_AGAIN)
    assert list(ck.customers.cards(con).customer_count) == [2, 2, 0]


def test_card_errors(tiny_shop):
    con = tiny_shop(CARD)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="no customer '99'.*from 1 to 4"):
        ck.customers.card(con, 99)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError) as caught:
        ck.customers.card(con, 1, lost_after_days=0)
    assert caught.value.key == "error.bad_positive" and "lost_after_days" in str(caught.value)


def test_cards_chart(tiny_shop):
    con = tiny_shop(CARD)
    df = ck.customers.cards(con)
    with i18n.language("en"):
        en = plots.cards(df)
    with i18n.language("zh"):
        zh = plots.cards(df)
    assert en.layout.title.text == "Customer data cards: potential, current and lost customers"
    assert zh.layout.title.text == "客户资料卡：潜在、现有与流失客户"
    assert [tuple(t.y) for t in en.data] == [(2,), (1,), (1,)]  # one bar (trace) per kind


# --- stale contact data ---------------------------------------------------------------------------

# Today = 2026-03-31 (order 900). contact_updated_at per customer:
#   1  2025-06-01: SMS bounced 2025-07-01 and 2025-08-01 (after) and 2025-05-01 (before, ignored)
#   2  2025-06-01: SMS bounced 2025-05-01 only (before); an SMS sent after is fine -> nothing
#   3  2025-03-01: a raw record with its name, birthday and city, recorded 2025-09-01 in Tmall with
#      another phone -> newer phone; one from 2025-01-01 (before) and one with its own phone don't count;
#      a 王芳 with another birthday is someone else
#   4  2025-03-01: a raw record without birthday, 赵强 in 杭州市, the only 赵强 there, 2025-10-01, another phone
#   5  2023-03-30: more than 3 years before today -> address old;  6  2023-03-31: exactly 3 years -> fine
#   7  2020-01-01 but no address -> nothing to update
STALE = BASE + f"""
INSERT INTO customers VALUES
 {_customer(1, '王小明', '1990-05-01', '138****0001', 1, updated='2025-06-01 10:00')},
 {_customer(2, '李娜', '1995-03-02', '139****0002', 2, updated='2025-06-01 10:00')},
 {_customer(3, '王芳', '2000-07-07', '137****0003', 1, updated='2025-03-01 10:00', email="'w***@qq.com'")},
 {_customer(4, '赵强', '1980-01-01', '150****0004', 2, updated='2025-03-01 10:00')},
 {_customer(5, '孙丽', '1999-09-09', '155****0005', 1, registered='2022-01-01 10:00', updated='2023-03-30 10:00')},
 {_customer(6, '周杰', '2000-01-01', '156****0006', 2, registered='2022-01-01 10:00', updated='2023-03-31 10:00')},
 {_customer(7, '吴磊', '2001-01-01', '157****0007', 2, registered='2020-01-01 10:00', address='NULL')};
INSERT INTO customer_keys VALUES (1, 'c1'), (2, 'c2'), (3, 'c3'), (4, 'c4'), (5, 'c5'), (6, 'c6'), (7, 'c7');
INSERT INTO orders VALUES
 (900, 1, 1, NULL, 'completed', TIMESTAMP '2026-03-31 10:00', TIMESTAMP '2026-03-31 10:00', NULL, NULL, 10, 0, 10);
INSERT INTO interaction_kinds VALUES ('sms', '短信', 'SMS', 'outbound', 'modern');
INSERT INTO interaction_topics VALUES ('marketing', '营销活动通知', 'Campaign notice');
INSERT INTO interactions VALUES
 (1, 1, NULL, 'sms', 'marketing', 'care', 'bounced', TIMESTAMP '2025-07-01 10:00', NULL, NULL, false),
 (2, 1, NULL, 'sms', 'marketing', 'care', 'bounced', TIMESTAMP '2025-08-01 10:00', NULL, NULL, false),
 (3, 1, NULL, 'sms', 'marketing', 'care', 'bounced', TIMESTAMP '2025-05-01 10:00', NULL, NULL, false),
 (4, 2, NULL, 'sms', 'marketing', 'care', 'bounced', TIMESTAMP '2025-05-01 10:00', NULL, NULL, false),
 (5, 2, NULL, 'sms', 'marketing', 'care', 'sent',    TIMESTAMP '2025-07-01 10:00', NULL, NULL, true);
INSERT INTO staging_customers VALUES
 (1, 1, 'app-1', '王芳', 'F', DATE '2000-07-07', '137****0003', '广东省', '深圳市', NULL, TIMESTAMP '2024-12-01 10:00'),
 (2, 2, 'tm-2',  '王芳', 'F', DATE '2000-07-07', '188****8888', '广东',   '深圳市', NULL, TIMESTAMP '2025-09-01 10:00'),
 (3, 1, 'app-3', '王芳', 'F', DATE '2000-07-07', '186****6666', '广东省', '深圳市', NULL, TIMESTAMP '2025-01-01 10:00'),
 (4, 1, 'app-4', '王芳', 'F', DATE '2000-07-07', '137****0003', '广东省', '深圳市', NULL, TIMESTAMP '2025-10-01 10:00'),
 (5, 2, 'tm-5',  '王芳', 'F', DATE '1988-08-08', '185****5555', '广东省', '深圳市', NULL, TIMESTAMP '2025-11-01 10:00'),
 (6, 1, 'app-6', '赵强', NULL, NULL,             '189****9999', '浙江',   '杭州市', NULL, TIMESTAMP '2025-10-01 10:00');
INSERT INTO staging_keys VALUES (1, 'c3'), (2, 's2'), (3, 's3'), (4, 'c3'), (5, 's5'), (6, 's6');
"""

STALE_COLUMNS = ["customer_id", "name", "phone", "email", "address", "contact_updated_at", "reason", "reason_name",
                 "evidence_at", "evidence_channel", "evidence_phone", "evidence_count"]


def test_stale_contact_data(tiny_shop):
    con = tiny_shop(STALE)
    with i18n.language("en"):
        df = ck.customers.stale(con)
    assert list(df.columns) == STALE_COLUMNS
    got = [(r.customer_id, r.reason, str(r.evidence_at), None if _missing(r.evidence_channel) else r.evidence_channel,
            None if _missing(r.evidence_phone) else r.evidence_phone,
            None if _missing(r.evidence_count) else int(r.evidence_count)) for r in df.itertuples()]
    assert got == [
        (1, "phone_bounced", "2025-08-01 10:00:00", "SMS", None, 2),
        (3, "newer_phone_elsewhere", "2025-09-01 10:00:00", "Tmall store", "188****8888", 1),
        (4, "newer_phone_elsewhere", "2025-10-01 10:00:00", "Official app", "189****9999", 1),
        (5, "address_old", "2023-03-30 10:00:00", None, None, None),
    ]
    assert df.reason_name.tolist() == ["SMS bounced", "Another phone in a newer channel record",
                                       "Another phone in a newer channel record", "Address not confirmed for years"]
    assert (df.phone[1], df.email[1], df.name[1]) == ("137****0003", "w***@qq.com", "王芳")


def test_stale_address_years(tiny_shop):
    con = tiny_shop(STALE)
    old = ck.customers.stale(con, address_years=1)
    # more than a year before 2026-03-31: 3 and 4 (2025-03-01), 5, 6; 1 and 2 (2025-06-01) are recent
    assert sorted(old[old.reason == "address_old"].customer_id) == [3, 4, 5, 6]
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="address_years"):
        ck.customers.stale(con, address_years=-1)


def test_stale_chart_lists_every_reason(tiny_shop):
    con = tiny_shop(STALE)
    with i18n.language("zh"):
        fig = plots.stale(ck.customers.stale(con))
    assert fig.layout.title.text == "需要更新的联系信息（按原因）"
    assert dict(zip(fig.data[0].x, fig.data[0].y, strict=True)) == {
        "短信发送失败": 1, "其他渠道较新的记录有另一个手机号": 2, "地址多年未确认": 1}


# --- the generated mall against its answer key ----------------------------------------------------

@pytest.fixture(scope="module")
def mall_groups():
    con = ck.connect("mall")
    found = ck.customers.duplicates(con, within="staging")
    con.close()
    private = duckdb.connect(str(config.private_db_path("mall")), read_only=True)
    truth = private.execute("SELECT raw_id, customer_id, problem FROM staging_truth").df()
    private.close()
    return found.merge(truth, on="raw_id", how="left"), truth


def test_mall_screening_finds_every_planted_duplicate(mall_groups):
    found, truth = mall_groups
    planted = truth[truth.problem != "none"]
    assert len(planted) > 100
    assert set(planted.raw_id) <= set(found.raw_id)  # recall 1.0
    # each planted record sits in a group together with its own master record
    masters = found[found.problem == "none"][["group_id", "customer_id"]]
    with_master = found[found.problem != "none"].merge(masters, on=["group_id", "customer_id"])
    assert len(with_master) == len(planted)


def test_mall_screening_groups_one_person_each(mall_groups):
    found, _ = mall_groups
    people_per_group = found.groupby("group_id").customer_id.nunique()
    assert (people_per_group == 1).mean() >= 0.95
    assert (found.groupby("group_id").size() >= 2).all()


def test_mall_stale_flags_every_planted_stale_phone(mall_groups):
    _, truth = mall_groups
    con = ck.connect("mall")
    flagged = ck.customers.stale(con)
    con.close()
    newer = set(flagged[flagged.reason == "newer_phone_elsewhere"].customer_id)
    assert set(truth[truth.problem == "stale_phone"].customer_id) <= newer
