"""Direct quotes in a paragraph and the claim units (sentences, merged where a quote spans several)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claimstream.services.extract.attribution.cues import find_cues
from claimstream.services.extract.attribution.lexicon import CARRIERS, PERSONAL_PRONOUNS, STRONG_CUES
from claimstream.services.extract.attribution.stances import with_stances
from claimstream.services.extract.doctext import doc_text, span_text, span_text_with_ws

# A paired quote, or an opening quote left open until the paragraph's end (news style for quotes that go
# on into the next paragraph).
# Two apostrophes stand for a double quote mark in some archives (''Like this,'' she said).
_QUOTE_RE = re.compile(r"“[^“”\"]*(?:[”\"]|$)|\"[^\"“”]*(?:[\"”]|$)|«[^«»]*(?:»|$)|''(?:[^'“”\"]|'(?!'))*(?:''|$)")
MARKS = '“”"«»'  # opening and closing quote marks


def unquoted(text: str, more: str = "") -> str:
    """``text`` without the quote marks (and the characters of ``more``) around it."""
    start, end = unquoted_bounds(text, 0, len(text), more)
    return text[start:end]


def unquoted_bounds(text: str, start: int, end: int, more: str = "") -> tuple[int, int]:
    """The bounds of ``text[start:end]`` without the quote marks (and the characters of ``more``) around it:
    marks, then a pair of apostrophes standing for one (''like this''), then marks again."""
    strip = MARKS + more + " "

    def stripped(start: int, end: int) -> tuple[int, int]:
        while start < end and text[start] in strip:
            start += 1
        while end > start and text[end - 1] in strip:
            end -= 1
        return start, end

    start, end = stripped(start, end)
    if text.startswith("''", start, end):
        start += 2
    if end - 2 >= start and text.startswith("''", end - 2, end):
        end -= 2
    return stripped(start, end)


MIN_QUOTE_WORDS = 4  # shorter quoted bits are scare quotes or labels ("buffer zone"), not statements


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotes long enough to be someone's statement, or standing as a sentence of
    their own however short ("“I was so green.”" after "…,” she said.")."""
    spans = []
    previous: int | None = None  # where the quote before this one ends
    for match in _QUOTE_RE.finditer(text):
        inner = unquoted(match.group(0))
        if (
            len(inner.split()) >= MIN_QUOTE_WORDS
            or _quoted_sentence(text, match.start(), inner)
            or _statement_piece(text, match.start(), match.end(), inner, previous)
        ):
            spans.append((match.start(), match.end()))
        previous = match.end()
    return spans


def _quoted_sentence(text: str, start: int, inner: str) -> bool:
    """A capitalised quote ending with its own full stop, opening a sentence: a statement, not a scare quote."""
    if not (inner[:1].isupper() and inner.endswith((".", "!", "?"))):
        return False
    before = text[:start].rstrip().rstrip('”"’')  # the paragraph's start, or a sentence's end before it
    return not before or before.endswith((".", "!", "?"))


_PIECE_END = (",", ".", "!", "?")
_ASIDE_WORDS = 8  # "“A,” the harbour board's chair said last week, “b.”": the attribution between two pieces


def _statement_piece(text: str, start: int, end: int, inner: str, previous: int | None) -> bool:
    """A short quote that is one piece of a statement split by its attribution, not a scare quote: it opens a
    sentence and ends with the comma that hands over to the attribution ("“They are worried,” Berg said."), or it
    goes on after an attribution set between it and the quote before ("“A,” Berg said, “has overlapped.”")."""
    if not inner.endswith(_PIECE_END):
        return False
    before = text[:start].rstrip()
    if inner[:1].isupper() and inner.endswith(",") and (not before or before.rstrip('”"’').endswith((".", "!", "?"))):
        return True
    if inner.endswith(",") and _attribution_follows(text[end:]):
        return True  # "The plans are “deeply irresponsible,” Berg said.": the closing words of a statement
    if previous is None or not before.endswith(","):
        return False
    aside = text[previous:start]
    return len(aside.split()) <= _ASIDE_WORDS and not any(mark in aside for mark in (". ", "! ", "? ", "\n"))


# Forms of the speech verbs of STRONG_CUES as they follow a quote ("said", "told", "remarked", "says").
_CUE_FORMS = frozenset(
    {f for lemma in STRONG_CUES for f in (lemma, lemma + "s", lemma + "d", lemma + "ed")} | {"said", "told", "wrote"}
)
_ATTRIBUTION_WORDS = 8  # "…,” said the former harbour master of the town."
_CLAUSE_SUBJECTS = frozenset("he she they it we i you there this that".split())
_ATTRIBUTION_RE = re.compile(r"\s*([^.,;:!?“”\"]+)[.,;:!?]")


def _attribution_follows(after: str) -> bool:
    """True when the text after a quote is its attribution and no more, up to the next punctuation: a few words
    that end with a speech verb or open with one and its subject ("” Berg said.", "” said Ada Berg, head of …",
    "” she remarked."; not "” said he doubts the plan will work", "” and said …", "” the mayor said his plan
    was “…”")."""
    match = _ATTRIBUTION_RE.match(after.lstrip(MARKS + "'"))
    head = [w.lower() for w in match.group(1).split()] if match else []
    if not 0 < len(head) <= _ATTRIBUTION_WORDS:
        return False
    if head[-1] in _CUE_FORMS:
        return True  # "” Berg said.", "” the harbour master remarked."
    # "” said Ada Berg, …", not "” said he doubts …" (a clause of its own after the verb)
    return head[0] in _CUE_FORMS and (len(head) == 1 or head[1] not in _CLAUSE_SUBJECTS)


def quoted_tokens(doc: Doc, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of tokens lying inside any of ``spans`` (sorted and disjoint, as :func:`quote_spans` gives them)."""
    inside: list[int] = []
    k = 0
    for token in doc if spans else ():
        while k < len(spans) and spans[k][1] <= token.idx:
            k += 1
        if k == len(spans):
            break
        if spans[k][0] <= token.idx:
            inside.append(token.i)
    return frozenset(inside)


def claim_units(doc: Doc, spans: list[tuple[int, int]]) -> list[Span]:
    """Sentences of ``doc``, with consecutive sentences merged when one quote runs across their boundary, or when a
    sentence that is only a quote follows a sentence reporting a statement without a quote."""
    units: list[Span] = []
    quoted: frozenset[int] | None = None
    for sent in doc.sents:
        if units and _quote_crosses(units[-1], sent, spans):
            units[-1] = doc[units[-1].start : sent.end]
        elif (
            units
            and _quote_only(sent, spans)
            and _reports(units[-1], spans, quoted := quoted or quoted_tokens(doc, spans))
        ):
            units[-1] = doc[units[-1].start : sent.end]  # "Ruiz said the pier fell. “I was so scared.”"
        else:
            units.append(sent)
    return [u for u in units if span_text(u).strip()]


def _quote_only(sent: Span, spans: list[tuple[int, int]]) -> bool:
    """True for a sentence that is one quote and nothing else: “I was so scared. Nobody came.”"""
    text = span_text_with_ws(sent)
    start = sent.start_char + len(text) - len(text.lstrip())
    end = sent.start_char + len(text.rstrip())
    return any(s == start and e == end for s, e in spans)


def _reports(left: Span, spans: list[tuple[int, int]], quoted: frozenset[int]) -> bool:
    """True for a sentence without a quote that reports what someone said with a speech verb ("Ruiz said
    the pier fell.") or a stance taken ("Lind supports Ruiz in the race."): a quote-only sentence after it goes
    on with that statement, as PolNeAR annotates it."""
    if any(s < left.end_char and e > left.start_char for s, e in spans) or span_text(left).rstrip().endswith(":"):
        return False
    found = find_cues(left, quoted)
    return any(c.kind in ("verb", "stance") and c.verb is not None for c in with_stances(left, quoted, found))


def _quote_crosses(left: Span, right: Span, spans: list[tuple[int, int]]) -> bool:
    boundary = right.start_char
    return (
        any(s < boundary and e > boundary + 1 for s, e in spans)
        or _dangling_attribution(right)
        or _unfinished(left)
        or _report_after_quote(left, right)
    )


_SENTENCE_END = tuple(".!?\"”’'):;…")


def _unfinished(left: Span) -> bool:
    """A sentence cannot stop mid-paragraph without punctuation; the parser split it (often at run-in junk)."""
    text = span_text(left).rstrip()
    return bool(text) and not text.endswith(_SENTENCE_END)


def _report_after_quote(left: Span, right: Span) -> bool:
    """ "“… the investigation?’” | Holmes testified." — a short reporting sentence closing the quote before it."""
    if (
        not span_text(left).rstrip().endswith(("”", '"', "''"))
        or len(right) > 9
        or not span_text(right).rstrip().endswith(".")
    ):
        return False
    if any(t.text in ("“", '"', "”", "''") for t in right):
        return False
    verbs = [t for t in right if t.pos_ == "VERB"]
    return (
        len(verbs) == 1
        and verbs[0].lemma_.lower() in STRONG_CUES
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verbs[0].children)
    )


def _dangling_attribution(sent: Span) -> bool:
    """spaCy sometimes splits '“…,” he said.' after the quote; such a tail belongs to the quote before it."""
    if len(sent) > 6:
        return False
    words = [t for t in sent if not (t.is_punct or t.is_space)]  # "- officials say." after the sentence it reports
    return bool(words) and words[0].is_lower and any(t.pos_ == "VERB" for t in sent)


def quote_pieces(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of the quoted words between ``start`` and ``end``, each without its quote marks and the
    commas around it: '“The pier is too short,” Berg said, “and late.”' -> the spans of 'The pier is too short'
    and 'and late.'. Joined by one space they are the claim's text (:func:`quote_text`)."""
    bounds = [unquoted_bounds(text, max(s, start), min(e, end), ",") for s, e in spans if s < end and e > start]
    return [(s, e) for s, e in bounds if s < e]


def quote_text(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The quoted words between ``start`` and ``end``, without quote marks, joined by spaces."""
    return " ".join(text[s:e] for s, e in quote_pieces(text, spans, start, end))


def colon_speaker(unit: Span, spans: list[tuple[int, int]], quoted: frozenset[int]) -> Token | None:
    """The subject introducing a quote with a colon: "Martell, the doctor, is more blunt: “…”" -> Martell.

    Only a name or a personal pronoun outside the quote, subject of the clause that ends at the colon."""
    for token in unit:
        if token.text != ":" or token.i in quoted or not _quote_follows(token, spans):
            continue
        subject = next(
            (
                t
                for t in unit.doc[unit.start : token.i]
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.i < token.i and t.i not in quoted
            ),
            None,
        )
        if subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS):
            return subject
    return None


def introducer(unit: Span, quoted: frozenset[int]) -> Token | None:
    """The verb of a sentence that ends with a colon to announce a quote in what follows: "He said:", "Berg
    continued:", "The mayor released the following statement:". Its subject says the quote that opens the next
    sentence or paragraph. Not a sentence that already says something ("He said the plan is simple:")."""
    text = span_text(unit).rstrip()
    root = unit.root
    if not text.endswith(":") or root.pos_ != "VERB" or root.i in quoted:
        return None
    if not any(c.dep_ == "nsubj" and c.i not in quoted for c in root.children):
        return None
    if any(c.dep_ in ("ccomp", "xcomp") for c in root.children):
        return None
    objects = [c for c in root.children if c.dep_ == "dobj"]
    if objects and root.lemma_.lower() not in STRONG_CUES and not all(o.lemma_.lower() in CARRIERS for o in objects):
        return None  # "He bought the following items:" announces a list, not a quote
    return root


def _quote_follows(colon: Token, spans: list[tuple[int, int]]) -> bool:
    after = colon.idx + len(colon.text)
    rest = doc_text(colon.doc)[after:]
    return any(s == after + len(rest) - len(rest.lstrip()) for s, _ in spans)


def opens_with_quote(unit: Span, spans: list[tuple[int, int]]) -> bool:
    """True when the sentence starts with one of the quotes ``spans`` (a quoted statement, not a quoted phrase)."""
    first = span_text_with_ws(unit)
    lead = unit.start_char + len(first) - len(first.lstrip())
    return any(s <= lead < e for s, e in spans)


def interrupted(unit: Span, spans: list[tuple[int, int]], cue: Token) -> bool:
    """True when the sentence's attribution (``cue``, the cue's verb or speaker) comes after its first quote:
    "“The pier is short,” Berg said.", "“The pier is short,” said Berg, “and …”", "The pier is “far too short,”
    Berg said." A quote opening the next sentence without a cue of its own goes on with this statement."""
    first = next((e for s, e in spans if e > unit.start_char and s < unit.end_char), None)
    return first is not None and cue.idx >= first


def continues_quote(unit: Span, spans: list[tuple[int, int]], quoted: frozenset[int]) -> bool:
    """True when a quote without a cue goes on with the previous speaker's words: the sentence opens with the
    quote, or its subject is a personal pronoun or a name ("But she didn't want him seen as “another druggie.”").
    A quoted phrase inside the outlet's own sentence ("the budget lists “internal debt approved for …”") is not."""
    if opens_with_quote(unit, spans) or _after_lead(unit, spans):
        return True
    root = unit.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted), None)
    return subject is not None and (subject.lower_ in PERSONAL_PRONOUNS or subject.pos_ == "PROPN")


_LEAD_WORDS = 3
_LEAD_POS = frozenset("ADV CCONJ SCONJ ADP DET ADJ PART PUNCT SPACE".split())


def _after_lead(unit: Span, spans: list[tuple[int, int]]) -> bool:
    """True when the sentence opens with a short linking phrase and a comma, then a quote: "Instead, “…”",
    "Then, “…”", "After all, “…”". The writer links the quote to the statement before; it names no one."""
    first = next((s for s, e in spans if unit.start_char <= s < unit.end_char), None)
    if first is None:
        return False
    lead = [t for t in unit if t.idx < first]
    words = [t for t in lead if not (t.is_punct or t.is_space)]
    if not words or len(words) > _LEAD_WORDS or not any(t.text == "," for t in lead[len(words) :]):
        return False
    return all(t.pos_ in _LEAD_POS for t in lead)
