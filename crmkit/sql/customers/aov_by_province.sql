-- 客单价（按省份） Average order value per province of the customer who ordered.
-- Parameters: $lang ('zh' or 'en').
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
by_province AS (
    SELECT c.province_code,
           sum(p.orders)::BIGINT AS order_count,
           sum(p.spend)  AS revenue
    FROM paid_by_customer p
    JOIN customers c USING (customer_id)
    GROUP BY c.province_code
)
SELECT CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END AS province,
       b.order_count,
       b.revenue,
       round(b.revenue / b.order_count, 2)                        AS aov
FROM by_province b
JOIN provinces pr USING (province_code)
ORDER BY aov DESC, pr.province_code
