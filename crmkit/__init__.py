"""crmkit: customer service and CRM analytics for the course notebooks.

>>> import crmkit as ck
>>> con = ck.connect("mall")          # Company A's online mall, read-only, contact data masked
>>> ck.customers.lookup(con, "5678")  # doctest: +SKIP

The public API is listed in ``__all__``; nothing runs at import time.
"""

from crmkit import audit, checks, config, data, i18n, plots, queries, reports, widgets
from crmkit.analytics import (
    channels,
    customers,
    info_analyses,
    interactions,
    loyalty,
    marketing,
    orders,
    products,
    recovery,
    service,
    tasks,
)
from crmkit.db import connect, scratch
from crmkit.errors import CrmkitError
from crmkit.hints import hint
from crmkit.i18n import get_language, set_language
from crmkit.queries import show_sql

__version__ = "0.1.0"

__all__ = [
    "CrmkitError",
    "audit",
    "channels",
    "checks",
    "config",
    "connect",
    "customers",
    "data",
    "get_language",
    "hint",
    "i18n",
    "info_analyses",
    "interactions",
    "loyalty",
    "marketing",
    "orders",
    "plots",
    "products",
    "queries",
    "recovery",
    "reports",
    "scratch",
    "service",
    "set_language",
    "show_sql",
    "tasks",
    "widgets",
]
