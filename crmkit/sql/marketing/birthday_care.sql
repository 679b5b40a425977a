-- 生日关怀 Birthday care: customers whose birthday is in a month, with their spend, to send greetings or coupons to.
-- Parameters: $month (1-12).
WITH birthday_customers AS (
    SELECT customer_id, customer_code, name, gender, birthday, phone
    FROM customers
    WHERE month(birthday) = $month
),
spend AS (                          -- purchase figures of those customers (from customer_stats)
    SELECT customer_id,
           paid_orders  AS orders,
           paid_spend   AS total_spend,
           last_paid_at AS last_order_at
    FROM customer_stats
    WHERE customer_id IN (SELECT customer_id FROM birthday_customers)
)
SELECT b.customer_id,
       b.customer_code,
       b.name,
       b.gender,
       b.birthday,
       -- masked even on a teacher's connection: the list is meant to be handed around
       CASE WHEN length(b.phone) >= 7 THEN left(b.phone, 3) || '****' || right(b.phone, 4) ELSE '****' END AS phone,
       s.last_order_at,
       coalesce(s.total_spend, 0) AS total_spend,
       coalesce(s.orders, 0)      AS orders
FROM birthday_customers b
LEFT JOIN spend s USING (customer_id)
ORDER BY total_spend DESC, b.customer_id
