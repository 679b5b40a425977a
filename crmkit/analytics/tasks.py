"""客户跟进任务 Customer follow-up tasks: create one, see the to-do list (待办任务), complete it.

Tasks are the CRM user's own writes, kept in their scratch database: they survive a kernel
restart and every notebook of the same user sees them; the course database is never changed.

Examples
--------
>>> import crmkit as ck
>>> con = ck.connect("mall")
>>> task = ck.tasks.create(con, 1, "call", "2026-11-05 10:00", "回访：询问冰箱安装情况")
>>> int(ck.tasks.todo(con).query("task_id == @task")["customer_id"].iloc[0])
1
>>> ck.tasks.complete(con, task)
>>> task in set(ck.tasks.todo(con)["task_id"])
False
"""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.db import scratch
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

KINDS: tuple[str, ...] = ("call", "visit", "sms", "email", "wechat", "other")


def _kind(value: object) -> str:
    text = str(value).strip() if value is not None else ""
    for code in KINDS:
        names = (i18n.t(f"task_kind.{code}", lang="zh"), i18n.t(f"task_kind.{code}", lang="en"))
        if text.lower() == code or text in names:
            return code
    valid = [f"{code} ({i18n.t(f'task_kind.{code}')})" for code in KINDS]
    return params.choice(text, valid, "kind")


def _due(value: object) -> pd.Timestamp:
    try:
        due = pd.Timestamp(value.strip().replace("/", "-") if isinstance(value, str) else value)
    except (ValueError, TypeError):
        due = None
    if due is None or pd.isna(due):
        raise CrmkitError("error.bad_date", name="due", value=value)
    return due


def create(con: duckdb.DuckDBPyConnection, customer_id: object, kind: str, due: object, content: str) -> int:
    """Create a follow-up task (客户跟进任务); returns its ``task_id``.

    Parameters
    ----------
    customer_id : the customer (id or customer code)
    kind : ``call`` 电话回访, ``visit`` 上门拜访, ``sms`` 短信, ``email`` 邮件, ``wechat`` 微信 or
        ``other`` 其他 (the code, or the Chinese or English name)
    due : when to do it: a date or time (``"2026-11-05 10:00"``)
    content : what to do
    """
    customer = params.customer_id(con, customer_id)
    code = _kind(kind)
    when = _due(due)
    text = str(content).strip() if content is not None else ""
    if not text:
        raise CrmkitError("error.empty_task")
    with scratch(con):
        return con.execute("INSERT INTO scratch.tasks (customer_id, kind, due_at, content) VALUES (?, ?, ?, ?) "
                           "RETURNING task_id", [customer, code, when.to_pydatetime(), text]).fetchone()[0]


def todo(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """待办任务 The to-do list: open tasks, the earliest due first.

    Returns
    -------
    ``task_id, due_at, kind, kind_name, customer_id, name, phone, content, created_at``
    (``kind_name`` in the chosen language; phone masked for students).
    """
    with scratch(con):
        return queries.run(con, "tasks/todo", kind_names=queries.label_map("task_kind", KINDS))


def complete(con: duckdb.DuckDBPyConnection, task_id: int) -> None:
    """Mark an open task as done; an unknown or already completed task is an error."""
    with scratch(con):
        done = con.execute("UPDATE scratch.tasks SET done_at = current_localtimestamp() "
                           "WHERE task_id = ? AND done_at IS NULL RETURNING task_id", [task_id]).fetchall()
        if not done:
            open_ids = [r[0] for r in con.execute(
                "SELECT task_id FROM scratch.tasks WHERE done_at IS NULL ORDER BY task_id").fetchall()]
            params.choice(task_id, open_ids, "task_id")
