"""The data model, the stores, the NetworkX projection, metrics and views.

`graph` knows nothing of loaders, queries or the CLI: everything else depends on it, never the reverse.
"""
from graph.errors import NarrativeError, StoreUnavailable, QueryError
from graph.model import Label, RelType

__all__ = ["NarrativeError", "StoreUnavailable", "QueryError", "Label", "RelType"]
