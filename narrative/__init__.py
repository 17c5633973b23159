"""The `narrative` command line: a thin layer over `loaders`, `queries` and `graph`."""
__version__ = "0.1.0"
