"""Benchmarks: every figure is a ratio against a baseline measured on the same machine in the same sitting.

Why ratios: the machines we run on (laptops, shared CI boxes) differ by an order of magnitude, so an absolute
"articles per second" says little; "ingest costs 1.05x a bare spaCy parse" survives a change of machine.
Run with `python -m benchmarks` (see `benchmarks.__main__`). Not imported by the package itself.
"""
