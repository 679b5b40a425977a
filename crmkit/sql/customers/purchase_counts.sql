-- 购买次数 How many paid orders each buyer placed: buyers with 1, 2, ..., 9 and 10 or more orders.
-- Parameters: none.
WITH orders_per_buyer AS (          -- paid orders of every customer who bought at least once
    SELECT customer_id,
           paid_orders AS orders
    FROM customer_stats
    WHERE paid_orders > 0
),
buyer_bucket AS (                   -- 1 to 9 as they are; 10 or more together in bucket 10
    SELECT customer_id,
           least(orders, 10) AS bucket
    FROM orders_per_buyer
),
buckets AS (                        -- all ten buckets, so that empty ones show too
    SELECT unnest(range(1, 11)) AS bucket
)
SELECT CASE WHEN k.bucket = 10 THEN '10+' ELSE k.bucket::VARCHAR END             AS purchases,
       count(b.customer_id)                                                      AS customer_count,
       count(b.customer_id) / nullif((SELECT count(*) FROM orders_per_buyer), 0) AS share
FROM buckets k
LEFT JOIN buyer_bucket b USING (bucket)
GROUP BY k.bucket
ORDER BY k.bucket
