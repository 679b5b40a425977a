-- 顾客分类（按消费金额） Customer classes by total paid spend: 0, under 500, 500-2000, 2000-10000, 10000+ CNY.
-- Parameters: $labels (the five class names in the chosen language, in class order).
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
customer_class AS (                 -- every customer, with the spend band they fall in
    SELECT c.customer_id,
           coalesce(p.orders, 0) AS orders,
           coalesce(p.spend, 0)  AS spend,
           CASE WHEN coalesce(p.spend, 0) = 0 THEN 1    -- no spend
                WHEN p.spend < 500            THEN 2    -- under 500
                WHEN p.spend < 2000           THEN 3    -- 500 to under 2000
                WHEN p.spend < 10000          THEN 4    -- 2000 to under 10000
                ELSE 5                                  -- 10000 or more
           END AS class_no
    FROM customers c
    LEFT JOIN paid_by_customer p USING (customer_id)
),
classes AS (                        -- all five bands, so that empty ones show too
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
