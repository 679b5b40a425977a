"""Writing a shop's databases safely: schema, bulk inserts, masking, atomic publish.

A build writes into a private temporary folder (mode 0700) inside the data home, checkpoints
(so no ``.wal`` is left), then renames the files into place. A kernel that still has the old
file open keeps reading the old file; new connections see the new one; a failed build leaves
nothing behind. Only one process builds a given shop at a time (a lock file).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from crmkit import config


@cache
def schema_sections() -> dict[str, str]:
    """The sections of ``crmkit/schema.sql`` (``course``, ``private``, ``scratch``)."""
    text = resources.files("crmkit").joinpath("schema.sql").read_text("utf-8")
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("-- @section "):
            current = line.split()[-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return {k: "\n".join(v) for k, v in sections.items()}


@cache
def masking_sql() -> str:
    """DuckDB macros ``mask_phone``, ``mask_email`` and ``mask_address`` (see masking.sql)."""
    return resources.files("crmkit.data").joinpath("masking.sql").read_text("utf-8")


def arrow_table(columns: dict) -> pa.Table:
    """Columns to Arrow: NaN and NaT become NULL, and so do negative ids in ``*_id`` columns
    (other than the primary ``customer_id``). Python lists are converted as Arrow infers them."""
    arrays = {}
    for name, values in columns.items():
        if not isinstance(values, np.ndarray):
            arrays[name] = pa.array(values)
        elif values.dtype.kind == "i" and name.endswith("_id") and name != "customer_id":
            arrays[name] = pa.array(values, mask=values < 0)
        elif values.dtype.kind in "fM":
            arrays[name] = pa.array(values, from_pandas=True)
        elif values.dtype.kind in "OUT":
            arrays[name] = pa.array(values if values.dtype.kind == "O" else values.astype(object),
                                    type=pa.string(), from_pandas=True)
        else:
            arrays[name] = pa.array(values)
    return pa.table(arrays)


class ShopWriter:
    """An open build of one shop: a course file and a teacher-only private file."""

    def __init__(self, workdir: Path, shop: str) -> None:
        self.course_tmp = workdir / f"{shop}.duckdb"
        self.private_tmp = workdir / f"{shop}.private.duckdb"
        self.con = duckdb.connect(str(self.course_tmp))
        self.con.execute(f"ATTACH '{self.private_tmp}' AS private")
        self.con.execute(masking_sql())
        self.main = self.con.execute("SELECT current_database()").fetchone()[0]
        self.con.execute(schema_sections()["course"])
        self.con.execute("USE private")
        self.con.execute(schema_sections()["private"])
        self.con.execute(f"USE {self.main}")
        self._n = 0

    def insert(self, table: str, columns: dict, select: str = "*") -> None:
        """Append rows; ``select`` may transform the source columns (e.g. masking)."""
        self._n += 1
        name = f"src_{self._n}"
        self.con.register(name, arrow_table(columns))
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM {name}")
        finally:
            self.con.unregister(name)

    def execute(self, sql: str, params: list | None = None) -> None:
        self.con.execute(sql, params or [])

    def close(self) -> None:
        self.con.execute("CHECKPOINT")
        self.con.execute("CHECKPOINT private")
        self.con.close()


@contextlib.contextmanager
def build_lock(shop: str) -> Iterator[None]:
    """Hold the build lock of ``shop`` (other builders of the same shop wait)."""
    home = config.data_home()
    home.mkdir(parents=True, exist_ok=True)
    with open(home / f".{shop}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def atomic_build(shop: str) -> Iterator[ShopWriter]:
    """A :class:`ShopWriter` whose files replace the published ones only if the block succeeds."""
    home = config.data_home()
    home.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".build-{shop}-", dir=home))  # mode 0700
    try:
        writer = ShopWriter(workdir, shop)
        try:
            yield writer
        except BaseException:
            writer.con.close()
            raise
        writer.close()
        leftovers = [p.name for p in workdir.iterdir() if p.suffix == ".wal"]
        if leftovers:
            raise RuntimeError(f"checkpoint left {leftovers}")
        os.chmod(writer.private_tmp, 0o600)
        os.chmod(writer.course_tmp, 0o644)
        os.replace(writer.private_tmp, config.private_db_path(shop))
        os.replace(writer.course_tmp, config.course_db_path(shop))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
