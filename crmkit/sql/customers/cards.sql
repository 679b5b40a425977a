-- 客户资料卡分类 Card kinds: how many customers are potential, current and lost customers.
-- Parameters: $lost_after_days (a paid order within this many days of "today" keeps a customer current),
--             $kind_names (card kind -> name in the chosen language). "Today" is the day of the newest order.
-- Card kinds (the same rule as customers/card): 'potential' 潜在客户 never placed a paid order; 'current' 现有客户
-- placed one within $lost_after_days days of today; 'lost' 流失客户 placed one, but longer ago.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
kinds AS (                          -- the three kinds in lifecycle order, so each has a row even when empty
    SELECT * FROM (VALUES (1, 'potential'), (2, 'current'), (3, 'lost')) AS k(position, card_kind)
),
by_customer AS (                    -- every customer's card kind, from their last paid order (customer_stats)
    SELECT CASE WHEN coalesce(s.paid_orders, 0) = 0 THEN 'potential'
                WHEN date_diff('day', s.last_paid_at::DATE, t.today) <= $lost_after_days THEN 'current'
                ELSE 'lost' END AS card_kind
    FROM customers c
    LEFT JOIN customer_stats s USING (customer_id)
    CROSS JOIN today t
),
counted AS (
    SELECT card_kind, count(*) AS customer_count FROM by_customer GROUP BY card_kind
)
SELECT k.card_kind,
       $kind_names[k.card_kind]                                         AS card_kind_name,
       coalesce(n.customer_count, 0)                                    AS customer_count,
       coalesce(n.customer_count, 0) / nullif((SELECT count(*) FROM customers), 0) AS share
FROM kinds k
LEFT JOIN counted n USING (card_kind)
ORDER BY k.position
