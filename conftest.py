"""Test-wide set-up: course data and scratch databases live in a temporary folder.

Unless ``CRMKIT_TEST_HOME`` names a folder to reuse, every test session builds the four shops
once (seconds) into a fresh temporary folder, so tests and doctests never touch the checkout's
``datasets/build`` or the user's own scratch databases.
"""

import os
import tempfile
from pathlib import Path

import pytest

_home = Path(os.environ.get("CRMKIT_TEST_HOME") or tempfile.mkdtemp(prefix="crmkit-test-"))


def pytest_configure(config):
    os.environ["CRMKIT_HOME"] = str(_home / "data")
    os.environ["CRMKIT_SCRATCH"] = str(_home / "scratch")
    os.environ["CRMKIT_LANG"] = "zh"
    os.environ.pop("CRMKIT_ROLE", None)


@pytest.fixture(scope="session", autouse=True)
def course_data():
    """The default course data of every shop, built once per session."""
    from crmkit.data import build

    return build("all", quiet=True)
