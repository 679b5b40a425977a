-- 顾客标签 Customer tags: the course's tags and the user's own (manual) tags, with the customer's name.
-- Parameters: $lang ('zh' or 'en'). Needs the scratch database attached.
SELECT ct.customer_id,
       c.name,
       CASE WHEN $lang = 'en' THEN t.name_en ELSE t.name_zh END AS tag,
       'course' AS source
FROM customer_tags ct
JOIN tags t      USING (tag_id)
JOIN customers c USING (customer_id)
UNION ALL
SELECT m.object_id::INTEGER AS customer_id,
       c.name,
       m.tag,
       'manual' AS source
FROM scratch.manual_tags m
JOIN customers c ON c.customer_id = m.object_id
WHERE m.target = 'customer'
ORDER BY customer_id, source, tag
