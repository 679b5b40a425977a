"""Loyalty analyses and models on the 10-million-order mall (issue 5 speed goals).

    python benchmarks/loyalty.py                     # build 1,000,000 customers (~10M orders), run all cases
    python benchmarks/loyalty.py --home DIR          # reuse (or build once into) DIR
    python benchmarks/loyalty.py --markdown table.md

Goals: RFM on 10,000,000 orders <= 3 s; the BG/NBD fit on a 1,000,000-customer summary <= 10 s;
cohort retention on 10,000,000 orders <= 5 s. The 1,000,000-customer summary is simulated from
known BG/NBD parameters (``crmkit.analytics.bgnbd.simulate``), so it has exactly a million
customers and the table also shows how close the fit comes to the true parameters. The other
cases (the summary, fits on the mall's own summary, CLV, churn by P(alive), quadrants) are
timed for information. SQL cases are run once to warm up, then the best of ``--repeat`` runs
is reported; model fits are timed from a cold start.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIMULATED_CUSTOMERS = 1_000_000
TRUE_PARAMS = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}  # close to the CDNOW estimates, in weeks


def timed(fn, repeat: int, warm_up: bool) -> tuple[float, object]:
    if warm_up:
        fn()
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(repeat: int) -> tuple[str, list[tuple[str, float, float | None, str]]]:
    import numpy as np

    import crmkit as ck
    from crmkit.analytics import bgnbd, loyalty

    con = ck.connect("mall")
    [(orders, customers)] = con.execute("SELECT (SELECT count(*) FROM orders), "
                                        "(SELECT count(*) FROM customers)").fetchall()
    rows = []

    def case(name, fn, goal=None, warm_up=True, note=""):
        seconds, result = timed(fn, repeat, warm_up)
        rows.append((name, seconds, goal, note(result) if callable(note) else note))
        print(f"{name}: {seconds:.3f} s", file=sys.stderr, flush=True)
        return result

    case("loyalty.rfm", lambda: loyalty.rfm(con), 3.0, note=lambda df: f"{len(df):,} buyers")
    case("loyalty.cohort_retention (month)", lambda: loyalty.cohort_retention(con, "month"), 5.0,
         note=lambda df: f"{df.cohort.nunique()} cohorts")
    summary = case("loyalty.rfm_summary (weeks, with holdout)", lambda: loyalty.rfm_summary(
        con, calibration_end="2026-04-30"), note=lambda df: f"{len(df):,} customers")
    ages = np.random.default_rng(5).uniform(1, 104, SIMULATED_CUSTOMERS)
    simulated = bgnbd.simulate(TRUE_PARAMS, ages, seed=5)
    case(f"loyalty.fit_bgnbd ({SIMULATED_CUSTOMERS:,} simulated customers)", lambda: loyalty.fit_bgnbd(simulated), 10.0,
         warm_up=False, note=lambda m: "r, alpha, a, b = " + ", ".join(f"{m.params[k]:.3f}" for k in bgnbd.PARAMS)
         + " (true " + ", ".join(f"{v:g}" for v in TRUE_PARAMS.values()) + ")")
    model = case("loyalty.fit_bgnbd (the mall's summary)", lambda: loyalty.fit_bgnbd(summary), warm_up=False,
                 note=lambda m: ", ".join(f"{k}={v:.3f}" for k, v in m.params.items()))
    spend = case("loyalty.fit_gamma_gamma (the mall's summary)", lambda: loyalty.fit_gamma_gamma(summary),
                 warm_up=False, note=lambda m: f"{m.customers:,} repeat customers")
    case("loyalty.clv (12 months)", lambda: loyalty.clv(model, spend, 12, 0.01), warm_up=False,
         note=lambda df: f"{len(df):,} customers")
    case("customers.churn(model=\"bgnbd\")", lambda: ck.customers.churn(con, model="bgnbd"), warm_up=False,
         note=lambda df: f"{len(df):,} with P(alive) < 0.5")
    case("loyalty.quadrants", lambda: loyalty.quadrants(con), note=lambda df: f"{len(df):,} surveyed customers")
    return f"mall: {customers:,} customers, {orders:,} orders", rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="folder for the benchmark mall (kept; reused when already built)")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    args = parser.parse_args()

    home = Path(args.home or tempfile.mkdtemp(prefix="crmkit-bench-"))
    os.environ.update({"CRMKIT_HOME": str(home), "CRMKIT_SCRATCH": str(home / "scratch"), "CRMKIT_LANG": "zh"})
    if not (home / "mall.duckdb").exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crmkit.cli", "data", "build", "--shop", "mall", "--force",
                        "--customers", str(args.customers), "--seed", "1"], env=os.environ, check=True)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    title, rows = run(args.repeat)
    lines = [title, "", "| case | seconds | goal s | goal met | result |", "|---|---:|---:|:---:|---|"]
    for name, seconds, goal, note in rows:
        met = "" if goal is None else ("yes" if seconds <= goal else "NO")
        lines.append(f"| {name} | {seconds:.3f} | {'' if goal is None else f'{goal:g}'} | {met} | {note} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
