-- 中差评预警 Negative review alerts: reviews rated 3 or lower, newest first, with who wrote them and about what.
-- Parameters: $since (a date or NULL: only reviews created on or after it), $lang.
SELECT r.review_id,
       r.created_at,
       r.rating,
       r.comment,
       r.order_id,
       r.customer_id,
       c.name,
       -- masked even on a teacher's connection: the list is meant to be handed around
       CASE WHEN length(c.phone) >= 7 THEN left(c.phone, 3) || '****' || right(c.phone, 4) ELSE '****' END AS phone,
       r.product_id,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END AS product
FROM reviews r
JOIN customers c USING (customer_id)
JOIN products p  USING (product_id)
WHERE r.rating <= 3
  AND ($since IS NULL OR r.created_at >= $since::DATE)
ORDER BY r.created_at DESC, r.review_id DESC
