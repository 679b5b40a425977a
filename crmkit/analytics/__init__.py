"""Analyses of a shop, one module per domain noun (customers, products, orders, ...)."""
