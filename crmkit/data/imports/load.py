"""Importing a checked file: customers and orders into the user's scratch database, transactions
into a shop of their own.

``import_file(con, path, kind="customers")`` reads and checks the file
(:mod:`crmkit.data.imports.check`), then, in one transaction of the scratch database:

* records the run in ``imports`` and every problem in ``import_rejects`` (row, column, reason);
* masks phone, e-mail and address on the way in (``crmkit/data/masking.sql``) and keeps the
  phone's match key as the natural key of a customer (the file's order number for an order):
  a row seen before updates that customer or order if something changed, otherwise nothing
  happens, so importing the same file twice changes nothing;
* gives new customers ids from 900,000,001 and a customer code (编码) ``IM`` + registration
  channel id (2 digits, 00 when unknown) + registration year + sequence (7 digits), e.g.
  ``IM0220260000012``; new orders get ids from 9,000,000,000,001.

An order's customer may be written as a customer id, a customer code or a phone number; one
that matches no customer of the shop (course or imported) is rejected like any bad cell.
Rejected rows are also written, as they were in the file plus a column with the problem, to
``<file name>.rejects.csv`` next to the file (or ``rejects_file``; in the user's scratch folder when the
file's folder is read-only, as a lab's shared datasets are): correct that file and
import it again to add the fixed rows. Accepted + rejected = rows read, always.

Afterwards the connection's views include the imported rows (:mod:`crmkit.overlay`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from crmkit import config, i18n
from crmkit.data.imports.check import Checked, check_table, reason_texts
from crmkit.data.imports.read import read_file
from crmkit.data.store import masking_sql
from crmkit.db import refresh, scratch
from crmkit.errors import CrmkitError
from crmkit.queries import arrow_table

FIRST_CUSTOMER_ID = 900_000_001
FIRST_ORDER_ID = 9_000_000_000_001
SCRATCH_KINDS = ("customers", "orders")


@dataclass(frozen=True)
class ImportResult:
    """What one import did. ``rejects`` has one row per problem (file, row, column, value, reason)."""

    file: str
    kind: str
    rows_read: int
    accepted: int
    rejected: int
    added: int
    updated: int
    rejects: pd.DataFrame
    rejects_file: Path | None

    def summary(self, lang: str | None = None) -> str:
        """The three counts (and what changed) as one sentence, e.g. for the command line."""
        text = i18n.t("load.summary", lang, file=self.file, read=self.rows_read, accepted=self.accepted,
                      rejected=self.rejected, added=self.added, updated=self.updated)
        if self.rejects_file is not None:
            text += "\n" + i18n.t("load.rejects_written", lang, path=str(self.rejects_file))
        return text


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, kind: str = "customers", *,
                mapping: str | Path | dict | None = None, sheet: str | None = None,
                rejects_file: str | Path | None = None) -> ImportResult:
    """Import a customers or orders file (.xlsx, .csv, .tsv) into the user's scratch database.

    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> result = ck.data.import_file(con, "datasets/samples/customers_gbk.csv")  # doctest: +SKIP
    >>> print(result.summary())                                               # doctest: +SKIP
    """
    if kind not in SCRATCH_KINDS:
        raise CrmkitError("load.bad_kind", kind=kind, valid=", ".join(SCRATCH_KINDS))
    raw = read_file(path, sheet=sheet)
    checked = check_table(con, raw, kind, mapping=mapping)
    con.execute(masking_sql())
    with scratch(con):
        con.execute("BEGIN TRANSACTION")
        try:
            import_id = con.execute(
                "INSERT INTO scratch.imports (file, kind, rows_read, accepted, rejected, added, updated) "
                "VALUES (?, ?, 0, 0, 0, 0, 0) RETURNING import_id", [str(raw.path), kind]).fetchone()[0]
            accepted, extra = checked.accepted, None
            if kind == "orders":
                accepted, extra = _resolve_customers(con, checked)
            rejects = checked.rejects if extra is None else pa.concat_tables([checked.rejects, extra])
            added, updated = (_upsert_customers if kind == "customers" else _upsert_orders)(con, accepted, import_id)
            rejected = len(set(rejects.column("row").to_pylist()))
            _record(con, import_id, rejects, checked.rows_read, accepted.num_rows, rejected, added, updated)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    refresh(con)
    written = write_rejects(raw, rejects, rejects_file) if rejects.num_rows else None
    return ImportResult(str(raw.path), kind, checked.rows_read, accepted.num_rows, rejected, added, updated,
                        rejects_frame(rejects), written)


def imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import into this shop so far: ``import_id, file, kind, imported_at, rows_read, accepted,
    rejected, added, updated``, newest first."""
    with scratch(con):
        return con.execute("SELECT * FROM scratch.imports ORDER BY import_id DESC").df()


def rejects(con: duckdb.DuckDBPyConnection, import_id: int | None = None, *, lang: str | None = None) -> pd.DataFrame:
    """The rejected rows of an import (default: the latest) with their reason in the chosen language."""
    with scratch(con):
        run = import_id or con.execute("SELECT max(import_id) FROM scratch.imports").fetchone()[0]
        table = arrow_table(con, 'SELECT file, row_number AS "row", column_name AS "column", value, reason, detail '
                                 "FROM scratch.import_rejects WHERE import_id = ? ORDER BY row_number", [run])
    return rejects_frame(table, lang)


def rejects_frame(rejects: pa.Table, lang: str | None = None) -> pd.DataFrame:
    """The rejects with their reason as a sentence in the chosen language."""
    frame = rejects.select(["file", "row", "column", "value"]).to_pandas()
    frame["reason"] = reason_texts(rejects, lang)
    return frame


class _Registered:
    """An Arrow table visible to SQL under a unique name for the duration of a ``with`` block."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: pa.Table) -> None:
        self.con, self.table, self.name = con, table, f"crmkit_incoming_{uuid.uuid4().hex}"

    def __enter__(self) -> str:
        self.con.register(self.name, self.table)
        return self.name

    def __exit__(self, *exc: object) -> None:
        self.con.unregister(self.name)


def _resolve_customers(con: duckdb.DuckDBPyConnection, checked: Checked) -> tuple[pa.Table, pa.Table]:
    """Orders with the customer id their customer column names; rows naming no customer become rejects."""
    with _Registered(con, checked.accepted) as incoming:
        resolved = arrow_table(con, f"""
            SELECT i.*, coalesce(by_id.customer_id, by_code.customer_id, by_phone.customer_id) AS customer_id
            FROM {incoming} i
            LEFT JOIN customers by_id ON by_id.customer_id = try_cast(i.customer AS INTEGER)
            LEFT JOIN customers by_code ON by_code.customer_code = upper(i.customer)
            LEFT JOIN customer_keys by_phone
                   ON by_phone.phone_key = phone_key(right(regexp_replace(i.customer, '[^0-9]', '', 'g'), 11))
            ORDER BY i._row""")
    found = pc.is_valid(resolved.column("customer_id"))
    missing = resolved.filter(pc.invert(found))
    n = missing.num_rows
    extra = pa.table({"file": pa.array([checked.path.name] * n, pa.string()), "row": missing.column("_row"),
                      "column": pa.array([checked.columns.get("customer", "")] * n, pa.string()),
                      "value": missing.column("customer"), "reason": pa.array(["unknown_customer"] * n, pa.string()),
                      "detail": pa.nulls(n, pa.string())}).cast(checked.rejects.schema)
    return resolved.filter(found), extra


CUSTOMER_FIELDS = ("customer_ref", "name", "gender", "birthday", "phone", "email", "province_code", "city_id",
                   "city", "address", "source_id", "channel_id")
ORDER_FIELDS = ("customer_id", "channel_id", "status", "ordered_at", "total", "quantity")


def _upsert_customers(con: duckdb.DuckDBPyConnection, accepted: pa.Table, import_id: int) -> tuple[int, int]:
    staged = """
        SELECT phone_key(i.phone) AS phone_key, i.customer_ref, i.name, i.gender, i.birthday,
               mask_phone(i.phone) AS phone, mask_email(i.email) AS email, i.province_code, i.city_id, i.city,
               mask_address(coalesce(p.name_zh, '') || coalesce(i.city, ''), i.address) AS address,
               i.source_id, i.channel_id,
               coalesce(i.registered_at, current_localtimestamp()::TIMESTAMP) AS registered_at, i._row
        FROM {incoming} i
        LEFT JOIN provinces p USING (province_code)"""
    code = (f"'IM' || lpad(coalesce(channel_id, 0)::VARCHAR, 2, '0') || year(registered_at)::VARCHAR"
            f" || lpad((customer_id - {FIRST_CUSTOMER_ID - 1})::VARCHAR, 7, '0')")
    insert = f"customer_id, {code}, phone_key, {', '.join(CUSTOMER_FIELDS)}, registered_at, registered_at"
    return _upsert(con, accepted, staged, import_id, table="imported_customers", key="phone_key",
                   fields=CUSTOMER_FIELDS, id_column="customer_id", first_id=FIRST_CUSTOMER_ID, insert=insert,
                   touch="contact_updated_at = current_localtimestamp(), ")


def _upsert_orders(con: duckdb.DuckDBPyConnection, accepted: pa.Table, import_id: int) -> tuple[int, int]:
    staged = """
        SELECT i.order_ref, i.customer_id::INTEGER AS customer_id, coalesce(i.channel_id, c.channel_id) AS channel_id,
               i.status, i.ordered_at, i.amount AS total, i.quantity, i._row
        FROM {incoming} i
        LEFT JOIN customers c USING (customer_id)"""
    insert = f"order_id, order_ref, {', '.join(ORDER_FIELDS)}"
    return _upsert(con, accepted, staged, import_id, table="imported_orders", key="order_ref", fields=ORDER_FIELDS,
                   id_column="order_id", first_id=FIRST_ORDER_ID, insert=insert)


def _upsert(con: duckdb.DuckDBPyConnection, accepted: pa.Table, staged: str, import_id: int, *, table: str,
            key: str, fields: tuple[str, ...], id_column: str, first_id: int, insert: str,
            touch: str = "") -> tuple[int, int]:
    """Update the rows of ``scratch.<table>`` whose ``key`` comes again with other values; add the new
    ones with ids from ``first_id``. Returns (added, updated)."""
    with _Registered(con, accepted) as incoming:
        con.execute(f"CREATE OR REPLACE TEMP TABLE crmkit_staged AS {staged.format(incoming=incoming)}")
    try:
        old, new = ", ".join(f"t.{f}" for f in fields), ", ".join(f"s.{f}" for f in fields)
        updated = con.execute(f"""
            UPDATE scratch.{table} t
            SET {", ".join(f"{f} = s.{f}" for f in fields)}, {touch}import_id = $import_id, source_row = s._row
            FROM crmkit_staged s
            WHERE t.{key} = s.{key} AND ({old}) IS DISTINCT FROM ({new})""", {"import_id": import_id}).fetchone()[0]
        added = con.execute(f"""
            INSERT INTO scratch.{table}
            SELECT {insert}, $import_id, _row
            FROM (SELECT s.*,
                         (SELECT coalesce(max({id_column}), {first_id - 1}) FROM scratch.{table})
                           + row_number() OVER (ORDER BY s._row) AS {id_column}
                  FROM crmkit_staged s
                  WHERE s.{key} NOT IN (SELECT {key} FROM scratch.{table}))
            ORDER BY {id_column}""", {"import_id": import_id}).fetchone()[0]
    finally:
        con.execute("DROP TABLE IF EXISTS crmkit_staged")
    return added, updated


def _record(con: duckdb.DuckDBPyConnection, import_id: int, rejects: pa.Table, rows_read: int, accepted: int,
            rejected: int, added: int, updated: int) -> None:
    if accepted + rejected != rows_read:  # the promise of every import; never silently broken
        raise RuntimeError(f"import {import_id}: {accepted} accepted + {rejected} rejected != {rows_read} read")
    con.execute("UPDATE scratch.imports SET rows_read = ?, accepted = ?, rejected = ?, added = ?, updated = ? "
                "WHERE import_id = ?", [rows_read, accepted, rejected, added, updated, import_id])
    with _Registered(con, rejects) as table:
        con.execute(f'INSERT INTO scratch.import_rejects SELECT $import_id, file, "row", "column", value, reason, '
                    f'detail FROM {table}', {"import_id": import_id})


def write_rejects(raw, rejects: pa.Table, target: str | Path | None) -> Path:
    """The rejected rows as they were in the file, plus a column saying what is wrong (UTF-8 with BOM)."""
    path = Path(target) if target else raw.path.with_name(raw.path.stem + ".rejects.csv")
    rows = sorted(set(rejects.column("row").to_pylist()))
    table = raw.table.filter(pc.is_in(raw.table.column("_row"), pa.array(rows, pa.int64())))
    problems: dict[int, list[str]] = {}
    for row, text in zip(rejects.column("row").to_pylist(), reason_texts(rejects), strict=True):
        problems.setdefault(row, []).append(text)
    extra = pa.array(["; ".join(problems[r]) for r in table.column("_row").to_pylist()], pa.string())
    table = table.drop_columns(["_row"]).append_column(i18n.t("load.problem_column"), extra)
    try:
        return _write_csv(table, path)
    except OSError:
        if target:  # the user named the file: say that it cannot be written
            raise
        # next to a file in a read-only folder (a lab's shared datasets): the user's scratch folder instead
        config.scratch_home().mkdir(parents=True, exist_ok=True)
        return _write_csv(table, config.scratch_home() / path.name)


def _write_csv(table: pa.Table, path: Path) -> Path:
    with open(path, "wb") as handle:
        handle.write("\ufeff".encode())
        pa_csv.write_csv(table, handle)
    return path
