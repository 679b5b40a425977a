"""The CDNOW transactions format: read it, recognise it, and build a shop from it.

CDNOW was an online music shop. The CDNOW sample (Fader, Hardie & Lee 2005; shipped in
``datasets/cdnow/``) holds every purchase of 2,357 customers who first bought in the first
quarter of 1997, up to the end of June 1998; it is the classic data set of the customer-base
models (Pareto/NBD, BG/NBD, Gamma-Gamma). Each line is one purchase, five fields separated by
spaces, no header::

     00004 0001 19970101  2   29.33

master customer id, sample customer id, date (YYYYMMDD), number of CDs, dollar value. The
format is fixed, so a line that does not read is an error naming the file and the line (there
is no rejects file, unlike the CSV importer).

Examples
--------
>>> from crmkit.data.imports import cdnow
>>> table = cdnow.read_cdnow(cdnow.sample_path())
>>> table.num_rows, table.column_names
(6919, ['customer', 'date', 'quantity', 'amount', '_row'])
>>> cdnow.looks_like_cdnow(cdnow.sample_path())
True
>>> cdnow.import_cdnow(cdnow.sample_path())  # writes <CRMKIT_HOME>/cdnow.duckdb  # doctest: +SKIP
{'customers': 2357, 'orders': 6919, 'rows': 16195}
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from crmkit import config, i18n
from crmkit.data.imports.transaction_shop import build_transaction_shop
from crmkit.errors import CrmkitError

#: A CDNOW line: master id, sample id, YYYYMMDD, number of CDs, dollar value.
LINE = re.compile(r"\s*(\d+)\s+(\d+)\s+(\d{8})\s+(\d+)\s+(\d+(?:\.\d+)?)\s*")
_AMOUNT = re.compile(r"\d{1,10}(?:\.\d{1,2})?")
SNIFF_LINES = 5  # non-blank lines looks_like_cdnow checks
SNIFF_BYTES = 64 * 1024

SCHEMA = pa.schema([("customer", pa.string()), ("date", pa.timestamp("us")), ("quantity", pa.int32()),
                    ("amount", pa.decimal128(12, 2)), ("_row", pa.int64())])


def sample_path() -> Path:
    """The CDNOW sample shipped with the course (``datasets/cdnow/CDNOW_sample.txt``)."""
    return config.datasets_dir() / "cdnow" / "CDNOW_sample.txt"


def _parse(path: Path, number: int, text: str) -> tuple:
    """One purchase ``(customer, date, quantity, amount)`` from line ``number``, or an error saying what is wrong."""
    fields = text.split()
    where = {"path": str(path), "line": number}
    if len(fields) != 5:
        raise CrmkitError("shops.cdnow.bad_fields", **where, found=len(fields), text=text.strip()[:80])
    master, sample, day, cds, dollars = fields
    if not (master.isascii() and master.isdigit() and sample.isascii() and sample.isdigit()):
        raise CrmkitError("shops.cdnow.bad_id", **where, master=master, sample=sample)
    try:
        if not (len(day) == 8 and day.isascii() and day.isdigit()):
            raise ValueError(day)
        date = datetime.datetime.strptime(day, "%Y%m%d")
    except ValueError:
        raise CrmkitError("shops.cdnow.bad_date", **where, value=day) from None
    if not (cds.isascii() and cds.isdigit() and 0 < int(cds) <= 2**31 - 1):
        raise CrmkitError("shops.cdnow.bad_quantity", **where, value=cds)
    if not _AMOUNT.fullmatch(dollars):
        raise CrmkitError("shops.cdnow.bad_amount", **where, value=dollars)
    return master, date, int(cds), Decimal(dollars)


def read_cdnow(path: str | Path) -> pa.Table:
    """The purchases of a CDNOW file as an Arrow table, one row per non-blank line.

    Parameters
    ----------
    path : a CDNOW file (e.g. :func:`sample_path`)

    Returns
    -------
    pyarrow.Table
        * ``customer`` (string) — the master customer id as written (``"00004"``);
        * ``date`` (timestamp) — the purchase day at midnight;
        * ``quantity`` (int32) — number of CDs;
        * ``amount`` (decimal 12,2) — dollar value;
        * ``_row`` (int64) — the line number in the file (1 is the first line).

        The sample customer id is left out (it numbers the same customers 1-2357).

    Raises
    ------
    CrmkitError
        if the file is missing, holds no purchases, or a line is not a CDNOW purchase (the
        message names the file and the line).
    """
    path = Path(path)
    if not path.is_file():
        raise CrmkitError("error.missing_file", path=str(path))
    rows = []
    with open(path, encoding="utf-8", errors="replace", newline=None) as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                rows.append((*_parse(path, number, text), number))
    if not rows:
        raise CrmkitError("shops.cdnow.empty", path=str(path))
    columns = list(zip(*rows, strict=True))
    return pa.Table.from_arrays([pa.array(values, field.type) for values, field in zip(columns, SCHEMA, strict=True)],
                                schema=SCHEMA)


def looks_like_cdnow(path: str | Path) -> bool:
    """True if the first non-blank lines of ``path`` (up to 5) are CDNOW purchases.

    This is how a transactions import picks the CDNOW reader rather than the CSV one; a file
    that cannot be read as text is not CDNOW.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    lines = head.decode("utf-8", errors="replace").splitlines()
    if len(head) == SNIFF_BYTES:
        lines = lines[:-1]  # the last line may be cut short
    lines = [line for line in lines if line.strip()][:SNIFF_LINES]
    return bool(lines) and all(LINE.fullmatch(line) for line in lines)


def import_cdnow(path: str | Path, shop: str = "cdnow") -> dict:
    """Read a CDNOW file and build the shop ``shop`` from it (amounts in USD).

    Afterwards ``ck.connect(shop)`` opens it like any other shop. Building again replaces the
    shop (atomically). See :func:`crmkit.data.imports.transaction_shop.build_transaction_shop`
    for what the shop holds.

    Returns
    -------
    dict
        ``{"customers": n, "orders": m, "rows": rows written}``
    """
    path = Path(path)
    return build_transaction_shop(
        shop, read_cdnow(path),
        name_zh=i18n.t("shops.cdnow.name", lang="zh"), name_en=i18n.t("shops.cdnow.name", lang="en"),
        currency="USD", product_zh="CD 唱片", product_en="CD", source_note=f"CDNOW: {path.name}")
