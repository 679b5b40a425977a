-- 问卷日汇总 Survey answers per day and survey channel: counts and sums (built as survey_days).
SELECT answered_at::DATE                    AS day,
       channel,
       count(*)::INTEGER                    AS responses,
       sum(expectation)::BIGINT             AS expectation_sum,
       sum(perceived_value)::BIGINT         AS perceived_value_sum,
       count(*) FILTER (WHERE nps >= 9)::INTEGER AS promoters,
       count(*) FILTER (WHERE nps <= 6)::INTEGER AS detractors
FROM surveys
GROUP BY ALL
