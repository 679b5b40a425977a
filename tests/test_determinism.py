"""The same seed gives identical tables; another seed gives other tables."""

import duckdb
import pytest

from crmkit.data.build import build_shop


def checksums(path):
    con = duckdb.connect(str(path), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    sums = {t: con.execute(f"SELECT count(*), sum(hash(t)) FROM {t} AS t").fetchone() for t in tables}
    con.close()
    return sums


@pytest.fixture
def build_into(tmp_path, monkeypatch):
    def run(name, seed):
        monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / name))
        build_shop("ceramics", customers=1500, seed=seed)
        return checksums(tmp_path / name / "ceramics.duckdb"), checksums(tmp_path / name / "ceramics.private.duckdb")

    return run


def test_same_seed_same_tables(build_into):
    first, second, other = build_into("a", 11), build_into("b", 11), build_into("c", 12)
    assert first == second
    course, _ = first
    assert len(course) == 32 and course["orders"][0] > 10_000
    changed = [t for t in course if course[t] != other[0][t]]
    assert {"customers", "orders", "order_items", "reviews", "interactions"} <= set(changed)
