"""One released course for the grading tests (generate_assignment runs once per session)."""

import shutil

import pytest

from crmkit.grading.release import release
from tests.grading.helpers import new_course


@pytest.fixture(scope="session")
def released_course(tmp_path_factory, course_data):
    """A course with ch01-study and ch01-test generated and released to a folder, and an empty gradebook."""
    root = new_course(tmp_path_factory.mktemp("released"), ("ch01-study", "ch01-test"))
    for assignment in ("ch01-study", "ch01-test"):
        release(assignment, root)
    shutil.rmtree(root / "build", ignore_errors=True)
    return root
