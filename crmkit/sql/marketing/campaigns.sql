-- 活动营销 Campaigns: every campaign with its kind, dates, discount, tags and the paid orders that used it.
-- Parameters: $lang ('zh' or 'en'), $kind_names (MAP: kind code -> its label in the chosen language).
WITH campaign_orders AS (           -- paid orders placed under each campaign (orders.campaign_id)
    SELECT campaign_id,
           count(*)                    AS order_count,
           count(DISTINCT customer_id) AS customer_count,
           sum(total)                  AS revenue
    FROM orders
    WHERE status <> 'closed' AND campaign_id IS NOT NULL
    GROUP BY campaign_id
),
campaign_tag_names AS (             -- the course's campaign tags, comma-joined
    SELECT ct.campaign_id,
           string_agg(CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END, ', ' ORDER BY t.tag_id) AS campaign_tags
    FROM campaign_tags ct
    JOIN tags t USING (tag_id)
    GROUP BY ct.campaign_id
)
SELECT c.campaign_id,
       c.code                                                   AS campaign_code,
       c.kind,
       $kind_names[c.kind]                                      AS campaign_kind,
       CASE WHEN $lang = 'en' THEN c.name_en ELSE c.name_zh END AS campaign,
       c.starts_on,
       c.ends_on,
       c.discount_rate,
       coalesce(tn.campaign_tags, '')                           AS campaign_tags,
       coalesce(co.order_count, 0)                              AS order_count,
       coalesce(co.customer_count, 0)                           AS customer_count,
       coalesce(co.revenue, 0)                                  AS revenue
FROM campaigns c
LEFT JOIN campaign_tag_names tn USING (campaign_id)
LEFT JOIN campaign_orders co    USING (campaign_id)
ORDER BY c.starts_on, c.campaign_id
