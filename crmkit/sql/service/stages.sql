-- 售前/售中/售后 Service stages: interactions before the sale (consultations), during it (delivery inquiries),
-- after it (complaints, returns) and customer care (care calls, greetings, campaign notices), with how quickly
-- customers were answered and how often their matter was resolved.
-- Parameters: $start, $end (inclusive dates or NULL), $stage_names (MAP: stage code -> label).
-- Conversations are interactions somebody could answer (answered or unanswered); SMS that were only sent
-- (or bounced) count as interactions but not as conversations.
WITH picked AS (
    SELECT *
    FROM interactions
    WHERE ($start IS NULL OR started_at >= $start::DATE)
      AND ($end IS NULL OR started_at < $end::DATE + INTERVAL 1 DAY)
),
stages (stage_no, stage) AS (       -- every stage, also without interactions
    VALUES (1, 'pre_sale'), (2, 'in_sale'), (3, 'after_sale'), (4, 'care')
)
SELECT s.stage                                                        AS service_stage,
       $stage_names[s.stage]                                          AS service_stage_name,
       count(p.interaction_id)                                        AS count,
       count(p.interaction_id) FILTER (WHERE p.status IN ('answered', 'unanswered')) AS conversations,
       count(p.interaction_id) FILTER (WHERE p.status = 'answered')
           / nullif(count(p.interaction_id) FILTER (WHERE p.status IN ('answered', 'unanswered')), 0)
                                                                      AS answered_share,
       avg(p.response_seconds)                                        AS avg_response_seconds,  -- answered only
       median(p.response_seconds)                                     AS median_response_seconds,
       avg(p.handle_minutes)                                          AS avg_handle_minutes,
       count(p.interaction_id) FILTER (WHERE p.resolved AND p.status IN ('answered', 'unanswered'))
           / nullif(count(p.interaction_id) FILTER (WHERE p.status IN ('answered', 'unanswered')), 0)
                                                                      AS resolved_share
FROM stages s
LEFT JOIN picked p USING (stage)
GROUP BY s.stage_no, s.stage
ORDER BY s.stage_no
