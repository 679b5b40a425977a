import duckdb
import pytest

from crmkit import config
from tests.lab import running_lab


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


@pytest.fixture(scope="session")
def lab_server():
    """One JupyterLab for the session, started by `NO_BROWSER=1 make start` (app exposed for e2e)."""
    with running_lab("--LabApp.expose_app_in_browser=True") as server:
        yield server
