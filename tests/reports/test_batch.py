"""Batch parameter sets, report names, the record of a report folder, and retries — without kernels."""

import json
import re

import nbformat
import pytest

from crmkit import config, i18n
from crmkit.errors import CrmkitError
from crmkit.reports import batch, html, index, runner

TEMPLATES = ["channel_report", "monthly_report", "shop_report", "student_report"]


def test_templates_have_one_parameters_cell_without_derived_values_and_are_committed_clean():
    assert batch.templates() == TEMPLATES
    for name in TEMPLATES:
        nb = nbformat.read(batch.template_path(name), as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        for line in tagged[0].source.splitlines():  # name = literal  # comment
            value = line.split("=", 1)[1].split("#")[0].strip()
            assert value.startswith('"') and value.endswith('"'), line
        assert "lang" in batch.template_parameters(batch.template_path(name))
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None
                assert cell in tagged or len(cell.source.splitlines()) <= 2, cell.source


def test_template_by_name_or_path(tmp_path):
    assert batch.template_path("shop_report") == config.project_root() / "notebooks" / "reports" / "shop_report.ipynb"
    assert batch.template_path("shop_report.ipynb").name == "shop_report.ipynb"
    own = tmp_path / "mine.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), own)
    assert batch.template_path(str(own)) == own
    with pytest.raises(CrmkitError, match="shop_report") as caught, i18n.language("en"):
        batch.template_path("sales_report")
    assert caught.value.key == "reports.run.unknown_template"


def test_parameter_sets_per_shop_channel_month_and_student(tmp_path):
    shop = batch.template_path("shop_report")
    assert batch.parameter_sets(shop, "shop", lang="en") == [{"shop": s, "lang": "en"} for s in config.SHOPS]
    assert batch.parameter_sets(shop, "shop", shops=["tea"], period="2026-Q1") == [{"shop": "tea", "period": "2026-Q1"}]
    channel = batch.parameter_sets(batch.template_path("channel_report"), "channel", shops=["mall"], lang="zh")
    assert channel[0] == {"shop": "mall", "channel": "official_app", "lang": "zh"} and len(channel) == 8
    months = batch.parameter_sets(batch.template_path("monthly_report"), "month", period="2026", lang="zh")
    assert months[0] == {"shop": "mall", "month": "2024-11", "lang": "zh"}   # no period: the template has none
    assert len(months) == 24 and months[-1]["month"] == "2026-10"
    export = tmp_path / "grades.csv"
    export.write_text("student_id,name,ch01-study,ch01-practice,ch01-training,ch01-test,ch01,regular,final,total\n"
                      "00123,甲,1,2,3,4,5,6,7,8\n", encoding="utf-8")
    students = batch.parameter_sets(batch.template_path("student_report"), "student", grades=export, lang="en")
    assert students == [{"student": "00123", "grades": str(export.resolve()), "lang": "en"}]


def test_by_must_be_a_parameter_of_the_template():
    with pytest.raises(CrmkitError, match="shop, period, lang") as caught, i18n.language("en"):
        batch.parameter_sets(batch.template_path("shop_report"), "month")
    assert caught.value.key == "reports.run.bad_by"
    with pytest.raises(CrmkitError) as caught:
        batch.parameter_sets(batch.template_path("shop_report"), "week")
    assert caught.value.key == "error.bad_choice"
    with pytest.raises(CrmkitError) as caught:
        batch.parameter_sets(batch.template_path("shop_report"), "shop", shops=["nowhere"])
    assert caught.value.key == "error.unknown_shop"


def test_report_names():
    template = batch.template_path("channel_report")
    assert batch.report_name(template, {"shop": "mall", "channel": "jd_flagship", "lang": "zh"}) == \
        "channel_report-mall-jd_flagship"
    assert batch.report_name(template, {"shop": "mall", "channel": "a b/c", "period": "2025-11-01..2026-04-30"}) == \
        "channel_report-mall-a_b_c-2025-11-01..2026-04-30"


# ---------------------------------------------------------------- retries (a stand-in for papermill)

def fake_report(path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "# 你好"})])])
    nb.cells[0].metadata["papermill"] = {"duration": 0.5}
    nb.metadata["papermill"] = {"duration": 2.0}
    nbformat.write(nb, path)


def test_a_kernel_that_does_not_start_is_started_again(tmp_path):
    calls = []

    def execute(job):
        calls.append(job.name)
        if len(calls) < 3:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        fake_report(job.notebook)

    job = runner.Job(template=tmp_path / "t.ipynb", parameters={"student": "00123"}, name="r", out_dir=tmp_path / "out")
    result = runner.run_one(job, execute=execute, wait=0)
    assert result.ok and result.attempts == 3 and len(result.retries) == 2
    assert (result.kernel_seconds, result.cell_seconds) == (1.5, 0.5)
    assert "你好" in (tmp_path / "out" / "r.html").read_text("utf-8")


def test_a_kernel_that_never_starts_fails_the_report_and_a_failing_cell_is_not_retried(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    def never(job):
        raise TimeoutError("timed out")

    job = runner.Job(template=tmp_path / "t.ipynb", parameters={}, name="r", out_dir=tmp_path)
    result = runner.run_one(job, execute=never, wait=0)
    assert not result.ok and result.attempts == runner.ATTEMPTS and result.error == "TimeoutError: timed out"
    calls = []

    def cell_fails(job):
        calls.append(1)
        raise PapermillExecutionError(3, 4, "source", "CrmkitError", "Unknown value 'x' for channel.\nmore", [])

    result = runner.run_one(job, execute=cell_fails, wait=0)
    assert calls == [1] and result.error == "CrmkitError: Unknown value 'x' for channel.\nmore"


# ---------------------------------------------------------------- the record of a report folder

def result(name, status, **more):
    return runner.Result(template="shop_report", name=name, parameters={"shop": name}, status=status, seconds=1.25,
                         notebook=str(more.pop("folder") / f"{name}.ipynb"), **more)


def test_status_is_kept_between_runs_and_the_index_lists_every_report(tmp_path):
    folder = tmp_path / "shop_report"
    index.save(tmp_path, [result("mall", "ok", folder=folder, html=str(folder / "mall.html")),
                          result("tea", "failed", folder=folder, error="CrmkitError: <no data>")])
    assert [r["parameters"] for r in index.failed(tmp_path, "shop_report")] == [{"shop": "tea"}]
    assert index.failed(tmp_path, "channel_report") == []
    records = index.save(tmp_path, [result("tea", "ok", folder=folder, html=str(folder / "tea.html"))])
    assert sorted(records) == ["shop_report/mall", "shop_report/tea"] and index.failed(tmp_path, "shop_report") == []
    stored = json.loads((tmp_path / "status.json").read_text("utf-8"))["reports"]["shop_report/tea"]
    assert stored["notebook"] == "shop_report/tea.ipynb" and stored["html"] == "shop_report/tea.html"
    with i18n.language("en"):
        page = index.write(tmp_path).read_text("utf-8")
    assert page.count('href="shop_report/') == 4 and "2 done, 0 failed" in page


def test_the_index_shows_a_failure_with_its_partial_notebook_and_escapes_text(tmp_path):
    folder = tmp_path / "shop_report"
    records = index.save(tmp_path, [result("tea", "failed", folder=folder, error="ValueError: <b>bad</b>")])
    with i18n.language("zh"):
        page = index.write(tmp_path, records).read_text("utf-8")
    assert "&lt;b&gt;bad&lt;/b&gt;" in page and "<b>bad" not in page
    assert '<a href="shop_report/tea.ipynb">未完成的笔记本</a>' in page and 'lang="zh"' in page
    assert "<script" not in page and "<link" not in page


def test_html_leaves_out_code_help_cells_stderr_and_widgets():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("template help", metadata={"tags": [html.HELP_TAG]}),
        nbformat.v4.new_code_cell("secret_code = 1", outputs=[
            nbformat.v4.new_output("stream", name="stderr", text="a warning"),
            nbformat.v4.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                                                         "text/plain": "widget"}),
            nbformat.v4.new_output("display_data", data={"text/markdown": "## 报告"})])])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    page = html.to_html(nb, lang="zh", title="报告")
    for absent in ("secret_code", "template help", "a warning", "widget-view", "require.min.js", "unpkg", "cdnjs",
                   "mathjax", "mermaid", "<link"):
        assert absent not in page.lower(), absent
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert re.search(r"<h2[^>]*>报告", page) and '<html lang="zh">' in page and "<title>报告</title>" in page
