"""What a number counts, read from the dependency parse.

Pure functions of spaCy tokens. :func:`counted_noun` finds the noun a number counts ("300 soldiers", "half
of the troops", "50% casualties among the forces", "the death toll rose to 45"); :func:`subject_of` names its
subject class with its nationality modifiers ("North Korean troops"). What happened to it is read by
:mod:`outcomes`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimstream.shared.taxonomy import EVENT_WORDS, SUBJECT_CLASSES, noun_class

# Verbs that state a level rather than an action: "the toll rose to 45", "casualties stand at 3,000".
LEVEL_VERBS = frozenset("be rise reach climb stand total top exceed hit number increase grow jump soar".split())
NOUNS = ("NOUN", "PROPN")
_EVENTNOUNS = frozenset(w for w, e in EVENT_WORDS.items() if w.endswith(("ies", "ties", "ths", "ses", "toll")))


def event_word(token: Token) -> str | None:
    """The event a single word names ("killed", "casualties", "stationed"), else None."""
    return EVENT_WORDS.get(token.lower_) or EVENT_WORDS.get(token.lemma_.lower())


def counted_noun(number: Token) -> Token | None:
    """The noun ``number`` (the last token of a figure) counts, or None for a bare number.

    "300 soldiers" -> soldiers; "half of the 12,000 troops" -> troops; "50% casualties among the forces" ->
    forces; "the death toll rose to 45" -> toll. Never a noun written before a count ("troops numbering 300"
    excepted: that is the verb's subject)."""
    head = number.head
    if number.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in NOUNS and head.i > number.i:
        return _among(head) or head
    base = partitive_noun(number)
    if base is not None or (number.pos_ == "NOUN" and number.lower_ not in SHARE_WORDS):
        return base
    verb = _governor(number)
    if verb is not None and verb.lemma_.lower() in LEVEL_VERBS:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS), None)
        return (_among(subject) or subject) if subject is not None else None  # "casualties among X reached 4,000"
    return None


SHARE_WORDS = frozenset(
    "% percent per cent half halves third thirds quarter quarters fifth fifths tenth tenths".split()
)


def partitive_noun(share: Token) -> Token | None:
    """The whole a share is part of: "half of the troops", "Of the 8,000 workers, a quarter ...", and the same
    when the parser hangs the share on the preposed "Of" itself."""
    of = next((c for c in share.children if c.dep_ == "prep" and c.lower_ in ("of", "among")), None)
    if of is None and share.lower_ in SHARE_WORDS:
        head = share.head
        of = (
            head
            if head.lower_ == "of"
            else next(  # "Of the 8,000 workers, a quarter", "of whom half"
                (
                    c
                    for c in head.subtree
                    if c.dep_ == "prep"
                    and c.lower_ == "of"
                    and c.i < share.i
                    and (c.head.i == head.i or (c.head.dep_ == "conj" and c.head.head.i == head.i))
                ),
                None,
            )
        )
    if of is None:
        return None
    if any(c.dep_ == "pobj" and c.lower_ in ("whom", "which") for c in of.children):
        return antecedent(of)  # "12,000 soldiers, of whom about half ..."
    return next((c for c in of.children if c.dep_ == "pobj" and c.pos_ in NOUNS and c.i != share.i), None)


def antecedent(of: Token) -> Token | None:
    """The noun "of whom" refers to: the head of the relative clause, else (when the parser missed the clause)
    the noun written right before it ("12,000 soldiers, of whom")."""
    current = of
    for _ in range(4):
        if current.dep_ == "relcl" and current.head.pos_ in NOUNS:
            return current.head
        current = current.head
    before = [t for t in of.doc[max(0, of.i - 3) : of.i] if not t.is_punct]
    return before[-1] if before and before[-1].pos_ in NOUNS else None


def is_definite(noun: Token) -> bool:
    """ "the troops", "these forces", "its soldiers", "the casualty rate among X units": a group the text has
    named before."""
    owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("among", "of") else noun
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for t in (noun, owner) for c in t.children)


_DEFINITE = frozenset("the these those this that its their his her our".split())


def of_them(number: Token) -> bool:
    """ "4,000 of them": a part of a group named before."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(c.dep_ == "pobj" and c.lower_ in ("them", "those", "these") for c in of.children)


def _among(noun: Token) -> Token | None:
    """The population of an event noun: "casualties among the North Korean forces", "the death toll among
    troops", "North Korean troops have suffered 4,000 casualties"."""
    if (
        noun.lower_ not in _EVENTNOUNS
        and noun.lemma_.lower() not in ("casualty", "death", "loss", "fatality")
        and compound_event(noun) is None
    ):  # "the casualty rate among X", "the death toll among X"
        return None
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("among", "of")), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in NOUNS), None) if prep else None
    if pobj is None and noun.dep_ == "conj" and noun.head.pos_ in NOUNS:
        return _among(noun.head)  # "1,000 deaths and 3,000 injuries among X"
    if pobj is None and noun.dep_ == "dobj":
        pobj = next((c for c in noun.head.children if c.dep_ == "nsubj" and c.pos_ in NOUNS), None)
    return pobj if pobj is not None and (noun_class(pobj.lemma_)[0] in _CLASSES or _has_nationality(pobj)) else None


def _has_nationality(noun: Token) -> bool:
    """ "the North Koreans", "North Korean units": a group named by its nationality."""
    return noun.ent_type_ == "NORP" or any(is_nationality(c) for c in noun.lefts)


_CLASSES = frozenset(c for c, _ in SUBJECT_CLASSES.values())


def subject_of(noun: Token) -> tuple[str, str | None]:
    """(subject, implied event) of a counted noun: its class with the nationality modifiers written before it
    ("North Korean soldiers" -> "North Korean troops"); "death toll" -> ("people", "killed")."""
    compound = next((c for c in noun.children if c.dep_ == "compound" and noun_class(c.lemma_)[1]), None)
    cls, implied = noun_class((compound or noun).lemma_)
    if noun.pos_ == "PROPN" and noun.ent_type_ == "NORP" and cls not in _CLASSES:  # "the North Koreans"
        return " ".join(t.text for t in noun.subtree if t.dep_ == "compound" or t.i == noun.i), implied
    modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and is_nationality(c)]
    words = [w.text for m in modifiers for w in m.subtree if w.i < noun.i and is_nationality(w)]
    return " ".join([*words, cls]), implied


def is_nationality(token: Token) -> bool:
    return token.ent_type_ in ("NORP", "GPE") and token.text[:1].isupper()


def compound_event(token: Token) -> str | None:
    """ "casualty rate", "death toll": the event a noun's compound modifier names."""
    if token.pos_ not in NOUNS:
        return None
    return next((event_word(c) for c in token.children if c.dep_ == "compound" and event_word(c)), None)


def _governor(token: Token) -> Token | None:
    current = token
    for _ in range(3):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None
