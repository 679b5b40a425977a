"""The customer_stats summary table, worked out by hand on the tiny shop (tests/fixtures.py TINY)."""

from datetime import date, datetime

from tests.fixtures import TINY, money


def test_one_row_per_customer_with_paid_orders_only(tiny_shop):
    con = tiny_shop(TINY)
    rows = con.execute("SELECT customer_id, paid_orders, paid_spend, first_paid_at, last_paid_at, first_paid_order_id "
                       "FROM customer_stats ORDER BY customer_id").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3, 1234]
    # customer 1: orders 10 (90.00) and 11 (50.50) paid, order 12 closed
    assert rows[0][1] == 2 and money([rows[0][2]]) == [140.50]
    assert rows[0][3:] == (datetime(2026, 1, 5, 10), datetime(2026, 3, 5, 10), 10)
    # customer 2: only a closed order; customer 1234: no order at all
    assert rows[1][1:] == (0, 0, None, None, None)
    assert rows[3][1:] == (0, 0, None, None, None)
    assert rows[2][1] == 1 and money([rows[2][2]]) == [300.00] and rows[2][5] == 14


def test_generated_shop_summary_matches_its_orders(mall):
    """On a generated shop the stored table agrees with grouping the orders directly."""
    mismatches = mall.execute("""
        SELECT count(*) FROM customer_stats s
        LEFT JOIN (SELECT customer_id, count(*) AS n, sum(total) AS spend, max(ordered_at) AS last_at
                   FROM orders WHERE status <> 'closed' GROUP BY customer_id) o USING (customer_id)
        WHERE s.paid_orders <> coalesce(o.n, 0) OR s.paid_spend <> coalesce(o.spend, 0)
           OR s.last_paid_at IS DISTINCT FROM o.last_at""").fetchone()[0]
    assert mismatches == 0


def test_daily_sales_summaries_match_the_items_of_paid_orders(mall):
    """product_daily_sales / category_daily_sales agree with grouping the items directly."""
    for table, key, join in (("product_daily_sales", "i.product_id", ""),
                             ("category_daily_sales", "p.category_id", "JOIN products p USING (product_id)")):
        mismatches = mall.execute(f"""
            WITH direct AS (
                SELECT o.ordered_at::DATE AS day, {key} AS k, count(DISTINCT i.order_id) AS n,
                       sum(i.quantity) AS q, sum(i.amount) AS r
                FROM order_items i JOIN orders o USING (order_id) {join}
                WHERE o.status <> 'closed' GROUP BY ALL)
            SELECT count(*) FROM direct d FULL JOIN {table} s ON s.day = d.day AND s.{key.split('.')[1]} = d.k
            WHERE s.order_count IS DISTINCT FROM d.n OR s.quantity IS DISTINCT FROM d.q
               OR s.revenue IS DISTINCT FROM d.r""").fetchone()[0]
        assert mismatches == 0, table


def test_customer_months_hold_each_month_with_a_paid_order(tiny_shop):
    con = tiny_shop(TINY)
    rows = con.execute("SELECT customer_id, month, paid_orders, revenue FROM customer_months ORDER BY ALL").fetchall()
    # customer 1: order 10 in January (90.00), 11 in March (50.50), 12 closed; customer 3: order 14 in June
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, date(2026, 1, 1), 1), (1, date(2026, 3, 1), 1),
                                                 (3, date(2026, 6, 1), 1)]
    assert money([r[3] for r in rows]) == [90.00, 50.50, 300.00]
    assert con.execute("SELECT name FROM customer_stats WHERE customer_id = 1234").fetchone() == ("赵强",)


def test_survey_days_sum_the_answers_of_each_day_and_channel(mall):
    """survey_days agrees with grouping the surveys directly."""
    mismatches = mall.execute("""
        WITH direct AS (
            SELECT answered_at::DATE AS day, channel, count(*) AS n, sum(expectation) AS e,
                   sum(perceived_value) AS p, count_if(nps >= 9) AS promoters, count_if(nps <= 6) AS detractors
            FROM surveys GROUP BY ALL)
        SELECT count(*) FROM direct d FULL JOIN survey_days s USING (day, channel)
        WHERE s.responses IS DISTINCT FROM d.n OR s.expectation_sum IS DISTINCT FROM d.e
           OR s.perceived_value_sum IS DISTINCT FROM d.p OR s.promoters IS DISTINCT FROM d.promoters
           OR s.detractors IS DISTINCT FROM d.detractors""").fetchall()[0][0]
    assert mismatches == 0
    assert mall.execute("SELECT sum(responses) FROM survey_days").fetchall() == \
        mall.execute("SELECT count(*) FROM surveys").fetchall()
