"""What a batch runs: the template, and one parameter set per shop, channel, month or student.

``--by shop`` gives one report per shop; ``--by channel`` one per channel of each shop;
``--by month`` one per month of each shop's data; ``--by student`` one per student of a grade
export. Each set holds only the template's own parameters (read from its ``parameters`` cell),
and every value is passed to papermill as it is: a student id ``"00123"`` stays text.

Examples
--------
>>> template = template_path("student_report")
>>> sets = parameter_sets(template, "student", lang="en")
>>> sets[0]
{'student': '00101', 'grades': '', 'lang': 'en'}
>>> report_name(template, sets[0])
'student_report-00101'
"""

from __future__ import annotations

import re
from pathlib import Path

from crmkit import config, i18n
from crmkit.errors import CrmkitError

__all__ = ["BY", "parameter_sets", "report_name", "template_parameters", "template_path", "templates"]

#: What a batch can make one report per.
BY: tuple[str, ...] = ("shop", "channel", "month", "student")
#: Parameters that tell the reports of a batch apart (in this order they name the report files).
_NAMING = ("shop", "channel", "month", "student", "period")


def templates_dir() -> Path:
    return config.project_root() / "notebooks" / "reports"


def templates() -> list[str]:
    """The names of the report templates in ``notebooks/reports/``."""
    return sorted(p.stem for p in templates_dir().glob("*.ipynb"))


def template_path(template: str | Path) -> Path:
    """A template's notebook: a name from :func:`templates` or the path of a notebook."""
    text = str(template).strip()
    path = Path(text).expanduser()
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    named = templates_dir() / f"{text.removesuffix('.ipynb')}.ipynb"
    if named.is_file():
        return named
    raise CrmkitError("reports.run.unknown_template", value=template, valid=", ".join(templates()))


def template_parameters(template: Path) -> list[str]:
    """The names in the template's cell tagged ``parameters``, in order (papermill's inspection)."""
    import papermill

    return list(papermill.inspect_notebook(str(template)))


def _shop_values(by: str, shops: list[str] | None) -> list[str]:
    if shops:
        return [config.check_shop(s) for s in shops]
    return list(config.SHOPS) if by == "shop" else ["mall"]


def _per_shop(by: str, shop: str) -> list[str]:
    """The channels (codes) or months of ``shop``."""
    from crmkit.analytics import channels
    from crmkit.db import connect
    from crmkit.reports import kpis

    con = connect(shop)
    try:
        return list(channels.table(con)["channel_code"]) if by == "channel" else kpis.months(con)
    finally:
        con.close()


def parameter_sets(template: Path, by: str, *, shops: list[str] | None = None, period: str | None = None,
                   grades: str | Path | None = None, lang: str | None = None) -> list[dict[str, object]]:
    """One parameter set per report of the batch (see the module docstring).

    ``shops`` defaults to every shop for ``--by shop`` and to the mall otherwise; ``period`` is
    passed to templates that have one (default: the template's own); ``grades`` is the export
    the students are read from (default: the sample class, which the template also defaults to).
    """
    from crmkit.analytics import params
    from crmkit.reports import grades as gradebook

    by = params.choice(by, BY, "--by")
    names = template_parameters(template)
    if by not in names:
        raise CrmkitError("reports.run.bad_by", template=template.stem, parameter=by, by=i18n.t(f"reports.by.{by}"),
                          valid=", ".join(names))
    if by == "student":
        export = gradebook.read(grades)
        rows = [{"student": sid, "grades": str(Path(grades).resolve()) if grades else ""}
                for sid in export["student_id"]]
    elif by == "shop":
        rows = [{"shop": shop} for shop in _shop_values(by, shops)]
    else:
        rows = [{"shop": shop, by: value} for shop in _shop_values(by, shops) for value in _per_shop(by, shop)]
    extra = {"period": period, "lang": lang}
    return [{k: v for k, v in {**row, **extra}.items() if k in names and v is not None} for row in rows]


def report_name(template: Path, parameters: dict[str, object]) -> str:
    """The file name (without extension) of a report: the template and the values that tell it apart."""
    parts = [template.stem, *(str(parameters[k]) for k in _NAMING if parameters.get(k) not in (None, ""))]
    return re.sub(r"[^\w.-]+", "_", "-".join(parts))
