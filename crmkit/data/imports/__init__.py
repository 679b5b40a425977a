"""Importing a teacher's or student's own customer, order or transaction file.

The import engine (read, fields, parse, check) reads a file and checks every row; it writes
nothing. The other modules store what it accepts.

Modules
-------
read
    :func:`~crmkit.data.imports.read.read_file`: an .xlsx/.csv/.tsv/.txt file → text columns and
    row numbers (:class:`~crmkit.data.imports.read.RawTable`), whatever its encoding.
fields
    The kinds of file (``KINDS``: customers, orders, transactions), their fields, which are
    required, and the header names each field is recognised by (``fields.toml``).
parse
    Reading text as phones, e-mails, dates, amounts, genders, statuses and the shop's provinces,
    cities, channels and sources — as SQL expressions DuckDB runs over whole columns.
check
    :func:`~crmkit.data.imports.check.check_file`: typed accepted rows plus one reject per
    problem with its reason (:class:`~crmkit.data.imports.check.Checked`), and
    :func:`~crmkit.data.imports.check.reason_texts` to explain the rejects in Chinese or English.
load
    Storing checked customers and orders in the user's scratch database.
transactions, cdnow, transaction_shop
    A transactions file (any layout the engine checks, or the CDNOW sample) as a shop of its own.
"""
