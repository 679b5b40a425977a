"""Connections: the shop's course database read-only, plus the user's writable scratch database.

``connect()`` returns a plain DuckDB connection (students can write ``con.sql("...")``). Its own
database is in memory and holds one view per course table, so ``SELECT * FROM customers`` works;
the course file is attached read-only as ``course``, which is what lets a 50-seat lab (or a
parallel report batch) open the same file at once.

The scratch database (follow-up tasks, manual tags, imports) is a small file per user and shop.
DuckDB lets only one process hold a file for writing, and a student often has two notebooks
open, so the scratch file is attached only while it is used — :func:`scratch` — and detached
right after; a writer that finds it busy waits briefly and retries.

Examples
--------
>>> import crmkit as ck
>>> con = ck.connect("mall")
>>> con.execute("SELECT count(*) > 0 FROM customers").fetchone()[0]
True
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb

from crmkit import audit, config, i18n
from crmkit.errors import CrmkitError

LOCK_WAIT_SECONDS = 15.0


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


@cache
def _kernel_temp_root() -> Path:
    """This process's folder for DuckDB spill files, removed when the process exits."""
    root = Path(tempfile.gettempdir()) / f"crmkit-{getpass.getuser()}" / f"pid-{os.getpid()}"
    root.mkdir(parents=True, exist_ok=True)
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def connect(shop: str = "mall", role: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open ``shop`` for analysis.

    Parameters
    ----------
    shop : a generated shop (``crmkit.config.SHOPS``; "mall" is Company A's online mall) or a shop
        imported from a transactions file (``crmkit.config.available_shops()``)
    role : "student" (default, from ``CRMKIT_ROLE``) sees masked contact data; "teacher" also
        opens the unmasked private file.

    If the course database is missing it is built first (a message says so; it takes seconds).
    """
    config.check_shop(shop)
    role = (role or config.current_role()).strip().lower()
    if role not in config.ROLES:
        raise CrmkitError("error.unknown_role", role=role, valid=", ".join(config.ROLES))
    course = config.course_db_path(shop)
    _ensure_built(shop, course)
    temp = tempfile.mkdtemp(prefix="con-", dir=_kernel_temp_root())
    con = duckdb.connect(":memory:", config={"temp_directory": temp})
    try:
        _attach_read_only(con, shop, course, "course", "shop_info")
        if role == "teacher":
            _attach_read_only(con, shop, config.private_db_path(shop), "private", "customer_contacts")
        scratch_path = config.scratch_db_path(shop)
        con.execute(f"SET VARIABLE crmkit_shop = {_quote(shop)}")
        con.execute(f"SET VARIABLE crmkit_role = {_quote(role)}")
        con.execute(f"SET VARIABLE crmkit_scratch = {_quote(scratch_path)}")
        ensure_scratch(con)
        refresh(con)
        if role == "teacher":
            audit.log(con, "connect", str(config.private_db_path(shop)))
    except BaseException:
        con.close()
        raise
    return con


def _ensure_built(shop: str, course: Path) -> None:
    """Build a missing course file; rebuild one an older crmkit generated (its tables differ)."""
    from crmkit.data.build import GENERATOR_VERSION, build, built_with

    if not course.exists():
        print(i18n.t("db.building", shop=shop, path=str(course)), flush=True)
        build(shop)
        return
    previous = built_with(course)
    if previous is not None and previous["generator_version"] != GENERATOR_VERSION:
        build(shop)  # says what it does, keeps size and seed


HEADER_BYTES = 3 * 4096  # DuckDB's file header before the first block


def _check_complete(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """Fail if the file is shorter than the blocks its header says it has (a truncated copy)."""
    block_size, blocks = con.execute(
        "SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = ?", [name]
    ).fetchone()
    expected = HEADER_BYTES + block_size * blocks
    if path.stat().st_size < expected:
        raise duckdb.IOException(f"file has {path.stat().st_size} bytes, its header describes {expected}")


def _attach_read_only(con: duckdb.DuckDBPyConnection, shop: str, path: Path, alias: str, probe: str) -> None:
    """Attach ``path`` read-only as ``alias``; a damaged file becomes an error saying how to rebuild."""
    try:
        con.execute(f"ATTACH {_quote(path)} AS {alias} (READ_ONLY)")
        _check_complete(con, alias, path)
        con.execute(f"SELECT count(*) FROM {alias}.{probe}").fetchone()
    except duckdb.Error as exc:
        raise CrmkitError("error.corrupt_db", shop=shop, path=str(path), reason=str(exc).splitlines()[0]) from None


UNMASKED = {
    # table -> (private table, key, columns replaced by their unmasked value)
    "customers": ("customer_contacts", "customer_id", ("phone", "email", "address")),
    "staging_customers": ("staging_contacts", "raw_id", ("phone", "address")),
}


def _base_selects(con: duckdb.DuckDBPyConnection, role: str) -> dict[str, str]:
    """The SELECT behind each course view: the course table, unmasked through the private file for teachers."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'course' ORDER BY table_name").fetchall()]
    selects = {}
    for table in tables:
        if role == "teacher" and table in UNMASKED:
            private, key, cols = UNMASKED[table]
            replace = ", ".join(f"p.{c} AS {c}" for c in cols)
            selects[table] = (f"SELECT t.* REPLACE ({replace}) "
                              f"FROM course.main.{table} t LEFT JOIN private.main.{private} p USING ({key})")
        else:
            selects[table] = f"SELECT * FROM course.main.{table}"
    return selects


def _create_views(con: duckdb.DuckDBPyConnection, role: str) -> None:
    for table, select in _base_selects(con, role).items():
        con.execute(f"CREATE OR REPLACE VIEW main.{table} AS {select}")


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Define the views again, with the user's imports (see :mod:`crmkit.overlay`) if there are any."""
    from crmkit import overlay

    role = con.execute("SELECT getvariable('crmkit_role')").fetchone()[0]
    _create_views(con, role)
    with scratch(con):
        overlay.apply(con, _base_selects(con, role))


def _attach_with_retry(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.02
    while True:
        try:
            con.execute(f"ATTACH {_quote(path)} AS scratch")
            return
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise CrmkitError("error.scratch_busy", path=str(path)) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def scratch(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """Attach the user's scratch database as ``scratch`` for the duration of a ``with`` block.

    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> with scratch(con) as name:
    ...     con.execute(f"SELECT count(*) >= 0 FROM {name}.tasks").fetchone()[0]
    True
    """
    attached = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'scratch'").fetchone()[0]
    if attached:
        yield "scratch"
        return
    path = Path(con.execute("SELECT getvariable('crmkit_scratch')").fetchone()[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    _attach_with_retry(con, path)
    try:
        yield "scratch"
    finally:
        con.execute("DETACH scratch")


def ensure_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """Create the scratch tables if this user's scratch database is new."""
    from crmkit.data.store import schema_sections

    with scratch(con):
        con.execute("USE scratch")
        try:
            con.execute(schema_sections()["scratch"])
        finally:
            con.execute("USE memory")
