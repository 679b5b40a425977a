-- 回购分析 Repurchase per period: buyers, of them repurchasing customers (who bought in an earlier period too), rate.
-- Parameters: $period ('day', 'week', 'month', 'quarter' or 'year').
WITH buyer_periods AS (             -- one row per customer and period in which they had a paid order
    -- by month: the monthly summary customer_months has exactly one row per customer and month
    SELECT customer_id,
           month::TIMESTAMP AS period
    FROM customer_months
    WHERE $period = 'month'
    UNION ALL
    -- by quarter or year: a customer's months of that quarter or year, once
    SELECT DISTINCT customer_id,
           date_trunc($period, month)::TIMESTAMP AS period
    FROM customer_months
    WHERE $period IN ('quarter', 'year')
    UNION ALL
    -- by day or week: the paid orders
    SELECT DISTINCT customer_id,
           date_trunc($period, ordered_at) AS period
    FROM orders
    WHERE $period IN ('day', 'week') AND status <> 'closed'
),
first_period AS (                   -- the period of each customer's first paid order
    SELECT customer_id,
           date_trunc($period, first_paid_at) AS first_period
    FROM customer_stats
    WHERE paid_orders > 0
),
per_period AS (
    SELECT b.period,
           count(*)                                          AS customer_count,
           count(*) FILTER (WHERE f.first_period < b.period) AS repurchasing_customers
    FROM buyer_periods b
    JOIN first_period f USING (customer_id)
    GROUP BY b.period
)
SELECT period,
       customer_count,
       repurchasing_customers,
       repurchasing_customers / customer_count AS repurchase_rate
FROM per_period
ORDER BY period
