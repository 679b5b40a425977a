"""The record of a report folder: ``status.json`` (every report's last run) and ``index.html``.

``status.json`` keeps, for each report ever run into the folder, its template, parameters,
status, times, error and files (relative to the folder), so that ``--only-failed`` can rerun the
failures of the last run and the index lists every report, not only those of the latest batch.
``index.html`` is one self-contained page (no script, no stylesheet from elsewhere) with a row
per report: parameters, status, time and links to the HTML report and the notebook — for a
failed report, the error and its partial notebook.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
from collections.abc import Iterable
from pathlib import Path

from crmkit import i18n
from crmkit.reports.runner import Result

__all__ = ["INDEX_FILE", "STATUS_FILE", "failed", "load", "save", "write"]

STATUS_FILE = "status.json"
INDEX_FILE = "index.html"


def load(out_dir: str | Path) -> dict[str, dict]:
    """The records of ``out_dir`` by ``template/name`` (empty when nothing ran there yet)."""
    path = Path(out_dir) / STATUS_FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text("utf-8"))["reports"]


def _relative(path: str | None, out_dir: Path) -> str | None:
    if not path:
        return None
    try:
        return Path(path).resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def save(out_dir: str | Path, results: Iterable[Result]) -> dict[str, dict]:
    """Add the ``results`` of a run to the records of ``out_dir`` (replacing earlier runs of the same
    reports), write ``status.json`` atomically and return every record."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    records = load(out_dir)
    finished = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
    for result in results:
        record = dataclasses.asdict(result)
        record.update(notebook=_relative(result.notebook, out_dir), html=_relative(result.html, out_dir),
                      finished=finished)
        records[f"{result.template}/{result.name}"] = record
    temporary = out_dir / f".{STATUS_FILE}.tmp"
    temporary.write_text(json.dumps({"reports": records}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, out_dir / STATUS_FILE)
    return records


def failed(out_dir: str | Path, template: str) -> list[dict]:
    """The records of ``template``'s reports whose last run failed."""
    return [r for r in load(out_dir).values() if r["template"] == template and r["status"] != "ok"]


def _parameters(parameters: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in parameters.items())


def _link(target: str | None, text: str) -> str:
    return f'<a href="{html.escape(target)}">{html.escape(text)}</a>' if target else ""


def _row(record: dict) -> str:
    t = i18n.t
    ok = record["status"] == "ok"
    links = (_link(record["html"], t("reports.index.open_html")) + " · " + _link(record["notebook"],
             t("reports.index.open_notebook"))) if ok else _link(record["notebook"], t("reports.index.partial"))
    error = f'<pre class="error">{html.escape(record["error"] or "")}</pre>' if not ok else ""
    status = t("reports.index.ok") if ok else t("reports.index.failed")
    return (f'<tr class="{"ok" if ok else "failed"}"><td>{html.escape(record["template"])}</td>'
            f'<td>{html.escape(record["name"])}<br><small>{html.escape(_parameters(record["parameters"]))}</small></td>'
            f'<td class="status">{html.escape(status)}</td><td class="num">{record["seconds"]:.1f}</td>'
            f"<td>{links}{error}</td></tr>")


_STYLE = """body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4em .6em; text-align: left; vertical-align: top; }
td.num { text-align: right; }
tr.ok td.status { color: #2e7d32; }
tr.failed td.status { color: #c62828; font-weight: bold; }
pre.error { white-space: pre-wrap; color: #c62828; margin: .3em 0 0; }
small { color: #666; }"""


def write(out_dir: str | Path, records: dict[str, dict] | None = None) -> Path:
    """Write ``index.html`` of ``out_dir`` from its records (default: ``status.json``); returns its path."""
    out_dir = Path(out_dir)
    records = load(out_dir) if records is None else records
    rows = sorted(records.values(), key=lambda r: (r["template"], r["name"]))
    t = i18n.t
    ok = sum(r["status"] == "ok" for r in rows)
    when = max((r["finished"] for r in rows), default="—")
    headers = "".join(f"<th>{html.escape(t(f'reports.index.{k}'))}</th>"
                      for k in ("template", "parameters", "status", "seconds", "report"))
    page = f"""<!DOCTYPE html>
<html lang="{i18n.get_language()}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("reports.index.title"))}</title>
<style>{_STYLE}</style></head>
<body>
<h1>{html.escape(t("reports.index.title"))}</h1>
<p>{html.escape(t("reports.index.summary", ok=ok, failed=len(rows) - ok, when=when))}</p>
<table><thead><tr>{headers}</tr></thead>
<tbody>
{chr(10).join(_row(r) for r in rows)}
</tbody></table>
</body></html>
"""
    path = out_dir / INDEX_FILE
    path.write_text(page, encoding="utf-8")
    return path
