"""Course data: the generator (``build``), what is built (``info``), and imports.

>>> import crmkit as ck
>>> ck.data.build("mall")   # builds only if missing  # doctest: +SKIP
>>> con = ck.connect("mall")
>>> ck.data.import_file(con, "datasets/samples/customers_gbk.csv")  # doctest: +SKIP
"""

from crmkit.data.build import build
from crmkit.data.imports.load import import_file, imports, rejects
from crmkit.data.imports.transactions import import_transactions
from crmkit.data.info import info
from crmkit.data.roster import export_roster

__all__ = ["build", "export_roster", "import_file", "import_transactions", "imports", "info", "rejects"]
