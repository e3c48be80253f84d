"""Reading one parsed article in order and turning its claim units into ``ClaimExtracted`` events.

Reading order matters: pronouns ("he added"), bare surnames and quotes without their own cue refer back to
speakers met earlier, which :class:`~claimstream.services.extract.attribution.names.SpeakerRegistry` remembers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimstream.services.extract.attribution import claim_text, quotes, stances
from claimstream.services.extract.attribution.beliefs import find_beliefs
from claimstream.services.extract.attribution.cues import Cue, find_cues, is_hedged
from claimstream.services.extract.attribution.evidence import find_evidence
from claimstream.services.extract.attribution.lexicon import (
    FIRST_PERSON,
    HUMAN_GROUPS,
    ORG_NAME_WORDS,
    PRONOUN_GENDER,
    TITLE_WORDS,
)
from claimstream.services.extract.attribution.names import SpeakerRegistry, is_pronoun
from claimstream.services.extract.attribution.noun_cues import find_noun_cues
from claimstream.services.extract.attribution.questions import find_questions
from claimstream.services.extract.attribution.speakers import SpeakerPhrase, is_person_description, speaker_phrase
from claimstream.services.extract.doctext import doc_text, span_text
from claimstream.services.extract.figures.article_figures import ArticleFigures
from claimstream.services.extract.figures.conductor import quantities_in
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Entity, Speaker

# Cues without a speech verb, tried in this order when no verb cue attributes a sentence: "a claim by X that …",
# "X asked whether …", "the poll showed X leading Y", "voters who believe …".
_OTHER_CUES = (find_noun_cues, find_questions, find_evidence, find_beliefs)
# "X said A, adding B", "X noted A and said B", "X blasted A and said B", "said X, who added B": two claims
# of one speaker
_SAME_SPEAKER = frozenset(("participle", "coordinate", "stance", "relative"))
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
        self._short: dict[str, ClaimExtracted] = {}  # quotes too short to be claims until the next one joins them
        self._last_speaker: Speaker | None = None
        self._last_cue: str | None = None  # the cue of the last speaker's claim, for quotes that go on
        self._introduced: tuple[Speaker, str] | None = None  # "He said:" at the end of the previous sentence
        self._mentions: list[str] = []  # people named so far, in reading order (for "he" with no speaker yet)
        self._focus: str | None = None  # the person the previous sentence was about ("The 56-year-old said")
        self._seen_nouns: set[str] = set()  # "the doctor" after "a doctor" is that doctor, not a named person
        self._previous: list[
            str
        ] = []  # people of the previous sentence: its speaker, subject, then names (latest first)
        self._unit_people: list[str] = []  # people who spoke in the current sentence
        self._spoken: set[str] = set()  # canonical names of the people who spoke so far
        self._figures = ArticleFigures()  # earlier figures and subjects, for shares of a base and bare subjects

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
        spans = quotes.quote_spans(doc_text(doc))
        quoted = quotes.quoted_tokens(doc, spans)
        attributed_here = False
        going_on: _Open | None = None  # the claim of "“A,” Berg said.", which a quote in the next sentence continues
        for unit in quotes.claim_units(doc, spans):
            has_quote = any(s < unit.end_char and e > unit.start_char for s, e in spans)
            introduced, self._introduced = self._introduced, self._introducer(unit, quoted, has_quote)
            if span_text(unit).rstrip().endswith("?") and not has_quote:
                self._after_unit(unit, quoted)
                continue  # a question asks, it does not claim
            cues = [c for c in find_cues(unit, quoted) if claim_text.has_content(unit, c, has_quote)]
            cues = stances.with_stances(unit, quoted, cues)
            cues = cues or next((found for find in _OTHER_CUES if (found := find(unit, quoted))), [])
            cue = cues[0] if cues else None
            speaker = self._speaker(unit, cue, quoted) if cue else None
            # "“…,” I said": the writer's words, not a quote going on from the previous speaker
            writer = cue is not None and _first_person(unit.doc[cue.speaker_head], quoted)
            if speaker is None and not writer and has_quote:
                speaker, continued = self._quote_speaker(unit, spans, quoted, introduced)
                cue = continued or cue
            unit_spans = [sp for sp in spans if sp[0] < unit.end_char and sp[1] > unit.start_char]
            said = [(cue, speaker), *self._other_speakers(unit, cues[1:], speaker, quoted)]
            continues = not cues and cue is not None and cue.kind == "continued" and len(said) == 1
            join = going_on if continues and going_on is not None and going_on.speaker == speaker else None
            clauses: list[frozenset[int] | None] = (
                [*claim_text.clauses(unit, [c for c, _ in said])] if len(said) > 1 else [None]
            )
            emitted = [
                self._emit(
                    paragraph,
                    unit,
                    claim_cue,
                    claim_speaker,
                    claim_text.own_spans(unit, claim_cue, unit_spans, cues),
                    clause,
                    join,
                )
                for (claim_cue, claim_speaker), clause in zip(said, clauses, strict=True)
            ][0]  # "“A,” Berg said, adding that …": the first claim is the quote's
            going_on = (
                emitted
                if join is None
                and cue is not None
                and cue.kind != "continued"
                and emitted is not None
                and quotes.interrupted(unit, unit_spans, unit.doc[cue.speaker_head if cue.verb is None else cue.verb])
                else None
            )
            if len(said) > 1:
                self._last_speaker, self._last_cue = speaker, cue.cue if cue is not None else None
            self._after_unit(unit, quoted)
            attributed_here = attributed_here or speaker is not None
        if not attributed_here:
            self._last_speaker, self._last_cue = None, None

    def _introducer(self, unit: Span, quoted: frozenset[int], has_quote: bool) -> tuple[Speaker, str] | None:
        """The speaker and cue of a sentence announcing the next one's quote ("He said:"), else None."""
        verb = None if has_quote else quotes.introducer(unit, quoted)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
        if verb is None or subject is None:
            return None
        speaker = self._speaker(unit, Cue(verb.lower_, "verb", subject.i, verb.i), quoted)
        return (speaker, verb.lower_) if speaker is not None else None

    def _quote_speaker(
        self,
        unit: Span,
        spans: list[tuple[int, int]],
        quoted: frozenset[int],
        introduced: tuple[Speaker, str] | None = None,
    ) -> tuple[Speaker | None, Cue | None]:
        """The speaker of a quote that no cue attributes, first rule that applies: the one who announced it at
        the end of the sentence before ("He said: | “…”", with that cue), the person introducing it before a
        colon ("X is blunt: “…”"), else the previous speaker when the quote goes on from their words (with their
        cue: "“…,” Roe said. “…”" is said too), else, for a sentence that opens with a quote, the person the
        previous sentence was about. The cue is None except for an announced quote or one going on."""
        if introduced is not None and quotes.opens_with_quote(unit, spans):
            return introduced[0], Cue(introduced[1], "continued", unit.start, None)
        if (introducer := quotes.colon_speaker(unit, spans, quoted)) is not None:
            verb = introducer.head  # "Berg continued: “…”" is continued; "X is blunt: “…”" has no cue
            said = Cue(verb.lower_, "continued", introducer.i, None) if verb.pos_ == "VERB" else None
            return self._speaker(unit, Cue("", "colon", introducer.i, None), quoted), said
        if self._last_speaker is not None and quotes.continues_quote(unit, spans, quoted):
            going_on = Cue(self._last_cue, "continued", unit.start, None) if self._last_cue else None
            return self._last_speaker, going_on
        if quotes.opens_with_quote(unit, spans):
            return self._quoted_subject(), None
        return None, None

    def _quoted_subject(self) -> Speaker | None:
        """ "At 25, Ruiz was diagnosed with … | “My condition is getting worse.”": a quote without a cue, after a
        sentence about a person who has already spoken in the article, is that person's."""
        if self._last_speaker is not None or self._focus is None or self._canonical(self._focus) not in self._spoken:
            return None
        name, kind, title, canonical = self._registry.resolve(self._focus, "person", None)
        return Speaker(name=name, kind=kind, title=title, canonical=canonical)  # type: ignore[arg-type]

    def _other_speakers(
        self, unit: Span, extras: list[Cue], speaker: Speaker | None, quoted: frozenset[int]
    ) -> list[tuple[Cue | None, Speaker | None]]:
        """ "A said X, while B said Y": the further speakers of a sentence, each with a claim of their own."""
        found: list[tuple[Cue | None, Speaker | None]] = []
        for extra in extras:
            other = self._speaker(unit, extra, quoted)
            if (
                other is not None
                and speaker is not None
                and (other.name != speaker.name or extra.kind in _SAME_SPEAKER)
            ):
                found.append((extra, other))
        return found

    def _after_unit(self, unit: Span, quoted: frozenset[int]) -> None:
        self._note_sentence_subject(unit, quoted)
        named: list[str] = []
        for token in unit:
            if token.pos_ == "NOUN" and token.i not in quoted:
                self._seen_nouns.add(token.lemma_.lower())
        for ent in unit.ents:
            if ent.label_ not in ("PERSON", "ORG") or any(t.i in quoted for t in ent):
                continue
            name = ent.text.removesuffix("’s").removesuffix("'s")
            if (ent.label_ == "PERSON" and len(name.split()) > 1) or self._registry.is_person_name(
                self._canonical(name)
            ):
                self._mentions.append(name)
                named.append(name)
        ranked = [*self._unit_people, *([self._focus] if self._focus else []), *reversed(named)]
        self._previous, self._unit_people = list(dict.fromkeys(ranked)), []

    def _note_sentence_subject(self, unit: Span, quoted: frozenset[int]) -> None:
        root = unit.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted), None)
        self._focus = None
        if subject is None:
            return
        if subject.pos_ == "PROPN" or (subject.tag_ == "NNS" and subject.lemma_.lower() in HUMAN_GROUPS):
            phrase = speaker_phrase(subject)
            plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
            self._registry.note_sentence_subject(phrase.name, "group" if plural else phrase.kind)
            full = None if plural else self._named_in_full(phrase.name)  # "Ek" after "Nils Ek": him, in full
            if not plural and (full is not None or self._is_person(phrase, subject)):
                self._focus = full or phrase.name
        elif is_pronoun(subject.text) and subject.lower_ in PRONOUN_GENDER:
            self._focus = self._antecedent(subject.text)
        elif is_person_description(subject):
            self._focus = self._described_person(subject)
            if self._focus:
                self._registry.note_sentence_subject(self._focus, "person")
        elif subject.lemma_.lower() in TITLE_WORDS and (
            (hit := self._registry.described_person(speaker_phrase(subject).name.lower())) is not None
        ):
            self._focus = hit  # "The mayor brought it up again": the person the article calls the mayor
            self._registry.note_sentence_subject(hit, "person")

    def _speaker(self, unit: Span, cue: Cue, quoted: frozenset[int] = frozenset()) -> Speaker | None:
        head = unit.doc[cue.speaker_head]
        if _first_person(head, quoted):
            return None
        phrase = speaker_phrase(head)
        if head.lower_ == "it":
            found = self._organisation_antecedent(unit, head, cue, quoted)
            if found is None:
                return None
            phrase = found
        elif is_pronoun(phrase.name) and phrase.name.lower() in PRONOUN_GENDER:
            phrase = self._pronoun_antecedent(unit, head, cue, quoted) or phrase
        elif is_person_description(head) and self._registry.described_person(phrase.name.lower()) is None:
            named = self._described_person(head)
            if named:
                phrase = SpeakerPhrase(named, "person", phrase.name)
        name, kind, title, canonical = self._registry.resolve(phrase.name, phrase.kind, phrase.title)
        if not name:
            return None
        return Speaker(name=name, kind=kind, title=title, canonical=canonical)  # type: ignore[arg-type]

    def _organisation_antecedent(
        self, unit: Span, pronoun: Token, cue: Cue, quoted: frozenset[int]
    ) -> SpeakerPhrase | None:
        """ "it" as a speaker: an organisation that is a subject earlier in the same sentence ("Though the agency
        has said …, it has also acknowledged …"), else the latest speaker when that was an organisation (the
        registry resolves "it" to it), else nobody."""
        for phrase in self._subjects_before(unit, pronoun, cue, quoted, ("PROPN", "NOUN")):
            if phrase.kind in ("organization", "country"):
                return phrase
        speakers = self._registry.speakers
        return speaker_phrase(pronoun) if speakers and speakers[-1][1].kind in ("organization", "country") else None

    def _subjects_before(
        self, unit: Span, pronoun: Token, cue: Cue, quoted: frozenset[int], pos: tuple[str, ...] = ("PROPN",)
    ) -> Iterator[SpeakerPhrase]:
        """Subjects (named ones, by default) earlier in the sentence than ``pronoun``, nearest first, outside
        quotes and what is reported."""
        content = range(cue.content_start or 0, cue.content_end or 0)
        for token in reversed(unit[: pronoun.i - unit.start]):
            if token.i not in quoted and token.i not in content and token.dep_ in ("nsubj", "nsubjpass"):
                if token.pos_ in pos:
                    yield speaker_phrase(token)

    def _pronoun_antecedent(self, unit: Span, pronoun: Token, cue: Cue, quoted: frozenset[int]) -> SpeakerPhrase | None:
        """ "he"/"she" as a speaker: a person who is a subject earlier in the same sentence, outside what is
        reported ("When Ghani announced ..., he said"), else the latest earlier speaker (the registry), else the
        last person named."""
        for phrase in self._subjects_before(unit, pronoun, cue, quoted):
            strict = phrase.kind == "person" or self._registry.is_person_name(self._canonical(phrase.name))
            if strict and self._registry.compatible(self._canonical(phrase.name), pronoun.text):
                return SpeakerPhrase(phrase.name, "person", phrase.title)
        recent = self._recent_person(pronoun.text)
        if recent is not None:
            return SpeakerPhrase(recent, "person", None)
        if self._registry.latest_person(PRONOUN_GENDER[pronoun.lower_]) is not None:
            return None  # the registry resolves it
        for name in reversed(self._mentions):
            if self._registry.compatible(self._canonical(name), pronoun.text):
                return SpeakerPhrase(name, "person", None)
        return None

    def _recent_person(self, pronoun: str) -> str | None:
        """The person "he"/"she" most likely points to in the previous sentence: its speaker, else its subject,
        else the last person it names, when the article told no gender that contradicts the pronoun."""
        return next((n for n in self._previous if self._registry.compatible(self._canonical(n), pronoun)), None)

    def _antecedent(self, pronoun: str) -> str | None:
        """The previous sentence's person (:meth:`_recent_person`), else the latest compatible speaker."""
        return self._recent_person(pronoun) or self._registry.latest_person(PRONOUN_GENDER[pronoun.lower()])

    def _described_person(self, head: Token) -> str | None:
        """ "The 56-year-old", "the real estate agent": the person the previous sentence was about, else the
        last person named."""
        if head.lemma_.lower() in self._seen_nouns:
            return None
        return self._focus or (self._mentions[-1] if self._mentions else None)

    def _is_person(self, phrase: SpeakerPhrase, head: Token) -> bool:
        """A named person, even when the small model tags the name as an organisation ("Eyamba Sowers")."""
        if phrase.kind == "person" or self._registry.is_person_name(self._canonical(phrase.name)):
            return True
        words = phrase.name.split()
        return (
            phrase.kind == "organization"
            and head.ent_type_ in ("ORG", "PERSON", "")
            and 2 <= len(words) <= 3
            and all(w[:1].isupper() and w.isalpha() and w.lower() not in ORG_NAME_WORDS for w in words)
        )

    def _named_in_full(self, name: str) -> str | None:
        """The one person named in full earlier whose surname ``name`` is ("Ek has four goals" after "Nils Ek
        scored"); None for a name of several words, a surname of nobody named, or of several people ("Howard"
        after "Clint Howard" and his brother "Ron Howard")."""
        if " " in name:
            return None
        named = {m for m in self._mentions if " " in m and m.rsplit(" ", 1)[1] == name}
        return named.pop() if len(named) == 1 else None

    def _canonical(self, name: str) -> str:
        return self._registry.person_canonical(name)

    def _emit(
        self,
        paragraph: ParsedParagraph,
        unit: Span,
        cue: Cue | None,
        speaker: Speaker | None,
        spans: list[tuple[int, int]],
        clause: frozenset[int] | None = None,
        join: _Open | None = None,
    ) -> _Open | None:
        """One claim of ``unit``; with ``clause`` (token indices) its numbers, entities, hedging and, when no
        reported clause or quote gives it, its text come from that clause only, not the whole sentence. With
        ``join``, the unit's quote goes on with that earlier claim, which becomes one claim of both. Returns the
        claim's id and its speaker and pieces when its text is quoted words (which a later quote may continue)."""
        found = quantities_in(unit, clause, self._figures)
        if speaker is None and not found:
            return None
        if speaker is None:
            speaker = Speaker(name=self._article.outlet or "outlet", kind="outlet", canonical=self._article.outlet)
            attribution, cue_text = "unattributed", None
        else:
            attribution = (
                "direct_quote" if spans else ("according_to" if cue and cue.kind == "according_to" else "indirect")
            )
            cue_text = cue.cue if cue and cue.cue else None
            self._last_speaker, self._last_cue = speaker, cue_text
            if speaker.kind == "person":
                self._unit_people.append(speaker.name)
                self._spoken.add(speaker.canonical or self._canonical(speaker.name))
        text, pieces = claim_text.content(unit, cue, spans, clause)
        joining = (
            join is not None
            and (join.claim_id in self._claims or join.claim_id in self._short)
            and bool(pieces)
            and speaker.kind != "outlet"
        )
        short = speaker.kind != "outlet" and not found and len(text.split()) < 3 and not joining
        if short and not (spans and pieces):
            return None  # "higher than TransLink says they are", "researchers say it means": no statement to report
        start, end = paragraph.offset + unit.start_char, paragraph.offset + unit.end_char
        parts = [(paragraph.offset + s, paragraph.offset + e) for s, e in pieces]
        claim_id = _claim_id(self._article.article_id, start, end, text)
        claim = ClaimExtracted(
            claim_id=claim_id,
            article_id=self._article.article_id,
            outlet=self._article.outlet,
            url=self._article.url,
            published_at=self._article.published_at,
            ingested_at=self._article.ingested_at,
            text=text,
            sentence=span_text(unit),
            span=(start, end),
            parts=parts if len(parts) > 1 else [],
            speaker=speaker,
            cue=cue_text,
            attribution=attribution,  # type: ignore[arg-type]
            quantities=found,
            entities=_entities(unit, clause),
            hedged=is_hedged([t for t in unit if clause is None or t.i in clause]),
        )
        if short:
            # "“Not yet,” Berg said. | “The ferry …”": kept aside, a claim only if the next quote goes on with it
            self._short[claim_id] = claim
            return _Open(claim_id, speaker, parts) if parts else None
        if joining and join is not None:
            first = self._claims.pop(join.claim_id, None) or self._short.pop(join.claim_id)
            claim = claim_text.joined(first, join.pieces, claim, parts, self._article.text)
            parts = [*join.pieces, *parts]
            claim_id = _claim_id(self._article.article_id, claim.span[0], claim.span[1], claim.text)
            claim = claim.model_copy(update={"claim_id": claim_id})
        self._claims[claim_id] = claim
        return _Open(claim_id, speaker, parts) if spans and parts else None


@dataclass(frozen=True)
class _Open:
    """A claim whose text is quoted words, which a quote opening the next sentence may continue."""

    claim_id: str
    speaker: Speaker
    pieces: list[tuple[int, int]]


def _first_person(head: Token, quoted: frozenset[int]) -> bool:
    """ "I believe", "we explained above" outside quotes: the writer's own view or aside, which is the outlet's and
    a claim only when it gives figures."""
    return head.lower_ in FIRST_PERSON and head.i not in quoted


def _title_before(ent: Span) -> str | None:
    """Role words right before a name: "Wikileaks co-founder" in "Wikileaks co-founder Julian Assange"."""
    start = ent.root.left_edge.i
    if start == ent.start and ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN" and ent.root.head.i < ent.start:
        role = ent.root.head  # "her son Kody Cook" parsed as an apposition to "son"
        return ent.doc[role.left_edge.i : role.i + 1].text
    while start < ent.start and ent.doc[start].pos_ == "DET":
        start += 1
    return ent.doc[start : ent.start].text.rstrip(" ,") or None if start < ent.start else None  # "Editor X, Perry W"


def _entities(unit: Span, clause: frozenset[int] | None = None) -> list[Entity]:
    seen: dict[tuple[str, str], Entity] = {}
    for ent in unit.ents:
        if ent.label_ in _NAMED_LABELS and (clause is None or ent.start in clause):
            seen.setdefault((ent.text, ent.label_), Entity(text=ent.text, label=ent.label_))
    return list(seen.values())


def _claim_id(article_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}\x1f{text}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]
