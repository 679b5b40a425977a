-- 渠道新老客 New and returning customers per channel, with paid orders, revenue and average order value.
-- Parameters: $lang ('zh' or 'en').
WITH paid AS (
    SELECT order_id, customer_id, channel_id, ordered_at, total
    FROM orders
    WHERE status <> 'closed'
),
first_orders AS (                   -- each customer's first paid order (earliest; ties: lowest order id)
    SELECT customer_id, first_paid_order_id AS first_order_id
    FROM customer_stats
    WHERE paid_orders > 0
),
per_channel AS (
    SELECT p.channel_id,
           -- new: the customer's first paid order ever was on this channel
           count(*) FILTER (WHERE p.order_id = f.first_order_id)                     AS new_customers,
           -- returning: a paid order on this channel that was not the customer's first one
           count(DISTINCT p.customer_id) FILTER (WHERE p.order_id <> f.first_order_id) AS returning_customers,
           count(*)     AS order_count,
           sum(p.total) AS revenue
    FROM paid p
    JOIN first_orders f USING (customer_id)
    GROUP BY p.channel_id
)
SELECT ch.channel_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       coalesce(p.new_customers, 0)       AS new_customers,
       coalesce(p.returning_customers, 0) AS returning_customers,
       coalesce(p.order_count, 0)         AS order_count,
       coalesce(p.revenue, 0)             AS revenue,
       round(p.revenue / nullif(p.order_count, 0), 2) AS aov
FROM channels ch
LEFT JOIN per_channel p USING (channel_id)
ORDER BY ch.channel_id
