"""Personal data: a student never sees an unmasked phone, e-mail or address through any crmkit path
that returns customers; a teacher's unmasked reads are logged.

The unmasked values come from the teacher-only private file, opened here with plain DuckDB.
"""

import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import crmkit as ck
from crmkit import config
from crmkit.widgets.lookup import lookup_html


@pytest.fixture(scope="module")
def secrets():
    private = duckdb.connect(str(config.private_db_path("mall")), read_only=True)
    rows = private.execute("SELECT phone, email, address FROM customer_contacts UNION ALL "
                           "SELECT phone, NULL, address FROM staging_contacts").fetchall()
    private.close()
    return {v for row in rows for v in row if v}


def _calls(con):
    """Every crmkit call that returns customers' contact data (student connection)."""
    first = con.execute("SELECT min(customer_id) FROM customers").fetchone()[0]
    campaign = con.execute("SELECT min(campaign_id) FROM campaigns WHERE kind = 'holiday'").fetchone()[0]
    day = con.execute("SELECT max(shipped_at)::DATE FROM orders").fetchone()[0]
    return {
        "customers.lookup name": lambda: ck.customers.lookup(con, "王"),
        "customers.lookup id": lambda: ck.customers.lookup(con, first),
        "customers.table": lambda: ck.customers.table(con, limit=2000),
        "customers.churn": lambda: ck.customers.churn(con),
        "customers.revenue_share": lambda: ck.customers.revenue_share(con),
        "customers.tags": lambda: ck.customers.tags(con),
        "marketing.birthday_care": lambda: ck.marketing.birthday_care(con, 5),
        "marketing.holiday_care": lambda: ck.marketing.holiday_care(con, campaign),
        "interactions.negative_review_alerts": lambda: ck.interactions.negative_review_alerts(con),
        "interactions.records": lambda: ck.interactions.records(con),
        "orders.lookup": lambda: ck.orders.lookup(con, customer_id=first),
        "orders.shipping_notices": lambda: ck.orders.shipping_notices(con, day),
        "orders.delivery_notices": lambda: ck.orders.delivery_notices(con, day),
        "tasks.todo": lambda: ck.tasks.todo(con),
        "widgets.lookup_html": lambda: pd.DataFrame({"html": [lookup_html(con, "王")]}),
        "customers.card": lambda: ck.customers.card(con, first),
        "customers.duplicates": lambda: ck.customers.duplicates(con),
        "customers.duplicates staging": lambda: ck.customers.duplicates(con, within="staging"),
        "customers.stale": lambda: ck.customers.stale(con),
        "export_roster": lambda: _roster(con),
        "sql customers": lambda: con.execute("SELECT * FROM customers").df(),
        "sql staging_customers": lambda: con.execute("SELECT * FROM staging_customers").df(),
    }


def _roster(con) -> pd.DataFrame:
    path = Path(tempfile.mkdtemp()) / "roster.csv"
    ck.data.export_roster(con, path)
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str)


def _leaks(frame: pd.DataFrame, secrets: set) -> list:
    cells = {str(v) for col in frame.columns for v in frame[col].dropna().unique()}
    found = cells & secrets
    long = [c for c in cells if len(c) > 200]  # rendered HTML
    html = [s for s in secrets if any(s in c for c in long)] if long else []
    return sorted(found | set(html))[:3]


def test_no_student_path_returns_unmasked_contact_data(secrets):
    con = ck.connect("mall", role="student")
    logged = len(ck.audit.access_log(con))  # the scratch file is the OS user's: a teacher session may have logged
    leaks, blocked = {}, []
    for name, call in _calls(con).items():
        leaks[name] = _leaks(call(), secrets)
        try:  # a crmkit call must leave the connection free for the student's own con.sql()
            con.sql("SELECT 1").fetchall()
        except duckdb.Error:
            blocked.append(name)
    assert {k: v for k, v in leaks.items() if v} == {}
    assert blocked == []
    assert len(ck.audit.access_log(con)) == logged  # students' reads are masked: nothing to log
    con.close()


def test_the_same_calls_do_return_unmasked_data_for_a_teacher(secrets):
    """The check above can fail: on a teacher connection the same paths show real contacts."""
    con = ck.connect("mall", role="teacher")
    assert _leaks(ck.customers.lookup(con, "王"), secrets)
    assert con.sql("SELECT 1").fetchall() == [(1,)]  # logging the read left no unfinished result
    con.close()


def test_teacher_reads_are_logged_with_who_when_and_what():
    con = ck.connect("mall", role="teacher")
    ck.customers.lookup(con, "王")
    ck.customers.levels(con)  # no contact columns: not logged
    log = ck.audit.access_log(con)
    actions = log["action"].tolist()
    assert actions[:2] == ["customers/lookup", "connect"]
    ck.data.export_roster(con, Path(tempfile.mkdtemp()) / "roster.csv")
    assert ck.audit.access_log(con)["action"].iloc[0] == "export roster"
    assert "levels" not in " ".join(actions)
    assert log["user_name"].notna().all() and (log["shop"] == "mall").all()
    assert '"fragment": "王"' in log["detail"].iloc[0] and log["rows_returned"].iloc[0] > 0
    con.close()
