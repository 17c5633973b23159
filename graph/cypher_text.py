"""Cypher read as text: parameter names, write clauses and parameter renaming, without a full parser.

Used where an engine cannot be trusted to do it: a Bolt server that ignores the session's READ access mode
(ArcadeDB) still must not let `narrative query` write, FalkorDB must not receive a parameter name that would
change the meaning of its `CYPHER k=v` header, and a FalkorDB batch is folded into one query (so it is atomic).

The scanner skips string literals, comments and `backtick` names, so a keyword inside them is not a clause.
A word is an identifier, not a clause, when it follows `.`, `:`, `|`, `&`, `!`, `$` or `AS` (a property, a label
or type, a parameter, an alias) or when `:` or one of `.),]}=<>` follows it (a map key, a variable).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from graph.errors import QueryError

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Clauses that change the graph, its schema, its users or its databases.
WRITE_CLAUSES = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "FOREACH", "ALTER", "RENAME", "GRANT", "DENY",
    "REVOKE", "TERMINATE", "ENABLE", "DEALLOCATE", "REALLOCATE",
})
#: Words that write only before one of these (START DATABASE, STOP DATABASE).
_WRITE_BEFORE = {"START": {"DATABASE"}, "STOP": {"DATABASE"}}
_NAME_BEFORE = set(".:|&!$")
_NAME_AFTER = set(".),]}=<>:")


def check_params(params: dict[str, Any] | None) -> None:
    """Refuse a parameter name that is not an identifier (letters, digits, `_`; not starting with a digit)."""
    for name in params or {}:
        if not isinstance(name, str) or not PARAM_NAME.match(name):
            raise QueryError(
                f"Bad parameter name {name!r}: use letters, digits and _ only, not starting with a digit "
                "(e.g. --param actor=Russia)."
            )


def _tokens(cypher: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each token outside strings and comments: kind is 'word', 'name' (backticks),
    'param' ($name, start at the $) or the punctuation character itself."""
    i, n = 0, len(cypher)
    while i < n:
        c = cypher[i]
        if c.isspace():
            i += 1
        elif c in "'\"":
            j = i + 1
            while j < n and cypher[j] != c:
                j += 2 if cypher[j] == "\\" else 1
            i = j + 1
        elif cypher.startswith("//", i):
            j = cypher.find("\n", i)
            i = n if j < 0 else j + 1
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "`":
            j = i + 1
            while j < n and (cypher[j] != "`" or cypher.startswith("``", j)):
                j += 2 if cypher.startswith("``", j) else 1
            yield i, j + 1, "name"
            i = j + 1
        elif c == "$":
            m = _WORD.match(cypher, i + 1)
            end = m.end() if m else i + 1
            yield i, end, "param"
            i = end
        else:
            m = _WORD.match(cypher, i)
            if m and not c.isdigit():
                yield i, m.end(), "word"
                i = m.end()
            elif c.isdigit():
                j = i
                while j < n and (cypher[j].isalnum() or cypher[j] in "._"):
                    j += 1
                yield i, j, "number"
                i = j
            else:
                yield i, i + 1, c
                i += 1


def write_clause(cypher: str) -> str | None:
    """The first clause of `cypher` that writes (e.g. 'CREATE'), or None for a statement that only reads."""
    toks = list(_tokens(cypher))
    for k, (start, end, kind) in enumerate(toks):
        if kind != "word":
            continue
        word = cypher[start:end].upper()
        if word not in WRITE_CLAUSES and word not in _WRITE_BEFORE:
            continue
        before = toks[k - 1] if k else None
        after = toks[k + 1] if k + 1 < len(toks) else None
        if before is not None and (before[2] in _NAME_BEFORE or
                                   (before[2] == "word" and cypher[before[0]:before[1]].upper() == "AS")):
            continue
        if after is not None and after[2] in _NAME_AFTER:
            continue
        if word in _WRITE_BEFORE:
            nxt = cypher[after[0]:after[1]].upper() if after is not None and after[2] == "word" else ""
            if nxt not in _WRITE_BEFORE[word]:
                continue
        return word
    return None


@lru_cache(maxsize=8192)
def rename_params(cypher: str, prefix: str) -> str:
    """`cypher` with every `$name` written `$<prefix>name` (strings and comments untouched).

    Cached: every batch folds the same few dozen statement texts under the same prefixes, and scanning them
    again each time was a tenth of the loader's time.
    """
    out, last = [], 0
    for start, end, kind in _tokens(cypher):
        if kind == "param" and end > start + 1:
            out.append(cypher[last:start + 1])
            out.append(prefix)
            last = start + 1
    out.append(cypher[last:])
    return "".join(out)


def schema_names(cypher: str) -> tuple[set[str], set[str]]:
    """The node labels and the relationship types that `cypher` names (fresh sets: the scan itself is cached,
    since every batch registers the same statement texts)."""
    labels, types = _schema_names(cypher)
    return set(labels), set(types)


@lru_cache(maxsize=4096)
def _schema_names(cypher: str) -> tuple[frozenset[str], frozenset[str]]:
    """The node labels and the relationship types that `cypher` names (`(n:Actor)`, `-[:ACCUSES|DENIES]->`,
    `WHERE n:Actor`, `SET n:Actor`). A colon inside `{...}` is a map key's; `[` opens a relationship after `-`."""
    toks = list(_tokens(cypher))
    labels: set[str] = set()
    types: set[str] = set()
    stack: list[str] = []
    ctx: set[str] | None = None
    want = False
    for k, (start, end, kind) in enumerate(toks):
        nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
        if kind in ("word", "name") and ctx is not None and want and nxt not in (".", "("):
            text = cypher[start:end]
            ctx.add(text[1:-1].replace("``", "`") if kind == "name" else text)
            want = False
            continue
        if kind == ":":
            if stack and stack[-1] == "{":
                ctx, want = None, False  # a map key
            else:
                ctx, want = (types if stack and stack[-1] == "rel" else labels), True
            continue
        if kind in ("|", "&", "!") and ctx is not None:
            want = True
            continue
        ctx, want = None, False
        if kind in ("(", "{"):
            stack.append(kind)
        elif kind == "[":
            stack.append("rel" if k and toks[k - 1][2] == "-" else "[")
        elif kind in (")", "]", "}") and stack:
            stack.pop()
    return frozenset(labels), frozenset(types)


def fold_batch(statements: Sequence[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
    """One query that runs `statements` in order, each in its own subquery with its own parameters.

    `CALL { S } WITH count(*) AS _batchN` runs S to the end once (the aggregate always gives one row, whether S
    returns rows or not) before the next subquery starts, so each statement sees the writes of the ones before
    it, as when they run one after the other. An engine that runs one query atomically (FalkorDB rolls a failed
    query back) then runs the whole batch atomically.
    """
    parts, params = [], {}
    for i, (cypher, p) in enumerate(statements):
        prefix = f"b{i}_"
        parts.append(f"CALL {{ {rename_params(cypher, prefix)} }} WITH count(*) AS _batch{i}")
        params.update({prefix + k: v for k, v in (p or {}).items()})
    parts.append(f"RETURN {len(statements)} AS statements")
    return " ".join(parts), params
