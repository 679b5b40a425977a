"""Merging duplicate customers (合并重复客户), in the user's scratch database.

After screening (``customers.duplicates``), ``customers.merge(con, keep_id, drop_ids)`` records
that the customers ``drop_ids`` are the same person as ``keep_id``. The course database is never
changed: from then on the connection's views show one customer, and the orders, reviews, surveys,
interactions and tags of the dropped ones count as the kept customer's (see
:mod:`crmkit.overlay`). ``customers.merges(con)`` lists what was merged, ``customers.unmerge``
undoes a merge.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit.analytics import params
from crmkit.db import refresh, scratch
from crmkit.errors import CrmkitError


def merge(con: duckdb.DuckDBPyConnection, keep_id: int | str, drop_ids: int | str | list, *,
          note: str | None = None) -> pd.DataFrame:
    """Merge the customers ``drop_ids`` into ``keep_id``; returns :func:`merges` afterwards.

    Ids may be customer ids or customer codes. Merging the same pair again changes nothing.

    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> ck.customers.merge(con, 1, [2])  # doctest: +SKIP
    """
    keep = params.customer_id(con, keep_id, "keep_id")
    wanted = drop_ids if isinstance(drop_ids, list | tuple) else [drop_ids]
    with scratch(con):
        done = {d for (d,) in con.execute("SELECT drop_id FROM scratch.merges WHERE keep_id = ?", [keep]).fetchall()}
    drops = [int(d) if str(d).strip().isdigit() and int(d) in done else params.customer_id(con, d, "drop_ids")
             for d in wanted]
    if not drops:
        raise CrmkitError("merge.nothing")
    if keep in drops:
        raise CrmkitError("merge.keep_in_drops", keep=keep)
    with scratch(con):
        con.execute("BEGIN TRANSACTION")
        # customers merged into one that is now merged away follow it to the new kept customer
        con.execute("UPDATE scratch.merges SET keep_id = $keep WHERE list_contains($drops, keep_id)",
                    {"drops": drops, "keep": keep})
        con.execute("INSERT INTO scratch.merges (drop_id, keep_id, note) SELECT unnest($drops), $keep, $note "
                    "ON CONFLICT DO NOTHING", {"drops": drops, "keep": keep, "note": note})
        con.execute("COMMIT")
    refresh(con)
    return merges(con)


def unmerge(con: duckdb.DuckDBPyConnection, drop_id: int) -> pd.DataFrame:
    """Undo the merge of ``drop_id``: it is a customer of its own again. Returns :func:`merges`."""
    with scratch(con):
        gone = con.execute("DELETE FROM scratch.merges WHERE drop_id = ? RETURNING drop_id", [int(drop_id)]).fetchall()
    if not gone:
        raise CrmkitError("merge.not_merged", drop_id=drop_id)
    refresh(con)
    return merges(con)


def merges(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every merge so far: ``drop_id, keep_id, merged_at, note``, newest first."""
    with scratch(con):
        return con.execute("SELECT drop_id, keep_id, merged_at, note FROM scratch.merges "
                           "ORDER BY merged_at DESC, drop_id").df()
