-- 互动统计 Interactions per period and kind: how many, the share answered and the average response time.
-- Parameters: $period (day/week/month/quarter/year), $kind (an interaction_kinds.kind, or NULL for all),
--             $start, $end (inclusive dates or NULL), $lang.
SELECT date_trunc($period, i.started_at)                            AS period,
       i.kind,
       CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END   AS interaction_kind,
       count(*)                                                     AS count,
       -- answered / (answered + unanswered); SMS is only sent, nobody answers it: empty
       count(*) FILTER (WHERE i.status = 'answered')
           / nullif(count(*) FILTER (WHERE i.status IN ('answered', 'unanswered')), 0) AS answered_share,
       avg(i.response_seconds)                                      AS avg_response_seconds   -- over answered ones
FROM interactions i
JOIN interaction_kinds k USING (kind)
WHERE ($kind IS NULL OR i.kind = $kind)
  AND ($start IS NULL OR i.started_at >= $start::DATE)
  AND ($end IS NULL OR i.started_at < $end::DATE + INTERVAL 1 DAY)
GROUP BY ALL
ORDER BY period, i.kind
