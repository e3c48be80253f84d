"""The model's ``attribute_ruler`` and ``lemmatizer`` in one pass, memoised per kind of token.

Both components are rule tables applied token by token: the ruler runs a ``Matcher`` of ~180 patterns over
every token (tag map, pronoun morphology, a few two-token idioms) and the lemmatizer recomputes each lemma
in Python. Their results depend only on a few token attributes, so :class:`TokenRules` computes them once
per distinct attribute tuple and reuses them: same annotations, a fraction of the time
(``tests/test_fast_path.py`` compares every token with the original components on the corpus).

Exactness rests on three facts of spaCy 3.8 checked here or in that test:

- a one-token ruler pattern reads only the token's own ``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE`` (any other
  key, or a multi-token pattern, goes through a real ``Matcher``, as before);
- the ruler applies the attributes of every match in pattern order (later patterns win), all matched on the
  unmodified doc;
- the rule lemmatizer's lemma is a function of ``(orth, pos, morph)`` (spaCy caches it by that key too).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import numpy
from spacy.attrs import DEP, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

FACTORY = "claimstream_token_rules"
_READ: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
_CACHE_LIMIT = 200_000  # entries per memo; a long-running service starts afresh past it rather than grow
_Spec = dict[str, Any]
_Signature = tuple[int, int, int, bool]


def _holds(value: object, condition: object) -> bool:
    """spaCy Matcher semantics for the predicates the ruler's one-token patterns use."""
    if not isinstance(condition, dict):
        return value == condition
    checks = {
        "IN": lambda c: value in c,
        "NOT_IN": lambda c: value not in c,
        "REGEX": lambda c: isinstance(value, str) and re.search(c, value) is not None,
    }
    return all(checks[op](arg) for op, arg in condition.items())


def _is_local(pattern: list[_Spec]) -> bool:
    """A one-token pattern whose keys and predicates :func:`_holds` evaluates exactly."""
    return len(pattern) == 1 and all(
        key in _READ and (not isinstance(cond, dict) or set(cond) <= {"IN", "NOT_IN", "REGEX"})
        for key, cond in pattern[0].items()
    )


class TokenRules:
    """Does what ``ruler`` then ``lemmatizer`` do to a doc (pipeline component; call after the parser)."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self._ruler, self._lemmatizer = ruler, lemmatizer
        # One-token patterns by the tag they require (None: any tag), each list in pattern order.
        self._local: dict[str | None, list[tuple[int, list[_Spec]]]] = {}
        self._matcher = Matcher(ruler.vocab)  # everything else, keyed by the ruler's own pattern ids
        elsewhere: list[list[_Spec]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            patterns = cast(list[list[_Spec]], entry["patterns"])
            if not all(_is_local(p) for p in patterns):
                self._matcher.add(str(attr_id), patterns)
                elsewhere.extend(patterns)
                continue
            tags = {tag if isinstance(tag := p[0].get("TAG"), str) else None for p in patterns}
            tag = tags.pop() if len(tags) == 1 else None
            self._local.setdefault(tag, []).append((attr_id, [p[0] for p in patterns]))
        self._anchors = _anchors(ruler.vocab, elsewhere)
        self._ids: dict[_Signature, tuple[int, ...]] = {}
        self._merged: dict[_Signature, dict[Any, Any]] = {}
        self._lemmas: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(self._ids) > _CACHE_LIMIT or len(self._lemmas) > _CACHE_LIMIT:
            self._ids, self._merged, self._lemmas = {}, {}, {}
        extra = self._matched_elsewhere(doc) if self._may_match(doc) else {}
        for token in doc:
            signature = (token.tag, token.lower, token.dep, token.is_space)
            if signature not in self._ids:
                self._learn(token, signature)
            if token.i in extra:
                for attr_id in sorted((*self._ids[signature], *extra[token.i])):
                    set_token_attrs(token, self._ruler.attrs[attr_id])
            elif self._ids[signature]:
                set_token_attrs(token, self._merged[signature])
            if self._lemmatizer.overwrite or token.lemma == 0:
                token.lemma_ = self._lemma(token)
        return doc

    def _learn(self, token: Token, signature: _Signature) -> None:
        """Which one-token patterns match tokens like ``token``, and their attributes merged in order."""
        values = {key: read(token) for key, read in _READ.items()}
        candidates = sorted((*self._local.get(token.tag_, ()), *self._local.get(None, ())))
        ids = tuple(
            attr_id
            for attr_id, specs in candidates
            if any(all(_holds(values[k], c) for k, c in spec.items()) for spec in specs)
        )
        merged: dict[Any, Any] = {}
        for attr_id in ids:
            merged.update(self._ruler.attrs[attr_id])
        self._ids[signature], self._merged[signature] = ids, merged

    def _may_match(self, doc: Doc) -> bool:
        """False when no token has a lowercase form or dependency that a match of the Matcher's patterns needs,
        so it cannot match (most docs: its patterns are idioms like "gon na", "y'all" and "there is")."""
        if self._anchors is None:
            return True
        return bool(numpy.isin(doc.to_array([LOWER, DEP]), self._anchors).any())

    def _matched_elsewhere(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> ids of the multi-token patterns that set its attributes in ``doc``."""
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self._matcher(doc, allow_missing=True):
            attr_id = int(self._ruler.vocab.strings[match_id])
            target = doc[start:end][self._ruler.indices[attr_id]]
            extra.setdefault(target.i, []).append(attr_id)
        return extra

    def _lemma(self, token: Token) -> str:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]  # spaCy's own cache key
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._lemmas[key] = self._lemmatizer.lemmatize(token)[0]
        return lemma


def _pinned(spec: _Spec) -> list[str] | None:
    """The values one of which a token must have as ``LOWER`` or ``DEP`` to meet ``spec`` (None: not pinned)."""
    for key in ("LOWER", "DEP"):
        cond = spec.get(key)
        if isinstance(cond, str):
            return [cond]
        if isinstance(cond, dict) and set(cond) == {"IN"}:
            return [str(v) for v in cond["IN"]]
    return None


def _anchors(vocab: Vocab, patterns: list[list[_Spec]]) -> numpy.ndarray | None:
    """Hashes of ``LOWER``/``DEP`` values such that every match of every pattern has a token with one of them
    (from one pinned token per pattern); None when some pattern pins none (then the Matcher always runs)."""
    values: set[int] = set()
    for pattern in patterns:
        pinned = next((p for p in map(_pinned, pattern) if p is not None), None)
        if pinned is None:
            return None
        values.update(vocab.strings.add(v) for v in pinned)
    return numpy.array(sorted(values), dtype=numpy.uint64)


@Language.factory(FACTORY)
def make_token_rules(nlp: Language, name: str) -> TokenRules:
    """The component, built from the pipeline's own ``attribute_ruler`` and ``lemmatizer`` (even if disabled)."""
    return TokenRules(
        cast(AttributeRuler, nlp.get_pipe("attribute_ruler")), cast(Lemmatizer, nlp.get_pipe("lemmatizer"))
    )
