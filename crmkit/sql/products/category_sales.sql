-- 品类销售 Category sales: paid orders, quantity, revenue and share of revenue per category (and period).
-- Parameters: $lang ('zh' or 'en'), $period ('day', 'week', 'month', 'quarter', 'year', or NULL for the
-- whole time), $start, $end (first and last day of the order dates, or NULL).
WITH per_category AS (     -- paid sales per category (and period) in the time range (from the daily summary)
    SELECT date_trunc($period, day::TIMESTAMP) AS period,
           category_id,
           sum(order_count)::BIGINT  AS order_count,   -- an order with two fridges counts once
           sum(quantity)::BIGINT     AS quantity,
           sum(revenue)              AS revenue
    FROM category_daily_sales
    WHERE ($start IS NULL OR day >= $start::DATE)
      AND ($end IS NULL OR day <= $end::DATE)
    GROUP BY ALL
)
SELECT pc.period,
       pc.category_id,
       CASE WHEN $lang = 'en' THEN c.name_en ELSE c.name_zh END AS category,
       pc.order_count,
       pc.quantity,
       pc.revenue,
       round(pc.revenue / sum(pc.revenue) OVER (PARTITION BY pc.period), 4) AS share
FROM per_category pc
JOIN categories c ON c.category_id = pc.category_id
ORDER BY pc.period, pc.revenue DESC, pc.category_id
