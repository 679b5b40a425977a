-- 忠诚度四象限 Loyalty quadrants: attitudinal loyalty (survey attitude items) x behavioural loyalty (paid orders).
-- Parameters: $min_attitude (the average attitude score, 1-5, from which attitude counts as high),
--             $min_orders (the number of paid orders from which behaviour counts as high),
--             $quadrant_names (MAP quadrant code -> name in the chosen language).
-- Only customers who answered at least one survey are placed (their attitude is known).
WITH attitude AS (                  -- average of the three attitude items (trust, preference, would recommend)
    SELECT customer_id,
           count(*)                                              AS survey_responses,
           avg((att_trust + att_preference + att_recommend) / 3) AS attitude
    FROM surveys
    GROUP BY customer_id
),
placed AS (                         -- attitude high or low, behaviour high or low, and the quadrant they give
    SELECT a.customer_id,
           a.survey_responses,
           a.attitude,
           coalesce(s.paid_orders, 0) AS orders,
           CASE WHEN a.attitude >= $min_attitude AND coalesce(s.paid_orders, 0) >= $min_orders THEN 'absolute'  -- 绝对忠诚
                WHEN a.attitude >= $min_attitude                                               THEN 'latent'    -- 潜在忠诚
                WHEN coalesce(s.paid_orders, 0) >= $min_orders                                 THEN 'inertial'  -- 惯性忠诚
                ELSE                                                                                'non_loyal' -- 非忠诚
           END AS quadrant_code
    FROM attitude a
    LEFT JOIN customer_stats s USING (customer_id)
)
SELECT p.customer_id,
       c.name,
       p.survey_responses,
       p.attitude,
       p.orders,
       p.quadrant_code,
       $quadrant_names[p.quadrant_code] AS quadrant
FROM placed p
JOIN customers c USING (customer_id)
ORDER BY p.customer_id
