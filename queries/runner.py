"""The report registry: canned Cypher reports kept as `queries/*.cypher` files, parsed from their header comments.

Why files and not Python strings: an analyst can open a report, read it, and paste it into Neo4j Browser as is.
The header (`// name:`, `// title:`, `// description:`, `// param:` lines) is the only metadata, so the file
stays the single source of truth; the runner checks the parameters an analyst gives against it and coerces
command-line strings to the type of each default.

Header format (comment lines before the first Cypher line)::

    // name: accusations
    // title: Who accuses whom
    // description: One line saying what a row is.
    // param: level = "entity"  (entity|state) what it does
    // param: limit = 50  most rows returned
    // param: actor  (required) a parameter without a default must be given

A default is a JSON literal (`"text"`, `50`, `0.5`, `true`, `null`); `(a|b)` lists the allowed values;
`(required)` marks a parameter without a default.
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph import tallies
from graph.errors import NarrativeError
from graph.model import Derived
from graph.store import Result, Store
from queries import edges

QUERY_DIR = Path(__file__).resolve().parent

_HEADER = re.compile(r"^//\s*(name|title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<rest>.*)$")
_CHOICES = re.compile(r"^\((?P<choices>[\w-]+(?:\|[\w-]+)+|required)\)\s*")
_DECODER = json.JSONDecoder()


class ReportError(NarrativeError):
    """An unknown report or parameter, a bad parameter value, or a malformed report file."""


@dataclass(frozen=True)
class Param:
    name: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""

    @property
    def kind(self) -> type:
        """The Python type values are coerced to: that of the default, str when there is none."""
        if isinstance(self.default, bool):
            return bool
        if isinstance(self.default, int):
            return int
        if isinstance(self.default, float):
            return float
        return str

    def usage(self) -> str:
        if self.required:
            return f"{self.name} (required)"
        return f"{self.name}={json.dumps(self.default)}"

    def coerce(self, value: Any, report: str) -> Any:
        """The value as the type of the default; command-line strings like "20" or "true" are converted."""
        kind = self.kind
        try:
            if kind is bool:
                if isinstance(value, bool):
                    out: Any = value
                elif str(value).strip().lower() in {"true", "yes", "1", "on"}:
                    out = True
                elif str(value).strip().lower() in {"false", "no", "0", "off"}:
                    out = False
                else:
                    raise ValueError(value)
            elif kind is int:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError(value)
                out = int(str(value).strip()) if isinstance(value, str) else int(value)
            elif kind is float:
                if isinstance(value, bool):
                    raise ValueError(value)
                out = float(value)
            else:
                out = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (list, dict)) \
                    else str(value)
        except (TypeError, ValueError):
            raise ReportError(
                f"Report {report!r}: parameter {self.name!r} must be {kind.__name__}, got {value!r} "
                f"(for example --param {self.usage()})."
            ) from None
        if self.name == "limit" and out < 1:
            raise ReportError(f"Report {report!r}: limit must be at least 1, got {out}.")
        if self.choices and out not in self.choices:
            raise ReportError(
                f"Report {report!r}: parameter {self.name!r} must be one of {', '.join(self.choices)}; got {out!r}."
            )
        return out


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    cypher: str  # the whole file, header included: what an analyst pastes into Neo4j Browser
    path: Path = field(compare=False)

    @property
    def statement(self) -> str:
        """The Cypher without header comments and the final `;` (FalkorDB takes one bare statement)."""
        body = [line for line in self.cypher.splitlines() if not line.lstrip().startswith("//")]
        return "\n".join(body).strip().rstrip(";").rstrip()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def resolve(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every parameter of the report: the given ones checked and coerced, defaults for the rest."""
        given = dict(given or {})
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise ReportError(
                f"Report {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                f"valid: {', '.join(p.usage() for p in self.params)}."
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                out[p.name] = p.coerce(given[p.name], self.name)
            elif p.required:
                raise ReportError(
                    f"Report {self.name!r} needs --param {p.name}=...: {p.description or 'a value'}."
                )
            else:
                out[p.name] = p.default
        return out

    def browser_text(self, given: Mapping[str, Any] | None = None) -> str:
        """A `:params` line then the query, ready to paste into Neo4j Browser (missing required values: null)."""
        given = {k: v for k, v in (given or {}).items() if v is not None}
        self.resolve({**{p.name: "" for p in self.params if p.required}, **given})  # unknown names, bad values
        values = {p.name: p.coerce(given[p.name], self.name) if p.name in given else p.default for p in self.params}
        return f":params {json.dumps(values, ensure_ascii=False)}\n{self.cypher}"


def parse_report(path: Path) -> Report:
    """A Report from one file; a malformed header raises ReportError naming the file and line."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break  # the header ends at the first Cypher line
        m = _HEADER.match(stripped)
        if not m:
            continue  # other comments are allowed
        key, value = m.group(1), m.group(2).strip()
        if key != "param":
            meta[key] = value
            continue
        try:
            params.append(_parse_param(value))
        except ValueError as exc:
            raise ReportError(f"{path}:{lineno}: bad param line ({exc}); write `// param: name = default  help`.")
    missing = [k for k in ("name", "title", "description") if not meta.get(k)]
    if missing:
        raise ReportError(f"{path}: header lacks {', '.join(missing)}; add `// {missing[0]}: ...` at the top.")
    if meta["name"] != path.stem:
        raise ReportError(f"{path}: `// name: {meta['name']}` must match the file name {path.stem!r}.")
    return Report(
        name=meta["name"],
        title=meta["title"],
        description=meta["description"],
        params=tuple(params),
        cypher=text.strip() + "\n",
        path=path,
    )


def _parse_param(spec: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise ValueError(f"no parameter name in {spec!r}")
    name, rest = m.group("name"), m.group("rest").strip()
    default: Any = None
    has_default = rest.startswith("=")
    if has_default:
        rest = rest[1:].lstrip()
        try:
            default, end = _DECODER.raw_decode(rest)
        except json.JSONDecodeError as exc:
            raise ValueError(f"the default of {name!r} is not a JSON literal: {exc.msg}") from None
        rest = rest[end:].strip()
    choices: tuple[str, ...] = ()
    required = False
    c = _CHOICES.match(rest)
    if c:
        if c.group("choices") == "required":
            required = True
        else:
            choices = tuple(c.group("choices").split("|"))
        rest = rest[c.end():].strip()
    if not has_default and not required:
        raise ValueError(f"{name!r} has neither a default nor (required)")
    return Param(name=name, default=default, required=required, choices=choices, description=rest)


@lru_cache(maxsize=1)
def _registry(directory: Path = QUERY_DIR) -> dict[str, Report]:
    return {r.name: r for r in (parse_report(p) for p in sorted(directory.glob("*.cypher")))}


def list_reports() -> list[Report]:
    """Every report, sorted by name."""
    return list(_registry().values())


def get_report(name: str) -> Report:
    reports = _registry()
    if name not in reports:
        raise ReportError(f"Unknown report {name!r}; valid reports: {', '.join(reports)} (see `narrative reports`).")
    return reports[name]


class StaleSummaries(NarrativeError):
    """A report reads tallies that lag behind the statements and has no edge query to answer from instead."""


class StaleSummariesWarning(UserWarning):
    """A report was answered from the statement edges because its summaries (tallies) lag behind them."""


STALE_NOTICE = (
    "the report summaries (tallies) are not up to date: a write run (ingest, load) is under way or one "
    "stopped before its last update; this report was computed from the statements instead (exact, slower). "
    "If no run is going on, `narrative db retally` (or the next ingest) brings them up to date."
)


def _tallies_dirty(store: Store) -> bool:
    rows = store.read(tallies.READ_VERSION).rows
    return bool(rows and rows[0][1])


def _from_edges(store: Store, name: str, resolved: dict[str, Any]) -> Result:
    return _sorted_lists(name, store.read(edges.EDGE_QUERIES[name], resolved))


def _sorted_lists(name: str, result: Result) -> Result:
    """The list columns that are sets (`edges.SORTED`) sorted, so rows are the same on every engine."""
    cols = [i for i, c in enumerate(result.columns) if c in edges.SORTED.get(name, ())]
    if cols:
        for row in result.rows:
            for i in cols:
                if isinstance(row[i], list):
                    row[i] = sorted(row[i], key=str)
    return result


def run_report(store: Store, name: str, params: Mapping[str, Any] | None = None,
               on_stale: Callable[[str], None] | None = None) -> Result:
    """Run report `name` read-only on `store`; `params` may be strings (as typed on a command line).

    A report that reads tallies refuses missing ones or ones of another version (`tallies.TalliesOutOfDate`).
    While they lag behind the statements (their dirty marker is set: a write run is between two flushes, or one
    was killed there) it runs the report's edge query (`queries.edges`) instead, so the rows are exact, and says
    so: `on_stale(message)` when given, else a `StaleSummariesWarning`.
    """
    report = get_report(name)
    resolved = report.resolve(params)
    if f":{Derived.TALLY}" not in report.statement:
        return store.read(report.statement, resolved)
    tallies.check_current(store)  # missing, or of another version: refuse
    # The marker is read before and after: a batch of a write run that starts meanwhile is seen afterwards.
    result = None if _tallies_dirty(store) else store.read(report.statement, resolved)
    if result is not None and not _tallies_dirty(store):
        return _sorted_lists(name, result)
    if name not in edges.EDGE_QUERIES:
        raise StaleSummaries(
            f"Report {name!r} reads the report summaries (tallies), which are not up to date: a write run is under "
            "way or one stopped before its last update. Wait for the run to finish, or, if none is going on, run "
            "`narrative db retally`.")
    if on_stale is not None:
        on_stale(STALE_NOTICE)
    else:
        warnings.warn(STALE_NOTICE, StaleSummariesWarning, stacklevel=2)
    return _from_edges(store, name, resolved)
