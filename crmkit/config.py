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

Shops: the four generated shops (:data:`SHOPS`, built on first use) and shops built from an
imported transactions file (``crmkit.data.imports``, e.g. ``cdnow``). An imported shop exists once
its course file ``<name>.duckdb`` is in ``CRMKIT_HOME``; it is never generated.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from crmkit.errors import CrmkitError

#: The shops the course generates, in the order they are listed to users.
SHOPS: tuple[str, ...] = ("mall", "tea", "ceramics", "electronics")
#: What the name of a shop built from imported transactions looks like (e.g. ``cdnow``): a lower-case
#: letter, then 1 to 30 lower-case letters, digits or ``_``. It names the file ``<name>.duckdb``.
IMPORTED_SHOP_NAME = r"[a-z][a-z0-9_]{1,30}"
#: Roles a connection can take.
ROLES: tuple[str, ...] = ("student", "teacher")


def is_generated(shop: str) -> bool:
    """True for the shops the course generates (``SHOPS``); they are built on first use."""
    return shop in SHOPS


def available_shops() -> list[str]:
    """The shops one can open: the generated ones (built or not) first, then every imported shop
    whose course file ``<name>.duckdb`` is in :func:`data_home`, sorted by name."""
    home = data_home()
    imported = sorted(
        path.name.removesuffix(".duckdb") for path in home.glob("*.duckdb")
        if path.is_file() and re.fullmatch(IMPORTED_SHOP_NAME, path.name.removesuffix(".duckdb"))
    ) if home.is_dir() else []
    return [*SHOPS, *(shop for shop in imported if not is_generated(shop))]


def check_shop(shop: str) -> str:
    """``shop`` if it can be opened, else an error listing :func:`available_shops` (in the user's language).

    A generated shop is always valid (``connect`` builds it when missing); an imported shop is
    valid once its course file exists.
    """
    if is_generated(shop) or (isinstance(shop, str) and re.fullmatch(IMPORTED_SHOP_NAME, shop)
                              and course_db_path(shop).is_file()):
        return shop
    raise CrmkitError("error.unknown_shop", shop=shop, valid=", ".join(available_shops()))


def check_imported_name(shop: str) -> str:
    """``shop`` if a shop built from imported transactions may take that name, else an error saying why.

    The name must match :data:`IMPORTED_SHOP_NAME` and must not be a generated shop's name
    (``mall``, ``tea``, ...), whose files the generator owns.
    """
    if isinstance(shop, str) and is_generated(shop):
        raise CrmkitError("shops.generated_name", shop=shop, generated=", ".join(SHOPS))
    if not isinstance(shop, str) or not re.fullmatch(IMPORTED_SHOP_NAME, shop):
        raise CrmkitError("shops.bad_name", shop=shop)
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
