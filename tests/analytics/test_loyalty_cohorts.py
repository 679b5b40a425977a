"""Cohort retention and the loyalty quadrants on hand-written shops; expected values worked out by hand.

Cohort shop (2025, "today" = 04-30, customer 5's closed order):

* 1: paid Jan 5, Jan 20, Mar 3 → cohort January, active at ages 0 and 2;
* 2: paid Jan 10, Feb 10 → cohort January, ages 0 and 1;
* 3: paid Feb 1, Feb 25, Apr 2 → cohort February, ages 0 and 2;
* 4: paid Feb 15, closed Mar 1 → cohort February, age 0 only (a closed order is no purchase);
* 5: closed Apr 30 only → no cohort.

By month: January (2 customers) ages 0-3 (to April): 2, 1, 1, 0 active → 1, 0.5, 0.5, 0;
February (2) ages 0-2: 2, 0, 1 → 1, 0, 0.5. By quarter: Q1 (4 customers) ages 0-1: 4, 1 → 1, 0.25.

Quadrant shop: attitude = mean over the customer's surveys of (trust + preference + recommend) / 3:

====  ============================  ========  ======  ===================================
 id   surveys (trust, pref, rec)     attitude  orders  type (defaults: 4.0, 2 orders)
====  ============================  ========  ======  ===================================
 1    (5, 4, 5), (4, 4, 4)           13/3      3       absolute
 2    (5, 5, 5)                      5         1       latent
 3    (2, 3, 2)                      7/3       4       inertial
 4    (4, 4, 4)                      4         2       absolute (both thresholds reached exactly)
 5    (3, 3, 3)                      3         0       non_loyal (closed order only)
 6    no survey                      -         1       not placed
====  ============================  ========  ======  ===================================

With min_attitude = 4.5 and min_orders = 3: 1 inertial, 2 latent, 3 inertial, 4 non_loyal, 5 non_loyal.
"""

import numpy as np
import pandas as pd
import pytest

from crmkit import i18n
from crmkit.analytics import loyalty
from crmkit.errors import CrmkitError
from crmkit.plots import loyalty as loyalty_plots
from tests.fixtures import BASE


def _customer(cid):
    return (f"({cid}, 'T{cid:04d}', '顾客{cid}', 'F', DATE '1990-01-01', '138****{cid:04d}', NULL, 'GD', 1, '****', "
            f"1, 1, TIMESTAMP '2024-11-01 09:00', TIMESTAMP '2024-11-01 09:00')")


def _order(oid, cid, day, status="completed"):
    paid = "NULL" if status == "closed" else f"TIMESTAMP '2025-{day} 10:00'"
    return f"({oid}, {cid}, 1, NULL, '{status}', TIMESTAMP '2025-{day} 10:00', {paid}, NULL, NULL, 100, 0, 100)"


def _survey(sid, cid, trust, preference, recommend):
    return (f"({sid}, {cid}, NULL, 'sms', TIMESTAMP '2025-03-01 10:00', 7, 7, 8, {trust}, {preference}, "
            f"{recommend})")


COHORT_SHOP = BASE + f"""
INSERT INTO customers VALUES {", ".join(_customer(c) for c in range(1, 6))};
INSERT INTO orders VALUES {", ".join([
    _order(101, 1, "01-05"), _order(102, 1, "01-20"), _order(103, 1, "03-03"),
    _order(201, 2, "01-10"), _order(202, 2, "02-10"),
    _order(301, 3, "02-01"), _order(302, 3, "02-25"), _order(303, 3, "04-02"),
    _order(401, 4, "02-15"), _order(402, 4, "03-01", "closed"),
    _order(501, 5, "04-30", "closed"),
])};
"""

QUADRANT_SHOP = BASE + f"""
INSERT INTO customers VALUES {", ".join(_customer(c) for c in range(1, 7))};
INSERT INTO orders VALUES {", ".join([
    _order(101, 1, "01-05"), _order(102, 1, "01-20"), _order(103, 1, "03-03"),
    _order(201, 2, "01-10"),
    _order(301, 3, "02-01"), _order(302, 3, "02-25"), _order(303, 3, "04-02"), _order(304, 3, "04-03"),
    _order(401, 4, "02-15"), _order(402, 4, "03-01"),
    _order(501, 5, "04-30", "closed"),
    _order(601, 6, "04-01"),
])};
INSERT INTO surveys VALUES {", ".join([
    _survey(1, 1, 5, 4, 5), _survey(2, 1, 4, 4, 4), _survey(3, 2, 5, 5, 5), _survey(4, 3, 2, 3, 2),
    _survey(5, 4, 4, 4, 4), _survey(6, 5, 3, 3, 3),
])};
"""


def _cells(df):
    return [(pd.Timestamp(r.cohort).strftime("%Y-%m-%d"), int(r.cohort_age), int(r.customer_count),
             int(r.active_customers), float(r.retention_rate)) for r in df.itertuples()]


def test_monthly_cohorts(tiny_shop):
    df = loyalty.cohort_retention(tiny_shop(COHORT_SHOP))
    assert list(df.columns) == ["cohort", "cohort_age", "customer_count", "active_customers", "retention_rate"]
    assert _cells(df) == [
        ("2025-01-01", 0, 2, 2, 1.0), ("2025-01-01", 1, 2, 1, 0.5), ("2025-01-01", 2, 2, 1, 0.5),
        ("2025-01-01", 3, 2, 0, 0.0),
        ("2025-02-01", 0, 2, 2, 1.0), ("2025-02-01", 1, 2, 0, 0.0), ("2025-02-01", 2, 2, 1, 0.5),
    ]


def test_quarterly_cohorts(tiny_shop):
    df = loyalty.cohort_retention(tiny_shop(COHORT_SHOP), "Quarter")
    assert _cells(df) == [("2025-01-01", 0, 4, 4, 1.0), ("2025-01-01", 1, 4, 1, 0.25)]


def test_cohorts_of_an_empty_shop_and_a_bad_period(tiny_shop):
    con = tiny_shop(BASE)
    df = loyalty.cohort_retention(con)
    assert len(df) == 0 and "retention_rate" in df.columns
    with i18n.language("en"), pytest.raises(CrmkitError, match="day, week, month, quarter, year"):
        loyalty.cohort_retention(con, "fortnight")


def test_cohort_heatmap(tiny_shop):
    df = loyalty.cohort_retention(tiny_shop(COHORT_SHOP))
    with i18n.language("zh"):
        fig = loyalty_plots.cohort_heatmap(df)
    assert fig.layout.title.text == "同期群留存率"
    assert list(fig.data[0].y) == ["2025-01-01 (2)", "2025-02-01 (2)"]
    z = np.array(fig.data[0].z, dtype=float)
    assert np.array_equal(z[0], [1.0, 0.5, 0.5, 0.0])
    assert np.array_equal(z[1, :3], [1.0, 0.0, 0.5]) and np.isnan(z[1, 3])  # February has no age 3 yet


def test_quadrants_with_the_default_thresholds(tiny_shop):
    df = loyalty.quadrants(tiny_shop(QUADRANT_SHOP))
    assert list(df.columns) == ["customer_id", "name", "survey_responses", "attitude", "orders", "quadrant_code",
                                "quadrant"]
    assert list(df.customer_id) == [1, 2, 3, 4, 5]
    assert list(df.survey_responses) == [2, 1, 1, 1, 1]
    assert np.allclose(df.attitude, [13 / 3, 5, 7 / 3, 4, 3])
    assert list(df.orders) == [3, 1, 4, 2, 0]
    assert list(df.quadrant_code) == ["absolute", "latent", "inertial", "absolute", "non_loyal"]


def test_quadrants_with_other_thresholds_and_languages(tiny_shop):
    con = tiny_shop(QUADRANT_SHOP)
    with i18n.language("zh"):
        zh = loyalty.quadrants(con, min_attitude=4.5, min_orders=3)
    with i18n.language("en"):
        en = loyalty.quadrants(con, min_attitude=4.5, min_orders=3)
    assert list(zh.quadrant_code) == ["inertial", "latent", "inertial", "non_loyal", "non_loyal"]
    assert list(zh.quadrant) == ["惯性忠诚", "潜在忠诚", "惯性忠诚", "非忠诚", "非忠诚"]
    assert list(en.quadrant) == ["Inertial loyalty", "Latent loyalty", "Inertial loyalty", "No loyalty", "No loyalty"]


@pytest.mark.parametrize("kwargs, word", [({"min_attitude": 0.5}, "min_attitude"), ({"min_attitude": "4"}, "min_attitude"),
                                          ({"min_orders": 0}, "min_orders"), ({"min_orders": 2.5}, "min_orders")])
def test_quadrant_thresholds_are_checked(tiny_shop, kwargs, word):
    con = tiny_shop(QUADRANT_SHOP)
    with i18n.language("en"), pytest.raises(CrmkitError, match=word):
        loyalty.quadrants(con, **kwargs)


def test_quadrants_without_surveys(tiny_shop):
    df = loyalty.quadrants(tiny_shop(COHORT_SHOP))
    assert len(df) == 0 and "quadrant" in df.columns


def test_quadrant_scatter(tiny_shop):
    con = tiny_shop(QUADRANT_SHOP)
    with i18n.language("en"):
        fig = loyalty_plots.quadrants(loyalty.quadrants(con, min_attitude=4.5, min_orders=3))
    assert fig.layout.title.text == "Loyalty types: attitude and repeat purchase"
    points = {trace.name: sorted(zip(trace.x, trace.y, strict=True)) for trace in fig.data}
    assert points["Latent loyalty"] == [(1, 5.0)]
    assert [shape.y0 for shape in fig.layout.shapes if shape.y0 == shape.y1] == [4.5]   # attitude threshold
    assert [shape.x0 for shape in fig.layout.shapes if shape.x0 == shape.x1] == [2.5]   # between 2 and 3 orders
