-- 关键时刻 The moments of truth of one order: every time the customer met the shop around it, in time order.
-- Parameters: $order_id, $lang ('zh' or 'en'), $moment_names (MAP: moment code -> label, for the order's own steps,
--             reviews, returns, exchanges and surveys), $survey_channel_names (MAP: survey channel -> label).
-- Moments: the order's steps (ordered, paid, shipped, delivered); the interactions about the order, named by their
-- topic (product_question before buying, delivery_inquiry, complaint, return_request, care_call, ...); the
-- customer's reviews, returns and exchanges, and satisfaction surveys of the order.
-- days_after_order: days from ordering to the moment (negative before ordering), to 0.01 day.
WITH the_order AS (
    SELECT * FROM orders WHERE order_id = $order_id
),
moments AS (
    SELECT 1 AS step, 'ordered' AS moment, o.ordered_at AS happened_at, o.order_id AS reference_id,
           CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
           NULL::VARCHAR AS status, NULL::BOOLEAN AS resolved, NULL::INTEGER AS rating,
           NULL::INTEGER AS satisfaction, NULL::VARCHAR AS note
    FROM the_order o JOIN channels ch USING (channel_id)
    UNION ALL
    SELECT 2, 'paid', paid_at, order_id, NULL, NULL, NULL, NULL, NULL, NULL FROM the_order WHERE paid_at IS NOT NULL
    UNION ALL
    SELECT 3, 'shipped', shipped_at, order_id, NULL, NULL, NULL, NULL, NULL, NULL FROM the_order WHERE shipped_at IS NOT NULL
    UNION ALL
    SELECT 4, 'delivered', delivered_at, order_id, NULL, NULL, NULL, NULL, NULL, NULL FROM the_order
    WHERE delivered_at IS NOT NULL
    UNION ALL                                   -- what the customer asked, complained about, was called about
    SELECT 5, i.topic, i.started_at, i.interaction_id,
           CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END, i.status, i.resolved, NULL, NULL, NULL
    FROM interactions i JOIN interaction_kinds k USING (kind)
    WHERE i.order_id = $order_id
    UNION ALL
    SELECT 6, 'review', created_at, review_id, NULL, NULL, NULL, rating, NULL, comment
    FROM reviews WHERE order_id = $order_id
    UNION ALL
    SELECT 7, r.kind, r.requested_at, r.return_id, NULL, NULL, NULL, NULL, NULL,
           CASE WHEN $lang = 'en' THEN rr.name_en ELSE rr.name_zh END
    FROM returns r JOIN return_reasons rr USING (reason_code)
    WHERE r.order_id = $order_id
    UNION ALL                                   -- satisfaction = perceived value - expectation
    SELECT 8, 'survey', answered_at, survey_id, $survey_channel_names[channel], NULL, NULL, NULL,
           perceived_value - expectation, NULL
    FROM surveys WHERE order_id = $order_id
)
SELECT m.moment,
       coalesce(CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END, $moment_names[m.moment]) AS moment_name,
       m.happened_at,
       round(date_diff('second', o.ordered_at, m.happened_at) / 86400.0, 2)                       AS days_after_order,
       m.reference_id,
       m.channel,
       m.status,
       m.resolved,
       m.rating,
       m.satisfaction,
       m.note
FROM moments m
CROSS JOIN the_order o
LEFT JOIN interaction_topics t ON t.topic = m.moment
ORDER BY m.happened_at, m.step, m.reference_id
