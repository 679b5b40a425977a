-- 客户资料卡 Customer data card: one customer's details, purchases, service contacts, tags and card kind.
-- Parameters: $customer_id, $lost_after_days (a paid order within this many days of "today" keeps a customer current),
--             $lang ('zh' or 'en'), $kind_names (card kind -> name), $separator (between tags).
-- "Today" is the day of the newest order in the data. Needs the scratch database attached (your own tags).
-- Card kinds: 'potential' 潜在客户 never placed a paid order; 'current' 现有客户 placed one within $lost_after_days days
-- of today; 'lost' 流失客户 placed one, but longer ago (the same rule as customers/cards).
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
paid_orders AS (                    -- the customer's paid orders (closed orders were never paid)
    SELECT order_id, channel_id, total
    FROM orders
    WHERE customer_id = $customer_id AND status <> 'closed'
),
favourite_category AS (             -- the category they spent most on (items of paid orders; ties: lowest id)
    SELECT pr.category_id
    FROM paid_orders o
    JOIN order_items i USING (order_id)
    JOIN products pr   USING (product_id)
    GROUP BY pr.category_id
    ORDER BY sum(i.amount) DESC, pr.category_id
    LIMIT 1
),
main_channel AS (                   -- the sales channel they spent most in (ties: lowest id)
    SELECT channel_id
    FROM paid_orders
    GROUP BY channel_id
    ORDER BY sum(total) DESC, channel_id
    LIMIT 1
),
service AS (                        -- their service contacts: all interactions, complaints, the latest one
    SELECT count(*)                                AS interaction_count,
           count(*) FILTER (topic = 'complaint')   AS complaint_count,
           max(started_at)                         AS last_contact_at
    FROM interactions
    WHERE customer_id = $customer_id
),
tag_names AS (                      -- the course's tags and your own, one text
    SELECT string_agg(tag, $separator ORDER BY source, tag) AS tags
    FROM (
        SELECT CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END AS tag, 1 AS source
        FROM customer_tags ct JOIN tags t USING (tag_id)
        WHERE ct.customer_id = $customer_id
        UNION
        SELECT tag, 2 FROM scratch.manual_tags WHERE target = 'customer' AND object_id = $customer_id
    )
),
summary AS (                        -- purchase figures (customer_stats) and the card kind
    SELECT c.*,
           coalesce(s.paid_orders, 0)                              AS orders,
           coalesce(s.paid_spend, 0)                               AS total_spend,
           s.first_paid_at                                         AS first_order_at,
           s.last_paid_at                                          AS last_order_at,
           date_diff('day', s.last_paid_at::DATE, t.today)         AS days_since_last_order,
           date_sub('year', c.birthday, t.today)                   AS age,
           CASE WHEN coalesce(s.paid_orders, 0) = 0 THEN 'potential'
                WHEN date_diff('day', s.last_paid_at::DATE, t.today) <= $lost_after_days THEN 'current'
                ELSE 'lost' END                                    AS card_kind
    FROM customers c
    LEFT JOIN customer_stats s USING (customer_id)
    CROSS JOIN today t
    WHERE c.customer_id = $customer_id
)
SELECT m.customer_id,
       m.customer_code,
       m.name,
       m.gender,
       m.birthday,
       m.age,
       m.phone,
       m.email,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END     AS province,
       CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END   AS city,
       m.address,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END   AS channel,
       m.registered_at,
       m.contact_updated_at,
       m.orders,
       m.total_spend,
       m.first_order_at,
       m.last_order_at,
       m.days_since_last_order,
       (SELECT CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END
        FROM favourite_category f JOIN categories k USING (category_id))   AS favourite_category,
       (SELECT CASE WHEN $lang = 'en' THEN h.name_en ELSE h.name_zh END
        FROM main_channel x JOIN channels h USING (channel_id))            AS main_channel,
       v.interaction_count,
       v.complaint_count,
       v.last_contact_at,
       g.tags,
       m.card_kind,
       $kind_names[m.card_kind]                                     AS card_kind_name
FROM summary m
LEFT JOIN provinces p USING (province_code)  -- LEFT: imported customers may lack them
LEFT JOIN cities ci   USING (city_id)
LEFT JOIN channels ch ON ch.channel_id = m.channel_id
CROSS JOIN service v
CROSS JOIN tag_names g
