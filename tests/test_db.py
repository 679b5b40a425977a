"""crmkit.connect: the course database read-only, masked for students, scratch writable."""

import importlib
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import crmkit as ck
from crmkit import config, i18n
from tests.conftest import scalar

PHONE_MASK = re.compile(r"^1[3-9]\d\*{4}\d{4}$")


@pytest.fixture
def fresh_env(tmp_path, monkeypatch):
    """An empty data home and scratch folder for one test."""
    monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    return tmp_path


def test_unknown_shop_names_the_valid_shops_in_the_chosen_language():
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        ck.connect("nope")
    assert "nope" in str(err.value) and "mall, tea, ceramics, electronics" in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError) as err:
        ck.connect("nope")
    assert "没有名为 'nope' 的店铺" in str(err.value) and "mall" in str(err.value)


def test_unknown_role_is_refused():
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="Valid roles: student, teacher"):
        ck.connect("mall", role="admin")


def test_course_tables_are_views_and_the_course_file_is_read_only():
    con = ck.connect("mall")
    assert scalar(con, "SELECT count(*) FROM customers") == 5000
    with pytest.raises(duckdb.Error, match="(?i)read.only"):
        con.execute("INSERT INTO course.channels VALUES (99, 'x', 'x', 'x', 'own', DATE '2020-01-01', NULL)")
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM course.orders")
    con.close()


def _open_files() -> set[str]:
    return {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}


def test_student_sees_masked_contacts_and_never_opens_the_private_file():
    before = _open_files()  # another test in this process may hold a teacher connection
    con = ck.connect("mall", role="student")
    phones = [r[0] for r in con.execute("SELECT phone FROM customers").fetchall()]
    assert all(PHONE_MASK.match(p) for p in phones)
    emails = [r[0] for r in con.execute("SELECT email FROM customers WHERE email IS NOT NULL").fetchall()]
    assert emails and all(re.match(r"^[a-z]\*\*\*@[a-z0-9.]+$", e) for e in emails)
    assert scalar(con, "SELECT count(*) FROM customers WHERE NOT address LIKE '%****'") == 0
    assert scalar(con, "SELECT count(*) FROM staging_customers WHERE phone NOT LIKE '%****%'") == 0
    attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    assert "private" not in attached
    private = str(config.private_db_path("mall"))
    assert private not in _open_files() - before
    con.close()


def test_teacher_sees_unmasked_contacts_from_the_0600_private_file():
    private = config.private_db_path("mall")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.course_db_path("mall").stat().st_mode) == 0o644
    teacher = ck.connect("mall", role="teacher")
    student = ck.connect("mall", role="student")
    t_phone, t_addr = teacher.execute("SELECT phone, address FROM customers WHERE customer_id = 7").fetchone()
    s_phone, s_addr = student.execute("SELECT phone, address FROM customers WHERE customer_id = 7").fetchone()
    assert re.fullmatch(r"1[3-9]\d{9}", t_phone)
    assert s_phone == t_phone[:3] + "****" + t_phone[-4:]
    assert s_addr.endswith("****") and t_addr.startswith(s_addr[:-4]) and len(t_addr) > len(s_addr)
    teacher.close()
    student.close()


def test_role_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CRMKIT_ROLE", "teacher")
    con = ck.connect("mall")
    assert re.fullmatch(r"1[3-9]\d{9}", scalar(con, "SELECT phone FROM customers LIMIT 1"))
    con.close()


def test_scratch_is_writable_and_survives_a_new_connection():
    con = ck.connect("tea")
    with ck.scratch(con):
        con.execute("INSERT INTO scratch.tasks (customer_id, kind, due_at, content) "
                    "VALUES (12, 'call', TIMESTAMP '2026-11-01 10:00', '回访')")
    con.close()
    again = ck.connect("tea")
    with ck.scratch(again):
        rows = again.execute("SELECT customer_id, kind, content FROM scratch.tasks").fetchall()
    assert (12, "call", "回访") in rows
    # the scratch file is not held between uses, so another process can write too
    code = textwrap.dedent("""
        import crmkit as ck
        con = ck.connect("tea")
        with ck.scratch(con):
            con.execute("INSERT INTO scratch.manual_tags (target, object_id, tag) VALUES ('customer', 12, 'vip')")
    """)
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    with ck.scratch(again):
        assert scalar(again, "SELECT count(*) FROM scratch.manual_tags WHERE object_id = 12") == 1
    again.close()


def test_each_connection_gets_its_own_temp_directory():
    a, b = ck.connect("mall"), ck.connect("mall")
    ta = scalar(a, "SELECT current_setting('temp_directory')")
    tb = scalar(b, "SELECT current_setting('temp_directory')")
    assert ta != tb and Path(ta).is_dir() and f"pid-{os.getpid()}" in ta
    a.close()
    b.close()


def test_missing_database_is_built_with_a_visible_message(fresh_env, capsys):
    with i18n.language("en"):
        con = ck.connect("ceramics")
    out = capsys.readouterr().out
    assert "First use" in out and "ceramics" in out
    assert scalar(con, "SELECT count(*) FROM customers") == 5000
    assert not list((fresh_env / "data").glob("*.wal")) and not list((fresh_env / "data").glob(".build-*"))
    con.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_corrupt_database_says_how_to_rebuild(fresh_env, damage):
    ck.data.build("tea", quiet=True)
    path = config.course_db_path("tea")
    if damage == "truncate":
        with open(path, "r+b") as f:
            f.truncate(path.stat().st_size // 3)
    else:
        path.write_bytes(b"this is not a database" * 100)
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        con = ck.connect("tea")
        con.execute("SELECT count(*) FROM orders, order_items").fetchall()
    assert "crmkit data build --shop tea --force" in str(err.value)


def test_twenty_processes_open_and_query_the_same_shop_at_once():
    code = textwrap.dedent("""
        import sys, crmkit as ck
        con = ck.connect("mall")
        n = con.execute("SELECT count(*) FROM orders o JOIN customers c USING (customer_id)").fetchone()[0]
        print(n)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=os.environ.copy()) for _ in range(20)]
    results = [p.communicate(timeout=240) for p in procs]
    errors = [err for _, err in results if err.strip()]
    assert not errors, errors[0]
    counts = {int(out) for out, _ in results}
    assert len(counts) == 1 and counts.pop() > 40_000
    assert all(p.returncode == 0 for p in procs)


def test_rebuild_while_a_connection_has_the_old_file_open(fresh_env):
    ck.data.build("electronics", quiet=True, seed=1)
    old = ck.connect("electronics")
    before = old.execute("SELECT count(*), sum(total) FROM orders").fetchone()
    ck.data.build("electronics", quiet=True, seed=2, force=True)
    assert old.execute("SELECT count(*), sum(total) FROM orders").fetchone() == before
    new = ck.connect("electronics")
    after = new.execute("SELECT count(*), sum(total) FROM orders").fetchone()
    assert after != before
    assert scalar(new, "SELECT value FROM shop_info WHERE key = 'seed'") == "2"
    assert not list((fresh_env / "data").glob("*.wal"))
    old.close()
    new.close()


def test_bad_customer_count_leaves_nothing_behind(fresh_env):
    for bad in (0, -5, 2.5, "10"):
        with i18n.language("en"), pytest.raises(ck.CrmkitError, match="whole number above 0"):
            ck.data.build("mall", customers=bad)
    data = fresh_env / "data"
    assert not data.exists() or not [p for p in data.iterdir() if not p.name.startswith(".mall.lock")]


def test_a_failed_build_leaves_no_files(fresh_env, monkeypatch):
    build_module = importlib.import_module("crmkit.data.build")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "derive_tags", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        ck.data.build("mall", quiet=True)
    leftovers = [p.name for p in (fresh_env / "data").iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []


def test_notebook_in_any_folder_finds_the_checkout_data(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CRMKIT_HOME"}
    root = config.project_root()
    for folder in (root / "notebooks", root / "assignments", tmp_path):
        out = subprocess.run([sys.executable, "-c", "from crmkit import config; print(config.data_home())"],
                             cwd=folder if folder.exists() else tmp_path, env=env, capture_output=True, text=True,
                             check=True).stdout.strip()
        assert Path(out) == root / "datasets" / "build"




def test_teacher_without_the_private_file_gets_the_rebuild_hint(fresh_env):
    ck.data.build("tea", quiet=True)
    config.private_db_path("tea").unlink()
    assert ck.connect("tea", role="student")  # students never needed it
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="crmkit data build --shop tea --force"):
        ck.connect("tea", role="teacher")


def test_a_file_from_an_older_crmkit_is_rebuilt_with_its_size_and_seed(fresh_env, capsys):
    ck.data.build("tea", quiet=True, customers=700, seed=5)
    path = fresh_env / "data" / "tea.duckdb"
    old = duckdb.connect(str(path))
    old.execute("UPDATE shop_info SET value = '0' WHERE key = 'generator_version'")
    old.execute("DROP TABLE customer_stats")  # what a file from before the summary table looks like
    old.close()
    with i18n.language("en"):
        con = ck.connect("tea")
    assert "older crmkit" in capsys.readouterr().out
    assert scalar(con, "SELECT count(*) FROM customer_stats") == 700
    assert scalar(con, "SELECT value FROM shop_info WHERE key = 'seed'") == "5"
    con.close()
