"""nbgrader course configuration: instructor sources in solutions/, student releases in assignments/."""

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from crmkit.grading.feedback import HideTestCode

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.course_id = "crm-course"

# Files kept with an assignment's source but never released: the typical wrong answers that the
# assessment tests substitute (tests/assessments/harness.py). hints.toml is released on purpose:
# ck.hint reads it next to the student's notebook.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "wrong_answers.toml"]

# A released answer cell keeps the line before its solution region (``q1 = ...  # 例如 "A"``), so
# the stub only points at it; the checks report a remaining ``...`` as "not answered yet".
c.ClearSolutions.code_stub = {"python": "# ↑ 把上面的 ... 换成你的答案 · replace ... above with your answer"}
# A released written answer (a manually graded Markdown cell) says where to write, in both languages.
c.ClearSolutions.text_stub = "在这里写你的回答 · YOUR ANSWER HERE"

# Feedback shows each test cell as the student saw it: hidden tests (which hold the expected
# answers) are removed from the feedback pages too, after the grades are read, and an error's
# traceback in such a cell is cut to one line first (it would quote the hidden test around it).
# The same for `crmkit grade feedback`, `nbgrader generate_feedback` and formgrader's button.
c.GenerateFeedback.preprocessors = [GetGrades, HideTestCode, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
