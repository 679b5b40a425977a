-- 新老顾客占比 New and returning customers per period: counts, shares of the period's buyers and revenue.
-- Parameters: $period ('day', 'week', 'month', 'quarter' or 'year').
WITH buyer_periods AS (             -- one row per customer and period with their paid revenue in it
    -- by month: the monthly summary customer_months has exactly one row per customer and month
    SELECT customer_id,
           month::TIMESTAMP AS period,
           revenue
    FROM customer_months
    WHERE $period = 'month'
    UNION ALL
    -- by quarter or year: add up a customer's months of that quarter or year
    SELECT customer_id,
           date_trunc($period, month)::TIMESTAMP AS period,
           sum(revenue)                          AS revenue
    FROM customer_months
    WHERE $period IN ('quarter', 'year')
    GROUP BY customer_id, period
    UNION ALL
    -- by day or week: group the paid orders
    SELECT customer_id,
           date_trunc($period, ordered_at) AS period,
           sum(total)                      AS revenue
    FROM orders
    WHERE $period IN ('day', 'week') AND status <> 'closed'
    GROUP BY customer_id, period
),
first_period AS (                   -- the period of each customer's first paid order
    SELECT customer_id,
           date_trunc($period, first_paid_at) AS first_period
    FROM customer_stats
    WHERE paid_orders > 0
),
per_period AS (                     -- new: first paid order in this period; returning: bought before it too
    SELECT b.period,
           count(*)                                                       AS customer_count,
           count(*) FILTER (WHERE f.first_period = b.period)              AS new_customers,
           count(*) FILTER (WHERE f.first_period < b.period)              AS returning_customers,
           coalesce(sum(b.revenue) FILTER (WHERE f.first_period = b.period), 0) AS new_customer_revenue,
           coalesce(sum(b.revenue) FILTER (WHERE f.first_period < b.period), 0) AS returning_customer_revenue
    FROM buyer_periods b
    JOIN first_period f USING (customer_id)
    GROUP BY b.period
)
SELECT period,
       customer_count,
       new_customers,
       returning_customers,
       new_customers / customer_count       AS new_customer_share,
       returning_customers / customer_count AS returning_customer_share,
       new_customer_revenue,
       returning_customer_revenue
FROM per_period
ORDER BY period
