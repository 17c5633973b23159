"""Extraction: one `Document` in, one `graph.model.ArticleGraph` out. Knows nothing of the database.

Public interface (kept stable for the pipeline): `Extractor(nlp=None, model=None)`, `.extract(doc)` and
`.extract_many(docs, batch_size, n_process)`.
"""
from loaders.extract.engine import Extractor

__all__ = ["Extractor"]
