-- 退换货 Returns and exchanges: one row per request, newest first.
-- Parameters: $lang ('zh' or 'en'), $kind_names (kind code -> name in the chosen language),
-- $start, $end (first and last day of the request dates, or NULL).
SELECT r.return_id,
       r.order_id,
       o.customer_id,
       c.name,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END  AS product,
       $kind_names[r.kind] AS kind,
       CASE WHEN $lang = 'en' THEN rr.name_en ELSE rr.name_zh END AS reason,
       r.requested_at,
       r.refund                                                   -- 0 for exchanges
FROM returns r
JOIN orders o          ON o.order_id = r.order_id
JOIN customers c       ON c.customer_id = o.customer_id
JOIN products p        ON p.product_id = r.product_id
JOIN return_reasons rr ON rr.reason_code = r.reason_code
WHERE ($start IS NULL OR r.requested_at >= $start)
  AND ($end IS NULL OR r.requested_at < $end::DATE + INTERVAL 1 DAY)
ORDER BY r.requested_at DESC, r.return_id DESC
