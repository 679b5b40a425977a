"""Reading an import file into text columns, whatever program wrote it.

:func:`read_file` opens a customer, order or transaction list that a teacher or student made in
Excel (``.xlsx``) or saved as text (``.csv``, ``.tsv``, ``.txt`` read as CSV) and returns a
:class:`RawTable`: one text column per column of the file, named by its header, plus ``_row``,
the row number the user sees (the Excel row, or the line in a text editor; the header is row 1).
Nothing is checked here beyond splitting rows into columns — :mod:`crmkit.data.imports.check`
checks the values.

What it copes with, so that students do not have to:

- encodings: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (which includes GBK, what
  Excel on Chinese Windows writes);
- delimiters: ``.tsv`` is tab-separated; ``.csv``/``.txt`` use commas unless the header line
  holds more semicolons or tabs; quoted fields may hold commas and line breaks;
- Excel cells: a phone typed as a number (13812345678.0) reads as ``"13812345678"``, date cells
  as ``"2024-03-05"`` or ``"2024-03-05 14:30:00"``; the first non-empty row is the header;
- spaces around values are removed and empty cells become null; blank rows are skipped (their
  row numbers still count, as in the editor); a row with fewer fields than the header is padded;
  a row with more (non-empty) fields than the header is set aside in ``bad_rows``.

Text files are split by Arrow's CSV reader, so a million-row file takes a second or two.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "customers.csv"
>>> _ = path.write_text("姓名,手机\\n 王小明 ,13800138000\\n\\n李娜,\\n", encoding="utf-8")
>>> raw = read_file(path)
>>> raw.table.to_pylist()
[{'姓名': '王小明', '手机': '13800138000', '_row': 2}, {'姓名': '李娜', '手机': None, '_row': 4}]
>>> raw.encoding
'utf-8'
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from crmkit.errors import CrmkitError

TEXT_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx",)
SUFFIXES: tuple[str, ...] = EXCEL_SUFFIXES + TEXT_SUFFIXES
WRONG_FIELD_COUNT = "wrong_field_count"  # reason code of a row with more fields than the header

_PREFIX_BYTES = 1 << 16     # enough of the file to find the header line
_CHUNK_BYTES = 1 << 24      # transcoding works through the file in pieces of this size
_ROW_TEXT_CHARS = 100       # a bad row's text is kept up to this length
_BLANK = " \t\r,;\u3000"     # a line of only these before the header is blank


@dataclass(frozen=True)
class RawTable:
    """A file split into rows and columns, every value still text.

    Attributes
    ----------
    path : the file as given
    table : one ``string`` column per column of the file, named by its header (stripped), values
        stripped, empty cells null; plus ``_row`` (int64), the row number the user sees
    encoding : the text encoding found (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"gb18030"``), ``None`` for Excel files
    sheet : the Excel sheet read, ``None`` for text files
    bad_rows : rows that could not be split into the header's columns, as
        ``(row, reason code, details)``, e.g. ``(7, "wrong_field_count", {"found": 5, "expected": 4,
        "text": "..."})``
    """

    path: Path
    table: pa.Table
    encoding: str | None
    sheet: str | None
    bad_rows: list[tuple[int, str, dict]] = field(default_factory=list)


def read_file(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read ``path`` (.xlsx, .csv, .tsv or .txt) into a :class:`RawTable`.

    Parameters
    ----------
    path : the file
    sheet : the Excel sheet to read (default: the first); ignored for text files
    """
    path = Path(path)
    if not path.is_file():
        raise CrmkitError("error.missing_file", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CrmkitError("import.bad_extension", path=str(path), valid=", ".join(SUFFIXES))
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    return _read_text(path, "\t" if suffix == ".tsv" else None)


# --- text files -------------------------------------------------------------------------------


def _is_utf8(buffer: pa.Buffer) -> bool:
    """Whether ``buffer`` is valid UTF-8 (checked by Arrow without copying the bytes)."""
    offsets = pa.array([0, buffer.size], pa.int64()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _transcode(data: bytes, encoding: str) -> pa.Buffer:
    """``data`` decoded from ``encoding`` and written back as UTF-8, a piece at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    out = pa.BufferOutputStream()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK_BYTES):
        out.write(decoder.decode(view[start:start + _CHUNK_BYTES]).encode("utf-8"))
    out.write(decoder.decode(b"", final=True).encode("utf-8"))
    return out.getvalue()


def _utf8(path: Path, data: bytes) -> tuple[pa.Buffer, str]:
    """The file's text as UTF-8 bytes (without BOM) and the encoding it was written in."""
    if data.startswith(codecs.BOM_UTF8):
        buffer, encoding = pa.py_buffer(data)[len(codecs.BOM_UTF8):], "utf-8-sig"
        if _is_utf8(buffer):
            return buffer, encoding
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        buffer = pa.py_buffer(data)
        if _is_utf8(buffer):
            return buffer, "utf-8"
        encoding = "gb18030"
    try:
        return _transcode(data, encoding), encoding
    except UnicodeDecodeError as exc:
        raise CrmkitError("import.bad_encoding", path=str(path), position=exc.start) from None


def _header(prefix: str, delimiter: str | None) -> tuple[int, list[str], int, str]:
    """Find the header in the first part of the text.

    Returns the number of blank lines before it, its fields, the number of lines it spans and
    the delimiter (``delimiter`` if given, else guessed from the header line).
    """
    lines = prefix.split("\n")
    blank = 0
    while blank < len(lines) - 1 and not lines[blank].strip(_BLANK):
        blank += 1
    if not lines[blank].strip(_BLANK):
        return blank, [], 0, delimiter or ","
    first = lines[blank]
    if delimiter is None:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(io.StringIO("\n".join(lines[blank:])), delimiter=delimiter)
    fields = next(reader)
    return blank, fields, reader.line_num, delimiter


def _read_text(path: Path, delimiter: str | None) -> RawTable:
    data = path.read_bytes()
    quoted = b'"' in data  # else no value can hold a line break
    buffer, encoding = _utf8(path, data)
    del data
    prefix = buffer[:_PREFIX_BYTES].to_pybytes().decode("utf-8", errors="ignore")
    blank, header, header_lines, delimiter = _header(prefix, delimiter)
    if not header:
        raise CrmkitError("import.empty_file", path=str(path))
    start = len("\n".join(prefix.split("\n")[:blank]).encode("utf-8")) + (1 if blank else 0)
    names = [f"c{i}" for i in range(len(header))]
    invalid: list[pa_csv.InvalidRow] = []

    def set_aside(row: pa_csv.InvalidRow) -> str:
        invalid.append(row)
        return "skip"

    table = pa_csv.read_csv(
        pa.BufferReader(buffer[start:]),
        read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                          invalid_row_handler=set_aside),
        convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                              strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    del buffer
    table, bad_rows = _number_rows(table, invalid, delimiter, blank, header_lines, quoted)
    return RawTable(path, _finish(header, _take_columns(table)), encoding, None, bad_rows)


def _number_rows(table: pa.Table, invalid: list, delimiter: str, blank: int, header_lines: int,
                 quoted: bool) -> tuple[pa.Table, list[tuple[int, str, dict]]]:
    """Drop the header record, add ``_row`` (the editor line where each record starts), pad short
    rows back in and turn long ones into ``bad_rows``.

    Arrow numbers records (header = 1, blank lines included) but reports the number only for rows
    it set aside; the others are the numbers left over. A record's editor line is its number plus
    the blank lines before the header plus the line breaks inside quoted values before it.
    """
    width = table.num_columns
    total = table.num_rows + len(invalid)
    set_aside = np.zeros(total + 1, dtype=bool)
    set_aside[np.array([row.number for row in invalid], dtype=np.int64)] = True
    numbers = np.flatnonzero(~set_aside[1:]) + 1       # record numbers of the rows Arrow kept
    breaks = np.zeros(total + 1, dtype=np.int64)         # line breaks inside each record
    if quoted:
        inside = [pc.count_substring(column, "\n") for column in table.columns]
        breaks[numbers] = functools.reduce(pc.add, inside).to_numpy()
    for row in invalid:
        breaks[row.number] = row.text.count("\n")
    breaks[1] = header_lines - 1
    lines = blank + np.arange(total + 1, dtype=np.int64) + np.concatenate([[0], np.cumsum(breaks)[:-1]])

    if numbers.size and numbers[0] == 1:                 # the header itself
        table, numbers = table.slice(1), numbers[1:]
    table = table.append_column("_row", pa.array(lines[numbers], pa.int64()))
    padded, bad_rows = [], []
    for row in invalid:
        if row.number == 1:
            continue
        fields = next(csv.reader(io.StringIO(row.text), delimiter=delimiter), [])
        if len(fields) > width and any(f.strip() for f in fields[width:]):
            bad_rows.append((int(lines[row.number]), WRONG_FIELD_COUNT,
                             {"found": len(fields), "expected": width, "text": row.text[:_ROW_TEXT_CHARS]}))
        else:
            padded.append([*(fields + [""] * width)[:width], int(lines[row.number])])
    if padded:
        types = [pa.string()] * width + [pa.int64()]
        values = zip(*padded, strict=True)
        extra = pa.table([pa.array(list(v), t) for v, t in zip(values, types, strict=True)], names=table.column_names)
        table = pa.concat_tables([table, extra]).sort_by("_row")
    return table, bad_rows


# --- Excel files ------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """An Excel cell as the text the user sees: whole numbers without ``.0``, dates in ISO form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return "" if value is None else str(value)


def _text_column(values: tuple) -> pa.Array:
    """One Excel column as text (cells that are already text are taken as they are)."""
    if all(isinstance(v, str) for v in values):
        return pa.array(values, pa.string())
    return pa.array([_cell_text(v) for v in values], pa.string())


def _read_excel(path: Path, sheet: str | None) -> RawTable:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise CrmkitError("import.bad_excel", path=str(path), reason=str(exc).splitlines()[0]) from None
    try:
        names = workbook.sheet_names
        if sheet is None:
            if not names:
                raise CrmkitError("import.empty_file", path=str(path))
            sheet = names[0]
        elif sheet not in names:
            raise CrmkitError("import.unknown_sheet", path=str(path), sheet=sheet, valid=", ".join(names))
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        workbook.close()
    top = next((i for i, row in enumerate(rows) if any(_cell_text(v).strip() for v in row)), None)
    if top is None:
        raise CrmkitError("import.empty_file", path=str(path))
    header = [_cell_text(v) for v in rows[top]]
    body = rows[top + 1:]
    width = max([len(header), *map(len, body)])
    header += [""] * (width - len(header))
    body = [row + [""] * (width - len(row)) if len(row) < width else row for row in body]
    columns = [_text_column(values) for values in zip(*body, strict=True)] if body else \
        [pa.array([], pa.string())] * width
    table = pa.table(columns + [pa.array(np.arange(top + 2, top + 2 + len(body)), pa.int64())],
                     names=[f"c{i}" for i in range(width)] + ["_row"])
    return RawTable(path, _finish(header, _take_columns(table)), None, sheet, [])


# --- both -------------------------------------------------------------------------------------


def _take_columns(table: pa.Table) -> list[pa.ChunkedArray]:
    """The table's columns as a list the caller may empty, so each is freed once it is replaced."""
    return list(table.columns)


def _clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Values stripped of surrounding spaces; empty ones null."""
    column = pc.utf8_trim_whitespace(column)
    empty = pc.equal(column, "")
    if pc.any(empty).as_py():
        column = pc.if_else(empty, pa.scalar(None, pa.string()), column)
    return column


def _finish(header: list[str], columns: list[pa.ChunkedArray]) -> pa.Table:
    """Strip values, turn empty ones into null, drop blank rows and unnamed empty columns, and
    name the columns by their headers (an unnamed column that holds data is called ``#<n>``).

    ``columns`` are the file's columns and then ``_row``; the list is emptied as it is used.
    """
    rows = columns.pop()
    names, kept = [], []
    for i, name in enumerate(header):
        column = _clean(columns.pop(0))
        name = name.replace("\ufeff", "").strip()
        if not name:
            if column.null_count == len(column):
                continue
            name = f"#{i + 1}"
        names.append(name)
        kept.append(column)
    table = pa.table(kept + [rows], names=names + ["_row"])
    del kept
    if names:
        blank = functools.reduce(pc.and_, [pc.is_null(table.column(i)) for i in range(len(names))])
        if pc.any(blank).as_py():
            table = table.filter(pc.invert(blank))
    return table
