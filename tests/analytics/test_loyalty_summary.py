"""The customer-base summary (rfm_summary) and churn by P(alive), on a hand-written shop.

Orders (2025, at 10:00 unless said; "today" = 2025-03-10, the newest order):

====  ====================================================================================
 id   orders (day: total)
====  ====================================================================================
 1    01-01: 100 and 01-01 15:00: 50 (one purchase day: 150), 01-11: 30 and 20 (one day: 50),
      01-21: 70, 01-25: 999 closed, 02-05: 10 and 5 (one day: 15), 02-20: 40, 03-10: 500
 2    01-20: 80
 3    02-10: 60
 4    01-31 23:00: 60, 02-01: 40
 5    01-05: 25 closed (never bought)
 6    01-05: 10, 01-06: 30
====  ====================================================================================

Calibration to 2025-01-31, observation to 2025-02-28 (holdout: 28 days = 4 weeks):

* 1: purchase days 01-01, 01-11, 01-21 → x = 2, t_x = 20 days, T = 30 days, repeat spend
  (50 + 70) / 2 = 60; holdout days 02-05, 02-20 → 2 (03-10 is after the observation end).
* 2: x = 0, t_x = 0, T = 11 days, spend 0; holdout 0.
* 3: first purchase after the calibration end: not in the summary.
* 4: x = 0, T = 0 (first purchase on the calibration end day); holdout 1.
* 6: x = 1, t_x = 1, T = 26 days, spend 30; holdout 0.

Without a calibration end (observation to 2025-02-28): 1: x = 4, t_x = 50, T = 58, spend
(50 + 70 + 15 + 40) / 4 = 43.75; 2: T = 39; 3: T = 18; 4: x = 1, t_x = 1, T = 28, spend 40;
6: x = 1, t_x = 1, T = 54. Up to today (2025-03-10): customer 2's T = 49 days = 7 weeks.
"""

import numpy as np
import pytest

from crmkit import i18n
from crmkit.analytics import customer_analysis, loyalty
from crmkit.analytics.bgnbd import BgNbdModel
from crmkit.errors import CrmkitError
from tests.fixtures import BASE


def _customer(cid):
    return (f"({cid}, 'T{cid:04d}', '顾客{cid}', 'F', DATE '1990-01-01', '138****{cid:04d}', NULL, 'GD', 1, '****', "
            f"1, 1, TIMESTAMP '2024-11-01 09:00', TIMESTAMP '2024-11-01 09:00')")


def _order(oid, cid, at, total, status="completed"):
    at = at if " " in at else f"{at} 10:00"
    paid = "NULL" if status == "closed" else f"TIMESTAMP '2025-{at}'"
    return f"({oid}, {cid}, 1, NULL, '{status}', TIMESTAMP '2025-{at}', {paid}, NULL, NULL, {total}, 0, {total})"


ORDERS = [
    _order(101, 1, "01-01", 100), _order(102, 1, "01-01 15:00", 50), _order(103, 1, "01-11", 30),
    _order(104, 1, "01-11 18:00", 20), _order(105, 1, "01-21", 70), _order(106, 1, "01-25", 999, "closed"),
    _order(107, 1, "02-05", 10), _order(108, 1, "02-05 11:00", 5), _order(109, 1, "02-20", 40),
    _order(110, 1, "03-10", 500),
    _order(201, 2, "01-20", 80),
    _order(301, 3, "02-10", 60),
    _order(401, 4, "01-31 23:00", 60), _order(402, 4, "02-01", 40),
    _order(501, 5, "01-05", 25, "closed"),
    _order(601, 6, "01-05", 10), _order(602, 6, "01-06", 30),
]
SHOP = BASE + f"""
INSERT INTO customers VALUES {", ".join(_customer(c) for c in range(1, 7))};
INSERT INTO orders VALUES {", ".join(ORDERS)};
"""


def _rows(df, columns):
    return {int(r.customer_id): tuple(round(float(getattr(r, c)), 9) for c in columns) for r in df.itertuples()}


def test_summary_with_holdout_in_days(tiny_shop):
    df = loyalty.rfm_summary(tiny_shop(SHOP), observation_end="2025-02-28", calibration_end="2025-01-31", unit="D")
    assert list(df.columns) == ["customer_id", "frequency", "recency", "T", "monetary_value", "frequency_holdout",
                                "duration_holdout"]
    assert _rows(df, df.columns[1:]) == {
        1: (2, 20, 30, 60, 2, 28),
        2: (0, 0, 11, 0, 0, 28),
        4: (0, 0, 0, 0, 1, 28),
        6: (1, 1, 26, 30, 0, 28),
    }
    assert df.attrs["unit"] == "D"


def test_summary_in_weeks_is_days_over_seven(tiny_shop):
    df = loyalty.rfm_summary(tiny_shop(SHOP), observation_end="2025-02-28", calibration_end="2025-01-31")
    assert _rows(df, ["recency", "T", "duration_holdout"])[1] == (round(20 / 7, 9), round(30 / 7, 9), 4.0)
    assert df.attrs["unit"] == "W"


def test_summary_without_holdout(tiny_shop):
    df = loyalty.rfm_summary(tiny_shop(SHOP), observation_end="2025-02-28", unit="d")
    assert list(df.columns) == ["customer_id", "frequency", "recency", "T", "monetary_value"]
    assert _rows(df, df.columns[1:]) == {
        1: (4, 50, 58, 43.75),
        2: (0, 0, 39, 0),
        3: (0, 0, 18, 0),
        4: (1, 1, 28, 40),
        6: (1, 1, 54, 30),
    }


def test_summary_up_to_today_by_default(tiny_shop):
    df = loyalty.rfm_summary(tiny_shop(SHOP))
    assert _rows(df, ["T"])[2] == (7.0,)
    assert _rows(df, ["frequency"])[1] == (5,)


@pytest.mark.parametrize("kwargs, words", [
    ({"calibration_end": "2024-12-31", "observation_end": "2025-02-28"}, ["calibration_end", "2025-01-01"]),
    ({"observation_end": "2024-12-31"}, ["observation_end", "2025-01-01"]),
    ({"calibration_end": "2025-02-28", "observation_end": "2025-02-28"}, ["calibration_end", "before"]),
    ({"unit": "M"}, ["unit", "W, D"]),
    ({"observation_end": "soon"}, ["observation_end"]),
    ({"observation_end": "2025-03-11"}, ["observation_end", "2025-03-10"]),
])
def test_summary_refuses_impossible_periods(tiny_shop, kwargs, words):
    con = tiny_shop(SHOP)
    with i18n.language("en"), pytest.raises(CrmkitError) as error:
        loyalty.rfm_summary(con, **kwargs)
    for word in words:
        assert word in str(error.value)


def test_summary_of_an_empty_shop_is_a_clear_error(tiny_shop):
    with i18n.language("zh"), pytest.raises(CrmkitError, match="没有已付款订单"):
        loyalty.rfm_summary(tiny_shop(BASE))


# P(alive) with r = 1, alpha = 1, a = 1, b = 2, in days, up to today (2025-03-10):
#   P = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)), 1 when x = 0.
#   1: x = 5, t_x = T = 68 → 1 / (1 + 1/6) = 6/7;  2, 3: x = 0 → 1;
#   4: x = 1, t_x = 1, T = 38 → 1 / (1 + 0.5 × 19.5²) = 1 / 191.125;
#   6: x = 1, t_x = 1, T = 64 → 1 / (1 + 0.5 × 32.5²) = 1 / 529.125.
MODEL = BgNbdModel(params={"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 2.0}, log_likelihood=0.0, customers=0, unit="D")


def test_p_alive_today(tiny_shop):
    df = loyalty.p_alive(tiny_shop(SHOP), MODEL)
    assert list(df.columns) == ["customer_id", "frequency", "recency", "T", "p_alive"]
    assert np.allclose(df.p_alive, [6 / 7, 1, 1, 1 / 191.125, 1 / 529.125], rtol=1e-12)


def test_churn_by_p_alive(tiny_shop):
    con = tiny_shop(SHOP)
    df = customer_analysis.churn(con, model=MODEL)
    assert list(df.columns) == ["customer_id", "name", "phone", "last_order_at", "days_since_last_order", "orders",
                                "total_spend", "p_alive"]
    assert list(df.customer_id) == [4, 6]                      # spend 100, then 40
    assert list(df.days_since_last_order) == [37, 63]
    assert np.allclose(df.p_alive, [1 / 191.125, 1 / 529.125])
    # 1 (P = 6/7, spend 825) joins below 0.9
    assert list(customer_analysis.churn(con, model=MODEL, p_alive_below=0.9).customer_id) == [1, 4, 6]
    assert con.sql("SELECT 1").fetchall() == [(1,)]  # no unfinished result is left on the connection
    with pytest.raises(Exception, match="p_alive_scores"):  # the scores were handed to DuckDB only for the query
        con.execute("SELECT * FROM p_alive_scores").fetchall()
    # the rule is unchanged: last orders more than 30 days ago: 2 (49), 4 (37), 6 (63)
    assert sorted(customer_analysis.churn(con, 30).customer_id) == [2, 4, 6]


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, "half", None])
def test_churn_p_alive_below_must_be_a_probability(tiny_shop, bad):
    con = tiny_shop(SHOP)
    with i18n.language("en"), pytest.raises(CrmkitError, match="p_alive_below"):
        customer_analysis.churn(con, model=MODEL, p_alive_below=bad)


def test_churn_with_an_unknown_model(tiny_shop):
    with i18n.language("en"), pytest.raises(CrmkitError, match="bgnbd"):
        customer_analysis.churn(tiny_shop(SHOP), model="pareto")
