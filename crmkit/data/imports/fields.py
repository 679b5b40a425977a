"""The kinds of import file, their fields, and which column of a file holds which field.

A file is imported as one of :data:`KINDS`. Each kind has canonical fields (``name``, ``phone``,
``ordered_at``, ...), some of them required; ``fields.toml`` next to this module lists them with
the Chinese and English headers each field is recognised by. :func:`match_columns` finds the
column of every field in a file's headers; a mapping (a dict, or a TOML file with a
``[columns]`` table of ``"header in the file" = "field"``) adds headers the aliases do not know,
or overrides them (map a header to ``""`` to leave that column out, e.g. one of two phone columns).

Examples
--------
>>> field_names("transactions", "en")
{'customer': 'Customer', 'date': 'Date', 'amount': 'Amount', 'quantity': 'Quantity'}
>>> columns, ignored = match_columns(["手机号（必填）", "Name", "备注"], "customers")
>>> columns, ignored
({'name': 1, 'phone': 0}, [2])
>>> normalise(" Phone_Number ")
'phonenumber'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from crmkit import i18n
from crmkit.analytics.params import listing
from crmkit.errors import CrmkitError

KINDS: tuple[str, ...] = ("customers", "orders", "transactions")

_NOTE = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕")
_IGNORED = re.compile(r"[\s_\-*:]+")


@dataclass(frozen=True)
class Kind:
    """What a file of one kind holds: its fields in order, the required ones, the natural key and
    the normalised header → field table."""

    name: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    key: str | None
    aliases: Mapping[str, str]


def normalise(header: str) -> str:
    """A header reduced to what matters for matching: NFKC (full-width → half-width), lower case,
    notes in brackets dropped, spaces, underscores, hyphens, ``*`` and ``:`` removed."""
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return _IGNORED.sub("", _NOTE.sub("", text))


@cache
def _definitions() -> dict:
    text = resources.files("crmkit.data.imports").joinpath("fields.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def kind_spec(name: str) -> Kind:
    """The definition of the kind ``name`` (one of :data:`KINDS`, else an error listing them)."""
    if name not in KINDS:
        raise CrmkitError("error.bad_choice", name="kind", value=name, valid=listing(KINDS))
    spec = _definitions()["kinds"][name]
    aliases: dict[str, str] = {}
    for field in spec["fields"]:
        for header in [field, *_definitions()["aliases"].get(field, [])]:
            key = normalise(header)
            if aliases.get(key, field) != field:
                raise ValueError(f"fields.toml: header {header!r} belongs to both {aliases[key]} and {field} "
                                 f"in kind {name}")
            aliases[key] = field
    return Kind(name, tuple(spec["fields"]), tuple(spec["required"]), spec["key"] or None, aliases)


def field_names(kind: str, lang: str | None = None) -> dict[str, str]:
    """``{field: display name}`` of the kind's fields in ``lang`` (default: the language in use)."""
    return {f: i18n.t(f"import.field.{f}", lang) for f in kind_spec(kind).fields}


def load_mapping(mapping: str | Path | Mapping[str, str] | None) -> dict[str, str]:
    """A mapping given as a dict or a TOML file with a ``[columns]`` table, as ``{header: field}``."""
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return {str(k): str(v) for k, v in mapping.items()}
    path = Path(mapping)
    if not path.is_file():
        raise CrmkitError("error.missing_file", path=str(path))
    try:
        columns = tomllib.loads(path.read_text("utf-8-sig"))["columns"]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CrmkitError("import.bad_mapping_file", path=str(path), reason=str(exc)) from None
    except KeyError:
        raise CrmkitError("import.bad_mapping_file", path=str(path), reason="[columns]") from None
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise CrmkitError("import.bad_mapping_file", path=str(path), reason="[columns]")
    return dict(columns)


def match_columns(headers: list[str], kind: str, mapping: str | Path | Mapping[str, str] | None = None,
                  path: str | Path = "") -> tuple[dict[str, int], list[int]]:
    """Which column holds which field.

    Returns ``({field: column index}, [indexes of columns that match no field])``. A required
    field without a column, two columns for one field, or a mapping to an unknown field is an
    error naming the file (``path``), in the user's language — raised before any row is read.
    """
    spec = kind_spec(kind)
    names = field_names(kind)
    aliases = dict(spec.aliases)
    for header, target in load_mapping(mapping).items():
        field = aliases.get(normalise(target)) if target.strip() else ""
        if field is None:
            raise CrmkitError("import.bad_mapping", header=header, field=target,
                              valid=listing(f"{f} ({n})" for f, n in names.items()))
        aliases[normalise(header)] = field
    columns: dict[str, int] = {}
    ignored: list[int] = []
    for index, header in enumerate(headers):
        field = aliases.get(normalise(header))
        if not field:
            ignored.append(index)
        else:
            if field in columns:
                raise CrmkitError("import.duplicate_column", path=str(path), field=names[field],
                                  first=headers[columns[field]], second=header)
            columns[field] = index
    missing = [f for f in spec.required if f not in columns]
    if missing:
        raise CrmkitError("import.missing_column", path=str(path), missing=listing(names[f] for f in missing),
                          found=listing(headers) if headers else "-")
    return dict(sorted(columns.items(), key=lambda item: spec.fields.index(item[0]))), ignored
