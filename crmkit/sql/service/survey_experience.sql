-- 服务体验与问卷 What each surveyed customer experienced on the order the survey asked about, next to what they answered:
-- expectation and perceived value (1-10), how long delivery took and how quickly their questions were answered.
-- Parameters: $start, $end (inclusive answer dates or NULL), $lang, $survey_channel_names (MAP: code -> label).
-- Only surveys about a delivered order are listed (the others have no delivery time to compare with).
-- delivery_days:   days from ordering to delivery (ordered_at -> delivered_at, with fractions of a day).
-- reply_minutes:   average minutes until a service agent answered the customer's pre-sale and in-sale
--                  consultations about this order (product questions, "where is my parcel"); 0 when the
--                  customer asked nothing or nothing was answered.
-- unanswered_consultation: at least one of those consultations was never answered.
WITH consultations AS (             -- per order: pre-sale and in-sale consultations and their replies
    SELECT order_id,
           avg(response_seconds) FILTER (WHERE status = 'answered') / 60.0 AS reply_minutes,
           bool_or(status = 'unanswered')                               AS unanswered_consultation
    FROM interactions
    WHERE stage IN ('pre_sale', 'in_sale')
      AND order_id IS NOT NULL
    GROUP BY order_id
)
SELECT s.survey_id,
       s.answered_at,
       s.channel                                                         AS survey_channel,
       $survey_channel_names[s.channel]                                  AS survey_channel_name,
       s.customer_id,
       -- only the surname shows: the table is used in class
       left(c.name, 1) || repeat('*', greatest(length(c.name) - 1, 1))   AS name,
       CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END        AS province,
       s.order_id,
       o.channel_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END        AS channel,
       s.expectation::INTEGER                                            AS expectation,
       s.perceived_value::INTEGER                                        AS perceived_value,
       (s.perceived_value - s.expectation)::INTEGER                      AS satisfaction,
       date_diff('second', o.ordered_at, o.delivered_at) / 86400.0       AS delivery_days,
       coalesce(q.reply_minutes, 0.0)                                    AS reply_minutes,
       coalesce(q.unanswered_consultation, false)                        AS unanswered_consultation
FROM surveys s
JOIN orders o     USING (order_id)
JOIN customers c  ON c.customer_id = s.customer_id
LEFT JOIN provinces pr ON pr.province_code = c.province_code
JOIN channels ch  ON ch.channel_id = o.channel_id
LEFT JOIN consultations q USING (order_id)
WHERE o.delivered_at IS NOT NULL
  AND ($start IS NULL OR s.answered_at >= $start::DATE)
  AND ($end IS NULL OR s.answered_at < $end::DATE + INTERVAL 1 DAY)
ORDER BY s.survey_id
