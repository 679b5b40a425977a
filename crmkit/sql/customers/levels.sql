-- 顾客等级 Membership levels by total paid spend: regular, silver, gold, diamond.
-- Parameters: $silver, $gold, $diamond (the spend in CNY from which a level starts, increasing),
--             $labels (the four level names in the chosen language, regular first).
WITH spend_by_customer AS (         -- total paid spend of every customer (0 if they never paid)
    SELECT customer_id,
           paid_spend AS spend
    FROM customer_stats
),
customer_level AS (                 -- the level each customer reached
    SELECT customer_id,
           spend,
           CASE WHEN spend >= $diamond THEN 4
                WHEN spend >= $gold    THEN 3
                WHEN spend >= $silver  THEN 2
                ELSE 1
           END AS level_no
    FROM spend_by_customer
),
levels (level_no, level_min_spend) AS (   -- all four levels and where they start, so empty ones show too
    VALUES (1, 0::DECIMAL(12, 2)),
           (2, $silver::DECIMAL(12, 2)),
           (3, $gold::DECIMAL(12, 2)),
           (4, $diamond::DECIMAL(12, 2))
)
SELECT $labels[l.level_no]                                                   AS level,
       l.level_min_spend,
       count(cl.customer_id)                                                 AS customer_count,
       count(cl.customer_id) / nullif((SELECT count(*) FROM customers), 0)   AS share,
       coalesce(sum(cl.spend), 0)                                            AS revenue,
       round(sum(cl.spend) / nullif(count(cl.customer_id), 0), 2)            AS spend_per_customer
FROM levels l
LEFT JOIN customer_level cl USING (level_no)
GROUP BY l.level_no, l.level_min_spend
ORDER BY l.level_no
