-- 商品关联 Product associations: rules "customers who buy A also buy B" over paid orders.
-- Parameters: $lang ('zh' or 'en'), $min_support, $min_confidence (numbers above 0, at most 1).
--
-- support    = orders holding both A and B / all paid orders (with items)
-- confidence = orders holding both A and B / orders holding A
-- lift       = confidence / (orders holding B / all paid orders); above 1: A makes B more likely
--
-- Pairs are counted by joining the lines of an order with the later lines of the same order (a
-- self-join). An order may list a product twice; such a repeated line must not count twice.
WITH closed_orders AS (    -- orders that were never paid
    SELECT order_id FROM orders WHERE status = 'closed'
),
paid_lines AS (
    SELECT order_id, line_no, product_id
    FROM order_items
    WHERE order_id NOT IN (SELECT order_id FROM closed_orders)
),
all_orders AS (            -- paid orders with items (an order's items_amount is the sum of its items)
    SELECT count(*) AS n FROM orders WHERE status <> 'closed' AND items_amount > 0
),
line_counts AS (
    SELECT product_id, count(*) AS n_lines FROM paid_lines GROUP BY product_id
),
candidates AS (            -- products in fewer lines than the support threshold cannot reach it (lines >= orders)
    SELECT product_id, n_lines
    FROM line_counts
    WHERE n_lines >= $min_support * (SELECT n FROM all_orders)
),
line_pairs AS (            -- every earlier line a and later line b of the same order (candidates only)
    SELECT a.order_id,
           a.line_no    AS a_line,
           a.product_id AS a_product,
           b.line_no    AS b_line,
           b.product_id AS b_product
    FROM paid_lines a
    JOIN paid_lines b ON b.order_id = a.order_id AND b.line_no > a.line_no
    WHERE a.product_id IN (SELECT product_id FROM candidates)
      AND b.product_id IN (SELECT product_id FROM candidates)
),
repeated_lines AS (        -- a later line repeating the product of an earlier line of the same order
    SELECT DISTINCT order_id, b_line AS line_no, b_product AS product_id
    FROM line_pairs
    WHERE a_product = b_product
),
product_orders AS (        -- orders holding each product: its lines minus its repeated lines
    SELECT c.product_id,
           c.n_lines - coalesce(r.n_repeated, 0) AS n_orders
    FROM candidates c
    LEFT JOIN (SELECT product_id, count(*) AS n_repeated FROM repeated_lines GROUP BY product_id) r
           ON r.product_id = c.product_id
),
frequent AS (              -- the support threshold applied to single products first
    SELECT product_id, n_orders
    FROM product_orders
    WHERE n_orders >= $min_support * (SELECT n FROM all_orders)
),
product_pairs AS (         -- orders holding two different frequent products (smaller id first)
    SELECT least(lp.a_product, lp.b_product)    AS first_id,
           greatest(lp.a_product, lp.b_product) AS second_id,
           count(*)                             AS pair_orders
    FROM line_pairs lp
    LEFT JOIN repeated_lines ra ON ra.order_id = lp.order_id AND ra.line_no = lp.a_line
    LEFT JOIN repeated_lines rb ON rb.order_id = lp.order_id AND rb.line_no = lp.b_line
    WHERE lp.a_product <> lp.b_product
      AND ra.order_id IS NULL AND rb.order_id IS NULL          -- neither line is a repeat
      AND lp.a_product IN (SELECT product_id FROM frequent)
      AND lp.b_product IN (SELECT product_id FROM frequent)
    GROUP BY first_id, second_id
),
pairs AS (                 -- each pair gives two rules: A → B and B → A
    SELECT first_id AS antecedent_id, second_id AS consequent_id, pair_orders FROM product_pairs
    UNION ALL
    SELECT second_id AS antecedent_id, first_id AS consequent_id, pair_orders FROM product_pairs
),
rules AS (
    SELECT p.antecedent_id,
           p.consequent_id,
           p.pair_orders,
           p.pair_orders / n.n                                  AS support,
           p.pair_orders / fa.n_orders                          AS confidence,
           (p.pair_orders / fa.n_orders) / (fb.n_orders / n.n)  AS lift
    FROM pairs p
    JOIN frequent fa ON fa.product_id = p.antecedent_id
    JOIN frequent fb ON fb.product_id = p.consequent_id
    CROSS JOIN all_orders n
)
SELECT r.antecedent_id,
       CASE WHEN $lang = 'en' THEN pa.name_en ELSE pa.name_zh END AS antecedent,
       r.consequent_id,
       CASE WHEN $lang = 'en' THEN pb.name_en ELSE pb.name_zh END AS consequent,
       r.pair_orders,
       round(r.support, 4)    AS support,
       round(r.confidence, 4) AS confidence,
       round(r.lift, 3)       AS lift
FROM rules r
JOIN products pa ON pa.product_id = r.antecedent_id
JOIN products pb ON pb.product_id = r.consequent_id
WHERE r.support >= $min_support
  AND r.confidence >= $min_confidence
ORDER BY r.lift DESC, r.confidence DESC, r.antecedent_id, r.consequent_id
