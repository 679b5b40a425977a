"""ck.hint: one more hint per call, in the chosen language, from the hints file next to the notebook."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import crmkit as ck
from crmkit import hints, i18n
from crmkit.errors import CrmkitError

HINTS = """
[q1]
zh = ["先读题。", "想想内部客户。"]
en = ["Read the question first.", "Think of internal customers."]

[q2]
zh = ["只有一条提示。"]
en = ["There is only one hint."]
"""


@pytest.fixture(autouse=True)
def fresh_counter():
    hints.reset()
    yield
    hints.reset()


@pytest.fixture
def assignment(tmp_path, monkeypatch):
    """A released assignment folder ch99-demo with a hints file, as the notebook's working folder."""
    folder = tmp_path / "ch99-demo"
    folder.mkdir()
    (folder / "hints.toml").write_text(HINTS, "utf-8")
    monkeypatch.chdir(folder)
    return folder


def shown(capsys):
    return capsys.readouterr().out.strip()


def test_each_call_shows_the_next_hint_then_no_more(assignment, capsys):
    with i18n.language("zh"):
        ck.hint("ch99-demo", 1)
        assert shown(capsys) == "**提示 1/2**（ch99-demo · q1）：先读题。"
        ck.hint("ch99-demo", "q1")
        assert shown(capsys) == "**提示 2/2**（ch99-demo · q1）：想想内部客户。"
        ck.hint("ch99-demo", "1")
        assert shown(capsys) == "ch99-demo · q1 没有更多提示了（共 2 条）。再看看题目和课堂笔记吧！"
        ck.hint("ch99-demo", 2)
        assert shown(capsys) == "**提示 1/1**（ch99-demo · q2）：只有一条提示。"


def test_english_hints_and_the_counter_is_shared_by_languages(assignment, capsys):
    with i18n.language("zh"):
        ck.hint("ch99-demo", 1)
    capsys.readouterr()
    with i18n.language("en"):
        ck.hint("ch99-demo", 1)
        assert shown(capsys) == "**Hint 2/2** (ch99-demo · q1): Think of internal customers."
        ck.hint("ch99-demo", 1)
        assert shown(capsys).startswith("No more hints for ch99-demo · q1 (there are 2).")


def test_reset_starts_again(assignment, capsys):
    ck.hint("ch99-demo", 2)
    hints.reset("ch99-demo")
    ck.hint("ch99-demo", 2)
    assert shown(capsys).splitlines()[-1].startswith("**提示 1/1**")


def test_found_in_a_subfolder_named_after_the_assignment(assignment, monkeypatch, capsys):
    monkeypatch.chdir(assignment.parent)
    ck.hint("ch99-demo", 2)
    assert "只有一条提示" in shown(capsys)


def test_a_hints_file_of_another_assignment_in_the_folder_is_not_used(assignment):
    with pytest.raises(CrmkitError) as info:
        hints.find("ch98-other")
    assert info.value.key == "hint.unknown_assignment"
    assert "ch99-demo" in str(info.value)  # the valid ones are listed


@pytest.mark.parametrize("lang, text", [("zh", "作业 ch99-demo 没有题目 'q7' 的提示。有提示的题目：q1, q2。"),
                                        ("en", "Assignment ch99-demo has no hints for question 'q7'. Questions with hints: q1, q2.")])
def test_unknown_question_lists_the_valid_ones(assignment, lang, text):
    with i18n.language(lang), pytest.raises(CrmkitError) as info:
        ck.hint("ch99-demo", "q7")
    assert str(info.value) == text


@pytest.mark.parametrize("bad", [
    '[q1]\nzh = ["一"]\n',                                  # no English
    '[q1]\nzh = ["一", "二"]\nen = ["one"]\n',              # not as many
    '[q1]\nzh = []\nen = []\n',                             # none
    '[q1]\nzh = "一"\nen = "one"\n',                        # not lists
    'q1 = "one"\n',                                          # not a table
    '[q1\nzh = ["一"]\n',                                    # not TOML
])
def test_a_broken_hints_file_is_reported(assignment, bad):
    (assignment / "hints.toml").write_text(bad, "utf-8")
    with pytest.raises(CrmkitError) as info:
        ck.hint("ch99-demo", 1)
    assert info.value.key == "hint.bad_file" and "hints.toml" in str(info.value)


def test_every_committed_hints_file_is_valid_and_matches_its_notebook():
    files = sorted((hints.CHECKOUT / "solutions").glob("*/hints.toml"))
    for path in files:
        data = hints.load(path)
        notebook = path.parent / f"{path.parent.name}.ipynb"
        ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nbformat.read(notebook, as_version=4).cells}
        assert set(data) <= ids, f"{path}: hints for questions the notebook does not have"


def test_shown_as_markdown_in_a_notebook(assignment):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import crmkit as ck\nck.hint("ch99-demo", 1)')])
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(assignment)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"]
    assert outputs[0].data["text/markdown"] == "**提示 1/2**（ch99-demo · q1）：先读题。"


def test_the_checkout_is_where_solutions_live():
    assert (Path(hints.CHECKOUT) / "nbgrader_config.py").is_file()
