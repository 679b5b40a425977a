"""The project's layout and set-up files stay consistent with each other."""

import re
import tomllib

from crmkit import config

ROOT = config.project_root()


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    listed = set(re.findall(r'^\s+- "([^"]+)"', (ROOT / "environment.yml").read_text(), re.M))
    assert listed - {"-e ."} == wanted
    assert "python>=3.11" in (ROOT / "environment.yml").read_text()


def test_required_dependencies_are_declared():
    deps = " ".join(_pyproject()["project"]["dependencies"])
    for name in ("duckdb>=2.0", "pandas>=3.0", "numpy", "scipy", "plotly>=7", "ipywidgets>=8.1", "jupyterlab>=4.4",
                 "nbgrader>=0.9.6", "papermill>=2.7", "nbclient", "nbconvert", "nbformat", "openpyxl", "tqdm",
                 "jupyterlab-language-pack-zh-CN"):
        assert name in deps, name
    assert _pyproject()["project"]["scripts"]["crmkit"] == "crmkit.cli:main"
    assert _pyproject()["project"]["requires-python"] == ">=3.11"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make start" in readme
    makefile = (ROOT / "Makefile").read_text()
    for target in ("start:", "test:", "demo:", "data:"):
        assert re.search(rf"^{target}", makefile, re.M), target


def test_gitignore_keeps_builds_out():
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in (".venv/", "datasets/build/", "*.duckdb", "/reports/"):
        assert entry in ignored


def test_nbgrader_config_points_at_solutions_and_assignments():
    seen = {}

    class C:
        def __getattr__(self, name):
            return seen.setdefault(name, type("Section", (), {})())

    code = (ROOT / "nbgrader_config.py").read_text()
    c = C()
    exec(compile(code, "nbgrader_config.py", "exec"), {"get_config": lambda: c, "__file__": str(ROOT / "nbgrader_config.py")})
    assert seen["CourseDirectory"].source_directory == "solutions"
    assert seen["CourseDirectory"].release_directory == "assignments"
    assert seen["CourseDirectory"].root == str(ROOT)


def test_jupyterlab_overrides_defer_windowing():
    import json

    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "defer"


def test_course_weights_add_up():
    course = tomllib.loads((ROOT / "course.toml").read_text())
    for group, weights in course["weights"].items():
        assert sum(weights.values()) == 100, group
