"""Where things live and who is asking: paths, shops and the user's role.

Every value can be overridden from the environment, which is how a lab, a papermill batch or a
test points crmkit somewhere else:

``CRMKIT_HOME``
    Folder holding the built course databases. Default: ``datasets/build/`` of the checkout
    that crmkit is installed from, so a notebook in any folder of the repository (``notebooks/``,
    ``assignments/<id>/``, ``solutions/<id>/`` or a papermill temporary folder) finds the same
    data: the path is derived from the package's own location, never from the working folder.
``CRMKIT_SCRATCH``
    Folder holding the user's writable scratch databases (tasks, manual tags, imports).
    Default: ``$XDG_DATA_HOME/crmkit`` (``~/.local/share/crmkit``), one per user account, so the
    students of a lab never share one.
``CRMKIT_ROLE``
    ``student`` (default) or ``teacher``. Only the teacher role opens unmasked personal data.
``CRMKIT_LANG``
    ``zh`` (default) or ``en``; see :mod:`crmkit.i18n`.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmkit.errors import CrmkitError

#: The shops the course ships, in the order they are listed to users.
SHOPS: tuple[str, ...] = ("mall", "tea", "ceramics", "electronics")
#: Roles a connection can take.
ROLES: tuple[str, ...] = ("student", "teacher")


def check_shop(shop: str) -> str:
    """``shop`` if the course has it, else an error listing the shops (in the user's language)."""
    if shop not in SHOPS:
        raise CrmkitError("error.unknown_shop", shop=shop, valid=", ".join(SHOPS))
    return shop


def project_root() -> Path:
    """The checkout crmkit is installed from (the folder holding ``pyproject.toml``)."""
    return Path(__file__).resolve().parent.parent


def datasets_dir() -> Path:
    """Committed inputs: shop parameters, reference data and sample files."""
    return project_root() / "datasets"


def data_home() -> Path:
    """Folder of the built course databases (``CRMKIT_HOME`` or ``datasets/build``)."""
    env = os.environ.get("CRMKIT_HOME")
    return Path(env).expanduser() if env else datasets_dir() / "build"


def scratch_home() -> Path:
    """Folder of this user's writable scratch databases."""
    env = os.environ.get("CRMKIT_SCRATCH")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "crmkit"


def course_db_path(shop: str) -> Path:
    """The students' course database of ``shop`` (contact fields masked)."""
    return data_home() / f"{shop}.duckdb"


def private_db_path(shop: str) -> Path:
    """The teacher-only file with the unmasked contact fields of ``shop`` (mode 0600)."""
    return data_home() / f"{shop}.private.duckdb"


def scratch_db_path(shop: str) -> Path:
    """This user's writable scratch database for ``shop``."""
    return scratch_home() / f"{shop}.scratch.duckdb"


def current_role() -> str:
    """The role named by ``CRMKIT_ROLE`` (default ``student``)."""
    return os.environ.get("CRMKIT_ROLE", "student").strip().lower() or "student"
