-- 客户名册 Customer roster: every customer with contact data, region, registration and purchase figures, for export.
-- Parameters: $lang ('zh' or 'en'), $gender_names (F/M -> text in the chosen language).
-- Reads the customers view, so phones, e-mails and addresses are masked for students.
SELECT c.customer_code,
       c.name,
       $gender_names[c.gender]                                      AS gender,
       c.birthday,
       c.phone,
       c.email,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END     AS province,
       CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END   AS city,
       c.address,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END   AS channel,
       c.registered_at::TIMESTAMP_S                                 AS registered_at,  -- whole seconds
       coalesce(s.paid_orders, 0)                                   AS orders,        -- paid orders
       coalesce(s.paid_spend, 0)                                    AS total_spend    -- their total
FROM customers c
LEFT JOIN provinces p  USING (province_code)  -- LEFT: imported customers may lack them
LEFT JOIN cities ci    USING (city_id)
LEFT JOIN channels ch  ON ch.channel_id = c.channel_id
LEFT JOIN customer_stats s USING (customer_id)
ORDER BY c.customer_id
