-- 顾客分类（按注册渠道） Customer classes by registration channel (where the customer signed up).
-- Parameters: $lang ('zh' or 'en').
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
by_channel AS (                     -- customers, paid orders and spend per registration channel
    SELECT c.channel_id,
           count(*)                    AS customer_count,
           coalesce(sum(p.orders), 0)::BIGINT AS order_count,
           coalesce(sum(p.spend), 0)   AS revenue
    FROM customers c
    LEFT JOIN paid_by_customer p USING (customer_id)
    GROUP BY c.channel_id
)
SELECT CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END     AS segment,
       coalesce(b.customer_count, 0)                                  AS customer_count,
       coalesce(b.customer_count, 0) / nullif((SELECT count(*) FROM customers), 0) AS share,
       coalesce(b.order_count, 0)                                     AS order_count,
       coalesce(b.revenue, 0)                                         AS revenue
FROM channels ch
LEFT JOIN by_channel b USING (channel_id)
ORDER BY ch.channel_id
