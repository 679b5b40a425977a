"""RFM scores and segments on a hand-written shop; every expected value is worked out by hand.

"Today" is 2025-03-31, the day of the newest order (customer 8's closed order). Paid orders
(2025 unless said; all at 10:00):

====  ==========================================  ==========  ==  =====
 id   paid orders (day: total)                     R (days)    F   M
====  ==========================================  ==========  ==  =====
 1    02-01: 300, 03-01: 200, 03-30: 100            1          3     600
 2    03-31: 50                                     0          1      50
 3    01-01: 1000, 01-15: 1000                      75         2    2000
 4    2024-12-01: 80                                120        1      80
 5    03-20: 500 (+ 03-25 closed 999)               11         1     500
 6    none                                          -          -       -
 7    01-10, 02-10, 03-10, 03-11: 40 each           20         4     160
 8    none (03-31 12:00 closed: the newest order)   -          -       -
 9    03-30: 100                                    1          1     100
 10   2024-12-15: 3000                              106        1    3000
====  ==========================================  ==========  ==  =====

Eight buyers, bins = 5: score = 1 + (5 × (rank − 1)) // 8, so ranks 1..8 give scores
1, 1, 2, 2, 3, 4, 4, 5; equal values share the smaller rank.

* R (rank by days, longest first): 4 (120) r1, 10 (106) r2, 3 (75) r3, 7 (20) r4, 5 (11) r5,
  1 and 9 (1) r6, 2 (0) r8 → scores 4:1 10:1 3:2 7:2 5:3 1:4 9:4 2:5; average 22/8 = 2.75.
* F (rank by orders, fewest first): 2, 4, 5, 9, 10 (1 order) r1; 3 (2) r6; 1 (3) r7; 7 (4) r8
  → 1 for the five one-order buyers (without the tie they would get 1, 1, 2, 2, 3), 3:4 1:4
  7:5; average 18/8 = 2.25.
* M (rank by spend, smallest first): 2 (50), 4 (80), 9 (100), 7 (160), 5 (500), 1 (600),
  3 (2000), 10 (3000) → 2:1 4:1 9:2 7:2 5:3 1:4 3:4 10:5; average 2.75.

High = above the average: R high {5, 1, 9, 2}, F high {3, 1, 7}, M high {5, 1, 3, 10}, so
1 HHH champions, 2 HLL promising, 3 LHH at_risk, 4 LLL hibernating, 5 HLH potential,
7 LHL need_attention, 9 HLL promising, 10 LLH cant_lose.
"""

import pytest

from crmkit import i18n
from crmkit.analytics import loyalty
from crmkit.errors import CrmkitError
from crmkit.plots import loyalty as loyalty_plots
from tests.fixtures import BASE


def _customer(cid):
    return (f"({cid}, 'T{cid:04d}', '顾客{cid}', 'F', DATE '1990-01-01', '138****{cid:04d}', NULL, 'GD', 1, '****', "
            f"1, 1, TIMESTAMP '2024-11-01 09:00', TIMESTAMP '2024-11-01 09:00')")


def _order(oid, cid, day, total, status="completed", time="10:00"):
    paid = "NULL" if status == "closed" else f"TIMESTAMP '{day} {time}'"
    return f"({oid}, {cid}, 1, NULL, '{status}', TIMESTAMP '{day} {time}', {paid}, NULL, NULL, {total}, 0, {total})"


ORDERS = [
    _order(101, 1, "2025-02-01", 300), _order(102, 1, "2025-03-01", 200), _order(103, 1, "2025-03-30", 100),
    _order(201, 2, "2025-03-31", 50),
    _order(301, 3, "2025-01-01", 1000), _order(302, 3, "2025-01-15", 1000),
    _order(401, 4, "2024-12-01", 80),
    _order(501, 5, "2025-03-20", 500), _order(502, 5, "2025-03-25", 999, "closed"),
    _order(701, 7, "2025-01-10", 40), _order(702, 7, "2025-02-10", 40), _order(703, 7, "2025-03-10", 40),
    _order(704, 7, "2025-03-11", 40),
    _order(801, 8, "2025-03-31", 70, "closed", "12:00"),
    _order(901, 9, "2025-03-30", 100),
    _order(1001, 10, "2024-12-15", 3000),
]
SHOP = BASE + f"""
INSERT INTO customers VALUES {", ".join(_customer(c) for c in range(1, 11))};
INSERT INTO orders VALUES {", ".join(ORDERS)};
"""

COLUMNS = ["customer_id", "name", "last_order_at", "days_since_last_order", "orders", "total_spend", "r_score",
           "f_score", "m_score", "segment_code", "segment"]


def _by_id(df, column):
    return dict(zip(df.customer_id, df[column], strict=True))


def test_rfm_values_scores_and_segments(tiny_shop):
    df = loyalty.rfm(tiny_shop(SHOP))
    assert list(df.columns) == COLUMNS
    assert list(df.customer_id) == [1, 2, 3, 4, 5, 7, 9, 10]
    assert _by_id(df, "days_since_last_order") == {1: 1, 2: 0, 3: 75, 4: 120, 5: 11, 7: 20, 9: 1, 10: 106}
    assert _by_id(df, "orders") == {1: 3, 2: 1, 3: 2, 4: 1, 5: 1, 7: 4, 9: 1, 10: 1}
    assert {k: float(v) for k, v in _by_id(df, "total_spend").items()} == {
        1: 600, 2: 50, 3: 2000, 4: 80, 5: 500, 7: 160, 9: 100, 10: 3000}
    assert _by_id(df, "r_score") == {4: 1, 10: 1, 3: 2, 7: 2, 5: 3, 1: 4, 9: 4, 2: 5}
    assert _by_id(df, "m_score") == {2: 1, 4: 1, 9: 2, 7: 2, 5: 3, 1: 4, 3: 4, 10: 5}
    assert _by_id(df, "segment_code") == {1: "champions", 2: "promising", 3: "at_risk", 4: "hibernating",
                                          5: "potential", 7: "need_attention", 9: "promising", 10: "cant_lose"}


def test_equal_values_share_a_score(tiny_shop):
    df = loyalty.rfm(tiny_shop(SHOP))
    # five buyers with one order: all score 1, the next rank (6) scores 4, not 2
    assert _by_id(df, "f_score") == {2: 1, 4: 1, 5: 1, 9: 1, 10: 1, 3: 4, 1: 4, 7: 5}
    assert _by_id(df, "r_score")[1] == _by_id(df, "r_score")[9] == 4  # both 1 day ago


def test_two_bins(tiny_shop):
    df = loyalty.rfm(tiny_shop(SHOP), bins=2)
    # score = 1 + (2 × (rank − 1)) // 8: ranks 1-4 score 1, ranks 5-8 score 2
    assert _by_id(df, "r_score") == {4: 1, 10: 1, 3: 1, 7: 1, 5: 2, 1: 2, 9: 2, 2: 2}
    assert _by_id(df, "f_score") == {2: 1, 4: 1, 5: 1, 9: 1, 10: 1, 3: 2, 1: 2, 7: 2}


def test_as_of_ignores_later_orders(tiny_shop):
    df = loyalty.rfm(tiny_shop(SHOP), as_of="2025-03-01")
    # by 2025-03-01 (the whole day): 1 (02-01, 03-01), 3, 4, 7 (01-10, 02-10), 10
    assert list(df.customer_id) == [1, 3, 4, 7, 10]
    assert _by_id(df, "days_since_last_order") == {1: 0, 3: 45, 4: 90, 7: 19, 10: 76}
    assert _by_id(df, "orders") == {1: 2, 3: 2, 4: 1, 7: 2, 10: 1}
    assert float(_by_id(df, "total_spend")[1]) == 500


def test_segment_names_in_both_languages(tiny_shop):
    con = tiny_shop(SHOP)
    with i18n.language("zh"):
        zh = _by_id(loyalty.rfm(con), "segment")
    with i18n.language("en"):
        en = _by_id(loyalty.rfm(con), "segment")
    assert (zh[1], zh[3], zh[4], zh[10]) == ("重要价值客户", "重要保持客户", "一般挽留客户", "重要挽留客户")
    assert (en[1], en[3], en[4], en[10]) == ("Champions", "At risk", "Hibernating", "Can't lose them")
    assert (zh[2], zh[5], zh[7]) == ("一般发展客户", "重要发展客户", "一般保持客户")


def test_every_segment_has_a_name_in_both_languages():
    for lang in ("zh", "en"):
        names = [i18n.t(f"loyalty.segment.{code}", lang=lang) for code in loyalty.SEGMENTS]
        assert len(set(names)) == 8 and not any(n.startswith("loyalty.") for n in names)


def test_empty_shop_and_as_of_before_the_first_order(tiny_shop):
    con = tiny_shop(BASE)
    df = loyalty.rfm(con)
    assert list(df.columns) == COLUMNS and len(df) == 0
    assert len(loyalty.rfm(tiny_shop(SHOP, shop="ceramics"), as_of="2020-01-01")) == 0


@pytest.mark.parametrize("bins", [1, 11, 2.5, "5", True])
def test_bad_bins(tiny_shop, bins):
    con = tiny_shop(SHOP)
    with i18n.language("en"), pytest.raises(CrmkitError, match="bins"):
        loyalty.rfm(con, bins=bins)


def test_bad_as_of(tiny_shop):
    with i18n.language("en"), pytest.raises(CrmkitError, match="as_of"):
        loyalty.rfm(tiny_shop(SHOP), as_of="yesterday")


def test_segment_treemap(tiny_shop):
    con = tiny_shop(SHOP)
    with i18n.language("en"):
        fig = loyalty_plots.rfm_segments(loyalty.rfm(con))
    assert fig.layout.title.text == "RFM segments: customers per segment"
    tiles = dict(zip(fig.data[0].labels, fig.data[0].values, strict=True))
    assert tiles == {"Champions": 1, "Promising": 2, "At risk": 1, "Hibernating": 1, "Potential loyalists": 1,
                     "Need attention": 1, "Can't lose them": 1}
