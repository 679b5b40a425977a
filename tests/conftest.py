import duckdb
import pytest

import crmkit as ck
from crmkit import config
from tests.fixtures import write_shop
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
def lab_server(tmp_path_factory):
    """One JupyterLab for the session, started by `NO_BROWSER=1 make start` (app exposed for e2e).

    Its kernels have their own scratch folder: what a lesson run in the browser imports or merges
    does not show up in the other tests' scratch database."""
    scratch = {"CRMKIT_SCRATCH": str(tmp_path_factory.mktemp("lab-scratch"))}
    with running_lab("--LabApp.expose_app_in_browser=True", extra_env=scratch) as server:
        yield server


@pytest.fixture
def tiny_shop(tmp_path, monkeypatch):
    """Connect to a hand-written shop: ``con = tiny_shop(SQL)`` writes shop "tea" with the schema and
    ``SQL`` into a temporary home (and scratch folder) and returns a crmkit connection to it."""
    opened = []

    def make(sql: str, shop: str = "tea"):
        monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / "data"))
        monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
        write_shop(tmp_path / "data", shop, sql)
        opened.append(ck.connect(shop))
        return opened[-1]

    yield make
    for con in opened:
        con.close()
