"""``crmkit data info``: what each shop's database holds and where it is."""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit import config, i18n


def info(shops: list[str] | None = None) -> pd.DataFrame:
    """One row per shop and table: ``shop, table, rows, file, size_mb`` (missing shops: rows NaN)."""
    records = []
    for shop in shops or config.available_shops():
        path = config.course_db_path(shop)
        if not path.exists():
            records.append({"shop": shop, "table": None, "rows": None, "file": str(path), "size_mb": None})
            continue
        size = round(path.stat().st_size / 1e6, 2)
        con = duckdb.connect(str(path), read_only=True)
        try:
            for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall():
                rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                records.append({"shop": shop, "table": table, "rows": rows, "file": str(path), "size_mb": size})
        finally:
            con.close()
    return pd.DataFrame.from_records(records, columns=["shop", "table", "rows", "file", "size_mb"])


def format_info(df: pd.DataFrame) -> str:
    """The text ``crmkit data info`` prints."""
    lines = []
    for shop, part in df.groupby("shop", sort=False):
        file, size = part["file"].iloc[0], part["size_mb"].iloc[0]
        if part["table"].isna().all():
            lines.append(i18n.t("info.missing", shop=shop, path=file))
            continue
        lines.append(i18n.t("info.shop", shop=shop, path=file, size=size))
        lines += [f"  {t:<22} {int(r):>12,}" for t, r in zip(part["table"], part["rows"], strict=True)]
    return "\n".join(lines)
