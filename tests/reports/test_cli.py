"""`crmkit reports run` as a user runs it: a failing report, the list of failures, --only-failed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

CRMKIT = Path(sys.executable).parent / "crmkit"


def crmkit(*args, env=None):
    return subprocess.run([str(CRMKIT), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=600)


@pytest.fixture
def template(tmp_path):
    """A small template whose report for the tea shop fails until the file $REPORT_READY exists."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('shop = "mall"\nlang = "zh"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os\nif shop == 'tea' and not os.path.exists(os.environ['REPORT_READY']):\n"
                                  "    raise RuntimeError(f'{shop} is not ready')"),
        nbformat.v4.new_markdown_cell("after the error"),
        nbformat.v4.new_code_cell("print(f'report of {shop} in {lang}')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "tiny_report.ipynb"
    nbformat.write(nb, path)
    return path


def test_failures_are_listed_and_only_they_are_rerun(template, tmp_path):
    out, ready = tmp_path / "out", tmp_path / "ready"
    env = {"REPORT_READY": str(ready)}
    first = crmkit("reports", "run", str(template), "--by", "shop", "--shop", "mall", "--shop", "tea", "--out", str(out),
                   "--lang", "en", env=env)
    assert first.returncode == 1, first.stderr
    assert "1 of 2 reports done" in first.stdout and f"Index of the reports: {out / 'index.html'}" in first.stdout
    partial = out / "tiny_report" / "tiny_report-tea.ipynb"
    assert "1 reports failed:" in first.stderr and "tiny_report-tea (shop=tea, lang=en)" in first.stderr
    assert "RuntimeError: tea is not ready" in first.stderr and f"partial notebook: {partial}" in first.stderr
    assert "--only-failed" in first.stderr
    executed = nbformat.read(partial, as_version=4)
    assert executed.cells[-1].outputs == []          # the cells after the error did not run
    done = out / "tiny_report" / "tiny_report-mall.html"
    assert "report of mall in en" in done.read_text("utf-8")
    before = done.stat().st_mtime_ns

    ready.touch()
    again = crmkit("reports", "run", str(template), "--only-failed", "--out", str(out), "--lang", "en", env=env)
    assert again.returncode == 0, again.stderr
    assert "1 reports of tiny_report" in again.stdout and "1 of 1 reports done" in again.stdout
    assert done.stat().st_mtime_ns == before        # the reports that worked were not run again
    records = json.loads((out / "status.json").read_text("utf-8"))["reports"]
    assert {r["parameters"]["shop"]: r["status"] for r in records.values()} == {"mall": "ok", "tea": "ok"}
    assert "2 done, 0 failed" in (out / "index.html").read_text("utf-8")

    nothing = crmkit("reports", "run", str(template), "--only-failed", "--out", str(out), "--lang", "en", env=env)
    assert nothing.returncode == 2 and "nothing to rerun" in nothing.stderr


def test_mistakes_are_explained(tmp_path, template):
    assert crmkit("reports", "run", "sales_report", "--by", "shop").returncode == 2
    wrong = crmkit("--lang", "en", "reports", "run", "sales_report", "--by", "shop")
    assert "Unknown report template 'sales_report'. Templates: channel_report, monthly_report" in wrong.stderr
    jobs = crmkit("--lang", "en", "reports", "run", "shop_report", "--by", "shop", "--jobs", "0")
    assert jobs.returncode == 2 and "--jobs must be a whole number from 1 to 64" in jobs.stderr
    by = crmkit("reports", "run", "shop_report", "--by", "month", "--lang", "zh")
    assert by.returncode == 2 and "模板 shop_report 没有参数 'month'" in by.stderr
    never_ran = crmkit("reports", "run", str(template), "--only-failed", "--out", str(tmp_path / "empty"))
    assert never_ran.returncode == 2 and "status.json" in never_ran.stderr
