-- 流失分析 Churned customers: bought before, but their last paid order is more than $inactive_days days before "today".
-- Parameters: $inactive_days (a whole number of days). "Today" is the day of the newest order in the data.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
paid_by_customer AS (               -- paid orders, spend and last paid order of every customer who bought
    SELECT customer_id,
           paid_orders  AS orders,
           paid_spend   AS total_spend,
           last_paid_at AS last_order_at
    FROM customer_stats
    WHERE paid_orders > 0
),
inactive AS (                       -- whole calendar days from the last paid order to today
    SELECT p.*,
           date_diff('day', p.last_order_at::DATE, t.today) AS days_since_last_order
    FROM paid_by_customer p
    CROSS JOIN today t
)
SELECT c.customer_id,
       c.name,
       c.phone,
       i.last_order_at,
       i.days_since_last_order,
       i.orders,
       i.total_spend
FROM inactive i
JOIN customers c USING (customer_id)
WHERE i.days_since_last_order > $inactive_days
ORDER BY i.total_spend DESC, c.customer_id
