"""Chinese and English text for everything a person reads.

The catalogs live in ``crmkit/locales/<lang>/*.toml``, one file per part of crmkit (``core``,
``customers``, ...), merged into one catalog per language; both languages hold the same keys (a
test keeps them in step) and a key defined in two files is an error. Choose the language with
:func:`set_language` or the ``CRMKIT_LANG`` environment variable; the default is Chinese, the
language most students read first.

Names stored in the data (provinces, categories, channels, ...) come in ``name_zh`` and
``name_en`` columns; :func:`name_column` says which one to show.

Examples
--------
>>> with language("en"):
...     t("lookup.title")
'Customer quick lookup'
>>> with language("zh"):
...     t("lookup.title")
'顾客速查'
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("zh", "en")
_chosen: list[str] = []  # the language set in this process, if any (last wins)


@cache
def catalog(lang: str) -> dict[str, str]:
    """The flattened catalog of ``lang``: ``{"section.key": "text"}`` from all its files."""
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict, source: str) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value, source)
            elif name in flat:
                raise KeyError(f"{name} is defined twice (again in locales/{lang}/{source})")
            else:
                flat[name] = value

    files = sorted((f for f in resources.files("crmkit.locales").joinpath(lang).iterdir() if f.name.endswith(".toml")),
                   key=lambda f: f.name)
    for file in files:
        walk("", tomllib.loads(file.read_text("utf-8")), file.name)
    return flat


def _check(lang: str) -> str:
    lang = (lang or "").strip().lower().replace("_", "-")
    lang = {"zh-cn": "zh", "zh-hans": "zh", "cn": "zh", "en-us": "en", "en-gb": "en"}.get(lang, lang)
    if lang not in LANGUAGES:
        # Both languages: we cannot know which one the caller reads.
        raise ValueError(
            f"未知语言 {lang!r}，可选：zh、en / Unknown language {lang!r}; choose zh or en."
        )
    return lang


def set_language(lang: str) -> str:
    """Show all further text in ``lang`` (``"zh"`` or ``"en"``); returns the language set."""
    lang = _check(lang)
    _chosen[:] = [lang]
    return lang


def get_language() -> str:
    """The language in use: the last :func:`set_language`, else ``CRMKIT_LANG``, else zh."""
    if _chosen:
        return _chosen[-1]
    env = os.environ.get("CRMKIT_LANG")
    return _check(env) if env else "zh"


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block, then restore the previous choice."""
    saved = list(_chosen)
    try:
        yield set_language(lang)
    finally:
        _chosen[:] = saved


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text of ``key`` in ``lang`` (default: the language in use), formatted with ``values``."""
    text = catalog(_check(lang) if lang else get_language()).get(key)
    if text is None:
        text = catalog("en").get(key, key)
    return text.format(**values) if values else text


def name_column(lang: str | None = None) -> str:
    """``"name_zh"`` or ``"name_en"``: the column of display names in the chosen language."""
    return f"name_{_check(lang) if lang else get_language()}"
