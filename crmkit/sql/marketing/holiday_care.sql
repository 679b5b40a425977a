-- 节日关怀 Holiday care: the customers to greet for a holiday campaign: who paid an order in the 365 days before it starts.
-- Parameters: $starts_on (the campaign's first day, a DATE).
WITH last_year_orders AS (          -- paid orders in [starts_on - 365 days, starts_on)
    SELECT customer_id,
           count(*)                   AS orders_365d,
           sum(total)::DECIMAL(18, 2) AS spend_365d,
           max(ordered_at)            AS last_order_at
    FROM orders
    WHERE status <> 'closed'
      AND ordered_at >= $starts_on - INTERVAL 365 DAY
      AND ordered_at < $starts_on
    GROUP BY customer_id
)
SELECT c.customer_id,
       c.customer_code,
       c.name,
       c.gender,
       -- masked even on a teacher's connection: the list is meant to be handed around
       CASE WHEN length(c.phone) >= 7 THEN left(c.phone, 3) || '****' || right(c.phone, 4) ELSE '****' END AS phone,
       y.orders_365d,
       y.spend_365d,
       y.last_order_at
FROM last_year_orders y
JOIN customers c USING (customer_id)
ORDER BY y.spend_365d DESC, c.customer_id
