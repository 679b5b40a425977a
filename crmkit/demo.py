"""``make demo``: the headless main job — build the data, execute every lesson notebook.

Executed copies go to ``build/outputs/notebooks/`` (git-ignored); then the batch reports (a shop
report of every shop, a channel report of every mall channel) go to ``build/outputs/reports/`` with
their ``index.html``; the grading cycle runs on sample submissions in ``build/outputs/grading/``
(:mod:`crmkit.grading.demo`). The command prints where they are and exits non-zero if anything failed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from crmkit import config, i18n


def lesson_notebooks() -> list[Path]:
    return sorted((config.project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def execute(notebook: Path, out_dir: Path) -> Path:
    """Run one notebook top to bottom with a real kernel (papermill); returns the executed copy."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / notebook.name
    pm.execute_notebook(str(notebook), str(target), kernel_name="python3", cwd=str(notebook.parent),
                        progress_bar=False)
    return target


def main() -> int:
    from crmkit.data import build

    build("all")
    out_dir = config.project_root() / "build" / "outputs" / "notebooks"
    failed = []
    for nb in lesson_notebooks():
        started = time.perf_counter()
        try:
            target = execute(nb, out_dir)
            print(i18n.t("demo.ran", name=nb.name, seconds=f"{time.perf_counter() - started:.1f}", path=str(target)))
        except Exception as exc:  # report every failing notebook, then fail
            failed.append(nb.name)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            print(i18n.t("demo.failed", name=nb.name, reason=reason), file=sys.stderr)
    print(i18n.t("demo.outputs", path=str(out_dir)))
    from crmkit.grading import demo as grading_demo
    from crmkit.reports import demo as reports_demo

    failed_grading = grading_demo.run(config.project_root() / "build" / "outputs")
    failed_reports = reports_demo.run(config.project_root() / "build" / "outputs" / "reports")
    return 1 if failed or failed_grading or failed_reports else 0


if __name__ == "__main__":
    sys.exit(main())
