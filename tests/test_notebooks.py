"""Lesson notebooks run top to bottom headless with a real kernel, and are committed clean."""

import json
import re

import nbformat
import pytest

from crmkit import demo

LESSONS = demo.lesson_notebooks()


def test_there_is_a_welcome_lesson():
    assert LESSONS and LESSONS[0].name == "00_welcome.ipynb"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_headless(path, tmp_path, monkeypatch):
    # the lesson's kernel writes (imports, merges, tasks) to a scratch folder of its own, not the session's
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    executed = demo.execute(path, tmp_path)
    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert len(cell.source.strip().splitlines()) <= 2, cell.source


def test_welcome_shows_a_masked_customer_card(tmp_path):
    executed = demo.execute(LESSONS[0], tmp_path)
    nb = nbformat.read(executed, as_version=4)
    text = json.dumps(nb, ensure_ascii=False)
    widget_state = json.dumps(nb.metadata["widgets"], ensure_ascii=False)
    assert "crmkit-card" in widget_state and "****" in widget_state
    # the lookup table and the widget's card (stored in the widget state) show masked phones only
    assert re.search(r"1[3-9]\d\*{4}\d{4}", text)
    assert not re.search(r"(?<![\d*])1[3-9]\d{9}(?!\d)", text)
