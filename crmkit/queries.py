"""The SQL behind crmkit's analyses: stored as files students can read, run with bound parameters.

Every analysis query lives in ``crmkit/sql/<module>/<name>.sql``. :func:`show_sql` prints one,
:func:`run` executes one with named parameters (``$name``) and returns a pandas DataFrame.

Examples
--------
>>> print(sql_text("customers/lookup").splitlines()[0])
-- 顾客速查 Customer quick lookup: by id, customer code, name fragment or the last 4 digits of the phone.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from importlib import resources

import duckdb
import pyarrow as pa

from crmkit import audit, i18n
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame, from_arrow


def available() -> list[str]:
    """Names of all stored queries, like ``"customers/lookup"``."""
    root = resources.files("crmkit.sql")
    return sorted(
        f"{d.name}/{f.name[:-4]}"
        for d in root.iterdir() if d.is_dir() and not d.name.startswith("_")
        for f in d.iterdir() if f.name.endswith(".sql")
    )


def sql_text(name: str) -> str:
    """The SQL of the stored query ``name`` (``"module/query"``)."""
    parts = name.strip().split("/")
    if len(parts) != 2 or name not in available():
        modules = sorted({q.split("/")[0] for q in available()})
        same_module = [q for q in available() if q.split("/")[0] == parts[0]]
        valid = same_module or [f"{m}/…" for m in modules]
        raise CrmkitError("error.unknown_query", name=name, valid=", ".join(valid))
    return resources.files("crmkit.sql").joinpath(parts[0], f"{parts[1]}.sql").read_text("utf-8")


def show_sql(name: str) -> None:
    """Print the SQL behind an analysis, e.g. ``ck.show_sql("customers/lookup")``."""
    print(sql_text(name))


def label_map(section: str, codes: Iterable[str]) -> duckdb.Value:
    """``{code: catalog text of "<section>.<code>"}`` as a DuckDB MAP, so SQL can show a code's label
    in the chosen language: pass it as ``$names`` and write ``$names[t.code]``."""
    varchar = duckdb.sqltype("VARCHAR")
    return duckdb.Value({c: i18n.t(f"{section}.{c}") for c in codes}, duckdb.map_type(varchar, varchar))


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> LabeledFrame:
    """Run the stored query ``name`` with named parameters; the result as a DataFrame whose
    headers display in the chosen language (see :mod:`crmkit.frames`)."""
    frame = arrow_frame(con, sql_text(name), params)
    audit.log_result(con, name, params, list(frame.columns), len(frame))
    return frame


def arrow_frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> LabeledFrame:
    """Execute ``sql`` and convert the result through Arrow (see :func:`crmkit.frames.from_arrow`),
    about twice as fast as ``.df()``."""
    return from_arrow(arrow_table(con, sql, params))


def arrow_table(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pa.Table:
    """Execute ``sql`` and return the result as an Arrow table.

    Through ``con.sql``, whose Arrow output is not copied again (``con.execute(...).to_arrow_table()``
    copies every row once more, about 10 % of a large result's time). ``con.sql`` refuses to run
    while the connection holds an unfinished result (a user's ``con.execute(...).fetchone()``), so
    a tiny ``execute`` first supersedes any such result, as ``con.execute`` itself would. A
    statement without a result (DDL) gives an empty table."""
    con.execute("SELECT 1").fetchall()
    relation = con.sql(sql, params=params)
    return pa.table({}) if relation is None else relation.to_arrow_table()


def arrow_reader(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None,
                 batch_rows: int) -> pa.RecordBatchReader:
    """Execute ``sql`` and stream the result in Arrow batches of ``batch_rows`` (for large exports)."""
    with _quiet_arrow():
        return con.execute(sql, params).to_arrow_reader(batch_rows)


@contextlib.contextmanager
def _quiet_arrow() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)
        yield
