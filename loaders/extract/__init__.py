"""Extraction: one `Document` in, one `graph.model.ArticleGraph` out. Knows nothing of the database.

Public interface (kept stable for the pipeline): `Extractor(nlp=None, model=None, actors_file=None)`,
`.extract(doc)` and `.extract_many(docs, batch_size, n_process)`. The rules live in one module per family
(`strikes`, `accuses`, `denies`, `voice` for CITES), on top of `mentions` (who is named) and `resolve` (who a
phrase, pronoun or title denotes); their word lists are data in `loaders/data/lexicon.json`.
"""
from loaders.extract.engine import Extractor

__all__ = ["Extractor"]
