"""Checks of single answers: a number, a word, True/False, a list in order, a matching (dict).

An answer is first turned into a plain value of a known kind (number, text, bool, time). Only the
built-in types, numpy's own scalar types and :class:`decimal.Decimal` count: a subclass (say a
``str`` whose ``__eq__`` always says True) or any other object is refused, and the comparison is
made by crmkit on the plain values, never by the answer's own ``==``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.checks.failures import describe, fail, passed, show

#: default closeness of a float answer to the expected float when no ``tol`` is given
RTOL = 1e-6
ATOL = 1e-9


def scalar(value: object) -> tuple[str, object]:
    """``(kind, plain value)`` of one value.

    ``kind`` is ``number``, ``bool``, ``text``, ``time`` or ``missing`` (None, NA, NaT); ``fake``
    for a subclass of a plain type (its methods may lie), ``other`` for anything else.

    >>> scalar(np.int64(3)), scalar(" 形象质量 "), scalar(None)
    (('number', 3), ('text', ' 形象质量 '), ('missing', None))
    >>> class Liar(str):
    ...     def __eq__(self, other): return True
    >>> scalar(Liar("x"))[0]
    'fake'
    """
    kind = type(value)
    if kind is bool or kind is np.bool_:
        return "bool", bool(value)
    if kind is int or kind is float:
        return "number", value
    if kind is decimal.Decimal:
        return "number", float(value)
    if kind is str:
        return "text", value
    if kind is pd.Timestamp or kind is dt.datetime or kind is dt.date or kind is np.datetime64:
        return ("missing", None) if pd.isna(value) else ("time", pd.Timestamp(value))
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if isinstance(value, np.integer):
            return "number", int(value)
        if isinstance(value, np.floating):
            return "number", float(value)
        if isinstance(value, np.str_):
            return "text", str(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "missing", None
    if isinstance(value, int | float | str | decimal.Decimal | np.generic | dt.date):
        return "fake", None
    return "other", None


def text_key(text: str) -> str:
    """How two texts are compared: spaces collapsed, case ignored (``" Moments of  truth"`` =
    ``"moments of truth"``)."""
    return " ".join(text.split()).casefold()


def same(kind: str, got: object, expected: object, tol: float | None = None) -> bool:
    """Whether two plain values of ``kind`` are the same answer.

    Numbers: an int expected with no ``tol`` must be met exactly; a float within ``tol`` (absolute)
    or, with no ``tol``, within a relative 1e-6; NaN equals NaN. Texts: :func:`text_key`.
    """
    if kind == "number":
        if math.isnan(got) or math.isnan(expected):
            return math.isnan(got) and math.isnan(expected)
        if tol is not None:
            return abs(got - expected) <= tol
        if isinstance(expected, int):
            return got == expected
        return math.isclose(got, expected, rel_tol=RTOL, abs_tol=ATOL)
    if kind == "text":
        return text_key(got) == text_key(expected)
    return got == expected


def expected_scalar(expected: object) -> tuple[str, object]:
    """The plain value of an expected answer; a teacher's mistake (an odd type) is a TypeError."""
    kind, value = scalar(expected)
    if kind in ("fake", "other", "missing"):
        raise TypeError(f"crmkit.checks: unsupported expected value of type {type(expected).__name__}")
    return kind, value


def answer_scalar(answer: object, want: str, *, name: str, whole: bool = False) -> object:
    """The plain value of a student's answer that must be of kind ``want``, or the CheckFailed
    that says what is wrong with it (not answered, a table, a lying type, another kind, NaN,
    not a whole number)."""
    if answer is Ellipsis:
        raise fail("not_answered", name=name)
    if isinstance(answer, pd.DataFrame):
        raise fail("table_not_value", name=name)
    if isinstance(answer, pd.Series):
        raise fail("column_not_value", name=name)
    kind, value = scalar(answer)
    if kind == "fake":
        raise fail("fake_type", name=name, type=type(answer).__name__)
    if kind != want:
        raise fail("wrong_type", name=name, wanted=_kind_words(want), got=describe(answer))
    if kind == "number" and whole:
        if math.isnan(value):
            raise fail("nan", name=name)
        if not float(value).is_integer():
            raise fail("not_whole", name=name, answer=show(answer))
    return value


def _kind_words(kind: str) -> str:
    return i18n.t(f"check.kind.{kind}")


def check_value(answer: object, expected: object, *, name: str, tol: float | None = None) -> bool:
    """Check one answer against the expected value: a number, a word, True/False, a list whose
    order matters, or a dict (a matching question).

    Parameters
    ----------
    answer : the student's answer.
    expected : the right answer. Its kind decides what the answer must be: a number (an ``int``
        is matched exactly, so a count must be a whole number; a ``float`` within ``tol``), a
        ``str`` (compared ignoring case and extra spaces), a ``bool``, a ``list``/``tuple`` of those
        (same length, same order) or a ``dict`` (same keys, each value right).
    name : how the question is called in messages, e.g. ``"q3"``.
    tol : largest absolute difference accepted for numbers (None: exact for ints, a relative
        1e-6 for floats).

    Returns
    -------
    True, after printing ``✓ <name>: correct``; a wrong answer raises :class:`CheckFailed` (an
    ``AssertionError``) whose message says what is wrong without giving the right answer.

    Examples
    --------
    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     check_value(np.int64(42), 42, name="q1")
    ✓ q1: correct
    True
    >>> with i18n.language("en"):
    ...     check_value("42", 42, name="q1")
    Traceback (most recent call last):
    crmkit.checks.failures.CheckFailed: q1: the answer should be a number, but it is a text (string).
    """
    if answer is Ellipsis:
        raise fail("not_answered", name=name)
    if isinstance(expected, dict):
        _check_mapping(answer, expected, name=name, tol=tol)
    elif isinstance(expected, list | tuple):
        _check_sequence(answer, expected, name=name, tol=tol)
    else:
        kind, want = expected_scalar(expected)
        got = answer_scalar(answer, kind, name=name, whole=kind == "number" and isinstance(want, int) and tol is None)
        if kind == "number" and math.isnan(got) and not math.isnan(want):
            raise fail("nan", name=name)
        if not same(kind, got, want, tol):
            raise fail("wrong_value", name=name, answer=show(answer))
    return passed(name=name)


def _check_sequence(answer: object, expected: list | tuple, *, name: str, tol: float | None) -> None:
    if type(answer) not in (list, tuple):
        raise fail("wrong_type", name=name, wanted=_kind_words("list"), got=describe(answer))
    if len(answer) != len(expected):
        raise fail("wrong_length", name=name, got=len(answer))
    wrong = False
    for got, want in zip(answer, expected, strict=True):
        kind, want = expected_scalar(want)
        got = answer_scalar(got, kind, name=name)
        wrong = wrong or not same(kind, got, want, tol)
    if wrong:
        raise fail("wrong_items", name=name)


def _check_mapping(answer: object, expected: dict, *, name: str, tol: float | None) -> None:
    if type(answer) is not dict:
        raise fail("wrong_type", name=name, wanted=_kind_words("dict"), got=describe(answer))

    def key(k: object) -> object:
        kind, value = scalar(k)
        return text_key(value) if kind == "text" else (kind, value)

    given = {key(k): v for k, v in answer.items()}
    if set(given) != {key(k) for k in expected}:
        raise fail("wrong_keys", name=name)
    wrong = False
    for k, want in expected.items():
        kind, want = expected_scalar(want)
        got = answer_scalar(given[key(k)], kind, name=name)
        wrong = wrong or not same(kind, got, want, tol)
    if wrong:
        raise fail("wrong_items", name=name)


#: the forms :func:`check_type` knows, and the kind of plain value each one needs
_FORMS = {int: "number", float: "number", str: "text", bool: "bool"}


def check_type(answer: object, form: type, *, name: str) -> bool:
    """Check only the form of an answer (for a visible test cell: the grade comes from a hidden one).

    ``form`` is ``int`` (a whole number), ``float`` (any number), ``str``, ``bool``, ``list``
    (a list or tuple), ``dict`` or ``pandas.DataFrame``. Prints ``✓ <name>: well-formed; graded
    after you submit`` and returns True; otherwise raises :class:`CheckFailed`.

    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     check_type(3.0, int, name="q2")
    ✓ q2: well-formed; it is graded after you submit.
    True
    """
    if answer is Ellipsis:
        raise fail("not_answered", name=name)
    if form in _FORMS:
        answer_scalar(answer, _FORMS[form], name=name, whole=form is int)
    elif form in (list, dict):
        kinds = (list, tuple) if form is list else (dict,)
        if type(answer) not in kinds:
            raise fail("wrong_type", name=name, wanted=_kind_words(form.__name__), got=describe(answer))
    elif form is pd.DataFrame:
        if not isinstance(answer, pd.DataFrame):
            raise fail("not_table", name=name, got=describe(answer))
    else:
        raise TypeError(f"crmkit.checks.check_type: unsupported form {form!r}")
    return passed("well_formed", name=name)


def check_text(answer: object, *, name: str, min_chars: int = 10) -> bool:
    """Check that a written answer (graded by the teacher) was written: a text of at least
    ``min_chars`` characters, spaces not counted. Prints ``✓ <name>: written`` and returns True.

    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     check_text("太短", name="q7", min_chars=5)
    Traceback (most recent call last):
    crmkit.checks.failures.CheckFailed: q7: please write at least 5 characters (now 2).
    """
    text = answer_scalar(answer, "text", name=name)
    written = len("".join(text.split()))
    if written < min_chars:
        raise fail("too_short", name=name, min_chars=min_chars, got=written)
    return passed("written", name=name)
