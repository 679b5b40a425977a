"""Importing a transactions file as a shop of its own (``crmkit data import FILE --kind transactions --shop S``).

Two formats: the CDNOW sample's fixed layout (recognised by its lines; see
:mod:`crmkit.data.imports.cdnow`), or any .csv/.tsv/.xlsx with customer, date and amount columns
(and optionally quantity; headers in Chinese or English). The second is checked like every
import: rows with problems are rejected with the reason and written to ``<file>.rejects.csv``;
the accepted rows become the shop (:mod:`crmkit.data.imports.transaction_shop`), which
``ck.connect(shop)`` then opens like any other. Importing again replaces the shop.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from crmkit import config
from crmkit.data.imports.cdnow import import_cdnow, looks_like_cdnow
from crmkit.data.imports.check import REJECTS_SCHEMA, check_table
from crmkit.data.imports.load import ImportResult, rejects_frame, write_rejects
from crmkit.data.imports.read import read_file
from crmkit.data.imports.transaction_shop import build_transaction_shop
from crmkit.errors import CrmkitError


def import_transactions(path: str | Path, shop: str | None, *, mapping: str | Path | dict | None = None,
                        sheet: str | None = None, rejects_file: str | Path | None = None) -> ImportResult:
    """Build the shop ``shop`` from a transactions file; returns the counts like any import."""
    if not shop:
        raise CrmkitError("load.needs_shop")
    config.check_imported_name(shop)
    if looks_like_cdnow(path):
        built = import_cdnow(path, shop)
        return ImportResult(str(path), "transactions", built["orders"], built["orders"], 0, built["orders"], 0,
                            rejects_frame(REJECTS_SCHEMA.empty_table()), None)
    raw = read_file(path, sheet=sheet)
    con = duckdb.connect()  # transactions match no reference table; an empty database does the checking
    try:
        checked = check_table(con, raw, "transactions", mapping=mapping)
    finally:
        con.close()
    rows = checked.accepted.num_rows
    if rows:
        build_transaction_shop(shop, checked.accepted, name_zh=shop, name_en=shop, source_note=Path(path).name)
    rejected = len(set(checked.rejects.column("row").to_pylist()))
    written = write_rejects(raw, checked.rejects, rejects_file) if checked.rejects.num_rows else None
    return ImportResult(str(raw.path), "transactions", checked.rows_read, rows, rejected, rows, 0,
                        rejects_frame(checked.rejects), written)

