"""客户名册 The customer roster: every customer in one file, for Excel (.xlsx) or any spreadsheet (.csv).

The roster reads the connection's ``customers`` view, so a student's export is masked
(``138****5678``) and only a teacher connection (``ck.connect(shop, role="teacher")``) exports
full phone numbers, e-mails and addresses. Handle a teacher's roster as personal data.

* ``.csv`` is written as UTF-8 with a byte-order mark, which Excel on Chinese Windows needs to
  show Chinese text; it streams, so a million customers take about a second or two. Excel shows
  an unmasked 11-digit phone of a teacher's roster as a number (1.39E+10); open such a file
  through Excel's text import, or export .xlsx, where phones stay text.
* ``.xlsx`` holds at most 1,048,575 customers (an Excel sheet has 1,048,576 rows, one of them
  the header); a larger roster is an error that suggests .csv. openpyxl writes a few thousand
  customers a second, so a large roster takes minutes as .xlsx.

The file appears complete or not at all: it is written under a temporary name first, and like
that temporary file it is readable by its owner only (it may hold personal data).

Examples
--------
>>> import crmkit as ck, tempfile, pathlib
>>> from crmkit.data.roster import export_roster
>>> con = ck.connect("mall")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
>>> export_roster(con, path, lang="en") == con.execute("SELECT count(*) FROM customers").fetchone()[0]
True
>>> import pandas as pd
>>> list(pd.read_csv(path, encoding="utf-8-sig", nrows=1).columns[:3])
['Customer code', 'Name', 'Gender']
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from crmkit import audit, i18n, queries
from crmkit.errors import CrmkitError
from crmkit.frames import header

__all__ = ["FORMATS", "XLSX_MAX_ROWS", "export_roster"]

#: File types the roster can be written as (by the file name's ending).
FORMATS: tuple[str, ...] = (".xlsx", ".csv")
#: Data rows an Excel sheet can hold below its header row.
XLSX_MAX_ROWS = 1_048_575
BATCH_ROWS = 100_000
BOM = b"\xef\xbb\xbf"


@contextlib.contextmanager
def _language(lang: str | None) -> Iterator[None]:
    if lang is None:
        yield
    else:
        with i18n.language(lang):
            yield


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file next to ``path`` that replaces ``path`` when the block succeeds."""
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _batches(con: duckdb.DuckDBPyConnection) -> pa.RecordBatchReader:
    """The roster query's rows in batches (SQL: ``customers/roster``); ``con.execute`` as in
    :func:`crmkit.queries.arrow_frame`, whose note on DuckDB's copy warning applies here too."""
    sql = queries.sql_text("customers/roster")
    names = queries.label_map("gender", ("F", "M"))
    return queries.arrow_reader(con, sql, {"lang": i18n.get_language(), "gender_names": names}, BATCH_ROWS)


def _headers(schema: pa.Schema) -> list[str]:
    return [header(name) for name in schema.names]


def _write_csv(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    rows = 0
    reader = _batches(con)
    schema = pa.schema([field.with_name(h) for field, h in zip(reader.schema, _headers(reader.schema), strict=True)])
    with target.open("wb") as out:
        out.write(BOM)
        with pacsv.CSVWriter(out, schema, write_options=pacsv.WriteOptions(quoting_style="needed")) as writer:
            for batch in reader:
                writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
                rows += batch.num_rows
    return rows


def _write_xlsx(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    from openpyxl import Workbook

    total = con.execute("SELECT count(*) FROM customers").fetchone()[0]
    if total > XLSX_MAX_ROWS:
        raise CrmkitError("roster.too_many_rows", rows=total, limit=XLSX_MAX_ROWS)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(i18n.t("roster.sheet"))
    reader = _batches(con)
    sheet.append(_headers(reader.schema))
    rows = 0
    for batch in reader:
        columns = [column.to_pylist() for column in batch.columns]
        for row in zip(*columns, strict=True):
            sheet.append(row)
        rows += batch.num_rows
    book.save(target)
    return rows


def export_roster(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, *, lang: str | None = None) -> int:
    """Write the customer roster (客户名册) to ``path`` (.xlsx or .csv); returns the customers written.

    Parameters
    ----------
    con : a connection from ``ck.connect()`` (a student's roster is masked, a teacher's is not)
    path : the file to write, ending in ``.xlsx`` or ``.csv``; an existing file is replaced,
        missing folders are created
    lang : ``"zh"`` or ``"en"`` for the headers, genders and place and channel names (default:
        the language in use)

    Columns, one row per customer by id: customer code, name, gender, birthday, phone, e-mail,
    province, city, address, registration channel, registration time, paid orders and their
    total spend; the headers are the catalog texts ``column.<name>`` of the columns of the SQL
    ``customers/roster``.
    """
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise CrmkitError("roster.bad_format", path=str(path), valid=", ".join(FORMATS))
    target.parent.mkdir(parents=True, exist_ok=True)
    with _language(lang), _replacing(target) as temp:
        rows = (_write_csv if suffix == ".csv" else _write_xlsx)(con, temp)
    audit.log(con, "export roster", str(target), rows)  # a teacher's roster holds unmasked contacts
    return rows
