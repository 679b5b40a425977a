-- 同期群留存 Cohort retention: of the customers who first bought in a period (a cohort), the share who bought again
-- 0, 1, 2, ... periods later.
-- Parameters: $period ('day', 'week', 'month', 'quarter' or 'year').
-- A cohort is the period of a customer's first paid order; age 0 is that period itself (retention 1).
WITH buyer_periods AS (             -- one row per customer and period in which they had a paid order
    SELECT DISTINCT customer_id,
           date_trunc($period, ordered_at) AS period
    FROM orders
    WHERE status <> 'closed'
),
cohorts AS (                        -- every buyer's cohort: the period of the first paid order
    SELECT customer_id,
           date_trunc($period, first_paid_at) AS cohort
    FROM customer_stats
    WHERE paid_orders > 0
),
cohort_sizes AS (
    SELECT cohort, count(*) AS customer_count
    FROM cohorts
    GROUP BY cohort
),
last_period AS (                    -- the period of "today" (the day of the newest order)
    SELECT date_trunc($period, max(ordered_at)) AS last_period
    FROM orders
),
grid AS (                           -- every age a cohort has reached by today, also when nobody bought then
    SELECT s.cohort,
           s.customer_count,
           unnest(range(0, date_diff($period, s.cohort, l.last_period) + 1)) AS cohort_age
    FROM cohort_sizes s
    CROSS JOIN last_period l
),
active AS (                         -- buyers of each cohort active at each age
    SELECT c.cohort,
           date_diff($period, c.cohort, b.period) AS cohort_age,
           count(*)                               AS active_customers
    FROM buyer_periods b
    JOIN cohorts c USING (customer_id)
    GROUP BY ALL
)
SELECT g.cohort,
       g.cohort_age,
       g.customer_count,
       coalesce(a.active_customers, 0)                    AS active_customers,
       coalesce(a.active_customers, 0) / g.customer_count AS retention_rate
FROM grid g
LEFT JOIN active a USING (cohort, cohort_age)
ORDER BY g.cohort, g.cohort_age
