"""The reports of ``make demo``: a shop report of every shop and a channel report of every channel
of the mall, in one folder with one ``index.html``.

    python -m crmkit.reports.demo [OUT_DIR]      # default build/outputs/reports
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from crmkit import config, i18n

__all__ = ["default_out", "run"]


def default_out() -> Path:
    return config.project_root() / "build" / "outputs" / "reports"


def run(out_dir: str | Path | None = None, *, jobs: int = 2) -> int:
    """Make the demo reports in ``out_dir``, print where ``index.html`` is; 0 if every report worked, else 1."""
    from crmkit.reports.commands import report_outcome, run_reports

    out = Path(out_dir) if out_dir else default_out()
    print(i18n.t("reports.demo.shops"))
    started = time.perf_counter()
    results, _ = run_reports("shop_report", "shop", jobs=jobs, out=out)
    more, index_path = run_reports("channel_report", "channel", shops=["mall"], jobs=jobs, out=out)
    results += more
    report_outcome(results, index_path, time.perf_counter() - started)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else None))
