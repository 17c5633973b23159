"""Every Cypher statement of the project in one list, so the linter checks all of them and none is forgotten.

Why a registry instead of a hand-kept list: statements live next to the code that runs them. A module joins by
defining a module-level `CYPHER_STATEMENTS` (an iterable of strings, of (name, cypher) pairs, or a dict
name -> cypher); `queries/*.cypher` files join by existing. Nothing else is needed.

This is a development-time collector used by `tests/test_cypher_lint.py`, never by library code: it imports
loaders/queries/narrative modules by name (at call time) only to read their constants, so the run-time rule
"graph imports neither" still holds for everything a user runs.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Packages searched for `CYPHER_STATEMENTS`.
PACKAGES = ("graph", "loaders", "queries", "narrative")
#: Constants that predate the `CYPHER_STATEMENTS` convention.
LEGACY_CONSTANTS = {"graph.writer": ("ALL_STATEMENTS",), "graph.stats": ("COUNT_LABEL", "COUNT_REL")}

#: Keys the linter mistakes for node properties though they are map keys (add one when it does).
EXTRA_PROPERTY_KEYS: tuple[str, ...] = ("article", "count")

_PARAM = re.compile(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)")
# `// param: name = default`, `// param name: description`, `// params: a, b = 1`, `// parameters: ...`
_HEADER_PARAM = re.compile(r"^\s*//\s*(?:@)?param(?:eter)?(s?)\b\s*:?\s*(.*)$", re.IGNORECASE)
_NAME = re.compile(r"\$?`?([A-Za-z_][A-Za-z0-9_]*)`?")


def _modules() -> tuple[list[ModuleType], list[str]]:
    """Every importable module under PACKAGES, and 'module: error' for those that failed to import."""
    mods: list[ModuleType] = []
    failed: list[str] = []
    for pkg_name in PACKAGES:
        try:
            pkg = importlib.import_module(pkg_name)
        except Exception as exc:  # a package that does not exist yet has nothing to lint
            if (ROOT / pkg_name).is_dir():
                failed.append(f"{pkg_name}: {exc!r}")
            continue
        mods.append(pkg)
        for info in pkgutil.walk_packages(getattr(pkg, "__path__", []), prefix=f"{pkg_name}."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue
            try:
                mods.append(importlib.import_module(info.name))
            except Exception as exc:
                failed.append(f"{info.name}: {exc!r}")
    return mods, failed


def _entries(value: Any) -> Iterator[tuple[str | None, str]]:
    """(name or None, cypher) from a str, a dict name -> cypher, or an iterable of strings or pairs."""
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, dict):
        for key, cypher in value.items():
            if isinstance(cypher, str):
                yield str(getattr(key, "value", key)), cypher
    elif isinstance(value, Iterable):
        for item in value:
            if isinstance(item, str):
                yield None, item
            elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
                yield item[0], item[1]


def _constant_names(module: ModuleType) -> dict[str, str]:
    """cypher -> 'CONSTANT' or 'CONSTANT[key]' for the module's own string constants, for readable test ids."""
    names: dict[str, str] = {}
    for attr, value in vars(module).items():
        if attr.startswith("_") or not attr.isupper():
            continue
        if isinstance(value, str):
            names.setdefault(value, attr)
        elif isinstance(value, dict):
            for key, cypher in value.items():
                if isinstance(cypher, str):
                    names.setdefault(cypher, f"{attr}[{getattr(key, 'value', key)}]")
    return names


def _from_module(module: ModuleType, attrs: Iterable[str]) -> Iterator[tuple[str, str]]:
    names = _constant_names(module)
    for attr in attrs:
        if not hasattr(module, attr):
            continue
        value = getattr(module, attr)
        if callable(value):
            value = value()
        for i, (name, cypher) in enumerate(_entries(value)):
            label = names.get(cypher) if name is None else f"{attr}[{name}]"
            yield f"{module.__name__}.{label or f'{attr}[{i}]'}", cypher


def cypher_files() -> list[Path]:
    """The canned reports: every `queries/*.cypher` file."""
    return sorted((ROOT / "queries").glob("*.cypher"))


def all_statements() -> list[tuple[str, str]]:
    """(id, cypher) for every statement of the project, each text once; ids name where it comes from."""
    found: list[tuple[str, str]] = []
    for path in cypher_files():
        found.append((f"queries/{path.name}", path.read_text(encoding="utf-8")))

    from graph import schema

    found += [(f"graph.schema.neo4j[{i}]", q) for i, q in enumerate(schema.neo4j_schema_statements())]
    found += [(f"graph.schema.falkor[{i}]", q) for i, q in enumerate(schema.falkor_schema_statements())]
    modules, _ = _modules()
    for module in modules:
        attrs = LEGACY_CONSTANTS.get(module.__name__, ()) + ("CYPHER_STATEMENTS",)
        found += list(_from_module(module, attrs))

    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for sid, cypher in found:
        key = cypher.strip()
        if key and key not in seen:
            seen.add(key)
            unique.append((sid, cypher))
    return unique


def import_failures() -> list[str]:
    """Modules under PACKAGES that could not be imported (their statements would be missed)."""
    return _modules()[1]


def header_params(cypher: str) -> dict[str, Any]:
    """Parameters a `.cypher` file declares in its header comments, with their defaults (None when absent).

    Accepts `// param: name = default`, `// param name: text`, `// params: a, b = 1` and `parameters`; a
    default that parses as JSON keeps its type.
    """
    params: dict[str, Any] = {}
    for line in cypher.splitlines():
        m = _HEADER_PARAM.match(line)
        if not m:
            continue
        items = m.group(2).split(",") if m.group(1) else [m.group(2)]
        for item in items:
            nm = _NAME.match(item.strip())
            if not nm:
                continue
            default: Any = None
            rest = item.strip()[nm.end():].strip()
            if rest.startswith("="):
                raw = re.split(r"\s+(?:-|—|#)\s+|\s{2,}", rest[1:].strip(), maxsplit=1)[0]
                try:
                    default = json.loads(raw)
                except ValueError:
                    default = raw.strip("'\"")
            params[nm.group(1)] = default
    return params


def used_params(cypher: str) -> dict[str, None]:
    """Every `$name` a statement uses (code statements get their parameters from the code that runs them)."""
    return {m.group(1) or m.group(2): None for m in _PARAM.finditer(cypher)}


def report_params(statement_id: str, cypher: str) -> dict[str, Any]:
    """A report's declared parameters, read by the report runner itself when it exists (same rules as at run time)."""
    path = ROOT / statement_id
    try:
        from queries.runner import parse_report  # type: ignore[import-not-found]

        return {p.name: p.default for p in parse_report(path).params}
    except Exception:  # no runner yet, or a header it rejects (its own tests report that): read the header here
        return header_params(cypher)


def statement_params(statement_id: str, cypher: str) -> dict[str, Any]:
    """The parameters the linter should consider declared: a report's header, or what a code statement uses."""
    return report_params(statement_id, cypher) if statement_id.endswith(".cypher") else used_params(cypher)


_WRITTEN = re.compile(r"(?:\bSET\b|,)\s*[A-Za-z_]\w*\.([A-Za-z_]\w*)\s*=")
_UNWOUND = re.compile(r"\bUNWIND\b.*?\bAS\s+([A-Za-z_]\w*)", re.IGNORECASE | re.DOTALL)


def property_keys() -> list[str]:
    """Property keys the graph can hold: the record fields of `graph.model` plus every key a statement SETs.

    The linter warns when a statement reads a key outside this list, which catches typos such as `r.sentnce`.
    It cannot tell a map unwound from a list (`UNWIND $rows AS r`) from a node, so keys read off those count as known.
    """
    from pydantic import BaseModel

    from graph import model

    keys: set[str] = set(EXTRA_PROPERTY_KEYS)
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            keys.update(value.model_fields)
    for _, cypher in all_statements():
        keys.update(_WRITTEN.findall(cypher))
        for var in _UNWOUND.findall(cypher):
            keys.update(re.findall(rf"\b{var}\.([A-Za-z_]\w*)", cypher))
    return sorted(keys)


def lint_schema() -> dict[str, list[str]]:
    """The database schema the linter checks against: our labels, relationship types and property keys."""
    from graph import relations
    from graph.model import Derived, Label

    return {
        "labels": [label.value for label in Label] + [d.value for d in Derived],
        "relationshipTypes": list(relations.RELATIONS),
        "propertyKeys": property_keys(),
    }
