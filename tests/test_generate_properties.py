"""The behaviour the generator must model (issue: Foundation, item 5), checked on the default data.

Each expectation is computed here in plain SQL over the built file, independently of the
generator's code.
"""

import duckdb
import pytest

from crmkit import config
from tests.conftest import scalar

SHOPS = config.SHOPS


@pytest.fixture(scope="module", params=SHOPS)
def shop(request):
    con = duckdb.connect(str(config.course_db_path(request.param)), read_only=True)
    yield con
    con.close()


def test_default_size_is_about_5000_customers_and_50000_orders(shop):
    assert scalar(shop, "SELECT count(*) FROM customers") == 5000
    assert 40_000 <= scalar(shop, "SELECT count(*) FROM orders") <= 60_000
    span = scalar(shop, "SELECT date_diff('day', min(ordered_at), max(ordered_at)) FROM orders")
    assert 700 <= span <= 731


def test_top_20_percent_of_customers_bring_half_the_revenue(shop):
    share = scalar(shop, """
        WITH s AS (SELECT customer_id, sum(total) AS spend FROM orders WHERE status <> 'closed' GROUP BY ALL),
             r AS (SELECT spend, row_number() OVER (ORDER BY spend DESC) AS rk, count(*) OVER () AS n FROM s)
        SELECT sum(spend) FILTER (WHERE rk <= n * 0.2) / sum(spend) FROM r""")
    assert share >= 0.5


def _daily(shop):
    return """WITH d AS (SELECT ordered_at::DATE AS day, count(*) AS n FROM orders GROUP BY ALL)
              SELECT n / (SELECT median(n) FROM d) FROM d WHERE day = ?"""


@pytest.mark.parametrize("day", ["2024-11-11", "2025-11-11", "2025-06-18", "2026-06-18"])
def test_double_11_and_618_have_three_times_the_median_daily_orders(shop, day):
    assert scalar(shop, _daily(shop), [day]) >= 3


@pytest.mark.parametrize("new_year", ["2025-01-29", "2026-02-17"])
def test_spring_festival_week_is_below_the_median(shop, new_year):
    ratio = scalar(shop, """
        WITH d AS (SELECT ordered_at::DATE AS day, count(*) AS n FROM orders GROUP BY ALL)
        SELECT avg(n) / (SELECT median(n) FROM d) FROM d
        WHERE day BETWEEN ?::DATE - 1 AND ?::DATE + 5""", [new_year, new_year])
    assert ratio < 1


def test_longer_delivery_goes_with_lower_ratings(shop):
    r = scalar(shop, """
        SELECT corr(date_diff('hour', o.ordered_at, o.delivered_at), r.rating)
        FROM reviews r JOIN orders o USING (order_id)""")
    assert r <= -0.2


def test_low_rated_customers_repurchase_less(shop):
    # customers whose first order was reviewed: repurchase rate by that first rating
    low, high = shop.execute("""
        WITH first AS (
            SELECT customer_id, order_id, ordered_at FROM orders WHERE status <> 'closed'
            QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at) = 1),
        rated AS (
            SELECT f.customer_id, r.rating,
                   EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = f.customer_id
                           AND o.status <> 'closed' AND o.ordered_at > f.ordered_at) AS again
            FROM first f JOIN reviews r USING (order_id))
        SELECT avg(again::INT) FILTER (WHERE rating <= 2), avg(again::INT) FILTER (WHERE rating >= 4)
        FROM rated""").fetchone()
    assert low < high - 0.1
    # order level: after an order rated r, does the customer buy again? (orders before the last
    # quarter, so that everyone had time to come back)
    r = scalar(shop, """
        WITH o AS (SELECT order_id, ordered_at,
                          lead(ordered_at) OVER (PARTITION BY customer_id ORDER BY ordered_at) AS next_at
                   FROM orders WHERE status <> 'closed')
        SELECT corr(r.rating, (o.next_at IS NOT NULL)::INT)
        FROM o JOIN reviews r USING (order_id)
        WHERE o.ordered_at < (SELECT max(ordered_at) FROM orders) - INTERVAL 90 DAY""")
    assert r > 0.1  # the lower the rating, the less likely another order


def test_a_channel_is_dormant_and_return_rates_differ(shop):
    dormant = scalar(shop, """
        SELECT count(*) FROM channels ch WHERE NOT EXISTS (
            SELECT 1 FROM orders o WHERE o.channel_id = ch.channel_id
            AND o.ordered_at > (SELECT max(ordered_at) FROM orders) - INTERVAL 90 DAY)""")
    assert dormant >= 1
    lo, hi = shop.execute("""
        WITH r AS (SELECT o.channel_id, count(DISTINCT ret.order_id) / count(DISTINCT o.order_id) AS rate
                   FROM orders o LEFT JOIN returns ret USING (order_id)
                   WHERE o.status <> 'closed' GROUP BY ALL HAVING count(DISTINCT o.order_id) > 500)
        SELECT min(rate), max(rate) FROM r""").fetchone()
    assert hi >= 2 * lo


def test_guangdong_zhejiang_jiangsu_lead_the_provinces(shop):
    top = [r[0] for r in shop.execute(
        "SELECT province_code FROM customers GROUP BY ALL ORDER BY count(*) DESC LIMIT 3").fetchall()]
    assert set(top) == {"GD", "ZJ", "JS"}


def test_order_times_are_in_sequence(shop):
    assert scalar(shop, """SELECT count(*) FROM orders WHERE NOT (
        (paid_at IS NULL OR ordered_at <= paid_at) AND (shipped_at IS NULL OR paid_at <= shipped_at)
        AND (delivered_at IS NULL OR shipped_at <= delivered_at)
        AND (delivered_at IS NULL OR shipped_at IS NOT NULL) AND (shipped_at IS NULL OR paid_at IS NOT NULL))""") == 0
    assert scalar(shop, "SELECT count(*) FROM orders WHERE status = 'completed' AND delivered_at IS NULL") == 0
    assert scalar(shop, "SELECT count(*) FROM orders WHERE status = 'closed' AND paid_at IS NOT NULL") == 0


def test_order_total_is_sum_of_items_minus_discount(shop):
    assert scalar(shop, """
        SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(amount) AS s FROM order_items GROUP BY ALL) i
        USING (order_id) WHERE o.items_amount <> i.s OR o.total <> i.s - o.discount""") == 0
    assert scalar(shop, "SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM order_items)") == 0
    assert scalar(shop, "SELECT count(*) FROM order_items WHERE amount <> quantity * unit_price") == 0


def test_every_foreign_key_resolves(shop):
    fks = shop.execute("""
        SELECT table_name, constraint_column_names, referenced_table, referenced_column_names
        FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'""").fetchall()
    assert len(fks) >= 20
    for table, cols, ref, ref_cols in fks:
        (col,), (ref_col,) = cols, ref_cols
        missing = scalar(shop, f"""SELECT count(*) FROM {table} t WHERE t.{col} IS NOT NULL
                                   AND NOT EXISTS (SELECT 1 FROM {ref} r WHERE r.{ref_col} = t.{col})""")
        assert missing == 0, f"{table}.{col} -> {ref}.{ref_col}"


def test_staging_has_cross_channel_duplicates_with_conflicts_and_stale_phones(shop):
    private = duckdb.connect(str(config.private_db_path("mall")), read_only=True)
    try:
        private.execute(f"ATTACH '{config.course_db_path('mall')}' AS course (READ_ONLY)")
        share = scalar(private, """
            WITH dup AS (SELECT customer_id FROM staging_truth GROUP BY ALL HAVING count(*) > 1)
            SELECT count(*) / (SELECT count(*) FROM course.customers) FROM dup""")
        assert share >= 0.03
        conflicting = scalar(private, """
            WITH s AS (SELECT t.customer_id, s.channel_id, c.phone, c.address
                       FROM staging_truth t JOIN course.staging_customers s USING (raw_id)
                       JOIN staging_contacts c USING (raw_id))
            SELECT count(*) FROM (SELECT customer_id FROM s GROUP BY ALL
                HAVING count(DISTINCT channel_id) > 1 AND (count(DISTINCT phone) > 1 OR count(DISTINCT address) > 1))""")
        assert conflicting / 5000 >= 0.03
        # stale phones: SMS to the master record's number bounce, and another record has a newer number
        stale = scalar(private, """
            SELECT count(DISTINCT i.customer_id) FROM course.interactions i
            JOIN staging_truth t ON t.customer_id = i.customer_id AND t.problem = 'stale_phone'
            WHERE i.status = 'bounced'""")
        assert stale >= 50
    finally:
        private.close()


def test_surveys_and_interactions_are_plausible(shop):
    # satisfaction = perceived value - expectation moves with NPS
    assert scalar(shop, "SELECT corr(perceived_value - expectation, nps) FROM surveys") > 0.3
    # modern service channels gain share: second year > first year
    first, second = shop.execute("""
        SELECT avg((k.era = 'modern')::INT) FILTER (WHERE i.started_at < '2025-11-01'),
               avg((k.era = 'modern')::INT) FILTER (WHERE i.started_at >= '2025-11-01')
        FROM interactions i JOIN interaction_kinds k USING (kind) WHERE i.kind <> 'sms'""").fetchone()
    assert second > first + 0.1
    # some consultations went unanswered
    assert scalar(shop, "SELECT count(*) FROM interactions WHERE status = 'unanswered' AND stage = 'pre_sale'") > 0


def test_match_keys_are_equal_exactly_when_the_unmasked_phones_are(mall, mall_private):
    """customer_keys / staging_keys: one key per phone; keys of different phones differ."""
    keys = dict(mall.execute("SELECT customer_id, phone_key FROM customer_keys").fetchall())
    phones = dict(mall_private.execute("SELECT customer_id, phone FROM customer_contacts").fetchall())
    assert keys.keys() == phones.keys()
    by_phone = {}
    for cid, phone in phones.items():
        by_phone.setdefault(phone, set()).add(keys[cid])
    assert all(len(v) == 1 for v in by_phone.values())
    assert len(set(keys.values())) == len(set(phones.values()))
    staged = dict(mall.execute("SELECT raw_id, phone_key FROM staging_keys").fetchall())
    staged_phones = dict(mall_private.execute("SELECT raw_id, phone FROM staging_contacts").fetchall())
    key_of = {phones[c]: k for c, k in keys.items()}
    same = [r for r, p in staged_phones.items() if p in key_of]
    assert same and all(staged[r] == key_of[staged_phones[r]] for r in same)


def test_customer_codes_carry_channel_and_registration_year(shop):
    """编码 shop letters + channel number (2 digits) + registration year + 7-digit sequence."""
    assert scalar(shop, """SELECT count(*) FROM customers
        WHERE NOT regexp_full_match(customer_code, '[A-Z]+[0-9]{13}')
           OR right(customer_code, 13)[1:2]::INTEGER <> channel_id
           OR right(customer_code, 11)[1:4]::INTEGER <> year(registered_at)
           OR right(customer_code, 7)::INTEGER <> customer_id""") == 0
