"""course.toml weights: groups that do not add up to 100 are errors naming the group and its sum."""

import pytest

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading import weights
from tests.grading.helpers import CHECKOUT

GOOD = {"weights": {"stages": {"study": 20, "practice": 25, "training": 30, "test": 25},
                    "chapters": {"ch01": 20, "ch02": 20, "ch03": 20, "ch04": 20, "ch05": 20},
                    "total": {"regular": 60, "final": 40}}}


def with_group(name, table):
    data = {"weights": dict(GOOD["weights"])}
    data["weights"][name] = table
    return data


def message(data):
    with i18n.language("en"), pytest.raises(CrmkitError) as caught:
        weights.parse(data)
    return str(caught.value)


def test_the_course_file_is_valid_and_has_the_documented_defaults():
    w = weights.load(CHECKOUT / "course.toml")
    assert w.stages == {"study": 20, "practice": 25, "training": 30, "test": 25}
    assert list(w.chapters) == ["ch01", "ch02", "ch03", "ch04", "ch05"]
    assert w.total == {"regular": 60, "final": 40} and w.final == "final-exam"
    assert w.assignments()[:5] == ["ch01-study", "ch01-practice", "ch01-training", "ch01-test", "ch02-study"]


def test_the_course_documents_mistake_is_reported_not_rescaled():
    text = message(with_group("stages", {"study": 20, "practice": 20, "training": 16, "test": 8}))
    assert "[weights.stages]" in text and "64" in text and "never rescales" in text


@pytest.mark.parametrize(("group", "table", "total"), [
    ("chapters", {"ch01": 50, "ch02": 49.5}, "99.5"),
    ("total", {"regular": 70, "final": 40}, "110"),
])
def test_every_group_must_add_up_to_100(group, table, total):
    text = message(with_group(group, table))
    assert f"[weights.{group}]" in text and f"add up to {total}," in text


def test_bad_values_keys_and_missing_groups():
    assert "must be a number of 0 or more" in message(with_group("stages", {"study": -5, "practice": 105}))
    assert "must be a number of 0 or more" in message(with_group("stages", {"study": "20", "test": 80}))
    assert "'exam'" in message(with_group("stages", {"study": 50, "exam": 50}))
    assert "'chapter1'" in message(with_group("chapters", {"chapter1": 100}))
    assert "[weights.total.final]" in message(with_group("total", {"regular": 100}))
    assert "no [weights.chapters]" in message({"weights": {"stages": GOOD["weights"]["stages"], "total": GOOD["weights"]["total"]}})


def test_grading_settings():
    w = weights.parse({**GOOD, "grading": {"final": "exam-2026", "cell_timeout": 10}})
    assert w.final == "exam-2026" and w.settings["cell_timeout"] == 10 and w.settings["submission_timeout"] == 600
    assert "cell_timeout = 0" in message({**GOOD, "grading": {"cell_timeout": 0}})
    assert "colour" in message({**GOOD, "grading": {"colour": 1}})
