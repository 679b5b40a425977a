-- 顾客购买汇总 One row per customer: paid orders, paid spend, first and last paid order.
-- Built into the course database as the table customer_stats (see crmkit/schema.sql).
SELECT c.customer_id,
       c.name,
       count(o.order_id)::INTEGER                          AS paid_orders,
       coalesce(sum(o.total), 0)::DECIMAL(18, 2)           AS paid_spend,
       min(o.ordered_at)                                   AS first_paid_at,
       max(o.ordered_at)                                   AS last_paid_at,
       arg_min(o.order_id, (o.ordered_at, o.order_id))     AS first_paid_order_id
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status <> 'closed'
GROUP BY c.customer_id, c.name
