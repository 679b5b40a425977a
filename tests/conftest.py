import duckdb
import pytest

from crmkit import config


@pytest.fixture(scope="session")
def mall():
    """A read-only plain DuckDB connection to the built mall database (not through crmkit)."""
    con = duckdb.connect(str(config.course_db_path("mall")), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def mall_private():
    con = duckdb.connect(str(config.private_db_path("mall")), read_only=True)
    yield con
    con.close()


def scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]
