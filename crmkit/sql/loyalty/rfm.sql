-- RFM 分析 RFM analysis: recency, frequency and monetary value of every buyer, scored 1..$bins, and the RFM segment.
-- Parameters: $as_of (a DATE, or NULL for "today" = the day of the newest order), $bins (score levels, 2-10),
--             $segment_names (MAP segment code -> segment name in the chosen language).
-- Only paid orders (status <> 'closed') placed on or before $as_of count.
WITH today AS (                     -- the day the analysis looks back from
    SELECT coalesce($as_of::DATE, max(ordered_at)::DATE) AS today
    FROM orders
),
paid_by_customer AS (               -- R, F, M raw values of every customer who bought by today
    SELECT o.customer_id,
           max(o.ordered_at)                                   AS last_order_at,
           date_diff('day', max(o.ordered_at)::DATE, t.today)  AS days_since_last_order,   -- R
           count(*)                                            AS orders,                  -- F
           sum(o.total)                                        AS total_spend              -- M
    FROM orders o
    CROSS JOIN today t
    WHERE o.status <> 'closed'
      AND o.ordered_at < t.today + INTERVAL 1 DAY
    GROUP BY o.customer_id, t.today
),
scored AS (                         -- quantile scores: score = 1 + floor($bins * (rank - 1) / buyers).
    -- rank() gives equal values the rank of the first of them, so equal values share one score.
    -- R: a longer time since the last order is worse, so the longest gets rank 1 (score 1).
    SELECT *,
           1 + ($bins * (rank() OVER (ORDER BY days_since_last_order DESC) - 1)) // count(*) OVER () AS r_score,
           1 + ($bins * (rank() OVER (ORDER BY orders) - 1))                     // count(*) OVER () AS f_score,
           1 + ($bins * (rank() OVER (ORDER BY total_spend) - 1))                // count(*) OVER () AS m_score
    FROM paid_by_customer
),
high_low AS (                       -- a score counts as high when it is above the average score of all buyers
    SELECT *,
           r_score > avg(r_score) OVER () AS r_high,
           f_score > avg(f_score) OVER () AS f_high,
           m_score > avg(m_score) OVER () AS m_high
    FROM scored
),
segmented AS (                      -- the eight segments of high/low R, F, M
    SELECT *,
           CASE WHEN r_high     AND f_high     AND m_high     THEN 'champions'        -- 重要价值客户
                WHEN r_high     AND NOT f_high AND m_high     THEN 'potential'        -- 重要发展客户
                WHEN NOT r_high AND f_high     AND m_high     THEN 'at_risk'          -- 重要保持客户
                WHEN NOT r_high AND NOT f_high AND m_high     THEN 'cant_lose'        -- 重要挽留客户
                WHEN r_high     AND f_high     AND NOT m_high THEN 'loyal'            -- 一般价值客户
                WHEN r_high     AND NOT f_high AND NOT m_high THEN 'promising'        -- 一般发展客户
                WHEN NOT r_high AND f_high     AND NOT m_high THEN 'need_attention'   -- 一般保持客户
                ELSE                                               'hibernating'      -- 一般挽留客户
           END AS segment_code
    FROM high_low
)
SELECT s.customer_id,
       c.name,
       s.last_order_at,
       s.days_since_last_order,
       s.orders,
       s.total_spend,
       s.r_score::INTEGER AS r_score,
       s.f_score::INTEGER AS f_score,
       s.m_score::INTEGER AS m_score,
       s.segment_code,
       $segment_names[s.segment_code] AS segment
FROM segmented s
JOIN customers c USING (customer_id)
ORDER BY s.customer_id
