"""Checking every row of an import file: typed rows that pass, and every problem of the others.

:func:`check_file` reads a file (:mod:`~crmkit.data.imports.read`), finds the column of each
field (:mod:`~crmkit.data.imports.fields`) and checks all rows at once in DuckDB (the value
rules are in :mod:`~crmkit.data.imports.parse`). The result, :class:`Checked`, holds

- ``accepted``: the rows without any problem, typed (dates as DATE/TIMESTAMP, amounts as
  DECIMAL(12,2), province, city, channel and source as the shop's ids), plus ``_row``;
- ``rejects``: one row per problem — a row with a bad phone and a bad date has two — with the
  row number, the column as written in the file, the value, a reason code and a detail.

Nothing is written to any database; the connection only supplies the shop's provinces, cities,
channels and sources. :func:`reason_texts` turns rejects into sentences for students.

Reason codes: ``required``, ``bad_phone``, ``bad_email``, ``bad_date``, ``date_out_of_range``
(detail: the allowed range), ``bad_gender``, ``bad_number``, ``negative``, ``bad_quantity``,
``unknown_province`` (detail: some valid names), ``unknown_channel``/``unknown_source``/
``bad_status`` (detail: the valid names), ``duplicate_in_file`` (detail: the earlier row with
the same phone or order number) and, for a row that could not be split into the header's
columns, ``wrong_field_count`` (column ``""``, value: the row's text, detail ``"found/expected"``).

Examples
--------
>>> import crmkit, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "customers.csv"
>>> _ = path.write_text("姓名,手机,生日\\n王小明,138 0013 8000,1990/5/1\\n李娜,1381234,1990-13-01\\n",
...                     encoding="utf-8")
>>> checked = check_file(crmkit.connect("mall"), path, "customers")
>>> checked.accepted.select(["name", "phone", "birthday", "_row"]).to_pylist()
[{'name': '王小明', 'phone': '13800138000', 'birthday': datetime.date(1990, 5, 1), '_row': 2}]
>>> checked.rejects.select(["row", "column", "value", "reason"]).to_pylist()  # doctest: +NORMALIZE_WHITESPACE
[{'row': 3, 'column': '手机', 'value': '1381234', 'reason': 'bad_phone'},
 {'row': 3, 'column': '生日', 'value': '1990-13-01', 'reason': 'bad_date'}]
>>> reason_texts(checked.rejects, "en")[0]
"Row 3, column '手机': '1381234' is not a valid mobile number (11 digits starting with 13-19)"
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmkit import i18n
from crmkit.analytics.params import listing
from crmkit.data.imports import parse
from crmkit.data.imports.fields import kind_spec, match_columns
from crmkit.data.imports.read import RawTable, read_file

FIRST_DAY = dt.date(1900, 1, 1)   # no date before this is believed
LAST_DAY = dt.date(2099, 12, 31)  # nor after this (birthdays: after today)
PROVINCE_EXAMPLES = 6             # how many valid provinces an unknown_province detail lists

REJECTS_SCHEMA = pa.schema([("file", pa.string()), ("row", pa.int64()), ("column", pa.string()),
                            ("value", pa.string()), ("reason", pa.string()), ("detail", pa.string())])


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one file.

    Attributes
    ----------
    path, kind, encoding : the file, its kind, its text encoding (``None`` for Excel)
    rows_read : data rows in the file (blank rows not counted) = accepted rows + rejected rows
    accepted : the rows without problems, canonical field names, typed, plus ``_row``
    rejects : ``file`` (the file's name), ``row, column, value, reason, detail`` — one row per problem
    columns : ``{field: header in the file}`` of the columns used
    ignored_columns : headers that matched no field (left out)
    """

    path: Path
    kind: str
    encoding: str | None
    rows_read: int
    accepted: pa.Table
    rejects: pa.Table
    columns: dict[str, str]
    ignored_columns: list[str]


def check_file(con: duckdb.DuckDBPyConnection, path: str | Path, kind: str, *,
               mapping: str | Path | Mapping[str, str] | None = None, sheet: str | None = None) -> Checked:
    """Read ``path`` and check it as a file of ``kind`` ("customers", "orders", "transactions").

    ``con`` is a crmkit connection (``crmkit.connect(shop)``) whose provinces, cities, channels
    and sources the values are matched to. ``mapping`` (a dict or a TOML file with a
    ``[columns]`` table) says which header means which field where the usual names do not fit;
    ``sheet`` picks an Excel sheet (default: the first).
    """
    kind_spec(kind)  # an unknown kind is an error before the file is read
    return check_table(con, read_file(path, sheet=sheet), kind, mapping=mapping)


def check_table(con: duckdb.DuckDBPyConnection, raw: RawTable, kind: str, *,
                mapping: str | Path | Mapping[str, str] | None = None) -> Checked:
    """:func:`check_file` for a file already read with :func:`~crmkit.data.imports.read.read_file`."""
    spec = kind_spec(kind)
    headers = [name for name in raw.table.column_names if name != "_row"]
    found, ignored = match_columns(headers, kind, mapping, raw.path)
    n = raw.table.num_rows
    source = pa.table([raw.table.column(found[f]) if f in found else pa.nulls(n, pa.string()) for f in spec.fields]
                      + [raw.table.column("_row")], names=[*spec.fields, "_row"])
    cursor = con.cursor()  # its own connection: a result the user left unfinished on con stays as it is
    try:
        result = _run(cursor, kind, source)
        if spec.key:
            first_rows = _first_rows(result.column(f"v_{spec.key}"), result.column("_row"))
            result = result.append_column("first_row", first_rows)
        reasons = [f"r_{f}" for f in spec.fields] + (["first_row"] if spec.key else [])
        problem = functools.reduce(pc.or_, [pc.is_valid(result.column(r)) for r in reasons])
        outputs = _outputs(spec)
        accepted = result.filter(pc.invert(problem)).select([*outputs, "_row"])
        accepted = accepted.rename_columns([*outputs.values(), "_row"])
        header_of = {f: headers[i] for f, i in found.items()}
        rejects = _rejects(cursor, spec, result.filter(problem), source.filter(problem), header_of, raw)
    finally:
        cursor.close()
    return Checked(raw.path, kind, raw.encoding, n + len(raw.bad_rows), accepted, rejects, header_of,
                   [headers[i] for i in ignored])


def _run(con: duckdb.DuckDBPyConnection, kind: str, source: pa.Table) -> pa.Table:
    """The checking query over ``source`` (registered under a unique name while it runs); its rows
    come back in the order of ``source``."""
    sql = _query(kind)
    params = {"genders": parse.text_map(parse.GENDERS), "statuses": parse.text_map(parse.STATUSES),
              "first_day": FIRST_DAY, "last_day": LAST_DAY, "today": dt.date.today()}
    params = {k: v for k, v in params.items() if f"${k}" in sql}  # DuckDB refuses unused parameters
    params |= {f: parse.reference_map(con, f) for f in parse.REFERENCES if f"${f}[" in sql}
    name = f"crmkit_import_{uuid.uuid4().hex}"
    con.register(name, source)
    try:
        result = con.sql(sql.replace("{source}", name), params=params).to_arrow_table()
    finally:
        con.unregister(name)
    if not result.column("_row").equals(source.column("_row")):  # DuckDB keeps the order; never rely on luck
        result = result.sort_by("_row")
    return result


def _first_rows(keys: pa.ChunkedArray, rows: pa.ChunkedArray) -> pa.Array:
    """For each row whose key an earlier row already has, the row number of the first one; else null."""
    codes = pc.fill_null(pc.dictionary_encode(keys.combine_chunks()).indices, -1).to_numpy()
    rows = rows.to_numpy()
    has_key = codes >= 0
    _, first = np.unique(codes[has_key], return_index=True)       # codes run 0 .. k-1
    first_row = np.zeros(len(codes), dtype=np.int64)
    first_row[has_key] = rows[has_key][first][codes[has_key]]
    return pa.array(first_row, pa.int64(), mask=~has_key | (first_row == rows))


# --- the checking query -------------------------------------------------------------------------
#
# Stage "parsed" turns each field's text (the source column of the same name) into typed columns
# v_<field> (and a few helpers h_<field>), matching names to the shop's reference tables; stage
# "checked" gives every field a reason code r_<field>, NULL when the cell is fine. Both are plain
# projections, so DuckDB streams the rows through in their order.

_TEXT = {"customer_ref", "address", "order_ref", "customer"}
_TIMESTAMPS = {"registered_at", "ordered_at", "date"}
_ID_COLUMNS = {"channel": "channel_id", "source": "source_id"}
_FINAL = {"v_quantity": "CAST(CASE WHEN r_quantity IS NULL THEN h_quantity END AS INTEGER)"}
_RANGE = "CASE WHEN {v} IS NULL THEN 'bad_date' WHEN {v} < $first_day OR {v} > {last} THEN 'date_out_of_range' END"


def _rule(field: str) -> tuple[list[tuple[str, str]], str | None, dict[str, str]]:
    """How one field is checked: its stage-1 columns ``[(alias, SQL)]`` (``{s}`` is the text; an
    alias may use the aliases before it), the SQL of its reason code for a non-empty cell (``{v}``
    is its value), and its accepted columns ``{alias: output name}``."""
    v = f"v_{field}"
    if field in _TEXT:
        return [(v, "{s}")], None, {v: field}
    if field == "name":
        return [(v, parse.collapse_spaces("{s}"))], None, {v: field}
    if field in ("phone", "email"):
        return [(v, getattr(parse, field)("{s}"))], f"CASE WHEN {{v}} IS NULL THEN 'bad_{field}' END", {v: field}
    if field == "birthday":
        return [(v, f"CAST({parse.timestamp('{s}')} AS DATE)")], _RANGE.replace("{last}", "$today"), {v: field}
    if field in _TIMESTAMPS:
        return [(v, parse.timestamp("{s}"))], _RANGE.replace("{last}", "$last_day"), {v: field}
    if field == "gender":
        return ([("h_gender", parse.mapped("{s}", "genders")), (v, "nullif(h_gender, '')")],
                "CASE WHEN h_gender IS NULL THEN 'bad_gender' END", {v: field})
    if field == "amount":
        return [(v, parse.amount("{s}"))], "CASE WHEN {v} IS NULL THEN 'bad_number' WHEN {v} < 0 THEN 'negative' END", \
            {v: field}
    if field == "quantity":  # its accepted value is made in the last stage, see _FINAL
        return ([("h_quantity", parse.number("{s}"))],
                "CASE WHEN h_quantity IS NULL THEN 'bad_number' WHEN h_quantity <> floor(h_quantity) "
                "OR h_quantity NOT BETWEEN 1 AND 2147483647 THEN 'bad_quantity' END", {v: field})
    if field == "status":
        value = f"CASE WHEN {{s}} IS NULL THEN '{parse.DEFAULT_STATUS}' ELSE {parse.mapped('{s}', 'statuses')} END"
        return [(v, value)], "CASE WHEN {v} IS NULL THEN 'bad_status' END", {v: field}
    if field == "province":
        return [(v, parse.matched("{s}", field))], "CASE WHEN {v} IS NULL THEN 'unknown_province' END", \
            {v: "province_code"}
    if field == "city":  # an unknown city is kept as text, without id
        return [(v, "{s}"), ("v_city_id", parse.matched("{s}", field, within="v_province"))], None, \
            {v: "city", "v_city_id": "city_id"}
    if field in _ID_COLUMNS:
        return [(v, parse.matched("{s}", field))], f"CASE WHEN {{v}} IS NULL THEN 'unknown_{field}' END", \
            {v: _ID_COLUMNS[field]}
    raise ValueError(f"no rule for field {field!r}")


def _outputs(spec) -> dict[str, str]:
    """``{alias in the query: accepted column}`` of a kind, in order."""
    return {alias: out for f in spec.fields for alias, out in _rule(f)[2].items()}


@functools.cache
def _query(kind: str) -> str:
    """The SQL that checks a file of ``kind``; ``{source}`` stands for the registered rows."""
    spec = kind_spec(kind)
    parsed, reasons = ["_row"], []
    for field in spec.fields:
        columns, problem, _ = _rule(field)
        parsed += [f"{sql.replace('{s}', f'src.{field}')} AS {alias}" for alias, sql in columns]
        empty = "'required'" if field in spec.required else "NULL"
        problem = (problem or "NULL").replace("{v}", f"v_{field}")
        reasons.append(f"CASE WHEN src.{field} IS NULL THEN {empty} ELSE {problem} END AS r_{field}")
    outputs = [f"{_FINAL[alias]} AS {alias}" if alias in _FINAL else alias for alias in _outputs(spec)]
    return (f"WITH parsed AS (SELECT src.*, {', '.join(parsed[1:])} FROM {{source}} src),\n"
            f"checked AS (SELECT src.*, {', '.join(reasons)} FROM parsed src)\n"
            f"SELECT _row, {', '.join(outputs)}, {', '.join(f'r_{f}' for f in spec.fields)} FROM checked")


# --- rejects ------------------------------------------------------------------------------------

_DETAILED = {  # field -> the reason whose detail lists what would be valid
    "province": "unknown_province", "channel": "unknown_channel", "source": "unknown_source",
    "status": "bad_status", "birthday": "date_out_of_range",
    **dict.fromkeys(_TIMESTAMPS, "date_out_of_range"),
}


def _detail(con: duckdb.DuckDBPyConnection, field: str) -> str:
    """The detail of a field's :data:`_DETAILED` reason, in the user's language."""
    name = i18n.name_column()
    if field == "province":
        names = [r[0] for r in con.execute(f"SELECT {name} FROM provinces LIMIT {PROVINCE_EXAMPLES + 1}").fetchall()]
        return ", ".join(names[:PROVINCE_EXAMPLES]) + (", …" if len(names) > PROVINCE_EXAMPLES else "")
    if field in _ID_COLUMNS:
        table, id_column, _ = parse.REFERENCES[field]
        return listing(r[0] for r in con.execute(f"SELECT {name} FROM {table} ORDER BY {id_column}").fetchall())
    if field == "status":
        return i18n.t("import.valid_status")
    return f"{FIRST_DAY} ~ {dt.date.today() if field == 'birthday' else LAST_DAY}"


def _part(file: str, rows, column: str, values, reasons, details, order: int) -> pa.Table:
    n = len(rows)
    return pa.table([pa.repeat(file, n), rows, pa.repeat(column, n), values, reasons, details,
                     pa.repeat(pa.scalar(order, pa.int32()), n)],
                    schema=REJECTS_SCHEMA.append(pa.field("order", pa.int32())))


def _rejects(con: duckdb.DuckDBPyConnection, spec, bad: pa.Table, text: pa.Table, header_of: dict[str, str],
             raw: RawTable) -> pa.Table:
    """One reject per problem, ordered by row and then by column.

    ``bad`` holds the checked rows with a problem, ``text`` the same rows as written in the file."""
    file, parts = raw.path.name, []
    no_detail = pa.scalar(None, pa.string())
    rows = bad.column("_row")
    for order, field in enumerate(spec.fields):
        reasons = bad.column(f"r_{field}")
        if reasons.null_count < len(reasons):
            mask = pc.is_valid(reasons)
            reasons = reasons.filter(mask)
            details = pa.nulls(len(reasons), pa.string())
            if field in _DETAILED and pc.any(pc.equal(reasons, _DETAILED[field])).as_py():
                details = pc.if_else(pc.equal(reasons, _DETAILED[field]), _detail(con, field), no_detail)
            parts.append(_part(file, rows.filter(mask), header_of[field], text.column(field).filter(mask),
                               reasons, details, 2 * order))
        if field == spec.key and bad.column("first_row").null_count < bad.num_rows:
            mask = pc.is_valid(bad.column("first_row"))
            first = bad.column("first_row").filter(mask)
            parts.append(_part(file, rows.filter(mask), header_of[field], text.column(field).filter(mask),
                               pa.repeat("duplicate_in_file", len(first)), pc.cast(first, pa.string()),
                               2 * order + 1))
    if raw.bad_rows:
        row, reason, info = zip(*raw.bad_rows, strict=True)
        parts.append(_part(file, pa.array(row, pa.int64()), "", pa.array([i.get("text") for i in info], pa.string()),
                           pa.array(reason, pa.string()),
                           pa.array([f"{i['found']}/{i['expected']}" if "found" in i else None for i in info],
                                    pa.string()), -1))
    if not parts:
        return REJECTS_SCHEMA.empty_table()
    table = pa.concat_tables(parts).sort_by([("row", "ascending"), ("order", "ascending")])
    return table.drop_columns(["order"])


def reason_texts(rejects: pa.Table, lang: str | None = None) -> list[str]:
    """One sentence per reject, in ``lang`` (default: the language in use), naming the row, the
    column as written in the file and the value, and what would be valid.

    >>> table = pa.table({"row": [5], "column": ["手机"], "value": ["1381234"], "reason": ["bad_phone"],
    ...                   "detail": [None]})
    >>> print(reason_texts(table, "zh")[0])
    第 5 行「手机」列：'1381234' 不是有效的手机号（11 位，以 13-19 开头）
    """
    catalog = i18n.catalog(lang or i18n.get_language())
    texts = []
    for reject in rejects.select(["row", "column", "value", "reason", "detail"]).to_pylist():
        detail = reject["detail"] or ""
        found, _, expected = detail.partition("/")
        where = "import.where_cell" if reject["column"] else "import.where_row"
        key = f"import.reason.{reject['reason']}"
        values = {"row": reject["row"], "column": reject["column"], "value": reject["value"] or "", "detail": detail,
                  "found": found, "expected": expected}
        text = catalog[key].format(**values) if key in catalog else f"{reject['reason']}: {values['value']}"
        texts.append(catalog[where].format(**values) + text)
    return texts
