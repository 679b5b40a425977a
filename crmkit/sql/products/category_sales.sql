-- 品类销售 Category sales: paid orders, quantity, revenue and share of revenue per category (and period).
-- Parameters: $lang ('zh' or 'en'), $period ('day', 'week', 'month', 'quarter', 'year', or NULL for the
-- whole time), $start, $end (first and last day of the order dates, or NULL).
WITH paid_items AS (       -- the items of paid orders in the time range, with their category
    SELECT date_trunc($period, o.ordered_at) AS period,
           p.category_id,
           i.order_id,
           i.quantity,
           i.amount
    FROM order_items i
    JOIN orders o   ON o.order_id = i.order_id
    JOIN products p ON p.product_id = i.product_id
    WHERE o.status <> 'closed'
      AND ($start IS NULL OR o.ordered_at >= $start)
      AND ($end IS NULL OR o.ordered_at < $end::DATE + INTERVAL 1 DAY)
),
per_category AS (
    SELECT period,
           category_id,
           count(DISTINCT order_id) AS order_count,   -- an order with two fridges counts once
           sum(quantity)::BIGINT    AS quantity,
           sum(amount)              AS revenue
    FROM paid_items
    GROUP BY period, category_id
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
