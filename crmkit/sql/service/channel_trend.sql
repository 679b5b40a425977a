-- 服务渠道趋势 Service channels over time: interactions per period and channel, traditional (phone, e-mail, forum)
-- against modern (online chat, WeChat, Weibo, SMS), and each channel's share of its period.
-- Parameters: $period (day/week/month/quarter/year), $direction ('inbound', 'outbound' or NULL for both),
--             $lang, $era_names (MAP: era code -> label).
WITH counted AS (
    SELECT date_trunc($period, i.started_at) AS period,
           i.kind,
           count(*)                          AS count
    FROM interactions i
    JOIN interaction_kinds k USING (kind)
    WHERE $direction IS NULL OR k.direction = $direction
    GROUP BY ALL
)
SELECT c.period,
       k.era,
       $era_names[k.era]                                          AS era_name,
       c.kind,
       CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END  AS interaction_kind,
       c.count,
       c.count / sum(c.count) OVER (PARTITION BY c.period)        AS share      -- of the period's interactions
FROM counted c
JOIN interaction_kinds k USING (kind)
ORDER BY c.period, k.era DESC, c.kind       -- traditional first, then modern
