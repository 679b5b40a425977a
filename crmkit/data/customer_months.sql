-- 顾客月度购买 Paid orders and revenue per customer and month (months with a paid order only).
-- Built into the course database as the table customer_months (see crmkit/schema.sql).
SELECT customer_id,
       date_trunc('month', ordered_at)::DATE AS month,
       count(*)::INTEGER                    AS paid_orders,
       sum(total)::DECIMAL(18, 2)           AS revenue
FROM orders
WHERE status <> 'closed'
GROUP BY ALL
