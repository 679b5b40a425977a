import os
import subprocess
import sys

import duckdb

from crmkit import config


def crmkit(*args, env=None):
    return subprocess.run([sys.executable, "-m", "crmkit.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_info_lists_tables_rows_paths_and_sizes():
    out = crmkit("--lang", "en", "data", "info")
    assert out.returncode == 0, out.stderr
    assert f"Shop mall: {config.course_db_path('mall')}" in out.stdout and "MB" in out.stdout
    con = duckdb.connect(str(config.course_db_path("mall")), read_only=True)
    n = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    con.close()
    assert any(line.split() == ["orders", f"{n:,}"] for line in out.stdout.splitlines())


def test_bad_customers_is_a_clear_error_and_writes_nothing(tmp_path):
    env = {"CRMKIT_HOME": str(tmp_path)}
    for bad in ("0", "-3"):
        out = crmkit("--lang", "en", "data", "build", "--shop", "tea", "--customers", bad, env=env)
        assert out.returncode == 2
        assert "whole number above 0" in out.stderr and "Traceback" not in out.stderr
    out = crmkit("data", "build", "--customers", "abc", env=env)
    assert out.returncode == 2 and "顾客人数必须是大于 0 的整数" in out.stderr
    assert [p for p in tmp_path.iterdir() if p.suffix != ".lock" and not p.name.endswith(".lock")] == []


def test_unknown_shop_on_the_command_line(tmp_path):
    out = crmkit("data", "build", "--shop", "nope", env={"CRMKIT_HOME": str(tmp_path)})
    assert out.returncode == 2 and "mall" in out.stderr


def test_build_small_shop_then_info(tmp_path):
    env = {"CRMKIT_HOME": str(tmp_path)}
    out = crmkit("--lang", "en", "data", "build", "--shop", "tea", "--customers", "300", "--seed", "5", env=env)
    assert out.returncode == 0, out.stderr
    assert "Shop 'tea' generated" in out.stdout
    con = duckdb.connect(str(tmp_path / "tea.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM customers").fetchone()[0] == 300
    con.close()
