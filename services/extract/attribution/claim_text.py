"""What a claim says: its text (the quoted words, the reported clause, or the sentence without its reporting
clause) and, when one sentence holds several claims, which tokens belong to each. Pure functions of a parsed
sentence and its cues; :class:`~claimstream.services.extract.reader.ArticleReader` calls them."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Span, Token

from claimstream.services.extract.attribution import quotes
from claimstream.services.extract.attribution.cues import WHEN_ENTITIES, Cue, subordinate
from claimstream.services.extract.doctext import doc_text, span_text
from claimstream.shared.events import ClaimExtracted


def own_spans(unit: Span, cue: Cue | None, spans: list[tuple[int, int]], cues: list[Cue]) -> list[tuple[int, int]]:
    """Quotes of ``unit`` that belong to ``cue``: all of them with one cue, else those inside its content; the
    main cue without a content of its own gets those no other cue reports ("“A,” X said, noting that B is “C”")."""
    if len(cues) < 2 or cue is None or cue.content_start is None or cue.content_end is None:
        if cue is None or len(cues) < 2:
            return spans
        return [sp for sp in spans if not any(_inside(unit, c, sp) for c in cues[1:])] if cue is cues[0] else []
    return [sp for sp in spans if _inside(unit, cue, sp)]


def _inside(unit: Span, cue: Cue, span: tuple[int, int]) -> bool:
    """True when the quote ``span`` overlaps the content ``cue`` reports."""
    if cue.content_start is None or cue.content_end is None:
        return False
    doc = unit.doc
    start, end = doc[cue.content_start].idx, doc[cue.content_end - 1].idx + len(doc[cue.content_end - 1])
    return span[0] < end and span[1] > start


def clauses(unit: Span, cues: list[Cue | None]) -> list[frozenset[int]]:
    """Tokens of ``unit`` that belong to each of several claims made in it: a later cue owns its verb's
    subtree ("…, while the ministry reported 118 deaths"), less any other cue's clause nested in it; the first
    (main) cue owns the rest of the sentence."""
    doc, every = unit.doc, frozenset(range(unit.start, unit.end))
    trees = [
        frozenset(t.i for t in doc[c.verb].subtree) & every if c is not None and c.verb is not None else every
        for c in cues
    ]
    owned: list[frozenset[int]] = [every]
    for i in range(1, len(cues)):
        nested = [trees[j] for j in range(len(cues)) if j not in (0, i) and trees[j] < trees[i]]
        owned.append(trees[i].difference(*nested))
    owned[0] = every.difference(*owned[1:])
    return owned


def has_content(unit: Span, cue: Cue, quoted: bool) -> bool:
    """False for a speech verb used without anything said: no quote in the sentence, no reported clause, no
    object ("accused Beijing of …", "denied the link" report a claim), no topic ("testified about the meeting")
    and nothing left once the reporting clause is taken out ("Vancouver responded a minute later with …",
    "Woods has contended several other years"), or only an object in a subordinate clause ("When the party
    announced its plans, the economy was faltering").
    Such a sentence is the writer's account; its figures, if any, are the outlet's claim."""
    if quoted or cue.kind != "verb" or cue.content_start is not None or cue.verb is None:
        return True
    if _aside_bounds(unit, cue) is not None:
        return True  # "Sooner or later, the mayor told reporters, the ferry will pay": the rest is what was said
    verb = unit.doc[cue.verb]
    if any(c.dep_ in ("dobj", "dative", "oprd", "ccomp", "xcomp") for c in verb.children):
        return not subordinate(verb)  # an object only: what the subject said, unless the writer's scene-setting
    if any(c.dep_ == "prep" and c.lower_ in _TOPIC for c in verb.children):
        return True  # "He testified about the July 10 meeting": what the statement was about
    return _without_report(unit, cue) is not None


_TOPIC = frozenset("about on over regarding concerning".split())


_CLAUSE_OPENERS = frozenset("while whereas and but although though".split())


class Said(NamedTuple):
    """A claim's text and, when the text joins pieces of the sentence around its attribution ("“A,” she said,
    “B.”" -> "A B"; "The pier, she said, is short" -> "The pier is short"), the [start, end) character offsets of
    each piece in the paragraph's doc, in order. ``pieces`` is empty when the text is not the sentence's words
    (a clause of it capitalised, a whole sentence); a quote's one piece is kept (a quote may go on later)."""

    text: str
    pieces: tuple[tuple[int, int], ...] = ()


def content(unit: Span, cue: Cue | None, spans: list[tuple[int, int]], clause: frozenset[int] | None = None) -> Said:
    """What was claimed: the quoted words, the reported clause, or the sentence without "according to X";
    with ``clause``, its own clause of the sentence instead of the whole sentence."""
    doc = unit.doc
    if spans and (embedded := _reported_with_quotes(unit, cue, spans)):
        return embedded  # "X said he was “very pleased with the decision”": the quote is part of the statement
    if spans and cue is not None and cue.kind == "according_to" and not quotes.opens_with_quote(unit, spans):
        return _without_according(unit, cue)  # "The plan adds “safeguards for …”, according to the memo"
    if (
        spans
        and cue is not None
        and _aside_before_quote(unit, cue, spans)
        and (whole := _without_report(unit, cue, True))
    ):
        return whole  # "The pier, Berg said, has become “a costly exercise”": the writer's words open the statement
    if spans and cue is not None and clause is None and (going_on := _report_then_quote(unit, cue, spans)):
        return going_on  # "Ruiz said the pier fell. “I was so scared.”": the statement, then its quote
    if spans:
        pieces = quotes.quote_pieces(doc_text(doc), spans, unit.start_char, unit.end_char)
        if pieces:
            quoted = " ".join(doc_text(doc)[s:e] for s, e in pieces)
            return Said(quoted, tuple(pieces))
    if cue is not None and cue.kind == "verb" and clause is None and (aside := _without_aside(unit, cue)):
        return aside  # "In the end, the mayor told reporters, the ferry will pay off": the aside splits the statement
    if cue is not None and cue.content_start is not None and cue.content_end is not None:
        reported = doc[cue.content_start : cue.content_end]
        if (
            cue.kind == "verb"
            and clause is None
            and _subjectless(reported)
            and (whole := _without_report(unit, cue, True))
        ):
            return whole  # "Half of the troops, officials said, have been lost": the subject precedes the aside
        return Said(span_text(reported))
    if cue is not None and cue.kind == "verb" and clause is None and (rest := _without_report(unit, cue)):
        return rest
    if clause is not None:
        words = [t for t in unit if t.i in clause]
        while words and (words[0].is_punct or words[0].lower_ in _CLAUSE_OPENERS):
            words = words[1:]
        while words and (words[-1].is_punct or words[-1].lower_ in _CLAUSE_OPENERS):
            words = words[:-1]  # "X acknowledged A, but | noted B": the "but" opens the other claim
        own = "".join(t.text_with_ws for t in words).strip(" ,;")
        if own:
            return Said(own[0].upper() + own[1:])
    if cue is not None and cue.kind == "according_to":
        return _without_according(unit, cue)
    return Said(span_text(unit).strip())


def _report_then_quote(unit: Span, cue: Cue, spans: list[tuple[int, int]]) -> Said | None:
    """A unit of a reported statement without a quote followed by a sentence that is a quote (the unit
    :func:`quotes.claim_units` merges): the statement's text, then the quoted words, as pieces."""
    doc, text = unit.doc, doc_text(unit.doc)
    first = min(s for s, _ in spans)
    if (
        first <= unit.start_char
        or (cue.verb is not None and doc[cue.verb].idx > first)
        or doc[cue.speaker_head].idx > first
    ):
        return None
    left = doc[unit.start : next((t.i for t in unit if t.idx >= first), unit.end)]
    if left.end >= unit.end or not text[left.start_char : first].rstrip().endswith((".", "!", "?")):
        return None  # the quote must open a sentence of its own after the statement's sentence
    said = content(left, cue, [])
    quoted = quotes.quote_pieces(text, spans, left.end_char, unit.end_char)
    bounds = [*said.pieces] if said.pieces else []
    if not bounds and (at := text.find(said.text.rstrip(".!? "), left.start_char, left.end_char)) >= 0:
        bounds = [(at, at + len(said.text.rstrip(".!? ")))]
    if not quoted or not bounds:
        return None
    pieces = (*bounds, *quoted)
    return Said(" ".join(text[s:e] for s, e in pieces), pieces)


def _pieces(text: str, kept: list[Token]) -> Said:
    """``text`` made of the ``kept`` tokens of a sentence, with the character spans of their runs (consecutive
    tokens, without the commas and spaces at either end) when it is those runs joined by one space, first letter
    capitalised; else, or for one run, ``text`` alone."""
    if not kept:
        return Said(text)
    whole = doc_text(kept[0].doc)
    runs: list[tuple[int, int]] = []
    for previous, token in zip([None, *kept], kept, strict=False):
        if previous is not None and previous.i == token.i - 1:
            runs[-1] = (runs[-1][0], token.idx + len(token))
        else:
            runs.append((token.idx, token.idx + len(token)))
    pieces = []
    for start, end in runs:
        while start < end and whole[start] in " ,;":
            start += 1
        while end > start and whole[end - 1] in " ,;":
            end -= 1
        if any(ch.isalnum() for ch in whole[start:end]):
            pieces.append((start, end))
    joined = " ".join(whole[s:e] for s, e in pieces)
    if len(pieces) < 2 or joined[1:] != text[1:] or joined[:1].upper() != text[:1]:
        return Said(text)
    return Said(text, tuple(pieces))


def _without_according(unit: Span, cue: Cue) -> Said:
    """The sentence without its "according to X" / "as per X" phrase (the whole sentence if nothing is left)."""
    doc = unit.doc
    according = doc[cue.speaker_head]
    while according.head.i != according.i and according.lower_ not in ("according", "per"):
        according = according.head
    drop = {t.i for t in according.subtree}
    tokens = [t for t in unit if t.i not in drop]
    kept = "".join(t.text_with_ws for t in tokens).strip(" ,;")
    kept = re.sub(r"[\s,;]+([.!?])$", r"\1", kept)  # "…, according to X." leaves "…, ."
    kept = re.sub(r"\s*,\s*,\s*", " ", kept)  # "Half of them, according to X, have …" leaves ", ,"
    return _pieces(kept[0].upper() + kept[1:], tokens) if kept else Said(span_text(unit).strip())


def _reported_with_quotes(unit: Span, cue: Cue | None, spans: list[tuple[int, int]]) -> Said | None:
    """The reported clause when the quotes sit inside it next to the writer's own words (partial quotes)."""
    if cue is None or cue.content_start is None or cue.content_end is None or cue.kind == "according_to":
        return None
    reported = unit.doc[cue.content_start : cue.content_end]
    own = [s for s in spans if s[0] < unit.end_char and s[1] > unit.start_char]
    if (
        cue.verb is not None
        and (report := min(unit.doc[cue.speaker_head].idx, unit.doc[cue.verb].idx)) < reported.start_char
        and any(e > report for _, e in own)
        and not quotes.opens_with_quote(unit, own)
    ):
        # "On the “Harbour Hour” show, Ruiz said the ferry is “far too slow”": a quoted title inside the writer's
        # words before the reporting clause is no part of what was said after it (a quote opening the sentence is)
        own = [(s, e) for s, e in own if e > report]
    text = doc_text(unit.doc)
    start = (
        own[0][0]
        if own and not text[own[0][0] : reported.start_char].strip(quotes.MARKS + "' ")
        else reported.start_char
    )
    if not own or not all(start <= s < reported.end_char for s, _ in own):
        return None
    if own[0][0] <= reported.start_char + 1:
        if not any(ch.isalnum() for ch in text[own[-1][1] : reported.end_char]):
            return None  # the clause is all quote: its quoted words are the text
        # "said “we plan no new toll” on the harbour road": the clause goes on in the writer's words after the
        # quote, so the clause, not the quote alone, is what was said
        return Said(text[start : reported.end_char], ((start, reported.end_char),))
    last_start, last_end = own[-1]
    if last_start < reported.end_char < last_end <= unit.end_char:
        # the quote goes on past the clause's sentence
        return Said(text[reported.start_char : last_end], ((reported.start_char, last_end),))
    clause = span_text(reported)
    if clause.count("“") > clause.count("”"):
        return Said(clause + "”")
    return Said(clause, ((reported.start_char, reported.end_char),))


def _aside_before_quote(unit: Span, cue: Cue, spans: list[tuple[int, int]]) -> bool:
    """A reporting clause set in the middle of a statement that the writer's words open, before or after the
    statement's quote ("The pier, Berg said, is “far too short”"; "Ferries have “a higher cost,” she said, and
    are losing riders"): the parser hangs it on the statement (parataxis) with no reported clause of its own."""
    if cue.kind != "verb" or cue.verb is None or cue.content_start is not None or quotes.opens_with_quote(unit, spans):
        return False
    verb = unit.doc[cue.verb]
    first = next((s for s, e in spans if e > unit.start_char and s < unit.end_char), None)
    return verb.dep_ == "parataxis" and first is not None


def _subjectless(content: Span) -> bool:
    """A reported clause whose verb has no subject of its own ("… have been lost in just three months")."""
    root = content.root
    return (
        root.dep_ == "ccomp"
        and root.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass") for c in root.children)
    )


def _modifies(token: Token, verb: Token) -> bool:
    """True when ``token`` lies in what sets the scene for ``verb``: a subordinate clause ("As news began to
    surface"), a phrase or an adverb. A clause without a conjunction before "X said" is what X said."""
    while token.head.i != verb.i and token.head.i != token.i:
        token = token.head
    if token.head.i != verb.i:
        return False
    if token.dep_ == "advcl":  # "As news began …", "When the tsunami hit …", "Combined with the perception …"
        nonfinite = token.tag_ in ("VBN", "VBG") and not any(c.dep_.startswith("nsubj") for c in token.children)
        return nonfinite or any(c.dep_ == "mark" or c.tag_ == "WRB" for c in token.children)
    return token.dep_ in ("prep", "advmod", "npadvmod", "mark", "cc")


_ASIDE_PARTS = frozenset("dobj dative prep advmod npadvmod agent prt punct".split())


def _aside_bounds(unit: Span, cue: Cue) -> tuple[int, int] | None:
    """The tokens [first, last] of a reporting clause set between commas inside a sentence, its subject, verb and
    what hangs on the verb up to the closing comma ("In the end, | the mayor told reporters on Monday, | the ferry
    will pay off"; "…, said Ruiz, but …"), with words of the statement on both sides; else None. The verb's
    reported clause, if any, must start after the closing comma (the aside does not hold what was said)."""
    if cue.kind != "verb" or cue.verb is None:
        return None
    doc, verb, subject = unit.doc, unit.doc[cue.verb], unit.doc[cue.speaker_head]
    lo, hi = min(subject.left_edge.i, verb.i), max(verb.i, subject.right_edge.i)
    if lo - 1 <= unit.start or doc[lo - 1].text != "," or not verb.is_ancestor(subject):
        return None
    close = next((t.i for t in doc[hi + 1 : unit.end] if t.text == ","), None)
    if close is None or (cue.content_start is not None and cue.content_start <= close):
        return None
    covered = {hi}  # what follows the verb inside the aside: its addressee and phrases, each ending before the comma
    for child in verb.children:
        if hi < child.i < close:
            if child.dep_ not in _ASIDE_PARTS or child.right_edge.i >= close:
                return None  # "wrote about the account, which …": the comma is inside the verb's object
            covered.update(range(child.left_edge.i, child.right_edge.i + 1))
    if not covered.issuperset(range(hi, close)) or any(ch in doc[lo:close].text for ch in quotes.MARKS + "‘’"):
        return None
    before = any(t.is_alpha for t in doc[unit.start : lo - 1])
    after = sum(t.is_alpha for t in doc[close + 1 : unit.end])
    return (lo - 1, close) if before and after >= 3 else None


def _without_aside(unit: Span, cue: Cue) -> Said | None:
    """The sentence without its reporting clause set between commas (:func:`_aside_bounds`), its pieces around it
    joined: "In the end, the mayor told reporters, the ferry will pay off." -> "In the end the ferry will pay
    off."; None for a sentence without such an aside or with a quote of its own."""
    bounds = _aside_bounds(unit, cue)
    if bounds is None:
        return None
    kept = [t for t in unit if not bounds[0] <= t.i <= bounds[1]]
    text = "".join(t.text + (" " if t.i == bounds[0] - 1 and not t.whitespace_ else t.whitespace_) for t in kept)
    text = text.strip(" ,;")
    return _pieces(text[0].upper() + text[1:], kept) if len(text.split()) >= 4 else None


def _without_report(unit: Span, cue: Cue, aside: bool = False) -> Said | None:
    """The sentence without its parenthetical reporting clause: "Half of the troops, officials said, have been
    lost." -> "Half of the troops have been lost."; None when the clause is all there is."""
    doc, verb, subject = unit.doc, unit.doc[cue.verb or 0], unit.doc[cue.speaker_head]
    if not aside and any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "oprd") for c in verb.children):
        return None  # "X told reporters that …": what was said hangs off the verb, it is no aside
    lo, hi = min(subject.left_edge.i, verb.i), max(verb.i, subject.right_edge.i)
    for child in verb.children:
        if child.i > hi and child.dep_ in ("advmod", "npadvmod", "prep", "agent") and child.left_edge.i == hi + 1:
            hi = _time_end(child) if child.dep_ == "npadvmod" else child.right_edge.i
    lo = min([lo, *(c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i)])
    if lo > unit.start and doc[lo - 1].text == ",":
        lo -= 1
    if hi + 1 < unit.end and doc[hi + 1].text == "," and lo > unit.start:
        hi += 1  # ", officials said," in the middle: both commas go
    kept = [t for t in unit if not lo <= t.i <= hi]
    while kept and (kept[0].is_punct or kept[0].is_space):
        kept = kept[1:]
    if verb.dep_ == "ROOT" and all(t.is_punct or _modifies(t, verb) for t in kept):
        return None  # "As news began to surface, members complained about …": what is left only sets the scene
    text = "".join(t.text + (" " if t.i == lo - 1 and not t.whitespace_ else t.whitespace_) for t in kept).strip(" ,;")
    text = re.sub(r"[\s,;]+([.!?])$", r"\1", text)  # "…, officials said." leaves "… ."
    if len(text.split()) < 4:
        return None
    return _pieces(text[0].upper() + text[1:], kept)


def _time_end(when: Token) -> int:
    """The last token of the time phrase ``when`` heads ("Thursday", "last week"): the parser hangs the reported
    clause's subject on it in "said Thursday one of the mayor's ideas … could save money"."""
    end = when.i
    if when.ent_type_ not in WHEN_ENTITIES:
        return when.right_edge.i
    while end < when.right_edge.i and when.doc[end + 1].ent_type_ in WHEN_ENTITIES:
        end += 1
    return end


def joined(
    first: ClaimExtracted,
    first_pieces: list[tuple[int, int]],
    then: ClaimExtracted,
    then_pieces: list[tuple[int, int]],
    text: str,
) -> ClaimExtracted:
    """One claim of a statement whose quote goes on in the next sentence after its attribution: "“The pier is
    short,” Berg said. “We need a second one.”" -> "The pier is short We need a second one." with both pieces
    (``first_pieces`` and ``then_pieces``, offsets in the article ``text``), both sentences, their figures and
    entities. ``claim_id`` is left for the caller to set."""
    pieces = [*first_pieces, *then_pieces]
    entities = {(e.text, e.label): e for e in [*first.entities, *then.entities]}
    return first.model_copy(
        update={
            "text": " ".join(text[s:e] for s, e in pieces),
            "parts": pieces,
            "sentence": text[first.span[0] : then.span[1]],
            "span": (first.span[0], then.span[1]),
            "quantities": [*first.quantities, *then.quantities],
            "entities": list(entities.values()),
            "hedged": first.hedged or then.hedged,
        }
    )
