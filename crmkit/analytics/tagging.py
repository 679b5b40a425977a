"""Tags of customers, products and campaigns: the course's own tags plus the user's manual tags.

Course tags (``tags`` + ``customer_tags``/``product_tags``/``campaign_tags``) are read-only; a
user's manual tags live in their scratch database (``manual_tags``) and survive kernel
restarts. Listing merges both, with a ``source`` column saying which is which.
"""

from __future__ import annotations

import duckdb

from crmkit import i18n
from crmkit.db import scratch
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

TARGETS = {  # target -> (course link table, id column)
    "customer": ("customer_tags", "customer_id"),
    "product": ("product_tags", "product_id"),
    "campaign": ("campaign_tags", "campaign_id"),
}


def _clean(tag: object) -> str:
    text = str(tag).strip() if tag is not None else ""
    if not text or len(text) > 40:
        raise CrmkitError("error.bad_tag", value=tag)
    return text


def add(con: duckdb.DuckDBPyConnection, target: str, object_id: int, tag: str) -> None:
    """Give ``object_id`` the manual tag ``tag`` (adding it twice changes nothing)."""
    with scratch(con):
        con.execute("INSERT INTO scratch.manual_tags (target, object_id, tag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [target, object_id, _clean(tag)])


def remove(con: duckdb.DuckDBPyConnection, target: str, object_id: int, tag: str) -> int:
    """Remove a manual tag; returns how many were removed (0 or 1). Course tags cannot be removed."""
    tag = _clean(tag)
    with scratch(con):
        removed = con.execute("DELETE FROM scratch.manual_tags WHERE target = ? AND object_id = ? AND tag = ? "
                              "RETURNING 1", [target, object_id, tag]).fetchall()
    if not removed:
        course = con.execute(f"SELECT count(*) FROM {TARGETS[target][0]} l JOIN tags t USING (tag_id) "
                             f"WHERE l.{TARGETS[target][1]} = ? AND (t.name_zh = ? OR t.name_en = ? OR t.code = ?)",
                             [object_id, tag, tag, tag]).fetchone()[0]
        if course:
            raise CrmkitError("error.course_tag", tag=tag)
    return len(removed)


def listing(con: duckdb.DuckDBPyConnection, target: str) -> LabeledFrame:
    """Every tag of ``target`` objects: ``<target>_id, tag, source`` (``course`` or ``manual``),
    tag names of course tags in the chosen language."""
    link, key = TARGETS[target]
    name = i18n.name_column()
    with scratch(con):
        return LabeledFrame(con.execute(f"""
            SELECT l.{key}, t.{name} AS tag, 'course' AS source FROM {link} l JOIN tags t USING (tag_id)
            UNION ALL
            SELECT object_id::INTEGER AS {key}, tag, 'manual' AS source FROM scratch.manual_tags WHERE target = ?
            ORDER BY 1, 3, 2""", [target]).df())
