"""How a check reports: :class:`CheckFailed` for a wrong answer, a short line for a right one.

Every message is looked up in the ``check`` section of the language catalogs
(``crmkit/locales/<lang>/checks.toml``) and formatted only with things the student already
knows: the question's name, the student's own answer, its type, the options or columns that the
question itself lists. The expected answer is never passed to a message, so no feedback can
reveal it.
"""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd

from crmkit import i18n

#: longest text of a student's answer quoted in a message
SHOWN_CHARS = 40


class CheckFailed(AssertionError):
    """A wrong answer: an ``AssertionError`` whose message says what is wrong, in the chosen language.

    In Jupyter (and so in nbgrader's feedback) it shows as the single line ``✗ <message>``
    instead of a traceback: a traceback would quote the test cell, and a hidden test cell holds
    the expected answer. ``key`` and ``details`` say which message it is, for code that reacts.
    """

    def __init__(self, key: str, **details: object) -> None:
        self.key = key
        self.details = details
        super().__init__(i18n.t(f"check.{key}", **details))

    def _render_traceback_(self) -> list[str]:  # IPython calls this instead of formatting the stack
        return [f"✗ {self}"]


def fail(key: str, **details: object) -> CheckFailed:
    """The :class:`CheckFailed` for message ``check.<key>`` (raise it)."""
    return CheckFailed(key, **details)


def passed(key: str = "correct", **details: object) -> bool:
    """Print the short success line ``check.<key>`` and return True."""
    print(i18n.t(f"check.{key}", **details))
    return True


def show(value: object) -> str:
    """The student's answer as quoted in a message: its repr, cut to :data:`SHOWN_CHARS`."""
    if isinstance(value, np.generic):  # np.float64(2.5) reads as 2.5
        value = value.item()
    try:
        text = str(value) if isinstance(value, decimal.Decimal) else repr(value)
    except Exception:  # an answer whose repr fails is still an answer to report
        text = f"<{type(value).__name__}>"
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def describe(value: object) -> str:
    """What kind of thing ``value`` is, in words a student understands (``一个数字``, ``a list``)."""
    if value is None:
        kind = "none"
    elif isinstance(value, bool | np.bool_):
        kind = "bool"
    elif isinstance(value, int | float | decimal.Decimal | np.integer | np.floating):
        kind = "number"
    elif isinstance(value, str):
        kind = "text"
    elif isinstance(value, pd.DataFrame):
        kind = "table"
    elif isinstance(value, pd.Series):
        kind = "column"
    elif isinstance(value, list | tuple | set | frozenset):
        kind = "list"
    elif isinstance(value, dict):
        kind = "dict"
    else:
        return i18n.t("check.kind.other", type=type(value).__name__)
    return i18n.t(f"check.kind.{kind}")
