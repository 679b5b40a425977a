"""Batch reports: papermill templates in ``notebooks/reports/`` run in parallel into offline HTML.

In a report notebook: :mod:`~crmkit.reports.kpis` (the KPIs and month comparison the reports add
to crmkit's analyses), :mod:`~crmkit.reports.grades` (a student's grades from the gradebook
export), :mod:`~crmkit.reports.charts` and :mod:`~crmkit.reports.narrative` (the words of a report
in the chosen language). The batch runner is ``crmkit reports run ...``
(:mod:`crmkit.reports.commands`, :mod:`~crmkit.reports.runner`).
"""

from crmkit.reports import charts, grades, kpis, narrative, tables

__all__ = ["charts", "grades", "kpis", "narrative", "tables"]
