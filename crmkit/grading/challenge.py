"""``crmkit grade challenge``: the "BH project manager" challenge (竞争A公司网上商城BH项目经理).

Groups of students play four levels, the training assignments of chapters 02 to 05
(information, satisfaction, loyalty, experience: :data:`LEVELS`). At each level the group's
remaining members are ranked by their score in that level's training (percent of its maximum,
as in :mod:`crmkit.grading.export`), and the lowest are eliminated: one, one, one, then two
(:data:`ELIMINATED`). Whoever is best of those left after the last level wins (竞聘为BH项目组经理).
A group never loses its last member: a small group eliminates fewer; a large one keeps several
finalists and the best of them wins.

Equal scores are ranked by the total over the levels so far, then by student id, and the
elimination is marked ``tie`` when it came down to that, so that the group can decide itself, as
the course's activity suggests. A missing training counts zero.

``groups.csv`` (or .xlsx) has a group column (组, 小组, 组别, group, team) and a student id
column (学号, student_id, ... as in the roster); one row per student.

Examples
--------
>>> scores = pd.DataFrame({"student_id": ["a", "b", "c"], "name": ["甲", "乙", "丙"],
...                        "ch02-training": [90.0, 50.0, 70.0], "ch03-training": [10.0, 80.0, 20.0]})
>>> levels, winners = ranking(scores, {"g1": ["a", "b", "c"]}, upto=2)
>>> levels[levels.eliminated][["level", "student_id"]].values.tolist()
[[1, 'b'], [2, 'a']]
>>> winners.student_id.tolist()
['c']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading.course import Course, open_course
from crmkit.grading.roster import HEADERS, STUDENT_ID, find_columns

#: The challenge's levels: the training assignments of chapters 02-05.
LEVELS: tuple[str, ...] = ("ch02-training", "ch03-training", "ch04-training", "ch05-training")
#: How many members each level eliminates.
ELIMINATED: tuple[int, ...] = (1, 1, 1, 2)
GROUP_HEADERS: tuple[str, ...] = ("组", "小组", "组别", "组名", "group", "team")


@dataclass(frozen=True)
class Challenge:
    """Every level of every group (``levels``) and each group's winner (``winners``)."""

    levels: pd.DataFrame
    winners: pd.DataFrame
    upto: int

    def text(self) -> str:
        lines = []
        for group, rows in self.levels.groupby("group", sort=True):
            lines.append(i18n.t("grading.challenge.group", group=group))
            for level, at in rows.groupby("level", sort=True):
                out = at[at.eliminated]
                names = ", ".join(f"{r.student_id} {r['name']}".strip() + (" *" if r.tie else "")
                                  for _, r in out.iterrows()) or "-"
                ranked = " > ".join(f"{r.student_id}({r.score:.1f})" for _, r in at.iterrows())
                lines.append(i18n.t("grading.challenge.level", level=level, assignment=LEVELS[level - 1],
                                    ranking=ranked, out=names))
            win = self.winners[self.winners.group == group]
            key = "grading.challenge.winner" if self.upto == len(LEVELS) else "grading.challenge.leader"
            lines.append(i18n.t(key, ids=", ".join(f"{r.student_id} {r['name']}".strip() for _, r in win.iterrows())))
        if self.levels.tie.any():
            lines.append(i18n.t("grading.challenge.tie_note"))
        return "\n".join(lines)


def read_groups(path: str | Path) -> dict[str, list[str]]:
    """``{group: [student ids]}`` of a groups file; a row without group or id, or an id twice, is an error."""
    from crmkit.data.imports.read import read_file

    raw = read_file(path)
    columns = find_columns([n for n in raw.table.column_names if n != "_row"], {"group": GROUP_HEADERS,
                                                                              "id": HEADERS["id"]})
    group_col, id_col = columns.get("group"), columns.get("id")
    if group_col is None or id_col is None:
        raise CrmkitError("grading.challenge.bad_columns", path=str(path), groups=", ".join(GROUP_HEADERS),
                          ids=", ".join(HEADERS["id"]))
    groups: dict[str, list[str]] = {}
    seen: set[str] = set()
    for record in raw.table.to_pylist():
        group, sid = record.get(group_col), record.get(id_col)
        if group is None or sid is None or not STUDENT_ID.fullmatch(sid) or sid in seen:
            raise CrmkitError("grading.challenge.bad_row", path=str(path), row=record["_row"], value=sid)
        seen.add(sid)
        groups.setdefault(group, []).append(sid)
    return groups


def ranking(scores: pd.DataFrame, groups: dict[str, list[str]], upto: int = len(LEVELS)
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each group's levels and winner from ``scores`` (``student_id``, ``name``, the :data:`LEVELS` columns)."""
    by_id = scores.set_index("student_id")
    unknown = sorted(s for members in groups.values() for s in members if s not in by_id.index)
    if unknown:
        raise CrmkitError("grading.challenge.unknown_students", ids=", ".join(unknown))
    rows, winners = [], []
    for group, members in groups.items():
        alive = list(members)
        total = dict.fromkeys(members, 0.0)
        for level in range(1, upto + 1):
            column = LEVELS[level - 1]
            score = {s: float(by_id.at[s, column]) if column in by_id.columns else 0.0 for s in alive}
            for s in alive:
                total[s] += score[s]
            order = sorted(alive, key=lambda s: (-score[s], -total[s], s))
            out = min(ELIMINATED[level - 1], len(order) - 1)
            keep = order[: len(order) - out]
            tie = out > 0 and score[keep[-1]] == score[order[len(keep)]]
            for rank, s in enumerate(order, 1):
                rows.append({"group": group, "level": level, "assignment": column, "student_id": s,
                             "name": str(by_id.at[s, "name"]), "score": score[s], "rank": rank,
                             "eliminated": s not in keep, "tie": tie and score[s] == score[keep[-1]]})
            alive = keep
        best = alive[0]
        winners.append({"group": group, "student_id": best, "name": str(by_id.at[best, "name"]),
                        "total": total[best]})
    return pd.DataFrame(rows), pd.DataFrame(winners)


def challenge(groups: str | Path, course: Course | str | None = None, upto: str | None = None) -> Challenge:
    """The challenge of the groups in the file ``groups`` from the course's grades, up to level ``upto``.

    ``upto`` is a level's assignment (``ch03-training``: levels 1 and 2 so far); default all four.
    """
    from crmkit.grading.export import grades

    if upto is not None and upto not in LEVELS:
        raise CrmkitError("grading.challenge.bad_level", value=upto, valid=", ".join(LEVELS))
    levels = LEVELS.index(upto) + 1 if upto else len(LEVELS)
    frame, winners = ranking(grades(open_course(course)), read_groups(groups), levels)
    return Challenge(frame, winners, levels)
