-- 投诉情景 Complaint scenarios: real complaints with what went wrong on the complained-about order, for role-play.
-- Parameters: $ids (a list of complaint interaction ids, or NULL for all complaints), $n (most rows, or NULL),
--             $seed (which random sample: the same seed picks the same complaints), $late_days (a delivery
--             taking more days than this is late), $lang, $problem_names, $return_kind_names (MAPs: code -> label).
-- What went wrong, from the data (a complaint can have several causes, or none the data shows):
--   late_delivery            the order took more than $late_days days from ordering to delivery;
--   unanswered_consultation  a pre-sale or in-sale consultation about the order was never answered;
--   defect                   a return or exchange because of quality, transport damage, a wrong item or
--                            goods not as described;
--   return                   a return or exchange was requested (for any reason);
--   bad_review               the customer rated the order 2 stars or lower.
WITH complaints AS (
    SELECT *
    FROM interactions
    WHERE topic = 'complaint'
      AND ($ids IS NULL OR list_contains($ids, interaction_id))
    ORDER BY CASE WHEN $ids IS NULL THEN hash(interaction_id, $seed) END, interaction_id
    LIMIT $n
),
items AS (                          -- the products of each complained-about order, in line order
    SELECT oi.order_id,
           string_agg(CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END, ', ' ORDER BY oi.line_no) AS products
    FROM order_items oi
    JOIN products p USING (product_id)
    WHERE oi.order_id IN (SELECT order_id FROM complaints)
    GROUP BY oi.order_id
),
consultations AS (
    SELECT order_id, bool_or(status = 'unanswered') AS unanswered
    FROM interactions
    WHERE stage IN ('pre_sale', 'in_sale') AND order_id IN (SELECT order_id FROM complaints)
    GROUP BY order_id
),
order_returns AS (                  -- the first return or exchange of the order
    SELECT r.order_id,
           arg_min(r.kind, r.requested_at)                                                       AS return_kind,
           arg_min(CASE WHEN $lang = 'en' THEN rr.name_en ELSE rr.name_zh END, r.requested_at)  AS return_reason,
           bool_or(r.reason_code IN ('quality', 'damaged', 'wrong_item', 'not_as_described'))    AS defect
    FROM returns r
    JOIN return_reasons rr USING (reason_code)
    WHERE r.order_id IN (SELECT order_id FROM complaints)
    GROUP BY r.order_id
),
order_reviews AS (                  -- the order's lowest rating and what the customer wrote with it
    SELECT order_id, min(rating) AS rating, arg_min(comment, rating) AS comment
    FROM reviews
    WHERE order_id IN (SELECT order_id FROM complaints)
    GROUP BY order_id
),
facts AS (
    SELECT q.*,
           o.ordered_at, o.delivered_at, o.total, o.channel_id,
           date_diff('second', o.ordered_at, o.delivered_at) / 86400.0 AS delivery_days,
           it.products,
           coalesce(cn.unanswered, false)                               AS unanswered,
           rt.return_kind, rt.return_reason, coalesce(rt.defect, false) AS defect,
           rv.rating, rv.comment
    FROM complaints q
    LEFT JOIN orders o         USING (order_id)
    LEFT JOIN items it         USING (order_id)
    LEFT JOIN consultations cn USING (order_id)
    LEFT JOIN order_returns rt USING (order_id)
    LEFT JOIN order_reviews rv USING (order_id)
),
with_problems AS (
    SELECT *,
           list_filter([CASE WHEN delivery_days > $late_days THEN 'late_delivery' END,
                        CASE WHEN unanswered THEN 'unanswered_consultation' END,
                        CASE WHEN defect THEN 'defect' END,
                        CASE WHEN return_kind IS NOT NULL THEN 'return' END,
                        CASE WHEN rating <= 2 THEN 'bad_review' END], lambda x: x IS NOT NULL) AS problem_codes
    FROM facts
)
SELECT f.interaction_id,
       f.started_at,
       CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END           AS interaction_kind,
       f.status,
       f.response_seconds,
       f.handle_minutes,
       f.resolved,
       f.customer_id,
       -- only the surname shows: scenarios are handed around in class
       left(c.name, 1) || repeat('*', greatest(length(c.name) - 1, 1))     AS name,
       c.gender,
       date_sub('year', c.birthday, f.started_at::DATE)                    AS age,     -- full years
       CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END          AS province,
       coalesce(cs.paid_orders, 0)                                         AS orders,  -- the customer's paid orders
       f.order_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END          AS channel,
       f.products,
       f.total,
       f.ordered_at,
       f.delivered_at,
       round(f.delivery_days, 1)                                           AS delivery_days,
       f.unanswered                                                        AS unanswered_consultation,
       $return_kind_names[f.return_kind]                                   AS return_kind,
       f.return_reason,
       f.rating,
       f.comment,
       f.problem_codes,
       array_to_string(list_transform(f.problem_codes, lambda x: $problem_names[x]),
                       CASE WHEN $lang = 'en' THEN ', ' ELSE '、' END)     AS problems
FROM with_problems f
JOIN interaction_kinds k   USING (kind)
JOIN customers c           ON c.customer_id = f.customer_id
LEFT JOIN provinces pr     ON pr.province_code = c.province_code
LEFT JOIN customer_stats cs ON cs.customer_id = f.customer_id
LEFT JOIN channels ch      ON ch.channel_id = f.channel_id
ORDER BY CASE WHEN $ids IS NULL THEN hash(f.interaction_id, $seed) END, f.interaction_id
