"""Attribution cues in a parsed sentence: speech verbs with their subject, "according to X", "as per X".

Works on spaCy dependency parses; tokens inside direct quotes are ignored (a "said" inside a quote belongs
to the quoted speaker's words, not to the article's attribution).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from claimstream.services.extract.lexicon import CARRIERS, CLAUSE_CUES, CONTROL_VERBS, HEDGES, NOT_SPEAKERS, STRONG_CUES

# Verbs that are cues only with this particle ("ruled out", "pointed out"); "rule" also with a clause
# ("the court ruled that ...").
PHRASAL_CUES = frozenset(("rule", "point"))
# Verbs with a common non-speech sense when they only take an object: "the economy added 500 jobs",
# "the index added 0.5%". With a direct object and no clause they are not speech ("…,” he added" still is).
_OBJECT_SENSE_CUES = frozenset(("add",))
# "X called it a disgrace" (object predicate) attributes a statement.
_CALL = "call"
_RELATIVE = frozenset("who which that".split())
_COMPLEMENTS = frozenset(("ccomp", "dobj", "xcomp", "oprd", "dative", "parataxis"))


@dataclass(frozen=True)
class Cue:
    """An attribution found in a sentence; indices are document token indices."""

    cue: str
    kind: str  # "verb", "according_to", "absolute" ("with X warning ...") or "trailing" ("…, X announced.")
    speaker_head: int
    verb: int | None
    content_start: int | None = None
    content_end: int | None = None


def find_cue(sent: Span, quoted: Container[int]) -> Cue | None:
    """The outermost verb cue of ``sent``, else an "according to"/"as per" cue, else None.

    ``quoted`` holds the document indices of tokens inside direct quotes.
    """
    cues = find_cues(sent, quoted)
    return cues[0] if cues else None


def find_cues(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The cue of ``sent`` (as :func:`find_cue`) followed by cues of coordinate clauses with their own speaker.

    "The UN stressed A, while the Arab League condemned B" and "X suggested A, but Y has said B" hold two
    attributed statements; a speech verb inside the first cue's reported content is not a second one.
    """
    verbs = [_from_start(c, sent) for c in (_verb_cue(t) for t in sent if t.i not in quoted) if c is not None]
    verbs.extend(c for c in (_absolute_cue(t) for t in sent if t.i not in quoted) if c is not None)
    best = min(verbs, key=lambda c: _depth(sent.doc[c.verb or 0])) if verbs else None
    if best is None or not _is_main(sent.doc[best.verb or 0]):
        according = next((c for c in (_according_to(t) for t in sent if t.i not in quoted) if c is not None), None)
        best = according or best  # a main-clause "X said" outranks "according to Y" ("…,” Jones said, according to Yonhap)
    if best is None:
        tail = _trailing_report(sent, quoted)
        return [tail] if tail is not None else []
    found = [best]
    for cue in verbs:
        if cue is best or cue.verb is None or not _coordinate(sent.doc[cue.verb]):
            continue
        contrast = _contrast_comma(sent.doc[cue.verb])
        if contrast is not None:  # "…, while Y condemned B" is Y's own statement wherever the parser hangs it
            found = [replace(c, content_end=contrast) if c.content_start is not None and c.content_start < contrast
                     < (c.content_end or 0) else c for c in found]
        elif any(c.content_start is not None and c.content_start <= cue.verb < (c.content_end or 0) for c in found):
            continue  # reported inside another statement: "X said Y told him ..."
        if any(sent.doc[c.speaker_head].lower_ == sent.doc[cue.speaker_head].lower_ for c in found):
            continue
        if _is_main(sent.doc[cue.verb]) or sent.doc[cue.verb].dep_ == "advcl" or cue.kind == "absolute":
            found.append(cue)
    return _with_participles(found, [c.verb for c in verbs if c.verb is not None], sent)


def _with_participles(found: list[Cue], candidates: list[int], sent: Span) -> list[Cue]:
    """ "X said A, noting (that) B": the participle reports a second statement of the same speaker, which the
    parser hangs inside A; A then ends at the comma and B is a cue of its own (kind "participle").
    ``candidates``: the speech verbs of the sentence (outside quotes)."""
    main = found[0]
    if main.content_start is None or main.content_end is None:
        return found
    doc = sent.doc
    for token in (doc[i] for i in candidates if main.content_start < i < main.content_end):
        said = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if token.tag_ == "VBG" and said is not None and doc[token.i - 1].text == ",":
            first = replace(main, content_end=token.i - 1)
            second = Cue(cue=token.lower_, kind="participle", speaker_head=main.speaker_head, verb=token.i,
                         content_start=said.left_edge.i, content_end=said.right_edge.i + 1)
            return [first, second, *found[1:]]
    return found


def _from_start(cue: Cue, sent: Span) -> Cue:
    """A content that only knows where it ends ("… - officials say.") starts where the sentence starts."""
    if cue.content_end is not None and (cue.content_start is None or cue.content_start >= cue.content_end):
        return replace(cue, content_start=sent.start)
    return cue


def _contrast_comma(verb: Token) -> int | None:
    """Index of the comma before "while/whereas" opening the clause of ``verb`` ("…, while the League condemned")."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("while", "whereas")), None)
    if mark is None or mark.i == 0 or verb.doc[mark.i - 1].text != ",":
        return None
    if not any(c.dep_ == "nsubj" and c.i > mark.i for c in verb.children):
        return None
    return mark.i - 1


def _coordinate(verb: Token) -> bool:
    """True for a verb heading a clause of its own next to the main one: conj, "while/whereas/but" clause, "with X warning"."""
    if verb.dep_ == "conj":
        return True
    if verb.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in ("while", "whereas", "but", "although", "though") for c in verb.children)
    return verb.dep_ in ("pobj", "pcomp") and verb.head.lower_ == "with"


# "X put the toll at 112", "X estimated the crowd at 10,000", "X pegged the cost at $2bn": a figure X gives.
_VALUATION_CUES = frozenset("put place peg estimate".split())


def _valuation_cue(verb: Token) -> Cue | None:
    """A verb giving its object a figure with "at <number>"; the content is "the toll at 112"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    at = next((c for c in (*verb.children, *obj.children) if c.dep_ == "prep" and c.lower_ == "at"), None)
    figure = _pobj(at) if at is not None else None
    if at is None or figure is None or not any(_is_number(t) for t in (figure, *figure.children)):
        return None  # "put the town at risk of 20 floods" is no figure
    subject = _subject(verb)
    if subject is None:
        return None
    return Cue(cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i,
               content_start=min(obj.left_edge.i, at.i), content_end=max(obj.right_edge.i, at.right_edge.i) + 1)


def _is_number(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM" or any(ch.isdigit() for ch in token.text)


def _verb_cue(verb: Token) -> Cue | None:
    lemma = verb.lemma_.lower()
    if lemma in _VALUATION_CUES and verb.pos_ == "VERB" and (valuation := _valuation_cue(verb)) is not None:
        return valuation
    if verb.pos_ != "VERB" or lemma not in STRONG_CUES | CLAUSE_CUES | PHRASAL_CUES | {_CALL}:
        return None
    if (quoted_as := _quoted_as_saying(verb)) is not None:
        return quoted_as
    deps = {child.dep_ for child in verb.children}
    if lemma == _CALL:
        if "oprd" not in deps:
            return None
    elif lemma in PHRASAL_CUES and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        if not (lemma == "rule" and "ccomp" in deps):
            return None
    elif lemma in CLAUSE_CUES and "ccomp" not in deps and ("dobj" in deps or not _parenthetical(verb)):
        return None  # "figures show that ..." and the aside "..., Foster writes; ..." attribute, "X wrote a book" not
    elif lemma in CLAUSE_CUES and "ccomp" in deps and _nonfinite(next(c for c in verb.children if c.dep_ == "ccomp")):
        return None  # "found Kody lying on her couch", "video showed him downing pills": seen, not stated
    elif lemma in _OBJECT_SENSE_CUES and "dobj" in deps and not deps & {"ccomp", "parataxis"}:
        return None
    elif lemma not in CLAUSE_CUES and not deps & _COMPLEMENTS and not _parenthetical(verb):
        return _fronted_report(verb)
    if _not_a_statement(verb):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    content = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    start = content.left_edge.i if content is not None else None
    end = content.right_edge.i + 1 if content is not None else None
    if content is not None and not any(c.dep_ in _SUBJECTS for c in content.children):
        # "records indicated the debt load was $267 million": the clause's subject was parsed as the object
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.right_edge.i + 1 == content.left_edge.i), None)
        start = obj.left_edge.i if obj is not None else start
    dash = _dash_before(subject)
    if dash is not None and verb.i > subject.i and (start is None or start < dash):
        end = dash  # "… 40 million euros - officials say.": the content runs from the sentence start (find_cues)
    return Cue(cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i, content_start=start,
               content_end=end)


_SUBJECTS = frozenset(("nsubj", "nsubjpass", "expl", "csubj", "csubjpass"))


def _dash_before(subject: Token) -> int | None:
    """Index of a spaced dash opening the reporting tail "… - officials say." right before ``subject``'s phrase."""
    for token in reversed(subject.doc[max(subject.sent.start, subject.i - 4):subject.i]):
        if token.text in ("-", "–", "—", "--") and token.whitespace_ and subject.doc[token.i - 1].whitespace_:
            return token.i
        if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM"):
            return None
    return None


def _quoted_as_saying(verb: Token) -> Cue | None:
    """ "“…,” he was quoted as saying": the speaker is the subject of "quoted", the content its clause."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "as" or verb.head.head.lemma_.lower() != "quote":
        return None
    quoted = verb.head.head
    subject = next((c for c in quoted.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in NOT_SPEAKERS:
        return None
    content = next((c for c in (*verb.children, *quoted.children) if c.dep_ == "ccomp"), None)
    return Cue(cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i,
               content_start=content.left_edge.i if content is not None else None,
               content_end=content.right_edge.i + 1 if content is not None else None)


_WH_WORDS = frozenset("whether why how what which who whom".split())


def _not_a_statement(verb: Token) -> bool:
    """Speech verbs that report no statement: negated ("X has not commented", "did not say whether"), asking
    or withholding ("would not say why", "explained how"), or with a wh-object ("what he said about Uber")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        content = clauses[0]
        if len(clauses) > 1:
            return False  # misparsed "said whether X agrees depends on Y": a statement about the question
        first = content.left_edge  # "would not say why it left"; not "said whether X agrees depends on Y"
        return first.lower_ in _WH_WORDS and first.head.i == content.i and first.tag_ in ("WRB", "WP", "WDT", "IN")
    return any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in verb.children)


def _phrase_head(token: Token) -> bool:
    """A quantifier heading a phrase of people ("All those involved", "Some of the residents"), not a bare "one"."""
    return any(c.dep_ in ("prep", "acl", "relcl") for c in token.children)


def _fronted_report(verb: Token) -> Cue | None:
    """ "Chapman admits in this instance, there were fatalities": the parser makes the statement the main clause
    and the reporting verb its complement; the content is what follows the reporting clause."""
    head = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if verb.dep_ != "ccomp" or head.dep_ != "ROOT" or head.i < verb.i or subject is None:
        return None
    if subject.lower_ in NOT_SPEAKERS or subject.pos_ in ("NUM", "DET"):
        return None
    start = verb.right_edge.i + 1
    while start < head.i and verb.doc[start].is_punct:
        start += 1
    end = head.right_edge.i + 1
    while end > start and verb.doc[end - 1].is_punct:
        end -= 1
    return Cue(cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i, content_start=start,
               content_end=end) if end - start >= 3 else None


def _nonfinite(clause: Token) -> bool:
    """A gerund or participle clause without auxiliary ("Kody lying on her couch")."""
    return clause.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children)


def _ing_forms(lemmas: frozenset[str]) -> frozenset[str]:
    forms: set[str] = set()
    for lemma in lemmas:
        forms.update((lemma + "ing", lemma[:-1] + "ing" if lemma.endswith("e") else lemma + "ing", lemma + lemma[-1] + "ing"))
    return frozenset(forms)


_ING_CUES = _ing_forms(STRONG_CUES - {"add", "report", "estimate", "note", "describe", "told", "cite"})


def _absolute_cue(token: Token) -> Cue | None:
    """ "…, with Foreign Minister Ayman Safadi warning of …": the -ing speech word is often tagged a noun."""
    if token.pos_ != "NOUN" or token.lower_ not in _ING_CUES or token.dep_ != "pobj" or token.head.lower_ != "with":
        return None
    speaker = token.doc[token.i - 1] if token.i > 0 else None
    if speaker is None or speaker.pos_ != "PROPN" or speaker.head.i != token.i or speaker.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return None
    if token.right_edge.i == token.i:
        return None
    return Cue(cue=token.lower_, kind="absolute", speaker_head=speaker.i, verb=token.i,
               content_start=token.i + 1, content_end=token.right_edge.i + 1)


_TRAILING_NP = frozenset(("DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"))


def _trailing_report(sent: Span, quoted: Container[int]) -> Cue | None:
    """ "Emirates ordered 30 jets, executives of both companies announced Wednesday." when the parser missed the
    reporting clause: after the last comma, a noun phrase, a speech verb and nothing but adverbials."""
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    commas = [i for i, t in enumerate(tokens) if t.text == "," and t.i not in quoted]
    if not commas or commas[-1] < 3:
        return None
    tail = tokens[commas[-1] + 1:]
    verb_at = next((i for i, t in enumerate(tail) if t.tag_ in ("VBD", "VBZ", "VBP", "VBN")), None)
    if verb_at is None or not 1 <= verb_at <= 8 or tail[verb_at].lemma_.lower() not in STRONG_CUES:
        return None
    phrase, rest = tail[:verb_at], tail[verb_at + 1:]
    if not all(t.pos_ in _TRAILING_NP or t.lower_ in ("of", "both", "'s", "’s") for t in phrase):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("ccomp", "dobj") for t in rest):
        return None
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return None
    head = next((t for t in nouns if not (phrase[0].i <= t.head.i <= phrase[-1].i) or t.head.i == t.i), nouns[0])
    verb = tail[verb_at]
    return Cue(cue=verb.text.lower(), kind="trailing", speaker_head=head.i, verb=verb.i,
               content_start=sent.start, content_end=tokens[commas[-1]].i)


def _parenthetical(verb: Token) -> bool:
    """A main or reporting clause on its own: "X said." / "…, The New York Times reports, citing …"."""
    if verb.dep_ in ("ROOT", "parataxis"):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.left_edge.i > 0 and verb.doc[subject.left_edge.i - 1].text in (",", "”", '"')


def _subject(verb: Token) -> Token | None:
    """Grammatical subject of a speech verb, following relative clauses, conjunctions and participles."""
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        before = [c for c in subjects if c.i < current.i]
        subject = before[-1] if before else (subjects[0] if subjects else None)  # nearest, when mis-parsed twice
        if subject is not None and subject.dep_ == "nsubjpass" and current.lemma_.lower() not in ("quote", "cite"):
            # "employees were told by X that …" (a reported clause), else "he was told", "was accused by": no speaker
            return _passive_agent(current) if any(c.dep_ == "ccomp" for c in current.children) else None
        if subject is not None:
            if subject.lower_ in _RELATIVE and current.dep_ == "relcl":
                return None if current.head.lower_ in NOT_SPEAKERS else current.head
            described = subject.lower_ in ("those", "these", "some", "all", "many", "both") and _phrase_head(subject)
            if not described and (subject.lower_ in NOT_SPEAKERS or subject.pos_ in ("NUM", "DET")):
                return None  # "those involved", "some of the residents" speak; a bare "it" or "one" does not
            return subject
        if current.dep_ == "acl" and any(c.dep_ == "ccomp" for c in current.children) and current.head.pos_ in ("NOUN", "PROPN"):
            carrier = current.head
            if carrier.lemma_.lower() in CARRIERS and carrier.dep_ == "dobj" and carrier.head.pos_ == "VERB":
                issuer = next((c for c in carrier.head.children if c.dep_ == "nsubj"), None)
                if issuer is not None and issuer.lower_ not in NOT_SPEAKERS:
                    return issuer  # "the commission issued a statement warning that ...": the commission
            return carrier  # "The company, which ..., confirmed that ..." parsed as a reduced relative
        if current.dep_ == "ROOT" or current.head.i == current.i:
            return _inverted_subject(current)
        if current.dep_ not in ("advcl", "conj", "xcomp", "pcomp"):
            return None
        if current.dep_ == "xcomp" or (current.dep_ == "advcl" and current.head.lemma_.lower() in CONTROL_VERBS
                                       and any(c.lower_ == "to" and c.dep_ == "aux" for c in current.children)):
            controller = next((c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i), None)
            if controller is not None and controller.pos_ in ("NOUN", "PROPN", "PRON"):
                # object control: "led the manufacturer to announce", "urged him to confirm"
                return None if controller.lower_ in NOT_SPEAKERS else controller
        current = current.head
    return None






def _passive_agent(verb: Token) -> Token | None:
    """Who spoke in a passive report: "were told by the chairman", "were told in an email sent by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return _pobj(child)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "via", "through")):
        carrier = _pobj(prep)
        if carrier is None or carrier.lemma_.lower() not in CARRIERS:
            continue
        for child in carrier.children:
            if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
                return child  # "in Claure's email"
            if child.dep_ == "acl":
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None and _pobj(agent) is not None:
                    return _pobj(agent)  # "in an email sent by X"
            if child.dep_ == "prep" and child.lower_ in ("from", "by") and _pobj(child) is not None:
                return _pobj(child)  # "in a statement from the ministry"
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """Speaker after the verb: "…, said The We Company's executive chair Marcelo Claure in an email"."""
    if verb.i == 0 or verb.doc[verb.i - 1].text not in (",", "”", '"', "’"):
        return None
    last: Token | None = None
    for token in verb.doc[verb.i + 1:min(len(verb.doc), verb.i + 14)]:
        if token.pos_ in ("ADP", "PUNCT", "SCONJ", "CCONJ", "AUX") and token.tag_ != "POS":
            break
        if token.pos_ in ("PROPN", "NOUN"):
            last = token
    return last


def _according_to(token: Token) -> Cue | None:
    lower = token.lower_
    if lower == "according":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        target = _pobj(to) if to is not None else None
        label = "according to"
    elif lower == "per" and (token.i == token.sent.start or token.doc[token.i - 1].lower_ == "as"):
        target, label = _pobj(token), "as per"
    else:
        return None
    if target is None:
        return None
    return Cue(cue=label, kind="according_to", speaker_head=_source_of(target).i, verb=None)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _source_of(target: Token) -> Token:
    """For "a statement from the ministry" / "the ministry's report" return the ministry."""
    if target.lemma_.lower() in ("report", "statement", "estimate", "data", "figure", "assessment", "account"):
        owner = next((c for c in target.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        for prep in (c for c in target.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
            obj = _pobj(prep)
            if obj is not None:
                return obj
    return target


def _is_main(verb: Token) -> bool:
    """True unless the verb sits in a relative, adverbial or complement clause ("where the group maintains ...")."""
    token, steps = verb, 0
    while steps < 50:
        if token.dep_ in ("relcl", "acl", "advcl", "pcomp", "xcomp", "csubj"):
            return False
        if token.head.i == token.i:
            return True
        token, steps = token.head, steps + 1
    return True


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def is_hedged(tokens: Iterable[Token]) -> bool:
    """True when the tokens (a sentence or one clause of it) hold a hedging word (may, reportedly, allegedly,
    likely, believe, ...); "May" the month ("in May", "May 5") is no hedge."""
    return any((t.lower_ in HEDGES and not _is_month(t)) or t.lemma_.lower() in ("believe", "suggest", "appear", "seem")
               for t in tokens)


def _is_month(token: Token) -> bool:
    """ "May" as a name (month, person) rather than the modal: capitalised and not tagged a modal, or capitalised
    inside the sentence, or followed by a day number."""
    if token.text != "May":
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.tag_ != "MD" or token.i > token.sent.start or (after is not None and after.like_num)
