-- 短信问卷 Survey results per survey channel (SMS, WeChat, ...) and overall: satisfaction and NPS.
-- Parameters: $start, $end (inclusive dates or NULL), $channel_names (MAP: channel code -> label).
-- Satisfaction = perceived value - expectation (满意度 = 感知价值 - 期望值);
-- NPS = % promoters (9-10) - % detractors (0-6).
-- survey_days holds each day's answers per channel as counts and sums (built with the shop from
-- the surveys table), so an average over any days is the sum of the days over their count.
WITH answer_days AS (
    SELECT *
    FROM survey_days
    WHERE ($start IS NULL OR day >= $start::DATE)
      AND ($end IS NULL OR day <= $end::DATE)
),
per_channel_and_overall AS (
    SELECT CASE WHEN grouping(channel) = 1 THEN 'all' ELSE channel END AS channel,
           grouping(channel)                                  AS is_overall,
           sum(responses)                                     AS responses,
           sum(expectation_sum) / sum(responses)              AS avg_expectation,
           sum(perceived_value_sum) / sum(responses)          AS avg_perceived_value,
           (sum(perceived_value_sum) - sum(expectation_sum)) / sum(responses) AS avg_satisfaction,
           100.0 * (sum(promoters) - sum(detractors)) / sum(responses)        AS nps
    FROM answer_days
    GROUP BY GROUPING SETS ((channel), ())      -- one row per channel, and one row over all of them
    HAVING sum(responses) > 0                   -- no overall row when nobody answered
)
SELECT channel                       AS survey_channel,
       $channel_names[channel]       AS survey_channel_name,
       responses                     AS survey_responses,
       round(avg_expectation, 2)     AS avg_expectation,
       round(avg_perceived_value, 2) AS avg_perceived_value,
       round(avg_satisfaction, 2)    AS avg_satisfaction,
       round(nps, 1)                 AS nps
FROM per_channel_and_overall
ORDER BY is_overall, survey_channel
