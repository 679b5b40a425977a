"""Charts of crmkit analyses: ``ck.plots.<domain>.<analysis>(df)`` gives a plotly Figure.

One backend (plotly). The shared look and the offline renderer are in :mod:`crmkit.plots.style`.
"""
