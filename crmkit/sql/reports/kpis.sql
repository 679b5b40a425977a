-- 报告指标 Report KPIs of a date range, for the whole shop or one channel, in one row or one row per
-- period: sales, new and returning customers, pieces bought, returns, complaints, reviews, surveys.
-- Parameters: $start, $end (inclusive dates); $period (day/week/month/quarter/year, or NULL for one
-- row over the whole range); $channel_id (a channel id, or NULL for every channel).
-- Paid orders are all but closed ones. An order, return, review, survey or complaint belongs to a
-- channel through its order (complaints and surveys without an order count for the whole shop only).
WITH starts AS (                    -- the first day of each period touching the range
    SELECT unnest(CASE WHEN $period IS NULL THEN [$start::DATE::TIMESTAMP]
                       ELSE generate_series(date_trunc($period, $start::DATE)::TIMESTAMP, $end::DATE::TIMESTAMP,
                                            ('1 ' || $period)::INTERVAL) END) AS period
),
periods AS (                        -- [lo, hi): the part of each period inside the range
    SELECT period::DATE AS period,
           greatest(period, $start::DATE)::TIMESTAMP AS lo,
           CASE WHEN $period IS NULL THEN $end::DATE + INTERVAL 1 DAY
                ELSE least(period + ('1 ' || $period)::INTERVAL, $end::DATE + INTERVAL 1 DAY) END AS hi
    FROM starts
),
on_channel AS (                     -- every order of the channel (any status, any time)
    SELECT order_id FROM orders WHERE $channel_id IS NULL OR channel_id = $channel_id
),
paid AS (                           -- paid orders placed in each period (on the channel)
    SELECT pr.period, o.order_id, o.customer_id, o.total
    FROM orders o
    JOIN periods pr ON o.ordered_at >= pr.lo AND o.ordered_at < pr.hi
    WHERE o.status <> 'closed' AND ($channel_id IS NULL OR o.channel_id = $channel_id)
),
sales AS (
    SELECT p.period,
           count(*)                                                         AS order_count,
           sum(p.total)                                                     AS revenue,
           count(DISTINCT p.customer_id)                                    AS customer_count,
           -- new: the customer's first paid order ever is in the period
           count(*) FILTER (WHERE p.order_id = s.first_paid_order_id)        AS new_customers,
           -- returning: bought in the period with an order that was not their first one
           count(DISTINCT p.customer_id) FILTER (WHERE p.order_id <> s.first_paid_order_id) AS returning_customers
    FROM paid p
    JOIN customer_stats s USING (customer_id)
    GROUP BY p.period
),
items AS (                          -- 购买数量: pieces bought in the paid orders of the period
    SELECT p.period, sum(i.quantity) AS items_bought
    FROM order_items i
    JOIN paid p USING (order_id)
    GROUP BY p.period
),
returned AS (                       -- paid orders of the period with a return or exchange request (ever)
    SELECT p.period, count(DISTINCT r.order_id) AS returned_orders
    FROM returns r
    JOIN paid p USING (order_id)
    GROUP BY p.period
),
requests AS (                       -- 退换货次数: return and exchange requests made in the period
    SELECT pr.period, count(*) AS return_requests
    FROM returns r
    JOIN on_channel USING (order_id)
    JOIN periods pr ON r.requested_at >= pr.lo AND r.requested_at < pr.hi
    GROUP BY pr.period
),
complaints AS (                     -- 投诉数量: complaints received in the period
    SELECT pr.period, count(*) AS complaints
    FROM interactions i
    JOIN periods pr ON i.started_at >= pr.lo AND i.started_at < pr.hi
    WHERE i.topic = 'complaint'
      AND ($channel_id IS NULL OR i.order_id IN (SELECT order_id FROM on_channel))
    GROUP BY pr.period
),
rated AS (                          -- reviews written in the period; 3 stars or fewer is a negative review
    SELECT pr.period,
           count(*)                            AS reviews,
           avg(v.rating)                       AS avg_rating,
           count(*) FILTER (WHERE v.rating <= 3) AS negative_reviews
    FROM reviews v
    JOIN periods pr ON v.created_at >= pr.lo AND v.created_at < pr.hi
    WHERE $channel_id IS NULL OR v.order_id IN (SELECT order_id FROM on_channel)
    GROUP BY pr.period
),
answered AS (                       -- surveys answered in the period: 满意度 = 感知价值 - 期望值; NPS
    SELECT pr.period,
           count(*)                              AS survey_responses,
           avg(s.perceived_value - s.expectation) AS avg_satisfaction,
           100.0 * (count(*) FILTER (WHERE s.nps >= 9) - count(*) FILTER (WHERE s.nps <= 6)) / count(*) AS nps
    FROM surveys s
    JOIN periods pr ON s.answered_at >= pr.lo AND s.answered_at < pr.hi
    WHERE $channel_id IS NULL OR s.order_id IN (SELECT order_id FROM on_channel)
    GROUP BY pr.period
)
SELECT pr.period,
       coalesce(order_count, 0)                       AS order_count,
       coalesce(revenue, 0)                           AS revenue,
       coalesce(customer_count, 0)                    AS customer_count,
       coalesce(new_customers, 0)                     AS new_customers,
       coalesce(returning_customers, 0)               AS returning_customers,
       round(revenue / nullif(order_count, 0), 2)     AS aov,
       coalesce(items_bought, 0)::BIGINT              AS items_bought,
       coalesce(returned_orders, 0)                   AS returned_orders,
       coalesce(returned_orders, 0) / nullif(order_count, 0) AS return_rate,
       coalesce(return_requests, 0)                   AS return_requests,
       coalesce(complaints, 0)                        AS complaints,
       coalesce(reviews, 0)                           AS reviews,
       round(avg_rating, 2)                           AS avg_rating,
       coalesce(negative_reviews, 0)                  AS negative_reviews,
       coalesce(survey_responses, 0)                  AS survey_responses,
       round(avg_satisfaction, 2)                     AS avg_satisfaction,
       round(nps, 1)                                  AS nps
FROM periods pr
LEFT JOIN sales USING (period)
LEFT JOIN items USING (period)
LEFT JOIN returned USING (period)
LEFT JOIN requests USING (period)
LEFT JOIN complaints USING (period)
LEFT JOIN rated USING (period)
LEFT JOIN answered USING (period)
ORDER BY pr.period
