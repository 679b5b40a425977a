"""The BH project manager challenge: one, one, one, then two eliminated; the best one left wins."""

import pandas as pd
import pytest

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading.challenge import LEVELS, ranking, read_groups

# Level scores (ch02..ch05 training, percent) of a group of six and a group of four.
SCORES = {
    "a1": (90, 80, 70, 95), "a2": (50, 60, 88, 70), "a3": (70, 40, 90, 60),
    "a4": (80, 90, 60, 80), "a5": (40, 99, 99, 99), "a6": (60, 70, 50, 90),
    "b1": (10, 20, 30, 40), "b2": (20, 10, 40, 30), "b3": (30, 30, 10, 20), "b4": (40, 40, 20, 10),
}
GROUPS = {"A": ["a1", "a2", "a3", "a4", "a5", "a6"], "B": ["b1", "b2", "b3", "b4"]}


def frame(scores):
    rows = [{"student_id": s, "name": f"学生{s}", **dict(zip(LEVELS, v, strict=True))} for s, v in scores.items()]
    return pd.DataFrame(rows)


def eliminated(levels, group):
    rows = levels[(levels.group == group) & levels.eliminated]
    return sorted((int(r.level), r.student_id) for r in rows.itertuples())


def test_a_group_of_six_loses_one_one_one_then_two():
    levels, winners = ranking(frame(SCORES), GROUPS)
    # level 1: a5 (40) lowest; level 2 among a1 a2 a3 a4 a6: a3 (40); level 3 among a1 a2 a4 a6: a6 (50);
    # level 4 among a1 a2 a4: a2 (70) and a4 (80); a1 (95) wins
    assert eliminated(levels, "A") == [(1, "a5"), (2, "a3"), (3, "a6"), (4, "a2"), (4, "a4")]
    assert winners.set_index("group").at["A", "student_id"] == "a1"
    assert winners.set_index("group").at["A", "total"] == 90 + 80 + 70 + 95
    level4 = levels[(levels.group == "A") & (levels.level == 4)]
    assert level4.student_id.tolist() == ["a1", "a4", "a2"] and level4["rank"].tolist() == [1, 2, 3]
    assert not levels.tie.any()


def test_a_small_group_keeps_its_last_member():
    levels, winners = ranking(frame(SCORES), GROUPS)
    # level 1: b1 (10); level 2 among b2 b3 b4: b2 (10); level 3 among b3 b4: b3 (10); level 4: nobody left to lose
    assert eliminated(levels, "B") == [(1, "b1"), (2, "b2"), (3, "b3")]
    assert winners.set_index("group").at["B", "student_id"] == "b4"


def test_ties_are_broken_by_the_total_then_the_id_and_marked():
    scores = {"x": (50, 50, 0, 0), "y": (60, 40, 0, 0), "z": (70, 40, 0, 0)}
    levels, _ = ranking(frame(scores), {"G": ["x", "y", "z"]}, upto=2)
    # level 1: x (50) out. level 2: y and z tie at 40: z has the higher total (110 > 100), so y is out
    assert eliminated(levels, "G") == [(1, "x"), (2, "y")]
    level2 = levels[levels.level == 2].set_index("student_id")
    assert level2.tie.to_dict() == {"z": True, "y": True}
    assert not levels[levels.level == 1].tie.any()


def test_missing_training_counts_zero_and_unknown_students_are_refused():
    scores = frame({"p": (10, 0, 0, 0), "q": (20, 0, 0, 0)}).drop(columns=["ch03-training"])
    levels, winners = ranking(scores, {"G": ["p", "q"]})
    assert eliminated(levels, "G") == [(1, "p")] and winners.student_id.tolist() == ["q"]
    with pytest.raises(CrmkitError, match="nobody"):
        ranking(scores, {"G": ["p", "nobody"]})


def test_groups_files(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("小组,学号,姓名\n1,s01,张伟\n2,s02,李娜\n1,s03,王芳\n", encoding="gb18030")
    assert read_groups(path) == {"1": ["s01", "s03"], "2": ["s02"]}
    path.write_text("group,student_id\n1,s01\n2,S 02\n", encoding="utf-8")
    with i18n.language("en"), pytest.raises(CrmkitError, match="row 3"):
        read_groups(path)
    path.write_text("team,student_id\n1,s01\n2,s01\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="s01"):
        read_groups(path)
    path.write_text("name,student_id\nx,s01\n", encoding="utf-8")
    with i18n.language("en"), pytest.raises(CrmkitError, match="needs a group column"):
        read_groups(path)
