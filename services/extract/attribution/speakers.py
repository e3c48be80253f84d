"""The speaker phrase around a subject token: its name, title/role and kind, read off the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimstream.services.extract.attribution.lexicon import (
    ANONYMOUS,
    HONORIFICS,
    NOT_PERSONS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_SUFFIXES,
    RANKS,
    TITLE_WORDS,
)
from claimstream.services.extract.attribution.names import is_pronoun

_STOP_DEPS = frozenset(("appos", "relcl", "acl", "advcl", "parataxis"))
_QUANTIFIERS = frozenset("those these some all many both most several".split())
_ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
    "LOC": "country",
    "FAC": "organization",
}


@dataclass(frozen=True)
class SpeakerPhrase:
    """A speaker as written: ``name`` (surface), ``title`` (role, if any) and ``kind``."""

    name: str
    kind: str
    title: str | None


def speaker_phrase(head: Token) -> SpeakerPhrase:
    """Name, title and kind of the noun phrase headed by ``head`` (a subject or an "according to" object)."""
    doc = head.doc
    if (head.lower_ in _QUANTIFIERS or head.pos_ == "NUM") and any(
        c.dep_ in ("prep", "acl", "relcl") for c in head.children
    ):
        end = min(head.right_edge.i + 1, head.i + 8)
        phrase = doc[head.left_edge.i : _dangling_cut(doc, head, end)]
        return SpeakerPhrase(_clean(phrase.text), "group", None)  # "Some of the residents", "One in three"
    if head.pos_ == "PRON" or is_pronoun(head.text):
        return SpeakerPhrase(head.text, "person", None)
    start, end = _phrase_bounds(head)
    while start < head.i and doc[start].pos_ in ("DET",) and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if head.pos_ == "NOUN" and (labelled := _labelled_name(head)) is not None:
        return SpeakerPhrase(
            speaker_phrase(labelled).name, "organization", doc[start:end].text
        )  # "the newspaper Vesti"
    named = _named_apposition(head)
    if named is not None and (
        head.pos_ == "NOUN" or head.ent_type_ == "NORP" or head.lower_.rstrip(".") in TITLE_WORDS
    ):
        # "Carlineo's attorney, Sonya Zoghlin, said", "The Interior Minister, Dana Korval, said", "One Democrat,
        # Sen. Jon Ek, said": the name is in the apposition, the role is the title
        inner = speaker_phrase(named)
        return SpeakerPhrase(inner.name, "person", doc[start:end].text)
    if head.pos_ == "NOUN" and (titled_name := _titled_apposition(head)) is not None:
        return titled_name  # "Another diplomat, former special envoy to Ukraine Kurt Volker, shifted ..."
    org_head = head.lemma_.lower() in ORG_NOUNS  # "the Interior Ministry": "Interior" names it, it is no title
    titled = not org_head and any(t.lower_.rstrip(".") in TITLE_WORDS for t in doc[start : head.i])
    owned = head.pos_ == "PROPN" and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children)
    org = None if titled or (org_head and owned) else _org_entity(head, start)
    if org is not None:
        return SpeakerPhrase(_clean(org.text), _ENTITY_KINDS.get(org.label_, "organization"), None)
    if owned:
        return SpeakerPhrase(_clean(doc[start:end].text), "organization", None)  # "the U.S. Attorney's Office"
    role_only = head.lower_.rstrip(".") in TITLE_WORDS  # "The Foreign Minister said": the role is all there is
    name_start = _name_start(doc, start, head) if head.pos_ == "PROPN" and not org_head and not role_only else start
    name = doc[name_start:end].text if head.pos_ == "PROPN" else doc[start:end].text
    title_parts = [doc[start:name_start].text.rstrip(" ,")] if name_start > start else []  # "…, Perry White"
    appos = _apposition(doc, head, end)
    if appos:
        title_parts.append(appos)
    title = ", ".join(p for p in title_parts if p) or None
    kind = "group" if _conjuncts(head) else _kind(head, name_start, end, bool(title_parts))
    return SpeakerPhrase(_clean(name), kind, title)


def is_person_description(head: Token) -> bool:
    """A definite description pointing back to a person: "the real estate agent", "The 56-year-old"."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
        return False
    if head.tag_ == "JJ" and head.lower_ == "old":
        return any(t.lower_ == "year" for t in head.children) or head.doc[max(0, head.i - 2) : head.i].text.endswith(
            "year-"
        )
    if head.pos_ != "NOUN" or head.tag_ != "NN" or _named_apposition(head) is not None:
        return False
    if any(
        c.dep_ in ("prep", "poss", "relcl", "acl") or (c.dep_ == "compound" and c.pos_ == "PROPN")
        for c in head.children
    ):
        return False  # "the chairman of the party", "the party's treasurer": a new person, identified in full
    lemma = head.lemma_.lower()
    if lemma in TITLE_WORDS:
        return False  # "the spokesman" is resolved by title (names.SpeakerRegistry), or is a new person
    if lemma in ORG_NOUNS or lemma in ANONYMOUS or lemma in NOT_PERSONS or lemma.endswith("ment"):
        return False
    return lemma.endswith(PERSON_SUFFIXES) or lemma in PERSON_NOUNS


def _titled_apposition(head: Token) -> SpeakerPhrase | None:
    """A name closing a role apposition: "…, former special envoy to Ukraine Kurt Volker, …"."""
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > head.i), None)
    if appos is None:
        return None
    last = appos.right_edge
    after = head.doc[last.i + 1] if last.i + 1 < len(head.doc) else None
    if last.pos_ != "PROPN" or after is None or after.text not in (",", "—", "–"):
        return None
    first = last.i
    while first - 1 > appos.i and head.doc[first - 1].pos_ == "PROPN":
        first -= 1
    chain = list(head.doc[first : last.i + 1])
    while len(chain) > 2 and (chain[0].ent_type_ in ("GPE", "NORP", "LOC") or head.doc[chain[0].i - 1].pos_ == "ADP"):
        chain = chain[1:]  # "envoy to Ukraine Kurt Volker": the place belongs to the role
    if not 2 <= len(chain) <= 3 or not all(t.text[:1].isupper() and t.text.replace(".", "").isalpha() for t in chain):
        return None
    title = head.doc[appos.left_edge.i : chain[0].i].text or None
    return SpeakerPhrase(_clean(" ".join(t.text for t in chain)), "person", title)


def _labelled_name(head: Token) -> Token | None:
    """The name right after an organisation noun, as its label: "the newspaper Vesti", "the broadcaster NHK"."""
    if head.lemma_.lower() not in ORG_NOUNS:
        return None
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if after is None or after.pos_ != "PROPN" or after.ent_type_ not in ("ORG", "PERSON", "") or after.head.i != head.i:
        return None
    return after if after.dep_ == "appos" else None


def _named_apposition(head: Token) -> Token | None:
    """A person's name in apposition to ``head``; also when the parser hangs it on the last noun of the role's
    "of/for/at" phrase: "The editor of the Daily Planet, Perry White, said", "The lawyer for the Roe family,
    Ann Lee, said" (the name set off by a comma is the whole phrase's)."""
    found = next((c for c in head.children if _person_appos(c)), None)
    if found is not None:
        return found
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "at") and c.i > head.i):
        inner = next((t for t in prep.subtree if _person_appos(t) and t.left_edge.i > 0), None)
        if inner is not None and head.doc[inner.left_edge.i - 1].text == ",":
            return inner
    return None


def _hyphenated(token: Token) -> bool:
    """A piece of a hyphenated word: the hyphen, or the word right after it ("in" and "Chief" of "Editor-in-Chief")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is not None and not before.whitespace_ and (token.text == "-" or before.text == "-")


def _person_appos(token: Token) -> bool:
    return token.dep_ == "appos" and token.pos_ == "PROPN" and token.ent_type_ == "PERSON"


def _org_entity(head: Token, start: int) -> Span | None:
    """The ORG/GPE/NORP entity holding ``head`` ("the U.S. Attorney's Office for the Western District of New York")."""
    if head.ent_type_ not in ("ORG", "GPE", "NORP") or head.pos_ != "PROPN":
        return None
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    if ent is None or ent.start < start - 1:
        return None
    return ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent


def _phrase_bounds(head: Token) -> tuple[int, int]:
    """[start, end) of the head's noun phrase, cut before appositions, relative clauses and commas."""
    start = head.left_edge.i
    end = head.i + 1
    listed = _conjuncts(head)
    if listed:
        end = listed[-1].i + 1  # "Anna Berg, Tom Ek and Ida Lind said": the speakers together
    for token in head.doc[end : head.right_edge.i + 1]:
        if _hyphenated(token):
            end = token.i + 1  # "Editor-in-Chief": one word written in pieces
            continue
        if (
            token.text in (",", "(", "—", "–", ";", ":")
            or _is_spaced_dash(token)
            or token.dep_ in _STOP_DEPS
            or token.tag_ in ("WP", "WDT")
        ):
            break  # "the officer who testified": the relative pronoun opens a clause, it is not in the name
        if token.dep_ == "prep" and token.head.i == head.i and token.lower_ not in ("of", "for", "from", "at"):
            break  # "Marcelo Claure in an email" — but keep "Office for the Western District"
        end = token.i + 1
    for token in head.doc[start : head.i]:
        if _is_spaced_dash(token) or (
            token.text in (",", "(", "“", '"', "—") and token.head.i != head.i and not _in_coordination(token, head)
        ):
            start = token.i + 1
    return start, _dangling_cut(head.doc, head, end)


_DANGLING = frozenset(("ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT", "AUX"))


def _dangling_cut(doc: Doc, head: Token, end: int) -> int:
    """``end`` moved back over the words a cut left hanging after the head: "Critics of" (the object "what's known
    as …" is a clause), "evidence to" (the rest is the reporting verb) -> "Critics", "evidence"."""
    while end > head.i + 1 and doc[end - 1].pos_ in _DANGLING and not _hyphenated(doc[end - 1]):
        end -= 1
    return end


def _conjuncts(head: Token) -> list[Token]:
    """Names or nouns coordinated with ``head`` by "and"/"or" ("Tom Ek and Ida Lind"), in text order; [] if none."""
    found, chain = [], [head]
    while chain:
        token = chain.pop()
        for child in token.children:
            listed = child.dep_ == "conj" or (  # "Mara Lind, Otto Berg and Ines Kask" parsed as an apposition
                child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children)
            )
            if listed and child.pos_ in ("PROPN", "NOUN") and child.i > head.i:
                found.append(child)
                chain.append(child)
    has_cc = any(c.dep_ == "cc" for t in (head, *found) for c in t.children)
    return sorted(found, key=lambda t: t.i) if has_cc else []


def _is_spaced_dash(token: Token) -> bool:
    """ "… 40 million euros - officials say": a dash between spaces separates clauses, it joins no words."""
    return (
        token.text in ("-", "–", "—", "--")
        and token.i > 0
        and bool(token.doc[token.i - 1].whitespace_)
        and bool(token.whitespace_)
    )


def _in_coordination(comma: Token, head: Token) -> bool:
    """A comma listing coordinated modifiers or names of the phrase ("French, Belgian and German police")."""
    between = head.doc[comma.i + 1 : head.i + 1]
    return any(t.dep_ == "cc" for t in between) and any(t.dep_ == "conj" for t in between)


_NAMED_THINGS = frozenset(("ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"))


def _name_start(doc: Doc, start: int, head: Token) -> int:
    """Leftmost token of the proper name ending at ``head``, after any title words ("Gen.", "President")."""
    i = head.i
    while (
        i - 1 >= start
        and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text in ("-", "'", "’"))
        and doc[i - 1].text not in ("'s", "’s")
    ):
        i -= 1
    name_start = i
    for j in range(i, head.i):
        if (
            doc[j].lower_.rstrip(".") in TITLE_WORDS
            and doc[j].lower_.rstrip(".") not in HONORIFICS
            and not (doc[j].lower_ in RANKS and doc[j].ent_type_ in _NAMED_THINGS)  # "General Motors", "Major League"
        ):
            name_start = j + 1
    while name_start < head.i and doc[name_start].text in ("-", "'", "’"):
        name_start += 1
    return min(name_start, head.i)


def _apposition(doc: Doc, head: Token, end: int) -> str | None:
    appos = next((c for c in head.children if c.dep_ == "appos" and c.i >= end), None)
    if appos is None or end >= len(doc) or doc[end].text != ",":
        return None
    stop = appos.i
    while stop < len(doc) and doc[stop].text not in (",", ";", "(", ")", ".", "!", "?") and stop - end < 12:
        stop += 1
    text = doc[end + 1 : stop].text.strip()
    return text or None


def _kind(head: Token, start: int, end: int, has_title: bool) -> str:
    ent_label = head.ent_type_
    if head.lemma_.lower() in ORG_NOUNS and head.tag_ in ("NN", "NNP"):
        return "organization"  # "the French foreign ministry", even when tagged a proper noun
    if head.pos_ == "PROPN" and ent_label != "PERSON" and (has_title or _honorific(head.doc[start])):
        return "person"  # "Gen. Oleksandr Syrskyi": the small model often mislabels the surname
    if ent_label in _ENTITY_KINDS:
        return _ENTITY_KINDS[ent_label]
    lemma = head.lemma_.lower()
    if head.pos_ == "PROPN":
        return "person" if end - start >= 2 else "organization"
    if lemma in ANONYMOUS:
        return "anonymous"
    if lemma in ORG_NOUNS:
        return "organization"
    return "group" if head.tag_ in ("NNS", "NNPS") else "person"


def _honorific(token: Token) -> bool:
    return token.lower_.rstrip(".") in HONORIFICS


def _clean(name: str) -> str:
    return name.strip(" ,;:\"“”'’").removesuffix("’s").removesuffix("'s").strip()
