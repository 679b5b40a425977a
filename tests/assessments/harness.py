"""The six proofs every nbgrader assignment of the course must pass (``/work/shared/ASSESSMENT.md``).

A chapter's test module needs one line::

    test_ch02_practice = make_proofs("ch02-practice")

That gives six tests, one per proof, which share one run of real nbgrader (subprocesses of the
``nbgrader`` CLI, the real gradebook read with :class:`nbgrader.api.Gradebook`) in a temporary
course directory: ``solutions/<id>`` and the checkout's ``nbgrader_config.py`` are copied there,
so the course root is the temporary folder and the configuration is the real one.

The run: ``nbgrader generate_assignment``; then submissions in ``submitted/<student>/<id>/``:
``solution`` (the source notebook), ``x-untouched`` (the release as fetched) and one
``x-wrong-<cell>`` per typical wrong answer; ``nbgrader autograde`` (the solution alone first, timed,
then the others in one go); ``nbgrader generate_feedback`` for the wrong answers.

1. **release**: the release reproduces the committed ``assignments/<id>`` byte for byte, every
   file (nothing is normalised: nbgrader's output is deterministic — cell ids come from the
   source and checksums are content hashes).
2. **clean**: the release holds no solution region, no hidden test, none of their lines, and
   not the wrong answers file.
   Every manually graded cell (a written answer the teacher grades) keeps its prompt but not its
   reference answer (its solution region, 参考答案), and its rubric — the read-only cell
   ``<grade_id>_rubric`` the source must have for it — is released unchanged.
3. **solution**: the solution as a submission gets full marks on every auto-graded cell, none of
   its cells raises, and the gradebook lists exactly the manually graded cells as needing the
   teacher's grade.
4. **untouched**: the untouched release gets zero auto-graded points, without crashing nbgrader;
   its written answers, left as released, count as unanswered (0 points, nothing to grade).
5. **wrong**: ``solutions/<id>/wrong_answers.toml`` maps each answer cell's grade_id to the code
   of a typical wrong answer (every auto-graded test cell must be covered). With that one
   answer swapped in, exactly the test cell after it fails, with a :class:`crmkit.checks.CheckFailed`
   whose message is one of crmkit's check messages; no message, traceback or feedback page
   shows a literal of the hidden test (the expected answer) or a line of it.
6. **fast**: autograding the solution (nbgrader start-up included) takes under 60 s.

Manually graded cells are nbgrader's "manually graded answer" cells (``solution`` and ``grade``
with ``points``, usually Markdown): the prompt stays outside the solution region, the reference
answer inside it, and a read-only Markdown cell ``<grade_id>_rubric`` just before it shows the
student the rubric (``solutions/ch01-training``). Proofs 3 to 6 are about the auto-graded cells.

``python -m tests.assessments.harness release ch01-study`` regenerates the committed release the
same way (generate_assignment in a temporary course, then copied into ``assignments/<id>``).
"""

from __future__ import annotations

import ast
import copy
import html
import json
import re
import shutil
import string
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from crmkit.grading.course import environment

CHECKOUT = Path(__file__).resolve().parents[2]
COURSE_ID = tomllib.loads((CHECKOUT / "course.toml").read_text("utf-8"))["course"]["id"]
WRONG_FILE = "wrong_answers.toml"
LIMIT_SECONDS = 60
PROOFS = ("release", "clean", "solution", "untouched", "wrong", "fast")
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# --- running nbgrader -----------------------------------------------------------------------------

def nbgrader(course: Path, *args: str) -> float:
    """Run ``nbgrader <args>`` in ``course``; the seconds it took. Fails with nbgrader's output."""
    # the venv's bin/ first on PATH (nbgrader runs `alembic`); what the notebooks write (tags, tasks,
    # imports) goes to this course's own scratch folder, never to the test session's: a submission's
    # import must not change what later tests count
    env = environment({"CRMKIT_SCRATCH": str(course / "scratch")})
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or " | ERROR]" in done.stderr:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    return seconds


def new_course(assignment: str, folder: Path) -> Path:
    """A course directory in ``folder`` with the assignment's source and the real configuration."""
    course = folder / "course"
    source = CHECKOUT / "solutions" / assignment
    assert source.is_dir(), f"no source folder solutions/{assignment}"
    shutil.copytree(source, course / "solutions" / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(CHECKOUT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def release(assignment: str, folder: Path) -> Path:
    """``nbgrader generate_assignment`` in a new course in ``folder``; the released folder."""
    course = new_course(assignment, folder)
    nbgrader(course, "generate_assignment", assignment)
    return course / "assignments" / assignment


# --- reading notebooks ----------------------------------------------------------------------------

def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_answer(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def is_manual(cell) -> bool:
    """A manually graded answer: the student writes it and the teacher grades it (nbgrader's
    ``solution`` + ``grade``, any cell type)."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution", False) and meta.get("grade", False))


def is_locked(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("locked", False)) and not meta.get("solution", False) and not meta.get("grade", False)


def outside(source: str, begin: str, end: str) -> list[str]:
    r"""The lines of a cell outside its ``### BEGIN ...`` / ``### END ...`` regions.

    >>> outside('**Your answer**\n### BEGIN SOLUTION\nA reference\n### END SOLUTION', "BEGIN SOLUTION", "END SOLUTION")
    ['**Your answer**']
    """
    kept, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return kept


def regions(source: str, begin: str, end: str) -> list[str]:
    r"""The texts between ``### BEGIN ...`` and ``### END ...`` lines of a cell.

    >>> regions('a = ...\n### BEGIN SOLUTION\na = 1\n### END SOLUTION', "BEGIN SOLUTION", "END SOLUTION")
    ['a = 1']
    """
    found, inside, lines = [], False, []
    for line in source.splitlines():
        if begin in line:
            inside, lines = True, []
        elif end in line:
            inside = False
            found.append("\n".join(lines))
        elif inside:
            lines.append(line)
    return found


def answer_tests(nb) -> dict[str, str]:
    """``{answer cell id: id of the first test cell after it}``.

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> def cell(grade_id, solution, grade):
    ...     return new_code_cell(metadata={"nbgrader": {"grade_id": grade_id, "solution": solution, "grade": grade}})
    >>> answer_tests(new_notebook(cells=[cell("q1", True, False), cell("q1_test", False, True),
    ...                                  cell("q2", True, False), cell("q2_test", False, True)]))
    {'q1': 'q1_test', 'q2': 'q2_test'}
    """
    pairs, pending = {}, []
    for cell in nb.cells:
        if is_answer(cell):
            pending.append(grade_id(cell))
        elif is_test(cell):
            pairs.update({answer: grade_id(cell) for answer in pending})
            pending = []
    return pairs


def constants(code: str) -> set[str]:
    """The literal strings and numbers in ``code`` (not the ``name=`` of a check), as texts.

    >>> sorted(constants('ck.checks.check_choice(q1, ["A", "C"], "ABCD", name="q1")'))
    ['A', 'ABCD', 'C']
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = {id(k.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
             for k in node.keywords if k.arg == "name"}
    return {str(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in names
            and isinstance(node.value, str | int | float) and not isinstance(node.value, bool)}


def shows(text: str, secret: str) -> bool:
    """Whether ``secret`` stands in ``text`` as a token of its own ("B" is not found in "By").

    >>> shows("q1: 'B' is not right", "B"), shows("By the way", "B"), shows("3585 rows", "358")
    (True, False, False)
    """
    return re.search(rf"(?<![\w.]){re.escape(secret)}(?![\w.])", text) is not None


def check_messages() -> list[tuple[str, re.Pattern]]:
    """Every crmkit.checks message, both languages, as a regex with a group per placeholder.

    >>> [(key, m.groupdict()) for key, p in check_messages() if (m := p.match("q5：'C' 不是正确答案。"))]
    [('check.wrong_choice', {'name': 'q5', 'answer': "'C'"})]
    """
    from crmkit import i18n

    patterns = []
    for lang in i18n.LANGUAGES:
        for key, text in i18n.catalog(lang).items():
            if key.startswith("check.") and not key.startswith("check.kind."):
                regex = "".join(re.escape(literal) + (f"(?P<{field}>.*?)" if field else "")
                                for literal, field, _, _ in string.Formatter().parse(text))
                patterns.append((key, re.compile(regex + r"\Z", re.S)))
    return patterns


def errors_by_cell(notebook: Path) -> dict[str, list[dict]]:
    """The error outputs of an executed notebook, by the grade_id of their cell."""
    nb = nbformat.read(notebook, as_version=4)
    found = {}
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            found[grade_id(cell) or f"cell {nb.cells.index(cell)}"] = errors
    return found


# --- one run of the whole pipeline ----------------------------------------------------------------

@dataclass
class Run:
    """What one nbgrader run of an assignment produced, for the six proofs to look at."""

    assignment: str
    course: Path
    source: nbformat.NotebookNode
    wrong: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    scores: dict[str, dict[str, tuple[float | None, float]]] = field(default_factory=dict)
    to_grade: dict[str, set[str]] = field(default_factory=dict)  # grades the teacher still has to give
    errors: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)

    @property
    def released(self) -> Path:
        return self.course / "assignments" / self.assignment


def submit(course: Path, assignment: str, student: str, files: Path, nb) -> None:
    """Place a submission: the released files and the notebook ``nb``."""
    folder = course / "submitted" / student / assignment
    shutil.copytree(files, folder)
    nbformat.write(nb, folder / f"{assignment}.ipynb")


def run(assignment: str, folder: Path) -> Run:
    """Generate, submit, autograde and give feedback in a temporary course; see the module's docstring."""
    course = new_course(assignment, folder)
    source_dir = course / "solutions" / assignment
    source = nbformat.read(source_dir / f"{assignment}.ipynb", as_version=4)
    wrong_file = source_dir / WRONG_FILE
    wrong = tomllib.loads(wrong_file.read_text("utf-8")) if wrong_file.is_file() else {}
    result = Run(assignment, course, source, wrong)

    result.seconds["generate_assignment"] = nbgrader(course, "generate_assignment", assignment)
    released = result.released
    submit(course, assignment, "solution", released, source)
    submit(course, assignment, "x-untouched", released, nbformat.read(released / f"{assignment}.ipynb", as_version=4))
    for answer, code in wrong.items():
        nb = copy.deepcopy(source)
        cells = [c for c in nb.cells if grade_id(c) == answer and is_answer(c)]
        assert cells, f"{WRONG_FILE}: no answer cell {answer!r} in the notebook"
        cells[0].source = code
        submit(course, assignment, f"x-wrong-{answer}", released, nb)

    result.seconds["autograde solution"] = nbgrader(course, "autograde", assignment, "--student", "solution")
    result.seconds["autograde others"] = nbgrader(course, "autograde", assignment)
    if wrong:
        result.seconds["generate_feedback"] = nbgrader(course, "generate_feedback", assignment, "--student", "x-wrong-*")

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for student in ["solution", "x-untouched", *(f"x-wrong-{a}" for a in wrong)]:
            submission = gb.find_submission_notebook(assignment, assignment, student)
            result.scores[student] = {g.name: (g.auto_score, g.max_score) for g in submission.grades}
            result.to_grade[student] = {g.name for g in submission.grades if g.needs_manual_grade}
    for student in result.scores:
        graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
        result.errors[student] = errors_by_cell(graded)
        page = course / "feedback" / student / assignment / f"{assignment}.html"
        if page.is_file():  # the page's text, without its markup
            result.feedback[student] = html.unescape(re.sub(r"<[^>]+>", "", page.read_text("utf-8")))
    return result


# --- the proofs -----------------------------------------------------------------------------------

def prove_release(r: Run) -> None:
    committed = CHECKOUT / "assignments" / r.assignment
    assert committed.is_dir(), f"assignments/{r.assignment} is not committed: run `python -m tests.assessments.harness release {r.assignment}`"
    files = lambda root: sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())  # noqa: E731
    assert files(r.released) == files(committed), "the release has other files than assignments/"
    for name in files(committed):
        assert (r.released / name).read_bytes() == (committed / name).read_bytes(), (
            f"assignments/{r.assignment}/{name} differs from what generate_assignment makes of solutions/; "
            f"run `python -m tests.assessments.harness release {r.assignment}`")


def prove_clean(r: Run) -> None:
    assert not (r.released / WRONG_FILE).exists(), f"{WRONG_FILE} was released"
    text = (r.released / f"{r.assignment}.ipynb").read_text("utf-8")
    nb = nbformat.reads(text, as_version=4)
    for delimiter in DELIMITERS:
        assert delimiter not in text, f"the release still holds '{delimiter}'"
    released_lines = {line.strip() for c in nb.cells for line in c.source.splitlines()}
    hidden_somewhere = False
    for cell in r.source.cells:
        secret = regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        secret += regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        hidden_somewhere |= bool(secret)
        for line in "\n".join(secret).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                assert line not in released_lines, f"the release shows a solution or hidden test line: {line}"
    assert hidden_somewhere, "the source has no solution region and no hidden test"
    released = {grade_id(c): c for c in nb.cells}
    source = {grade_id(c): c for c in r.source.cells}
    for cell in filter(is_manual, r.source.cells):
        name = grade_id(cell)
        assert "\n".join(regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")).strip(), (
            f"{name}: a manually graded cell holds its reference answer in a solution region")
        assert name in released, f"{name}: the manually graded cell is not released"
        kept = [line.strip() for line in released[name].source.splitlines()]
        for line in filter(str.strip, outside(cell.source, "BEGIN SOLUTION", "END SOLUTION")):
            assert line.strip() in kept, f"{name}: the release lost the prompt line {line!r}"
        rubric = source.get(f"{name}_rubric")
        assert rubric is not None and is_locked(rubric), f"{name}: no read-only rubric cell {name}_rubric"
        assert r.source.cells.index(rubric) < r.source.cells.index(cell), f"{name}: the rubric comes after the answer"
        assert f"{name}_rubric" in released and released[f"{name}_rubric"].source == rubric.source, (
            f"{name}: the rubric is not released as written")
    for cell in nb.cells + r.source.cells:
        assert cell.cell_type != "code" or (not cell.outputs and cell.execution_count is None), "outputs committed"


def auto_scores(r: Run, student: str) -> dict[str, tuple[float, float]]:
    return {name: score for name, score in r.scores[student].items() if score[0] is not None}


def manual_cells(r: Run) -> set[str]:
    return {grade_id(c) for c in r.source.cells if is_manual(c)}


def prove_solution(r: Run) -> None:
    scores = auto_scores(r, "solution")
    assert scores, "no auto-graded cell"
    assert {n: s for n, s in scores.items() if s[0] != s[1]} == {}, "the solution does not get full marks"
    assert r.errors["solution"] == {}, f"cells of the solution raise: {list(r.errors['solution'])}"
    manual = manual_cells(r)
    assert set(r.scores["solution"]) == set(scores) | manual, "a grade is neither auto-graded nor manual"
    assert r.to_grade["solution"] == manual, (
        f"the gradebook should leave exactly the written answers {sorted(manual)} to the teacher, "
        f"but lists {sorted(r.to_grade['solution'])}")


def prove_untouched(r: Run) -> None:
    scores = auto_scores(r, "x-untouched")
    assert scores and sum(s for s, _ in scores.values()) == 0, {n: s for n, s in scores.items() if s[0]}
    assert manual_cells(r) <= set(scores), "a written answer left as released is not scored 0"
    assert r.to_grade["x-untouched"] == set(), f"unanswered cells left to the teacher: {r.to_grade['x-untouched']}"


def prove_wrong(r: Run) -> None:
    after = answer_tests(r.source)
    tests = {grade_id(c) for c in r.source.cells if is_test(c)}
    covered = {after.get(answer) for answer in r.wrong}
    assert tests <= covered, f"{WRONG_FILE} has no wrong answer for the questions tested by {sorted(tests - covered)}"
    release_nb = nbformat.read(r.released / f"{r.assignment}.ipynb", as_version=4)
    public = "\n".join(c.source for c in release_nb.cells)
    messages = check_messages()
    by_id = {grade_id(c): c for c in r.source.cells}
    for answer in r.wrong:
        student, test = f"x-wrong-{answer}", after[answer]
        failed = r.errors[student]
        assert set(failed) == {test}, f"{answer}: the wrong answer should fail only {test}, but fails {sorted(failed)}"
        scores = auto_scores(r, student)
        assert scores[test][0] == 0 and all(s == m for n, (s, m) in scores.items() if n != test), scores
        (error,) = failed[test]
        assert error.ename == "CheckFailed", f"{answer}: {error.ename}: {error.evalue} is not a crmkit.checks message"
        matched = [(key, m) for key, p in messages if (m := p.match(error.evalue))]
        assert matched, f"{answer}: '{error.evalue}' is none of crmkit.checks' messages"
        hidden = "\n".join(regions(by_id[test].source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
        # the expected answer's literals: those of the hidden test that the student cannot see
        # (not in the release) and did not write (a message may quote the student's answer)
        secrets = {s for s in constants(hidden) - constants(r.wrong[answer])
                   if json.dumps(s, ensure_ascii=False) not in public and s not in public}
        shown = ANSI.sub("", "\n".join(error.traceback))
        key, match = matched[0]
        student_parts = " ".join(v for k, v in match.groupdict().items() if k not in ("options", "columns"))
        for secret in secrets:
            assert not shows(student_parts, secret), f"{answer}: the message shows the expected {secret!r}"
            assert not shows(shown.replace(error.evalue, ""), secret), f"{answer}: the traceback shows {secret!r}"
        for line in filter(None, (s.strip() for s in hidden.splitlines())):
            assert line not in shown, f"{answer}: the traceback quotes the hidden test"
            if student in r.feedback:
                assert line not in r.feedback[student], f"{answer}: the feedback page shows the hidden test"
        if student in r.feedback:
            assert error.evalue in r.feedback[student], f"{answer}: the feedback page does not show the message"
            for delimiter in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
                assert delimiter not in r.feedback[student], f"{answer}: the feedback page shows '{delimiter}'"


def prove_fast(r: Run) -> None:
    assert r.seconds["autograde solution"] < LIMIT_SECONDS, r.seconds


_RUNS: dict[str, Run] = {}


def make_proofs(assignment: str):
    """A pytest test, parametrized by the six proofs, for ``assignment`` (one nbgrader run shared)."""

    @pytest.mark.parametrize("proof", PROOFS)
    def test_proof(proof, tmp_path_factory):
        if assignment not in _RUNS:
            _RUNS[assignment] = run(assignment, tmp_path_factory.mktemp(assignment))
        r = _RUNS[assignment]
        print(f"{assignment}: " + ", ".join(f"{k} {v:.1f} s" for k, v in r.seconds.items()))
        globals()[f"prove_{proof}"](r)

    test_proof.__name__ = f"test_{assignment.replace('-', '_')}"
    return test_proof


def main(argv: list[str]) -> int:
    """``release <id> ...``: regenerate the committed ``assignments/<id>`` from ``solutions/<id>``."""
    import tempfile

    if len(argv) < 2 or argv[0] != "release":
        print("usage: python -m tests.assessments.harness release <assignment> ...")
        return 2
    for assignment in argv[1:]:
        with tempfile.TemporaryDirectory() as tmp:
            made = release(assignment, Path(tmp))
            target = CHECKOUT / "assignments" / assignment
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(made, target)
            print(f"assignments/{assignment}: {', '.join(sorted(p.name for p in target.iterdir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
