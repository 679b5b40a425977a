-- 基本信息分析：各年龄段偏爱的商品 What each age group buys most: items of paid orders per age group and
-- category (or product), the group's favourite first.
-- Parameters: $by ('category' or 'product'), $bands (the lowest age of every group after the first, e.g.
-- [25, 35, 45, 55]: under 25, 25-34, 35-44, 45-54, 55 and over), $band_names (the groups' names, in order),
-- $top (keep the first $top of each group; NULL: all), $lang ('zh' or 'en').
-- Age is in full years on "today", the day of the newest order (as on the customer data card).
-- Customers without a birthday are left out.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
ages AS (                   -- every customer with a birthday, and the number of their age group (1, 2, ...)
    SELECT c.customer_id,
           1 + len(list_filter($bands, lambda b: b <= date_sub('year', c.birthday, t.today))) AS band
    FROM customers c
    CROSS JOIN today t
    WHERE c.birthday IS NOT NULL
),
items AS (                  -- items of paid orders, with the buyer's age group and the item shown
    SELECT a.band,
           CASE WHEN $by = 'product' THEN p.product_id ELSE p.category_id END AS item_id,
           o.customer_id,
           i.quantity,
           i.amount
    FROM orders o
    JOIN order_items i USING (order_id)
    JOIN products p    USING (product_id)
    JOIN ages a        ON a.customer_id = o.customer_id
    WHERE o.status <> 'closed'
),
per_item AS (
    SELECT band,
           item_id,
           sum(quantity)::BIGINT        AS quantity,
           sum(amount)                  AS revenue,
           count(DISTINCT customer_id)  AS buyer_count
    FROM items
    GROUP BY band, item_id
),
shares AS (                 -- share of the group's items, and how that compares with the share among all ages
    SELECT *,
           quantity / sum(quantity) OVER (PARTITION BY band)                               AS share,
           sum(quantity) OVER (PARTITION BY item_id) / sum(quantity) OVER ()               AS share_all_ages,
           row_number() OVER (PARTITION BY band ORDER BY quantity DESC, item_id)           AS rank
    FROM per_item
)
SELECT s.band,
       $band_names[s.band]                                                      AS age_group,
       s.rank,
       CASE WHEN $lang = 'en' THEN coalesce(pr.name_en, ca.name_en)
            ELSE coalesce(pr.name_zh, ca.name_zh) END                           AS item,
       s.quantity,
       s.revenue,
       s.buyer_count,
       s.share,
       s.share / s.share_all_ages                                               AS lift
FROM shares s
LEFT JOIN products pr   ON $by = 'product' AND pr.product_id = s.item_id
LEFT JOIN categories ca ON $by = 'category' AND ca.category_id = s.item_id
WHERE $top IS NULL OR s.rank <= $top
ORDER BY s.band, s.rank
