-- 服务补救案例 Service-recovery cases (chapter 1's training): complaints about an order on which the service
-- failed the customer at several moments of truth, the clearest case first.
-- Parameters: $late_days (a delivery taking more days than this from ordering to delivery is late),
--             $low_rating (a review with this many stars or fewer is a bad one), $lang ('zh' or 'en').
-- A complaint is a case when the order it is about
--   was delivered more than $late_days days after it was ordered,
--   had a pre-sale consultation that nobody answered, and
--   got a review of $low_rating stars or fewer.
-- Ranking: first the cases where even more went wrong (the goods were returned or exchanged; the complaint
-- itself was not resolved: one point each), then the longest delivery, then the lowest interaction id.
WITH complaints AS (
    SELECT q.interaction_id, q.started_at, q.kind, q.customer_id, q.order_id, q.resolved,
           date_diff('second', o.ordered_at, o.delivered_at) / 86400.0 AS delivery_days
    FROM interactions q
    JOIN orders o USING (order_id)
    WHERE q.topic = 'complaint'
      AND o.delivered_at IS NOT NULL
),
cases AS (
    SELECT c.*,
           (EXISTS (SELECT 1 FROM returns r WHERE r.order_id = c.order_id))::INTEGER
               + (NOT c.resolved)::INTEGER                                   AS more_wrong
    FROM complaints c
    WHERE c.delivery_days > $late_days
      AND EXISTS (SELECT 1 FROM interactions p
                  WHERE p.order_id = c.order_id AND p.stage = 'pre_sale' AND p.status = 'unanswered')
      AND EXISTS (SELECT 1 FROM reviews v WHERE v.order_id = c.order_id AND v.rating <= $low_rating)
)
SELECT row_number() OVER (ORDER BY f.more_wrong DESC, f.delivery_days DESC, f.interaction_id)::INTEGER AS rank,
       f.interaction_id,
       f.started_at,
       CASE WHEN $lang = 'en' THEN k.name_en ELSE k.name_zh END           AS interaction_kind,
       f.customer_id,
       -- only the surname shows: the case is handed around in class
       left(cu.name, 1) || repeat('*', greatest(length(cu.name) - 1, 1))  AS name
FROM cases f
JOIN interaction_kinds k USING (kind)
JOIN customers cu        ON cu.customer_id = f.customer_id
ORDER BY rank
