"""Batch reports: papermill templates in ``notebooks/reports/`` run in parallel into offline HTML.

``crmkit reports run ...`` (see :mod:`crmkit.reports.commands`).
"""
