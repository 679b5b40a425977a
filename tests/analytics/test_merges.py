"""Merging duplicate customers in the scratch database, on tests/fixtures.py TINY_TAGS (worked out by hand).

Customers 1, 2, 3, 1234. Paid orders: 1 -> order 10 (90.00, 2026-01-05) and 11 (50.50, 2026-03-05);
3 -> order 14 (300.00, 2026-06-30); 2 has only a closed order. Tags: 1 and 3 'vip', 1234 'new'.
"""

import datetime as dt

import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics.merges import merge, merges, unmerge
from tests.fixtures import TINY_TAGS, money


def ids(con):
    return [r[0] for r in con.execute("SELECT customer_id FROM customers ORDER BY 1").fetchall()]


def test_a_merged_customer_disappears_and_its_rows_count_for_the_kept_one(tiny_shop):
    con = tiny_shop(TINY_TAGS)
    listed = merge(con, 1, [3], note="same phone")
    assert listed[["drop_id", "keep_id", "note"]].values.tolist() == [[3, 1, "same phone"]]
    assert ids(con) == [1, 2, 1234]
    assert con.execute("SELECT customer_id FROM orders WHERE order_id = 14").fetchone() == (1,)
    stats = con.execute("SELECT paid_orders, paid_spend, first_paid_at, last_paid_at FROM customer_stats "
                        "WHERE customer_id = 1").fetchone()
    assert stats[0] == 3 and money([stats[1]]) == [440.50]
    assert stats[2:] == (dt.datetime(2026, 1, 5, 10), dt.datetime(2026, 6, 30, 10))
    assert con.execute("SELECT count(*) FROM customer_stats WHERE customer_id = 3").fetchone() == (0,)
    months = con.execute("SELECT customer_id, month FROM customer_months ORDER BY ALL").fetchall()
    assert months == [(1, dt.date(2026, 1, 1)), (1, dt.date(2026, 3, 1)), (1, dt.date(2026, 6, 1))]
    assert con.execute("SELECT customer_id, tag_id FROM customer_tags ORDER BY 1, 2").fetchall() == [(1, 1), (1234, 2)]
    assert ck.customers.lookup(con, "王芳").empty  # customer 3's name is gone from the list
    other = ck.connect("tea")  # another notebook sees the merge once it connects
    assert ids(other) == [1, 2, 1234]
    other.close()


def test_merging_again_changes_nothing_and_chains_follow_the_kept_customer(tiny_shop):
    con = tiny_shop(TINY_TAGS)
    merge(con, 1, 3)
    merge(con, 1, [3])
    assert len(merges(con)) == 1
    merge(con, 2, [1])  # 1 goes into 2, and so does 3, which was merged into 1
    assert sorted(merges(con)[["drop_id", "keep_id"]].values.tolist()) == [[1, 2], [3, 2]]
    assert ids(con) == [2, 1234]
    assert con.execute("SELECT paid_orders FROM customer_stats WHERE customer_id = 2").fetchone() == (3,)
    unmerge(con, 3)
    assert ids(con) == [2, 3, 1234]
    assert con.execute("SELECT paid_orders FROM customer_stats WHERE customer_id = 3").fetchone() == (1,)


def test_bad_merges_are_explained(tiny_shop):
    con = tiny_shop(TINY_TAGS)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="both kept and merged away"):
        merge(con, 1, [1, 3])
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="drop_ids"):
        merge(con, 1, [])
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="there is no customer '77'"):
        merge(con, 1, [77])
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="nothing to undo"):
        unmerge(con, 2)
    assert ids(con) == [1, 2, 3, 1234]
