"""Who read unmasked personal data, when, and what: the teacher role's access log.

Only teacher connections see unmasked phones, e-mails and addresses (students' views are masked).
Every teacher connection writes to ``access_log`` in that teacher's scratch database:

* ``connect`` when the connection opens the private file (what the teacher may then read with
  their own SQL is covered by this entry: DuckDB cannot tell which columns a raw query reads);
* each crmkit analysis or export whose result has contact columns (phone, email, address),
  with its parameters and the number of rows.

``ck.audit.access_log(con)`` shows the log.
"""

from __future__ import annotations

import getpass
import json

import duckdb
import pandas as pd

CONTACT_COLUMNS = {"phone", "email", "address"}


def _role(con: duckdb.DuckDBPyConnection) -> str:
    # fetchall, not fetchone: a result left unfinished would block the student's next con.sql()
    return con.execute("SELECT getvariable('crmkit_role')").fetchall()[0][0]


def log(con: duckdb.DuckDBPyConnection, action: str, detail: object = None, rows: int | None = None) -> None:
    """Record one unmasked read (nothing for students, whose data is masked)."""
    if _role(con) != "teacher":
        return
    from crmkit.db import scratch

    text = detail if detail is None or isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    with scratch(con):
        con.execute("INSERT INTO scratch.access_log (user_name, shop, action, detail, rows_returned) "
                    "VALUES (?, getvariable('crmkit_shop'), ?, ?, ?)", [getpass.getuser(), action, text, rows])


def log_result(con: duckdb.DuckDBPyConnection, action: str, params: dict, columns: list[str], rows: int) -> None:
    """Record a result that carries contact columns, if this is a teacher connection."""
    if CONTACT_COLUMNS & set(columns):
        log(con, action, params, rows)


def access_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The log: ``logged_at, user_name, shop, action, detail, rows_returned``, newest first."""
    from crmkit.db import scratch

    with scratch(con):
        return con.execute("SELECT * FROM scratch.access_log ORDER BY logged_at DESC").df()
