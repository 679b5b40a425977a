"""Course data: the generator (``build``), what is built (``info``), and its inputs.

>>> import crmkit as ck
>>> ck.data.build("mall")   # builds only if missing  # doctest: +SKIP
"""

from crmkit.data.build import build
from crmkit.data.info import info

__all__ = ["build", "info"]
