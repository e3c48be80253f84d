"""Reading one parsed article in order and turning its claim units into ``ClaimExtracted`` events.

Reading order matters: pronouns ("he added"), bare surnames and quotes without their own cue refer back to
speakers met earlier, which :class:`~claimstream.services.extract.names.SpeakerRegistry` remembers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from claimstream.services.extract import quotes
from claimstream.services.extract.cues import Cue, find_cue, is_hedged
from claimstream.services.extract.measures import quantities_in
from claimstream.services.extract.names import SpeakerRegistry
from claimstream.services.extract.speakers import speaker_phrase
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Entity, Speaker

_HUMAN_GROUPS = frozenset("official leader lawmaker legislator analyst expert resident protester police soldier "
                          "prosecutor investigator researcher scientist worker employee teacher doctor".split())
_NAMED_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC EVENT PRODUCT WORK_OF_ART LAW LANGUAGE".split())


@dataclass(frozen=True)
class ParsedParagraph:
    """A paragraph's spaCy doc and the offset of its first character in the article text."""

    offset: int
    doc: Doc


class ArticleReader:
    """Builds the claims of one article. Create one per article; not reusable."""

    def __init__(self, article: ArticleCleaned) -> None:
        self._article = article
        self._registry = SpeakerRegistry()
        self._claims: dict[str, ClaimExtracted] = {}
        self._last_speaker: Speaker | None = None

    def claims(self, paragraphs: list[ParsedParagraph]) -> list[ClaimExtracted]:
        """Claims in text order; at most one per unit, ids unique."""
        for paragraph in paragraphs:
            for ent in paragraph.doc.ents:
                if ent.label_ in ("PERSON", "ORG"):
                    kind = "person" if ent.label_ == "PERSON" else "organization"
                    self._registry.note_name(ent.text, kind, _title_before(ent))
        for paragraph in paragraphs:
            self._read_paragraph(paragraph)
        return sorted(self._claims.values(), key=lambda c: c.span)

    def _read_paragraph(self, paragraph: ParsedParagraph) -> None:
        doc = paragraph.doc
        spans = quotes.quote_spans(doc.text)
        quoted = quotes.quoted_tokens(doc, spans)
        attributed_here = False
        for unit in quotes.claim_units(doc, spans):
            has_quote = any(s < unit.end_char and e > unit.start_char for s, e in spans)
            if unit.text.rstrip().endswith("?") and not has_quote:
                continue  # a question asks, it does not claim
            cue = find_cue(unit, quoted)
            speaker = self._speaker(unit, cue) if cue else None
            if speaker is None and has_quote and self._last_speaker is not None:
                speaker = self._last_speaker  # a quote continuing the previous speaker's words
            self._emit(paragraph, unit, cue, speaker, spans if has_quote else [])
            self._note_subject(unit, quoted)
            attributed_here = attributed_here or speaker is not None
        if not attributed_here:
            self._last_speaker = None

    def _note_subject(self, unit: Span, quoted: frozenset[int]) -> None:
        root = unit.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted), None)
        if subject is None:
            return
        if subject.pos_ == "PROPN" or (subject.tag_ == "NNS" and subject.lemma_.lower() in _HUMAN_GROUPS):
            phrase = speaker_phrase(subject)
            plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
            self._registry.note_subject(phrase.name, "group" if plural else phrase.kind)

    def _speaker(self, unit: Span, cue: Cue) -> Speaker | None:
        phrase = speaker_phrase(unit.doc[cue.speaker_head])
        name, kind, title, canonical = self._registry.resolve(phrase.name, phrase.kind, phrase.title)
        if not name:
            return None
        return Speaker(name=name, kind=kind, title=title, canonical=canonical)  # type: ignore[arg-type]

    def _emit(self, paragraph: ParsedParagraph, unit: Span, cue: Cue | None, speaker: Speaker | None,
              spans: list[tuple[int, int]]) -> None:
        found = quantities_in(unit)
        if speaker is None and not found:
            return
        if speaker is None:
            speaker = Speaker(name=self._article.outlet or "outlet", kind="outlet", canonical=self._article.outlet)
            attribution, cue_text = "unattributed", None
        else:
            attribution = "direct_quote" if spans else ("according_to" if cue and cue.kind == "according_to" else "indirect")
            cue_text = cue.cue if cue else None
            self._last_speaker = speaker
        text = _content(unit, cue, spans)
        start, end = paragraph.offset + unit.start_char, paragraph.offset + unit.end_char
        claim_id = _claim_id(self._article.article_id, start, end, text)
        self._claims[claim_id] = ClaimExtracted(
            claim_id=claim_id, article_id=self._article.article_id, outlet=self._article.outlet,
            url=self._article.url, published_at=self._article.published_at, ingested_at=self._article.ingested_at,
            text=text, sentence=unit.text, span=(start, end), speaker=speaker, cue=cue_text,
            attribution=attribution,  # type: ignore[arg-type]
            quantities=found, entities=_entities(unit), hedged=is_hedged(unit),
        )


def _content(unit: Span, cue: Cue | None, spans: list[tuple[int, int]]) -> str:
    """What was claimed: the quoted words, the reported clause, or the sentence without "according to X"."""
    doc = unit.doc
    if spans:
        quoted = quotes.quote_text(doc.text, spans, unit.start_char, unit.end_char)
        if quoted:
            return quoted
    if cue is not None and cue.content_start is not None and cue.content_end is not None:
        return doc[cue.content_start:cue.content_end].text
    if cue is not None and cue.kind == "according_to":
        according = doc[cue.speaker_head]
        while according.head is not according and according.lower_ not in ("according", "per"):
            according = according.head
        drop = {t.i for t in according.subtree}
        kept = "".join(t.text_with_ws for t in unit if t.i not in drop).strip(" ,;")
        if kept:
            return kept[0].upper() + kept[1:]
    return unit.text.strip()


def _title_before(ent: Span) -> str | None:
    """Role words right before a name: "Wikileaks co-founder" in "Wikileaks co-founder Julian Assange"."""
    start = ent.root.left_edge.i
    while start < ent.start and ent.doc[start].pos_ == "DET":
        start += 1
    return ent.doc[start:ent.start].text or None if start < ent.start else None


def _entities(unit: Span) -> list[Entity]:
    seen: dict[tuple[str, str], Entity] = {}
    for ent in unit.ents:
        if ent.label_ in _NAMED_LABELS:
            seen.setdefault((ent.text, ent.label_), Entity(text=ent.text, label=ent.label_))
    return list(seen.values())


def _claim_id(article_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}\x1f{text}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]
