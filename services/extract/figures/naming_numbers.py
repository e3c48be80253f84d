"""Numbers that name rather than count, and the lone "one" that counts, judged from the parse.

- A bare number (no unit, currency, scale or hedge) is a label when it follows the word it belongs to
  ("category 4", "Game 7", "FTSE 100", "S&P 500"), when it sits inside a name ("iPhone 12 Pro", "Note 20
  Ultra"), or when it starts a name ("787 Dreamliner", "575 Wilbraham Road"); a number in apposition to a
  name between commas is an age ("Senard, 65, said").
- "one" counts when it modifies a noun ("one count of fraud") or picks one of a superlative ("one of the
  best"), never as a pronoun ("with one claiming").
"""

from __future__ import annotations

from spacy.tokens import Token

_NAMES = ("PROPN",)


def is_label(number: Token) -> bool:
    """True when the bare number ``number`` (its last token) names something instead of counting it."""
    doc = number.doc
    before = doc[number.i - 1] if number.i > 0 else None
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if number.dep_ == "nummod" and number.head.i < number.i and number.head.i >= number.i - 3:
        return True  # "category 4", "S&P 500": the number follows its head
    if number.dep_ == "appos" and number.head.pos_ in _NAMES:
        return True  # "Senard, 65,"
    name_before = (
        before is not None and before.pos_ in _NAMES and before.ent_type_ != "NORP" and before.is_title is not False
    )
    name_after = after is not None and after.tag_ == "NNP" and after.ent_type_ not in ("NORP", "GPE", "DATE", "ORG")
    if name_before and name_after or _starts_address(number):
        return True  # "iPhone 12 Pro", "49 Zorro Ranch Road"
    shares_head = after is not None and (after.i == number.head.i or after.head.i == number.head.i)
    modifier_before = before is None or before.pos_ in ("ADJ", "PROPN")  # not "ordered 40 Embraer jets"
    return name_after and shares_head and modifier_before  # "the new 787 Dreamliner", "two new 737 Max jets"


_STREETS = frozenset("st street rd road ave avenue way blvd boulevard lane ln drive dr place pl square sq".split())


def _starts_address(number: Token) -> bool:
    """ "575 Wilbraham Road", "9 E 71st St": a number followed by capitalised words that end in a street word."""
    for token in number.doc[number.i + 1 : number.i + 6]:
        if token.lower_.rstrip(".") in _STREETS and token.text[:1].isupper():
            return True
        if not (token.text[:1].isupper() or token.text[:1].isdigit()) or token.is_punct:
            return False
    return False


def counts_one(one: Token) -> bool:
    """True when the word "one" is a count: "one solution", "one of the best screens"."""
    if one.dep_ == "nummod" and one.head.pos_ == "NOUN" and one.head.i > one.i:
        return True
    of = next((c for c in one.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return pobj is not None and any(c.tag_ == "JJS" or c.lower_ == "most" for c in pobj.subtree)
