"""One family of errors, so the CLI can print a single clear line and library code never exits."""


class NarrativeError(Exception):
    """Base class: the message is meant for the user and should name the fix."""

    exit_code = 1


class StoreUnavailable(NarrativeError):
    """The database cannot be reached or refused our credentials."""

    exit_code = 2


class QueryError(NarrativeError):
    """A Cypher statement was rejected (syntax, write in read mode, bad parameter)."""


class StoreBusy(NarrativeError):
    """Another process holds the write lock of the embedded store."""


class InputError(NarrativeError):
    """A bad input file, record or option."""
