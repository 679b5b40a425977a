"""Table answers: a DataFrame from crmkit or pandas, or the result of a student's SQL query.

Tables are compared value by value by crmkit, column by column, after turning every cell into a
plain value (see :func:`crmkit.checks.scalars.scalar`); the index is ignored. Rows may come in
any order unless the check says which order it wants.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.checks.failures import describe, fail, passed
from crmkit.checks.scalars import scalar, text_key

ATOL = 1e-9


def _column(series: pd.Series) -> tuple[str, list]:
    """``(kind, plain values)`` of one column; kind ``number``, ``bool``, ``text``, ``time``,
    ``empty`` (nothing but missing values), ``mixed`` or ``fake``."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return "number", series.to_numpy(dtype="float64", na_value=np.nan).tolist()
    pairs = [scalar(v) for v in series.astype(object).tolist()]
    kinds = {k for k, _ in pairs} - {"missing"}
    if "fake" in kinds or "other" in kinds:
        return "fake", []
    if not kinds:
        return "empty", [None] * len(pairs)
    if len(kinds) > 1:
        return "mixed", []
    (kind,) = kinds
    if kind == "number":
        return kind, [math.nan if v is None else float(v) for _, v in pairs]
    return kind, [v for _, v in pairs]


def _sort_key(kind: str, value: object) -> tuple:
    if value is None or (kind == "number" and math.isnan(value)):
        return (1, 0)
    return (0, text_key(value) if kind == "text" else value)


def _same_cell(kind: str, got: object, want: object, rtol: float) -> bool:
    if kind == "number":
        if math.isnan(got) or math.isnan(want):
            return math.isnan(got) and math.isnan(want)
        return math.isclose(got, want, rel_tol=rtol, abs_tol=ATOL)
    if got is None or want is None:
        return got is None and want is None
    return text_key(got) == text_key(want) if kind == "text" else got == want


def _same_list(kind: str, got: list, want: list, rtol: float) -> bool:
    return all(_same_cell(kind, g, w, rtol) for g, w in zip(got, want, strict=True))


def _rows_sorted(kinds: list[str], cols: list[list]) -> list[tuple]:
    rows = list(zip(*cols, strict=True)) if cols else []
    return sorted(rows, key=lambda row: tuple(_sort_key(k, v) for k, v in zip(kinds, row, strict=True)))


def compare(got: dict[str, pd.Series], want: dict[str, pd.Series], *, name: str, rtol: float,
            order: str | Sequence[str] | None = None, by: str = "") -> None:
    """Compare two tables given as ``{label: column}`` with the same labels and lengths; the
    labels are what messages call the columns (``列 count``, ``第 2 列``).

    ``order``: None (any row order), ``"full"`` (the rows in the same order) or a list of labels
    the rows must be sorted by, as in the expected table (rows that tie may come in any order);
    ``by`` names those columns in the message.
    Raises :class:`CheckFailed` naming the first column whose values differ, or saying that the
    values are right but mixed up between rows, or that the order is wrong.
    """
    labels = list(want)
    kinds, got_cols, want_cols = [], [], []
    for label in labels:
        want_kind, want_values = _column(want[label])
        got_kind, got_values = _column(got[label])
        if got_kind == "fake":
            raise fail("fake_column", name=name, column=label)
        if want_kind == "empty":
            want_kind = got_kind if got_kind != "mixed" else "text"
        if got_kind == "empty":
            got_kind = want_kind
        if got_kind != want_kind:
            raise fail("wrong_column_type", name=name, column=label, wanted=i18n.t(f"check.kind.{want_kind}"))
        kinds.append(want_kind)
        got_cols.append(got_values)
        want_cols.append(want_values)
    for label, kind, g, w in zip(labels, kinds, got_cols, want_cols, strict=True):
        key = lambda v, k=kind: _sort_key(k, v)  # noqa: E731
        if not _same_list(kind, sorted(g, key=key), sorted(w, key=key), rtol):
            raise fail("wrong_column", name=name, column=label)
    got_rows, want_rows = _rows_sorted(kinds, got_cols), _rows_sorted(kinds, want_cols)
    if not all(_same_row(kinds, g, w, rtol) for g, w in zip(got_rows, want_rows, strict=True)):
        raise fail("rows_mixed", name=name)
    if order == "full":
        in_order = zip(zip(*got_cols, strict=True), zip(*want_cols, strict=True), strict=True)
        if not all(_same_row(kinds, g, w, rtol) for g, w in in_order):
            raise fail("wrong_order", name=name)
    elif order:
        for label in order:
            i = labels.index(label)
            if not _same_list(kinds[i], got_cols[i], want_cols[i], rtol):
                raise fail("not_sorted", name=name, by=by)


def _same_row(kinds: list[str], got: tuple, want: tuple, rtol: float) -> bool:
    return all(_same_cell(k, g, w, rtol) for k, g, w in zip(kinds, got, want, strict=True))


def _frame(answer: object, *, name: str) -> pd.DataFrame:
    if answer is Ellipsis:
        raise fail("not_answered", name=name)
    if not isinstance(answer, pd.DataFrame):
        raise fail("not_table", name=name, got=describe(answer))
    if not type(answer).__module__.startswith(("pandas", "crmkit")):
        raise fail("fake_type", name=name, type=type(answer).__name__)
    return answer


def _columns_of(df: pd.DataFrame, columns: Sequence[str], *, name: str) -> dict[str, pd.Series]:
    names = list(df.columns)
    missing = [c for c in columns if c not in names]
    if missing:
        raise fail("missing_columns", name=name, columns=", ".join(map(str, missing)))
    return {c: df.iloc[:, names.index(c)] for c in columns}


def check_frame(df: object, expected: pd.DataFrame | None, *, name: str, columns: Sequence[str] | None = None,
                sort_by: str | Sequence[str] | None = None, rtol: float = 1e-6) -> bool:
    """Check a table answer (a DataFrame) against the expected table.

    Parameters
    ----------
    df : the student's table. Extra columns and the index do not matter.
    expected : the right table; ``None`` checks only the form (a table with ``columns``), for a
        visible test cell.
    name : how the question is called in messages.
    columns : the columns to compare (default: all of ``expected``'s).
    sort_by : None if the rows may come in any order; else the column(s) the rows must be sorted
        by, in the order ``expected`` has (ascending or descending, as the question asks).
    rtol : relative tolerance for numbers.

    Returns
    -------
    True, after printing a short success line; otherwise raises :class:`CheckFailed` saying
    what is wrong: not a table, a missing column, the number of rows, a column with wrong
    values or of the wrong kind, rows mixed up, or the order — never the expected values.

    Examples
    --------
    >>> from crmkit import i18n
    >>> want = pd.DataFrame({"stage": ["pre_sale", "after_sale"], "count": [3, 5]})
    >>> with i18n.language("en"):
    ...     check_frame(pd.DataFrame({"stage": ["after_sale", "pre_sale"], "count": [5, 3]}), want, name="q4")
    ✓ q4: correct
    True
    >>> with i18n.language("en"):
    ...     check_frame(pd.DataFrame({"stage": ["pre_sale"]}), want, name="q4")
    Traceback (most recent call last):
    crmkit.checks.failures.CheckFailed: q4: the table has no column count.
    """
    df = _frame(df, name=name)
    if expected is None:
        if columns is None:
            raise TypeError("crmkit.checks.check_frame: a form-only check (expected=None) needs columns")
        _columns_of(df, columns, name=name)
        return passed("well_formed", name=name)
    columns = list(expected.columns) if columns is None else list(columns)
    sort_by = [sort_by] if isinstance(sort_by, str) else list(sort_by or [])
    label = {c: i18n.t("check.column_named", column=c) for c in columns}
    got = {label[c]: s for c, s in _columns_of(df, columns, name=name).items()}
    want = {label[c]: expected[c] for c in columns}
    if len(df) != len(expected):
        raise fail("wrong_rows", name=name, got=len(df))
    compare(got, want, name=name, rtol=rtol, order=[label[c] for c in sort_by] or None, by=", ".join(sort_by))
    return passed(name=name)


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None) -> pd.DataFrame:
    result = con.execute(sql, params) if params else con.execute(sql)
    return result.df()


def check_sql(con: duckdb.DuckDBPyConnection, student_sql: object, reference_sql: str | None, *, name: str,
              params: dict | None = None, ordered: bool = False, rtol: float = 1e-6,
              columns: int | None = None) -> bool:
    """Check a student's SQL query by running it and a reference query and comparing the results.

    Columns are compared by position (the student may name them as they like); the rows in any
    order unless ``ordered`` (then the reference query must order its rows completely). The
    reference runs first, so a student's statement cannot change what it sees; in a hidden test,
    pass a fresh ``ck.connect(...)`` so that nothing the student did to ``con`` counts either.

    Parameters
    ----------
    con : the connection both queries run on.
    student_sql : the student's query (a ``str``).
    reference_sql : the teacher's query giving the right result; ``None`` in a visible test cell
        checks only the form: the query runs (and gives ``columns`` columns, when given), and
        the grade comes from a hidden test.
    name : how the question is called in messages.
    params : named parameters (``$day``) for the reference query, and for the student's if it
        uses ``$``.
    ordered : whether the row order counts.
    columns : with ``reference_sql=None``, how many columns the query must give.

    Examples
    --------
    >>> from crmkit import i18n
    >>> con = duckdb.connect()
    >>> with i18n.language("en"):
    ...     check_sql(con, "SELECT 1 + 1", "SELECT 2 AS two", name="q5")
    ✓ q5: correct
    True
    >>> with i18n.language("en"):
    ...     check_sql(con, "SELEC 2", "SELECT 2 AS two", name="q5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    crmkit.checks.failures.CheckFailed: q5: your SQL did not run: Parser Error: ...
    >>> with i18n.language("en"):  # a visible test: only that it runs and has two columns
    ...     check_sql(con, "SELECT 1, 2", None, name="q5", columns=2)
    ✓ q5: well-formed; it is graded after you submit.
    True
    """
    if student_sql is Ellipsis:
        raise fail("not_answered", name=name)
    kind, text = scalar(student_sql)
    if kind == "fake":
        raise fail("fake_type", name=name, type=type(student_sql).__name__)
    if kind != "text":
        raise fail("sql_not_text", name=name, got=describe(student_sql))
    if text.strip() in ("", "..."):  # the placeholder of a released answer cell: q5 = """..."""
        raise fail("not_answered", name=name)
    want = None if reference_sql is None else _run(con, reference_sql, params)
    try:
        got = _run(con, text, params if params and "$" in text else None)
    except duckdb.Error as error:
        raise fail("sql_failed", name=name, error=str(error).strip().splitlines()[0]) from None
    if want is None:
        if columns is not None and got.shape[1] != columns:
            raise fail("sql_columns", name=name, got=got.shape[1])
        return passed("well_formed", name=name)
    if got.shape[1] != want.shape[1]:
        raise fail("sql_columns", name=name, got=got.shape[1])
    if len(got) != len(want):
        raise fail("wrong_rows", name=name, got=len(got))
    labels = [i18n.t("check.column_n", n=i + 1) for i in range(want.shape[1])]
    compare({label: got.iloc[:, i] for i, label in enumerate(labels)},
            {label: want.iloc[:, i] for i, label in enumerate(labels)},
            name=name, rtol=rtol, order="full" if ordered else None)
    return passed(name=name)
