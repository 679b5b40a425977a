-- 待办任务 To-do list: your open follow-up tasks, the earliest due first, with the customer's contact data.
-- Parameters: none. Needs the scratch database attached.
SELECT t.task_id,
       t.due_at,
       t.kind,
       t.customer_id,
       c.name,
       c.phone,
       t.content,
       t.created_at
FROM scratch.tasks t
JOIN customers c USING (customer_id)
WHERE t.done_at IS NULL
ORDER BY t.due_at, t.task_id
