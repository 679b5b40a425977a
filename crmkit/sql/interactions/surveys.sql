-- 短信问卷 Survey results per survey channel (SMS, WeChat, ...) and overall: satisfaction and NPS.
-- Parameters: $start, $end (inclusive dates or NULL), $channel_names (MAP: channel code -> label).
-- Satisfaction = perceived value - expectation (满意度 = 感知价值 - 期望值);
-- NPS = % promoters (9-10) - % detractors (0-6).
WITH answers AS (
    SELECT channel, expectation, perceived_value, nps
    FROM surveys
    WHERE ($start IS NULL OR answered_at >= $start::DATE)
      AND ($end IS NULL OR answered_at < $end::DATE + INTERVAL 1 DAY)
),
per_channel_and_overall AS (
    SELECT CASE WHEN grouping(channel) = 1 THEN 'all' ELSE channel END AS channel,
           grouping(channel)                  AS is_overall,
           count(*)                           AS responses,
           avg(expectation)                   AS avg_expectation,
           avg(perceived_value)               AS avg_perceived_value,
           avg(perceived_value - expectation) AS avg_satisfaction,
           100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(*) AS nps
    FROM answers
    GROUP BY GROUPING SETS ((channel), ())      -- one row per channel, and one row over all of them
    HAVING count(*) > 0                         -- no overall row when nobody answered
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
