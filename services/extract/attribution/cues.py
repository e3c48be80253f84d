"""Attribution cues in a parsed sentence: speech verbs with their subject, "according to X", "as per X".

Works on spaCy dependency parses; tokens inside direct quotes are ignored (a "said" inside a quote belongs
to the quoted speaker's words, not to the article's attribution).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import replace

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import (
    Cue,
    absolute_cue,
    according_to,
    as_report,
    cleft_report,
    from_start,
    fronted_report,
    label_cue,
    pobj,
    quoted_as_saying,
    trailing_report,
    view_cue,
    with_participles,
)
from claimstream.services.extract.attribution.lexicon import (
    CARRIERS,
    CLAUSE_CUES,
    CONTROL_VERBS,
    HEDGES,
    HOLDING_VERBS,
    INTENT_CUES,
    MIND_CUES,
    NOT_PERSONS,
    NOT_SPEAKERS,
    OBJECT_SENSE_CUES,
    PERSON_NOUNS,
    PERSON_SUFFIXES,
    PHRASAL_CUES,
    PRONOUN_GENDER,
    STRONG_CUES,
    VALUATION_CUES,
)

# "X called it a disgrace" (object predicate) attributes a statement.
_CALL = "call"
_REPORTING = STRONG_CUES | CLAUSE_CUES
_ANY_CUE = _REPORTING | PHRASAL_CUES | {_CALL}  # built once: _verb_cue sees every token
_RELATIVE = frozenset("who which that".split())
_COMPLEMENTS = frozenset(("ccomp", "dobj", "xcomp", "oprd", "dative", "parataxis"))


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
    if (label := label_cue(sent, quoted)) is not None:
        return [label]  # "RUIZ: …": the whole sentence is the labelled speaker's
    tokens = [t for t in sent if t.i not in quoted]  # once: each iteration of a span makes new Token objects
    verbs = [from_start(c, sent) for c in map(_verb_cue, tokens) if c is not None]
    verbs.extend(c for c in map(absolute_cue, tokens) if c is not None)
    verbs.extend(c for c in map(view_cue, tokens) if c is not None)
    best = min(verbs, key=lambda c: _depth(sent.doc[c.verb or 0])) if verbs else None
    if best is None or not _is_main(sent.doc[best.verb or 0]):
        according = next((c for c in map(according_to, tokens) if c is not None), None)
        best = (
            according or best
        )  # a main-clause "X said" outranks "according to Y" ("…,” Jones said, according to Yonhap)
    if best is None:
        tail = trailing_report(sent, quoted)
        return [tail] if tail is not None else []
    found = [best]
    for cue in verbs:
        if cue is best or cue.verb is None:
            continue
        if _relative_statement(sent.doc[cue.verb], cue, found):
            found.append(replace(cue, kind="relative"))  # "…,” said Ruiz, who added that the pier is safe.
            continue
        if not _coordinate(sent.doc[cue.verb]):
            continue
        contrast = _contrast_comma(sent.doc[cue.verb])
        if contrast is not None:  # "…, while Y condemned B" is Y's own statement wherever the parser hangs it
            found = [
                replace(c, content_end=contrast)
                if c.content_start is not None and c.content_start < contrast < (c.content_end or 0)
                else c
                for c in found
            ]
        elif (cut := _restated(best, cue, sent)) is not None:
            found = [replace(best, content_end=cut), *found[1:], replace(cue, kind="coordinate")]
            continue  # "He said A and he said B": the same speaker says a second thing
        elif any(c.content_start is not None and c.content_start <= cue.verb < (c.content_end or 0) for c in found):
            continue  # reported inside another statement: "X said Y told him ..."
        if _second_statement(best, cue, sent):
            found.append(replace(cue, kind="coordinate"))  # "X acknowledged A, but noted B": two statements
            continue
        if _conceded(sent.doc[cue.verb], cue):
            pronoun = sent.doc[cue.speaker_head].lower_ in PRONOUN_GENDER and best.speaker_head > cue.speaker_head
            # "Though she conceded A, Ada Ruiz said B": the pronoun points ahead to the main speaker
            found.append(
                replace(cue, kind="coordinate", speaker_head=best.speaker_head if pronoun else cue.speaker_head)
            )
            continue
        if any(_subject_words(sent.doc[c.speaker_head]) == _subject_words(sent.doc[cue.speaker_head]) for c in found):
            continue
        if _is_main(sent.doc[cue.verb]) or sent.doc[cue.verb].dep_ == "advcl" or cue.kind == "absolute":
            found.append(cue)
    if len(found) > 1:
        found = [_without_trailing_joint(c, sent) for c in found]
    return with_participles(found, [c.verb for c in verbs if c.verb is not None], sent)


def _without_trailing_joint(cue: Cue, sent: Span) -> Cue:
    """ "One in three said A and one in four said B": the first statement ends before the "and" that joins the
    second speaker's."""
    start, end = cue.content_start, cue.content_end
    if start is None or end is None:
        return cue
    doc = sent.doc
    while end - 1 > start and (
        doc[end - 1].dep_ == "cc" or (doc[end - 1].is_punct and end < len(doc) and doc[end].dep_ == "cc")
    ):
        end -= 1
    return cue if end == cue.content_end else replace(cue, content_end=end)


def _relative_statement(verb: Token, cue: Cue, found: list[Cue]) -> bool:
    """ "said Ada Ruiz, who added that the pier is safe", "Lind, who predicted the ferry would run, …": a "who"
    clause with a speech verb and a clause of its own, outside what another cue reports, says a second thing."""
    return (
        verb.dep_ == "relcl"
        and cue.content_start is not None
        and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in verb.children)
        and any(c.dep_ == "ccomp" for c in verb.children)
        and not any(c.content_start is not None and c.content_start <= verb.i < (c.content_end or 0) for c in found)
    )


def _second_statement(best: Cue, cue: Cue, sent: Span) -> bool:
    """ "Lind acknowledged the delay, but noted the ferry still runs": a speech verb coordinated with the main one,
    with the same subject and a clause of its own after the main content, says a second thing."""
    verb = sent.doc[cue.verb or 0]
    return (
        verb.dep_ == "conj"
        and verb.head.i == best.verb
        and cue.speaker_head == best.speaker_head
        and cue.content_start is not None
        and (best.content_end is None or verb.i >= best.content_end)
        and any(c.dep_ in ("ccomp", "oprd") for c in verb.children)  # "…, but called the pier “a relic”"
    )


def _restated(best: Cue, cue: Cue, sent: Span) -> int | None:
    """ "He said the vote sent a message and he said things will change": a speech verb of the same speaker
    (the same word, or he/she/they), coordinated with the main cue's reported clause, is a second statement,
    not part of the first; the index where the first one now ends (before the "and"), else None."""
    doc, verb = sent.doc, sent.doc[cue.verb or 0]
    if best.verb is None or best.content_start is None or best.content_end is None or cue.content_start is None:
        return None
    clause = verb.head
    if verb.dep_ != "conj" or clause.head.i != best.verb or not best.content_start <= clause.i < best.content_end:
        return None
    mine, theirs = doc[best.speaker_head].lower_, doc[cue.speaker_head].lower_
    if theirs != mine and theirs not in ("he", "she", "they"):
        return None  # "X said A and Y said B" may be what X reports
    joint = next((c for c in clause.children if c.dep_ == "cc" and c.i < verb.i), None)
    end = joint.i if joint is not None and joint.i > clause.i else verb.left_edge.i
    while end > best.content_start and doc[end - 1].is_punct:
        end -= 1
    return end if end > best.content_start else None


def _conceded(verb: Token, cue: Cue) -> bool:
    """ "Although Lind admitted that the pier was old, he said it would hold": a speech verb with a clause of its
    own in a concession says a first thing, whoever says the second."""
    return (
        verb.dep_ == "advcl"
        and cue.content_start is not None
        and any(c.dep_ == "ccomp" for c in verb.children)
        and any(c.dep_ == "mark" and c.lower_ in ("although", "though") for c in verb.children)
    )


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
        return any(
            c.dep_ == "mark" and c.lower_ in ("while", "whereas", "but", "although", "though") for c in verb.children
        )
    return verb.dep_ in ("pobj", "pcomp") and verb.head.lower_ == "with"


def _valuation_cue(verb: Token) -> Cue | None:
    """A verb giving its object a figure with "at <number>"; the content is "the toll at 112"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    at = next((c for c in (*verb.children, *obj.children) if c.dep_ == "prep" and c.lower_ == "at"), None)
    figure = pobj(at) if at is not None else None
    if at is None or figure is None or not any(_is_number(t) for t in (figure, *figure.children)):
        return None  # "put the town at risk of 20 floods" is no figure
    subject = speaker_of(verb)
    if subject is None:
        return None
    return Cue(
        cue=verb.text.lower(),
        kind="verb",
        speaker_head=subject.i,
        verb=verb.i,
        content_start=min(obj.left_edge.i, at.i),
        content_end=max(obj.right_edge.i, at.right_edge.i) + 1,
    )


def _is_number(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM" or any(ch.isdigit() for ch in token.text)


def _intent_cue(verb: Token) -> Cue | None:
    """ "The mayor wants to close the road", "Hale intends to vote against it", "wants the party to take a
    harder line": an aim in a main clause, its infinitive (with the object that is its subject) the content.
    Not a motive ("because she wanted to …") or a relative clause ("voters who want …"). A negated aim keeps its
    negation: "Hale does not plan to vote for it" -> "does not plan to vote for it" (the infinitive alone would
    say the opposite)."""
    if verb.dep_ in ("amod", "relcl", "acl") or subordinate(verb):
        return None
    negated = any(c.dep_ == "neg" for c in verb.children)
    aim = next(
        (
            c
            for c in verb.children
            if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i and any(a.tag_ == "TO" and a.i < c.i for a in c.children)
        ),
        None,
    )
    subject = speaker_of(verb)
    if aim is None or subject is None or subject.i > verb.i:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < aim.i), None)
    end = _with_subordinate_tail(verb, aim.right_edge.i + 1)
    start = min((obj or aim).left_edge.i, aim.left_edge.i)
    if negated:  # from the auxiliary or the negation on: "does not plan to …", "never wanted to …"
        start = min(
            (c.i for c in verb.children if c.dep_ in ("aux", "neg") and subject.i < c.i < verb.i), default=start
        )
    return Cue(
        cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i, content_start=start, content_end=end
    )


_HOPE_FORMS = frozenset(("hope", "hopes", "hoped", "hoping"))


def verb_lemma(verb: Token) -> str:
    """The verb's lemma, lower case; "hope" for "hopes", "hoped", "hoping", which the rule lemmatizer cuts to
    "hop" (and "hopping" stays "hop")."""
    lemma = verb.lemma_.lower()
    return "hope" if lemma == "hop" and verb.lower_ in _HOPE_FORMS else lemma


def _verb_cue(verb: Token) -> Cue | None:
    if verb.pos != VERB:  # both kinds of cue below are verbs; the int test spares most tokens their lemma string
        return None
    lemma = verb_lemma(verb)
    if lemma in VALUATION_CUES and (valuation := _valuation_cue(verb)) is not None:
        return valuation
    if lemma in INTENT_CUES and (intent := _intent_cue(verb)) is not None:
        return intent
    if lemma not in _ANY_CUE or verb.dep_ == "amod":
        return None  # "Hemming's estimated $50,000 costs": a participle describing a noun reports nothing
    if (quoted_as := quoted_as_saying(verb) or as_report(verb) or cleft_report(verb)) is not None:
        return quoted_as
    deps = {child.dep_ for child in verb.children}
    if lemma == "plead" and any(c.pos_ == "ADJ" for c in verb.children):
        return None  # "he pleaded guilty": a plea in court, not a statement
    if lemma == _CALL:
        if "oprd" not in deps:
            return None
    elif lemma in PHRASAL_CUES and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        if not (lemma == "rule" and "ccomp" in deps):
            return None
    elif lemma in CLAUSE_CUES and "ccomp" not in deps and (deps & {"dobj", "xcomp"} or not _parenthetical(verb)):
        # "figures show that ..." and the aside "..., Foster writes; ..." attribute; "X wrote a book" and the
        # subject's own plan "the firm expects to turn a profit" do not
        return None
    elif lemma in CLAUSE_CUES and "ccomp" in deps and _nonfinite(next(c for c in verb.children if c.dep_ == "ccomp")):
        return None  # "found Kody lying on her couch", "video showed him downing pills": seen, not stated
    elif lemma in OBJECT_SENSE_CUES and "dobj" in deps and not deps & {"ccomp", "parataxis"}:
        return None
    elif lemma in MIND_CUES and subordinate(verb):
        return None  # "because she feared she'd lose …", "saw what he thought was a gun": a motive, a perception
    elif (
        lemma not in CLAUSE_CUES
        and not deps & _COMPLEMENTS
        and not _parenthetical(verb)
        and _clause_on_object(verb) is None  # "claimed without evidence that …": the clause hangs on the phrase
    ):
        return fronted_report(verb)
    if _not_a_statement(verb):
        return None
    subject = speaker_of(verb)
    if subject is None:
        return None
    reported = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") or (lemma == _CALL and c.dep_ == "oprd")]
    after = [c for c in reported if c.i > verb.i]  # parsed in pieces: "said the reasons … is that …"
    content = after[0] if after else (reported[0] if reported else _clause_on_object(verb))
    start = content.left_edge.i if content is not None else None
    if start is not None and start < verb.i < (content.i if content is not None else 0):
        start = verb.i + 1  # "which he said the firms should pay": what was said runs from after "said"
    end = max(c.right_edge.i for c in (after or reported or [content])) + 1 if content is not None else None
    if content is not None and content.dep_ != "oprd" and not any(c.dep_ in _SUBJECTS for c in content.children):
        # "records indicated the debt load was $267 million": the clause's subject was parsed as the object
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.right_edge.i + 1 == content.left_edge.i), None)
        start = obj.left_edge.i if obj is not None else start
    if content is not None and start is not None:
        start = _past_time(verb, content, start)
    if content is not None and content.dep_ == "oprd":
        # "called it a waste of money": the thing named and its name together are what was said ("what/who he
        # calls X" keeps X alone)
        named = [c for c in verb.children if c.dep_ == "dobj" and c.i < content.i and c.tag_ not in ("WP", "WDT")]
        start = min([content.left_edge.i, *(c.left_edge.i for c in named)])
    end = _with_subordinate_tail(verb, _with_coordinate_tail(verb, end))
    if lemma == _CALL and end is not None and _wh_object(verb):
        end = _naming_end(verb, end)
    dash = _dash_before(subject)
    if dash is not None and verb.i > subject.i and (start is None or start < dash):
        end = dash  # "… 40 million euros - officials say.": the content runs from the sentence start (find_cues)
    return Cue(
        cue=verb.text.lower(), kind="verb", speaker_head=subject.i, verb=verb.i, content_start=start, content_end=end
    )


_SUBJECTS = frozenset(("nsubj", "nsubjpass", "expl", "csubj", "csubjpass"))
WHEN_ENTITIES = frozenset(("DATE", "TIME"))
_WHEN_WORDS = frozenset("on in at by early earlier late later".split())


def _past_time(verb: Token, content: Token, start: int) -> int:
    """ "Berg said Monday the firm would close", "told reporters on Tuesday two ferries were sold": the time right
    after the reporting clause dates the saying, the parser hangs it on the reported clause; what was said starts
    after it (at "that" when there is one). ``start`` unchanged for any other opening ("said Monday's vote …")."""
    doc = verb.doc
    heard = [c.right_edge.i for c in verb.children if c.dep_ in ("dobj", "dative") and verb.i < c.i < content.i]
    if start != max([verb.i, *heard]) + 1:
        return start
    subject = next((c for c in content.children if c.dep_ in _SUBJECTS), None)
    mark = next((c for c in content.children if c.dep_ == "mark" and c.i < content.i), None)
    opening = min(t.left_edge.i for t in (subject, mark) if t is not None) if subject or mark else start
    before = doc[start:opening]
    if not any(t.ent_type_ in WHEN_ENTITIES for t in before):
        return start
    if all(t.ent_type_ in WHEN_ENTITIES or t.lower_ in _WHEN_WORDS or t.text == "," for t in before):
        return opening
    return start


def _clause_on_object(verb: Token) -> Token | None:
    """ "told NBC's “Today” show that he was not …", "argued for decades that it was …" parsed with the
    that-clause on the object or a phrase of the verb: that clause."""
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "dative", "prep") and c.i > verb.i):
        for token in obj.subtree:
            if token.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in token.children):
                return token
    return None


def _with_coordinate_tail(verb: Token, end: int | None) -> int | None:
    """ "X said A, but B": a clause with its own subject coordinated right after the reported one goes on with
    what was said, unless it reports again ("…, but Y has said B" is Y's claim)."""
    if end is None:
        return None
    doc = verb.doc
    for tail in (c for c in verb.children if c.dep_ == "conj" and c.i >= end):
        reports = tail.lemma_.lower() in _REPORTING
        if (reports and not _same_subject(verb, tail)) or not any(g.dep_ in _SUBJECTS for g in tail.children):
            return end  # "…, but he stressed B" after "He said A" goes on with the same speaker's statement
        if all(t.is_punct or t.dep_ == "cc" for t in doc[end : tail.left_edge.i]):
            return tail.right_edge.i + 1 if not doc[tail.right_edge.i].is_punct else tail.right_edge.i
        return end
    return end


_TAIL_MARKS = frozenset("because since after before until unless if once so".split())


def _with_subordinate_tail(verb: Token, end: int | None) -> int | None:
    """ "X says he lost 16 lbs. since he signed up", "users report they want A, to search B …": a reason, time or
    purpose clause right after the reported one, which the parser hangs on the speech verb, goes on with what
    was said (a participle ", citing …" and a clause that reports again do not)."""
    if end is None:
        return None
    doc = verb.doc
    for tail in (c for c in verb.children if c.dep_ == "advcl" and c.i >= end):
        opener = doc[tail.left_edge.i]
        purpose = opener.lower_ == "to" and opener.head.i == tail.i
        if (
            tail.tag_ in ("VBG", "VBN")
            or tail.lemma_.lower() in _REPORTING
            or not (purpose or (opener.dep_ == "mark" and opener.lower_ in _TAIL_MARKS))
        ):
            return end
        if not all(t.is_punct for t in doc[end : tail.left_edge.i]):
            return end
        end = tail.right_edge.i + 1
        while end > tail.i + 1 and doc[end - 1].is_punct:
            end -= 1
    return end


def _same_subject(verb: Token, other: Token) -> bool:
    mine = next((_subject_words(c) for c in verb.children if c.dep_ == "nsubj"), None)
    return mine is not None and mine == next((_subject_words(c) for c in other.children if c.dep_ == "nsubj"), None)


def _subject_words(head: Token) -> str:
    """A subject's words, lower-cased: "one in three" and "one in four" are two speakers, not one."""
    return " ".join(t.lower_ for t in head.subtree) if head.n_lefts + head.n_rights else head.lower_


def _dash_before(subject: Token) -> int | None:
    """Index of a spaced dash opening the reporting tail "… - officials say." right before ``subject``'s phrase."""
    for token in reversed(subject.doc[max(subject.sent.start, subject.i - 4) : subject.i]):
        if token.text in ("-", "–", "—", "--") and token.whitespace_ and subject.doc[token.i - 1].whitespace_:
            return token.i
        if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM"):
            return None
    return None


_WH_WORDS = frozenset("whether why how what which who whom".split())


def _not_a_statement(verb: Token) -> bool:
    """Speech verbs that report no statement: negated ("X has not commented", "did not say whether"), a standard
    of comparison ("higher than the city says it is"), asking or withholding ("would not say why", "explained
    how"), or with a wh-object ("what he said about Uber")."""
    if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ == "than") for c in verb.children):
        return True  # "has not commented"; "lower than the agency says it is" compares with what was said
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        content = clauses[0]
        if len(clauses) > 1:
            return False  # misparsed "said whether X agrees depends on Y": a statement about the question
        first = content.left_edge  # "would not say why it left"; not "said whether X agrees depends on Y"
        if first.i < verb.i:
            return False  # "a levy, which he said the firms should pay": a relative pronoun, not a question
        return first.lower_ in _WH_WORDS and first.head.i == content.i and first.tag_ in ("WRB", "WP", "WDT", "IN")
    if any(c.dep_ == "oprd" for c in verb.children):
        return False  # "who he calls a great kid": the wh-word is whom he names, the predicate what he says
    return _wh_object(verb)


def _wh_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in verb.children)


def _naming_end(verb: Token, end: int) -> int:
    """Where "what/who X calls …" ends: the parser cuts the name short ("the UN's | taking away of rights", "a
    great kid | and someone who …"); it runs to the sentence end, or to the comma before a main clause that
    follows ("In what she called a betrayal, the party voted …")."""
    sent, doc = verb.sent, verb.doc
    if sent.root.i >= end:
        comma = next((t.i for t in doc[end : sent.root.i] if t.text == ","), None)
        return end if comma is None else max(end, comma)
    stop = sent.end
    while stop > end and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    return stop


def _count(token: Token) -> bool:
    """A number heading a share of people: "One in three", "nine out of 10", "Two of the regents" (not "One of
    the projects": a share of things)."""
    if token.pos_ != "NUM":
        return False
    for prep in (c for c in token.children if c.dep_ == "prep"):
        if prep.lower_ in ("in", "out"):
            return True
        counted = pobj(prep) if prep.lower_ == "of" else None
        if counted is not None and _people(counted):
            return True
    return False


def _the_few(token: Token) -> bool:
    """ "The two admit …", "the three said": a number with "the" points back to people named before."""
    return token.pos_ == "NUM" and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def _people(noun: Token) -> bool:
    """ "the regents", "Democrats", "them": a noun or pronoun for people."""
    lemma = noun.lemma_.lower()
    if noun.lower_ in ("them", "us", "whom", "those") or noun.ent_type_ in ("NORP", "PERSON", "ORG"):
        return True
    return lemma not in NOT_PERSONS and (lemma in PERSON_NOUNS or lemma.endswith(PERSON_SUFFIXES))


def _phrase_head(token: Token) -> bool:
    """A quantifier heading a phrase of people ("All those involved", "Some of the residents"), not a bare "one"."""
    return any(c.dep_ in ("prep", "acl", "relcl") for c in token.children)


def _nonfinite(clause: Token) -> bool:
    """A gerund or participle clause without auxiliary ("Kody lying on her couch")."""
    return clause.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children)


def _parenthetical(verb: Token) -> bool:
    """A main or reporting clause on its own: "X said." / "…, The New York Times reports, citing …"."""
    if verb.dep_ in ("ROOT", "parataxis"):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (
        subject is not None
        and subject.left_edge.i > 0
        and verb.doc[subject.left_edge.i - 1].text in (",", "”", '"', "''")
    )


def speaker_of(verb: Token) -> Token | None:
    """The token of who speaks through ``verb``: its grammatical subject, through relative clauses ("the group,
    which opposed …"), conjunctions, participles and object control; None for a passive or a subject that cannot
    speak ("it", "one")."""
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
            if subject.lemma_.lower() in CARRIERS and (source := _carrier_source(subject)) is not None:
                return source  # "A statement e-mailed by Dana Ruiz said …": Dana Ruiz
            if subject.lower_ == "it" and current.lemma_.lower() in STRONG_CUES:
                return subject  # "It also told staff …": the reader resolves it to the organisation that spoke
            described = (
                (subject.lower_ in ("those", "these", "some", "all", "many", "both") or _count(subject))
                and _phrase_head(subject)
            ) or _the_few(subject)
            if not described and (subject.lower_ in NOT_SPEAKERS or subject.pos_ in ("NUM", "DET")):
                return None  # "those involved", "some of the residents", "one in three" speak; a bare "one" does not
            return subject
        if (
            current.dep_ == "acl"
            and any(c.dep_ == "ccomp" for c in current.children)
            and current.head.pos_ in ("NOUN", "PROPN")
        ):
            carrier = current.head
            if carrier.lemma_.lower() in CARRIERS and carrier.dep_ == "dobj" and carrier.head.pos_ == "VERB":
                issuer = next((c for c in carrier.head.children if c.dep_ == "nsubj"), None)
                if issuer is not None and issuer.lower_ not in NOT_SPEAKERS:
                    return issuer  # "the commission issued a statement warning that ...": the commission
            return carrier  # "The company, which ..., confirmed that ..." parsed as a reduced relative
        if current.dep_ == "ROOT" or current.head.i == current.i:
            return _inverted_subject(current) or _appositive_subject(current)
        if current.dep_ == "pcomp" and current.tag_ == "VBG" and current.head.dep_ == "prep":
            current = current.head.head  # "Ruiz drew boos by saying that …": the subject of the verb "by" modifies
            continue
        if current.dep_ not in ("advcl", "conj", "xcomp", "pcomp"):
            return None
        if current.dep_ == "xcomp" or (
            current.dep_ == "advcl"
            and current.head.lemma_.lower() in CONTROL_VERBS
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in current.children)
        ):
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
            return pobj(child)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "via", "through")):
        carrier = pobj(prep)
        if carrier is not None and carrier.lemma_.lower() in CARRIERS and (source := _carrier_source(carrier)):
            return source
    return None


def _carrier_source(carrier: Token) -> Token | None:
    """Whose words a statement, email or letter carries: "Claure's email", "an email sent by X", "a statement
    from the ministry"; None when it does not say ("emails obtained by the paper" name who holds them)."""
    for child in carrier.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "acl" and child.lemma_.lower() not in HOLDING_VERBS:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None and pobj(agent) is not None:
                return pobj(agent)
        if child.dep_ == "prep" and child.lower_ in ("from", "by") and pobj(child) is not None:
            return pobj(child)
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """Speaker after the verb: "…, said The We Company's executive chair Marcelo Claure in an email"."""
    if verb.i == 0 or verb.doc[verb.i - 1].text not in (",", "”", '"', "’", "''"):
        return None
    last: Token | None = None
    for token in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + 14)]:
        if token.pos_ in ("ADP", "PUNCT", "SCONJ", "CCONJ", "AUX") and token.tag_ != "POS":
            break
        if token.pos_ in ("PROPN", "NOUN"):
            last = token
    return last


def _appositive_subject(verb: Token) -> Token | None:
    """ "As part of his plea, Tom Lind, 44, said that …" parsed with the name as an apposition of "plea": the
    named apposition that ends right before the verb (commas and an age aside) is its subject."""
    before = verb.i - 1
    while before >= verb.sent.start and (verb.doc[before].is_punct or verb.doc[before].like_num):
        before -= 1
    if before < verb.sent.start or before == verb.i - 1:
        return None  # the name must be set off by a comma, as an apposition is
    token = verb.doc[before]
    while token.dep_ == "appos" and token.head.dep_ == "appos" and token.head.i < token.i:
        token = token.head
    if token.dep_ != "appos" or token.pos_ != "PROPN" or token.head.pos_ != "NOUN":
        return None
    return token


def subordinate(verb: Token) -> bool:
    """True for a verb in a relative, adverbial or complement clause that is not a contrast of its own ("When
    the party announced its plans, …"; not "…, while the League condemned the move")."""
    return not _is_main(verb) and not _coordinate(verb)


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
    return any(
        (t.lower_ in HEDGES and not _is_month(t)) or t.lemma_.lower() in ("believe", "suggest", "appear", "seem")
        for t in tokens
    )


def _is_month(token: Token) -> bool:
    """ "May" as a name (month, person) rather than the modal: capitalised and not tagged a modal, or capitalised
    inside the sentence, or followed by a day number."""
    if token.text != "May":
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.tag_ != "MD" or token.i > token.sent.start or (after is not None and after.like_num)
