"""Benchmark cases: the same question asked of crmkit, of hand-written DuckDB SQL and of pandas.

Each domain module (``customers.py``, ``products.py``, ...) defines ``CASES``, a list of
:class:`Case`. ``benchmarks/analytics.py`` runs them all on the 10-million-order mall.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

#: the masked phone (138****1234) of crmkit's hand-around lists, in hand-written SQL over ``customers c``
MASKED_PHONE_SQL = "left(c.phone, 3) || '****' || right(c.phone, 4)"


def masked_phone(phone: pd.Series) -> pd.Series:
    """The same masking in pandas."""
    return phone.str[:3] + "****" + phone.str[-4:]


@dataclass(frozen=True)
class Case:
    name: str  # "customers.churn"
    crmkit: Callable  # con -> result (a crmkit call)
    sql: str  # hand-written DuckDB SQL answering the same question (runs on the same connection)
    pandas: Callable | None  # tables -> result; tables is a dict of pandas DataFrames (see `tables`)
    tables: tuple[str, ...] = field(default=())  # course tables the pandas version needs
    grouped: bool = True  # a grouped analysis: the 'at least 3x faster than pandas' goal applies
    params: dict = field(default_factory=dict)  # named parameters ($name) of `sql`
