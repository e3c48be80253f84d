"""Attribution forms besides "X said (that) …": "according to X", "…, with X warning …", "…, X announced."
after a comma, "“…,” he was quoted as saying", a reporting clause parsed as the statement's complement, and
participles reporting a second statement ("…, adding that …").
:func:`~claimstream.services.extract.attribution.cues.find_cues` tries them; each returns a :class:`Cue` or None
and never raises.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from spacy.symbols import NOUN
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.lexicon import LABEL_WORDS, NOT_SPEAKERS, STRONG_CUES, VIEW_NOUNS


@dataclass(frozen=True)
class Cue:
    """An attribution found in a sentence; indices are document token indices."""

    cue: str
    # "verb", "according_to", "absolute" ("with X warning ..."), "trailing" ("…, X announced."), "participle"
    # ("…, adding that …"), "coordinate" ("X noted A, but said B": B), "noun" ("X's view is that …"), "stance"
    # ("X accused Y of …", see ``stances``), "relative" ("said X, who added that …"), "label" ("RUIZ: …"), or, set
    # by the reader, "colon" ("X is blunt: “…”") and "continued"
    # (a quote going on from the previous speaker's, with their cue)
    kind: str
    speaker_head: int
    verb: int | None
    content_start: int | None = None
    content_end: int | None = None


def from_start(cue: Cue, sent: Span) -> Cue:
    """A content that only knows where it ends ("… - officials say.") starts where the sentence starts."""
    if cue.content_end is not None and (cue.content_start is None or cue.content_start >= cue.content_end):
        return replace(cue, content_start=sent.start)
    return cue


def with_participles(found: list[Cue], candidates: list[int], sent: Span) -> list[Cue]:
    """ "X said A, noting (that) B": the participle reports a second statement of the same speaker, which the
    parser hangs inside A; A then ends at the comma and B is a cue of its own (kind "participle"). When the main
    verb reports no clause ("X accused the NDP of …, adding that B") the participle hangs off it and is added.
    ``candidates``: the speech verbs of the sentence (outside quotes)."""
    main, doc = found[0], sent.doc
    if main.content_start is None or main.content_end is None or main.verb is None:
        return [*found[:1], *_participles_after(main, candidates, sent), *found[1:]]
    if later := _participles_after(main, [i for i in candidates if i >= main.content_end], sent):
        return [main, *later, *found[1:]]  # "X said A, noting that B" with "noting" on "said", after A
    for token in (doc[i] for i in candidates if main.content_start < i < main.content_end):
        cue = _participle(main, token)
        if cue is not None:
            return [replace(main, content_end=token.i - 1), cue, *found[1:]]
    return found


def _participles_after(main: Cue, candidates: list[int], sent: Span) -> list[Cue]:
    """The first ", adding that B" hanging off ``main``'s verb, as a list of zero or one cue."""
    after = (_participle(main, sent.doc[i]) for i in candidates if sent.doc[i].head.i == main.verb)
    return [c for c in after if c is not None][:1]


def _participle(main: Cue, token: Token) -> Cue | None:
    """ ", adding that B" after ``main``: a cue of the same speaker whose content is B."""
    said = next((c for c in token.children if c.dep_ == "ccomp"), None)
    before = token.doc[max(token.i - 2, 0) : token.i].text.replace(" ", "")
    if token.tag_ != "VBG" or said is None or not before.endswith((",", ',"', ",”")):
        return None
    return _reporting(token, "participle", main.speaker_head, said)


def quoted_as_saying(verb: Token) -> Cue | None:
    """ "“…,” he was quoted as saying": the speaker is the subject of "quoted", the content its clause."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "as" or verb.head.head.lemma_.lower() != "quote":
        return None
    quoted = verb.head.head
    subject = next((c for c in quoted.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in NOT_SPEAKERS:
        return None
    content = next((c for c in (*verb.children, *quoted.children) if c.dep_ == "ccomp"), None)
    return Cue(
        cue=verb.text.lower(),
        kind="verb",
        speaker_head=subject.i,
        verb=verb.i,
        content_start=content.left_edge.i if content is not None else None,
        content_end=content.right_edge.i + 1 if content is not None else None,
    )


def fronted_report(verb: Token) -> Cue | None:
    """ "Chapman admits in this instance, there were fatalities": the parser makes the statement the main clause
    and the reporting verb its complement; the content is what follows the reporting clause."""
    head = verb.head
    subject = _fronted_subject(verb)
    if verb.dep_ != "ccomp" or head.dep_ != "ROOT" or head.i < verb.i or subject is None:
        return None
    return _clause_cue(verb, subject, verb.right_edge.i + 1, head.right_edge.i + 1, keep_quotes=False)


def as_report(verb: Token) -> Cue | None:
    """ "As Lee told reporters, the deal is dead", "…, as the ministry noted last week": the clause the as-clause
    hangs on is what was said. A speech verb with its own object or clause ("As she announced the results, …")
    reports an event instead."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp", "oprd")]
    if any(c.dep_ != "dobj" or verb.lemma_.lower() != "tell" for c in objects):
        return None  # "as he told reporters" names the hearers; "as she announced the results" is an event
    subject, head = _fronted_subject(verb), verb.head
    if subject is None:
        return None
    if verb.i < head.i:
        return _clause_cue(verb, subject, verb.right_edge.i + 1, head.right_edge.i + 1, keep_quotes=True)
    return _clause_cue(verb, subject, head.left_edge.i, verb.left_edge.i, keep_quotes=True)


def cleft_report(verb: Token) -> Cue | None:
    """ "What he would say is that fines rarely work": the speech verb is the subject of "is", and what was said
    is the complement of "is"."""
    head = verb.head
    if verb.dep_ != "csubj" or head.lemma_ != "be" or head.i < verb.i:
        return None
    if not any(c.dep_ == "dobj" and c.lower_ == "what" for c in verb.children):
        return None
    said = next((c for c in head.children if c.dep_ in ("ccomp", "attr") and c.i > head.i), None)
    subject = _fronted_subject(verb)
    if said is None or subject is None:
        return None
    return _clause_cue(verb, subject, said.left_edge.i, head.right_edge.i + 1, keep_quotes=True)


def _fronted_subject(verb: Token) -> Token | None:
    """The subject before ``verb`` when it can speak (not "it", "one", "that")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.lower_ in NOT_SPEAKERS or subject.pos_ in ("NUM", "DET"):
        return None
    return subject


def _clause_cue(verb: Token, subject: Token, start: int, end: int, *, keep_quotes: bool) -> Cue | None:
    """A cue of ``verb`` whose content is ``[start, end)`` less the punctuation around it; None under 3 tokens."""
    doc = verb.doc

    def trimmed(token: Token) -> bool:
        return token.is_punct and not (keep_quotes and token.is_quote)

    while start < end and trimmed(doc[start]):
        start += 1
    while end > start and trimmed(doc[end - 1]):
        end -= 1
    if end - start < 3:
        return None
    return Cue(
        cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i, content_start=start, content_end=end
    )


def _ing_forms(lemmas: frozenset[str]) -> frozenset[str]:
    forms: set[str] = set()
    for lemma in lemmas:
        forms.update(
            (lemma + "ing", lemma[:-1] + "ing" if lemma.endswith("e") else lemma + "ing", lemma + lemma[-1] + "ing")
        )
    return frozenset(forms)


_ING_CUES = _ing_forms(STRONG_CUES - {"add", "report", "estimate", "note", "describe", "told", "cite"})


def absolute_cue(token: Token) -> Cue | None:
    """ "…, with Foreign Minister Ayman Safadi warning of …": the -ing speech word is often tagged a noun."""
    if token.pos != NOUN or token.lower_ not in _ING_CUES or token.dep_ != "pobj" or token.head.lower_ != "with":
        return None
    speaker = token.doc[token.i - 1] if token.i > 0 else None
    if (
        speaker is None
        or speaker.pos_ != "PROPN"
        or speaker.head.i != token.i
        or speaker.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
    ):
        return None
    if token.right_edge.i == token.i:
        return None
    return Cue(
        cue=token.lower_,
        kind="absolute",
        speaker_head=speaker.i,
        verb=token.i,
        content_start=token.i + 1,
        content_end=token.right_edge.i + 1,
    )


def view_cue(token: Token) -> Cue | None:
    """ "Governor Costa's view is that the tax cut will pay for itself": the owner of the view (a name or a noun,
    not a pronoun) speaks; the that-clause after "is" is the content."""
    if token.pos != NOUN or token.dep_ != "nsubj" or token.lemma_.lower() not in VIEW_NOUNS:
        return None
    owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    be = token.head
    clause = next((c for c in be.children if c.dep_ == "ccomp" and c.i > be.i), None)
    if owner is None or clause is None or be.lemma_ != "be":
        return None
    return _reporting(token, "noun", owner.i, clause)


def _reporting(word: Token, kind: str, speaker_head: int, clause: Token) -> Cue:
    """A cue whose word is ``word`` and whose content is the whole of ``clause``."""
    return Cue(
        cue=word.lower_,
        kind=kind,
        speaker_head=speaker_head,
        verb=word.i,
        content_start=clause.left_edge.i,
        content_end=clause.right_edge.i + 1,
    )


_TRAILING_NP = frozenset(("DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"))


def trailing_report(sent: Span, quoted: Container[int]) -> Cue | None:
    """ "Emirates ordered 30 jets, executives of both companies announced Wednesday." when the parser missed the
    reporting clause: after the last comma, a noun phrase, a speech verb and nothing but adverbials, or a speech
    verb and a noun phrase ending the sentence ("…, argued Palvetzian.")."""
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    commas = [i for i, t in enumerate(tokens) if t.text == "," and t.i not in quoted]
    if not commas or commas[-1] < 3:
        return None
    tail = tokens[commas[-1] + 1 :]
    verb_at = next((i for i, t in enumerate(tail) if t.tag_ in ("VBD", "VBZ", "VBP", "VBN")), None)
    if verb_at is None or not 0 <= verb_at <= 8 or tail[verb_at].lemma_.lower() not in STRONG_CUES:
        return None
    phrase, rest = tail[:verb_at], tail[verb_at + 1 :]
    if verb_at == 0:  # inverted: "…, argued Palvetzian." / "…, said the city's mayor."
        phrase, rest = rest, []
        if not 1 <= len(phrase) <= 8 or tail[0].lemma_.lower() == "tell":  # "…, told reporters": the hearers
            return None
    if not all(t.pos_ in _TRAILING_NP or t.lower_ in ("of", "both", "'s", "’s") for t in phrase):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("ccomp", "dobj") for t in rest):
        return None
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return None
    head = next((t for t in nouns if not (phrase[0].i <= t.head.i <= phrase[-1].i) or t.head.i == t.i), nouns[0])
    verb = tail[verb_at]
    return Cue(
        cue=verb.text.lower(),
        kind="trailing",
        speaker_head=head.i,
        verb=verb.i,
        content_start=sent.start,
        content_end=tokens[commas[-1]].i,
    )


def label_cue(sent: Span, quoted: Container[int]) -> Cue | None:
    """ "RUIZ: Well, the pier will hold.", "Ada Ruiz: The ferry runs all winter": a name (one to four capitalised
    words, with a proper noun or a word in capitals) opening the sentence before a colon labels what follows as
    that speaker's words, as transcripts and quote headlines do. Not a label word ("Update:", "Note:", "Q:"), a
    place or a date ("Washington:", "Tuesday:"), nor a name with a verb of its own before the colon."""
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    if colon is None or colon.i in quoted or colon.i == sent.start or sent.end - colon.i < 5:
        return None
    name = [t for t in sent.doc[sent.start : colon.i] if not t.is_space]
    if not 1 <= len(name) <= 4 or any(not _capitalised(t) or t.lower_.rstrip(".") in LABEL_WORDS for t in name):
        return None
    if any(t.ent_type_ in _NOT_A_SPEAKER_ENTITY for t in name):
        return None
    if not any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 2) for t in name):
        return None
    words = [t for t in sent.doc[colon.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if len(words) < 4:
        return None
    return Cue(
        cue="", kind="label", speaker_head=name[-1].i, verb=None, content_start=colon.i + 1, content_end=sent.end
    )


_NOT_A_SPEAKER_ENTITY = frozenset("GPE LOC DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY EVENT".split())


def _capitalised(token: Token) -> bool:
    """ "Ruiz", "RUIZ", "Sen.", "O'Neil": a word a name is written with."""
    text = token.text.rstrip(".")
    return bool(text) and text[0].isupper() and text.replace("'", "").replace("’", "").replace("-", "").isalpha()


def according_to(token: Token) -> Cue | None:
    lower = token.lower_
    if lower == "according":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        target = pobj(to) if to is not None else None
        label = "according to"
    elif lower == "per" and (token.i == token.sent.start or token.doc[token.i - 1].lower_ == "as"):
        target, label = pobj(token), "as per"
    else:
        return None
    if target is None:
        return None
    return Cue(cue=label, kind="according_to", speaker_head=_source_of(target).i, verb=None)


def pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _source_of(target: Token) -> Token:
    """For "a statement from the ministry" / "the ministry's report" return the ministry."""
    if target.lemma_.lower() in ("report", "statement", "estimate", "data", "figure", "assessment", "account"):
        owner = next((c for c in target.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        for prep in (c for c in target.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
            obj = pobj(prep)
            if obj is not None:
                return obj
    return target
