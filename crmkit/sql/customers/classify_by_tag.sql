-- 顾客分类（按标签） Customer classes by course customer tag (a customer with several tags counts in each).
-- Parameters: $lang ('zh' or 'en').
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
by_tag AS (                         -- customers, paid orders and spend per customer tag
    SELECT ct.tag_id,
           count(*)                    AS customer_count,
           coalesce(sum(p.orders), 0)::BIGINT AS order_count,
           coalesce(sum(p.spend), 0)   AS revenue
    FROM customer_tags ct
    LEFT JOIN paid_by_customer p USING (customer_id)
    GROUP BY ct.tag_id
)
SELECT CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END       AS segment,
       coalesce(b.customer_count, 0)                                  AS customer_count,
       coalesce(b.customer_count, 0) / nullif((SELECT count(*) FROM customers), 0) AS share,
       coalesce(b.order_count, 0)                                     AS order_count,
       coalesce(b.revenue, 0)                                         AS revenue
FROM tags t
LEFT JOIN by_tag b USING (tag_id)
WHERE t.target = 'customer'
ORDER BY t.tag_id
