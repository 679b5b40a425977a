"""Charts of crmkit analyses: ``ck.plots.<domain>.<analysis>(df)`` gives a plotly Figure.

    df = ck.customers.churn(con)
    ck.plots.customers.churn(df)

One backend (plotly); one module per analysis domain, named like the analysis modules (the same
analysis name can exist in two domains, e.g. ``products.sales`` and ``channels.sales``). The
shared look, the language of titles and axes and the offline renderer are in
:mod:`crmkit.plots.style`.
"""

from crmkit.plots import (
    channels,
    customer_info,
    customers,
    info_analyses,
    interactions,
    loyalty,
    marketing,
    orders,
    products,
    service,
    style,
)

__all__ = ["channels", "customer_info", "customers", "info_analyses", "interactions", "loyalty", "marketing", "orders",
           "products", "service", "style"]
