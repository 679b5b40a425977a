-- 顾客分类（按购买频次） Customer classes by purchase frequency: number of paid orders 0, 1, 2-3, 4-9, 10+.
-- Parameters: $labels (the five class names in the chosen language, in class order).
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
customer_class AS (                 -- every customer, with the class of their number of paid orders
    SELECT c.customer_id,
           coalesce(p.orders, 0) AS orders,
           coalesce(p.spend, 0)  AS spend,
           CASE WHEN p.orders IS NULL THEN 1    -- 0 orders
                WHEN p.orders = 1     THEN 2    -- 1 order
                WHEN p.orders <= 3    THEN 3    -- 2-3 orders
                WHEN p.orders <= 9    THEN 4    -- 4-9 orders
                ELSE 5                          -- 10 or more
           END AS class_no
    FROM customers c
    LEFT JOIN paid_by_customer p USING (customer_id)
),
classes AS (                        -- all five classes, so that empty ones show too
    SELECT unnest(range(1, 6)) AS class_no
)
SELECT $labels[k.class_no]                                          AS segment,
       count(cc.customer_id)                                        AS customer_count,
       count(cc.customer_id) / nullif((SELECT count(*) FROM customers), 0) AS share,
       coalesce(sum(cc.orders), 0)::BIGINT                          AS order_count,
       coalesce(sum(cc.spend), 0)                                   AS revenue
FROM classes k
LEFT JOIN customer_class cc USING (class_no)
GROUP BY k.class_no
ORDER BY k.class_no
