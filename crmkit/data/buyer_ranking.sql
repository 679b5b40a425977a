-- 顾客消费排名 Buyers ranked by paid spend, biggest first (equal spend: lower customer id first),
-- with the running total of the buyers up to each rank. Built into the course database as the
-- table buyer_ranking from customer_stats; the Pareto analysis (customers/revenue_share) reads it.
SELECT row_number() OVER biggest_first  AS rank,
       customer_id,
       name,
       paid_spend                       AS revenue,
       sum(paid_spend) OVER biggest_first AS running_revenue
FROM customer_stats
WHERE paid_orders > 0
WINDOW biggest_first AS (ORDER BY paid_spend DESC, customer_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
