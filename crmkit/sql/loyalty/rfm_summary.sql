-- 顾客购买汇总（模型用） Customer-base summary for the BG/NBD and Gamma-Gamma models, one row per customer.
-- Parameters: $calibration_end (DATE: the last day of the period the models learn from),
--             $observation_end (DATE: the last day of the data used; after $calibration_end it is a holdout period),
--             $days_per_unit (7 for weeks, 1 for days).
-- The convention of the customer-base literature (Fader, Hardie & Lee 2005): purchases are counted per day (several
-- paid orders on one day are one purchase, their totals added up), and the first purchase day is not a repeat.
WITH purchase_days AS (             -- one row per customer and day with a paid order, up to the observation end
    SELECT customer_id,
           ordered_at::DATE AS day,
           sum(total)       AS spend
    FROM orders
    WHERE status <> 'closed'
      AND ordered_at < $observation_end::DATE + INTERVAL 1 DAY
    GROUP BY customer_id, ordered_at::DATE
),
calibration AS (                    -- customers whose first purchase is on or before the calibration end
    SELECT customer_id,
           min(day)        AS first_day,
           max(day)        AS last_day,
           count(*) - 1    AS frequency,                  -- x: repeat purchase days
           sum(spend)      AS calibration_spend,
           arg_min(spend, day) AS first_spend             -- the first day's spend (not a repeat purchase)
    FROM purchase_days
    WHERE day <= $calibration_end::DATE
    GROUP BY customer_id
),
holdout AS (                        -- purchase days after the calibration end
    SELECT customer_id,
           count(*) AS frequency_holdout
    FROM purchase_days
    WHERE day > $calibration_end::DATE
    GROUP BY customer_id
)
SELECT c.customer_id,
       c.frequency,
       date_diff('day', c.first_day, c.last_day) / $days_per_unit                AS recency,  -- t_x: first to last purchase
       date_diff('day', c.first_day, $calibration_end::DATE) / $days_per_unit    AS T,        -- first purchase to the end
       CASE WHEN c.frequency > 0                                                  -- average spend of the repeat days
            THEN (c.calibration_spend - c.first_spend) / c.frequency
            ELSE 0 END::DOUBLE                                                   AS monetary_value,
       coalesce(h.frequency_holdout, 0)                                          AS frequency_holdout,
       date_diff('day', $calibration_end::DATE, $observation_end::DATE) / $days_per_unit AS duration_holdout
FROM calibration c
LEFT JOIN holdout h USING (customer_id)
ORDER BY c.customer_id
