-- 互动记录 Interaction records: calls in and out, e-mail, forum, chat, WeChat, Weibo and SMS, one row each, newest first.
-- Parameters: $kind (an interaction_kinds.kind, or NULL for all), $start, $end (inclusive dates or NULL), $lang,
--             $limit (most rows, the newest; NULL for all).
WITH newest AS (                    -- pick the rows first, then look up their names
    SELECT *
    FROM interactions
    WHERE ($kind IS NULL OR kind = $kind)
      AND ($start IS NULL OR started_at >= $start::DATE)
      AND ($end IS NULL OR started_at < $end::DATE + INTERVAL 1 DAY)
    ORDER BY started_at DESC, interaction_id DESC
    LIMIT $limit
)
SELECT i.interaction_id,
       i.started_at,
       i.kind,
       CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END AS interaction_kind,
       k.direction,                                               -- inbound / outbound
       k.era,                                                     -- traditional / modern
       CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END AS interaction_topic,
       i.stage                                                   AS service_stage,
       i.status,
       i.response_seconds,
       i.handle_minutes,
       i.resolved,
       i.customer_id,
       c.name,
       i.order_id
FROM newest i
JOIN interaction_kinds k  USING (kind)
JOIN interaction_topics t USING (topic)
JOIN customers c          USING (customer_id)
ORDER BY i.started_at DESC, i.interaction_id DESC
