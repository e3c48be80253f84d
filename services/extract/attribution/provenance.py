"""Who passed a claim on: ``via``, ``first_hand`` and ``copy_of`` of one article's claims (pure, on the claims in
text order and their sentences; runs after speakers are found).

Passes, in order (invented examples; outlets are names of :mod:`claimstream.shared.outlets` or shaped like a
newspaper's, "the Harbor Gazette"):

1. An outlet that cites someone is an intermediary, not the speaker:
   "The Harbor Gazette reports, citing port officials, that ..." -> speaker "port officials", via [Harbor Gazette];
   "Gazette says port officials believe the pier will reopen" -> speaker "port officials", via [Gazette];
   "the Gazette quoted Mayor Ilse Brandt as saying ..." -> speaker "Mayor Ilse Brandt", via [Gazette].
   Other claims of that sentence spoken by the same outlet follow it.
2. An intermediary named in the sentence: "X said, according to AFP", "as reported by", "quoted by", "cited by",
   "X told Reuters", "in an interview with", "speaking to", "..., Reuters reported" -> via [AFP]. When it is
   the reporting outlet itself ("told the BBC" in a BBC article): ``first_hand`` true, via [].
3. A quote going on without a cue takes the via of the claim before it when both have one speaker.
4. An article-level credit: "(Reuters) -", "with reference to The New York Times", "Reuters contributed to this
   report", "originally appeared in ...", "Source: ..." -> via [it] on every claim with no nearer intermediary
   that is not first-hand and not spoken by that outlet.
5. ``copy_of`` of the article is set on every claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimstream.shared import outlets
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Intermediary, Speaker

# A capitalised name, possibly owned ("South Korea's Yonhap news agency") and with a lowercase kind word after it.
_CAP = r"[A-Z][\w&.'’-]*"
_NAME = (
    rf"(?:the\s+)?(?:{_CAP}(?:\s+{_CAP})*['’]s\s+)?"
    rf"(?P<name>{_CAP}(?:\s+(?:{_CAP}|of|for|de|la|al))*"
    r"(?:\s+(?:news\s+agency|news\s+service|newspaper|daily|broadcaster|television|TV|radio))?)"
)
# the speaker told the outlet itself (the nearest link) ...
_CONTACT = re.compile(
    r"\b(?i:told|in\s+an?\s+(?:interview|statement|comments?|e-?mail|message)\s+(?:with|to)|speaking\s+(?:to|with)|"
    rf"in\s+remarks\s+to|said\s+to)\s+{_NAME}"
)
# "told this newspaper": the reporting outlet itself, unnamed
_SELF = re.compile(
    r"\b(?i:told|speaking\s+(?:to|with)|in\s+an?\s+interview\s+with|in\s+a\s+statement\s+to)\s+"
    r"(?i:this\s+(?:newspaper|paper|publication|website|site|magazine|broadcaster|station|outlet|reporter|correspondent))\b"
)
# ... or the outlet passed on what it heard or read
_RELAY = re.compile(
    rf"\b(?i:according\s+to|(?:as\s+)?reported\s+by|(?:as\s+)?quoted\s+by|(?:as\s+)?cited\s+by)\s+{_NAME}"
)
_TRAILING = re.compile(rf"[,;]\s+{_NAME}\s+(?:reported|reports|said|says|wrote|writes)\b")
_CITING = re.compile(
    r"\b(?i:citing|(?:which|who|that)\s+cited)\s+(?P<who>[^,;:.()]+?)(?=\s+(?:speaking|who|familiar|with\s+knowledge|on\s+condition|briefed|as\s+saying)\b|[,;:.()]|$)"
)
_QUOTED = re.compile(r"\bquoted\s+(?P<who>[^,;:.()]+?)\s+as\s+saying\b")
_REPORTING_VERBS = (
    "say says said suggest suggests suggested believe believes believed estimate estimates estimated claim claims "
    "claimed warn warns warned confirm confirms confirmed think thinks thought note notes noted indicate indicates "
    "indicated assess assesses assessed acknowledge acknowledges acknowledged expect expects expected report reports "
    "reported told tell tells insist insists insisted"
).split()
_OPENS = re.compile(rf"^(?P<who>(?:[\w’'.-]+\s+){{0,6}}?[\w’'.-]+)\s+(?:{'|'.join(_REPORTING_VERBS)})\b")
# "Ilse Brandt, the city's mayor, said ...": a name with an apposition before the verb
_OPENS_APPOSITION = re.compile(
    rf"^(?:the\s+)?(?P<who>{_CAP}(?:\s+{_CAP}){{0,3}})\s*,\s*[^,]{{2,80}},\s+(?:{'|'.join(_REPORTING_VERBS)})\b"
)
_ARTICLE_CREDITS = [
    re.compile(rf"\(\s*{_NAME}\s*\)\s*[-–—]"),  # "KYIV (Reuters) -"
    re.compile(rf"\b(?i:with\s+(?:a\s+)?reference\s+to)\s+{_NAME}"),
    re.compile(rf"\b{_NAME}\s+(?i:contributed\s+to\s+this\s+(?:report|story|article))"),
    re.compile(rf"\b(?i:originally\s+(?:appeared|published|ran)\s+(?:in|on|at|by))\s+{_NAME}"),
    re.compile(
        rf"\b(?i:(?:first\s+)?(?:published|republished|reprinted)\s+(?:with\s+permission\s+)?(?:by|from|of))\s+{_NAME}"
    ),
    re.compile(rf"(?m)^\s*(?i:sources?|via)\s*:\s*{_NAME}"),  # "Source: The New York Times"
]
# words a cited speaker may have besides capitalised names ("senior US defence officials")
_GROUP_WORDS = frozenset(
    "and of the a an two three several some senior top military intelligence government defence defense western "
    "foreign local regional ukrainian russian us u.s. american european other unnamed anonymous".split()
)
_GROUP_NOUNS = frozenset(
    "official officials source sources analyst analysts expert experts diplomat diplomats officer officers people "
    "person commander commanders spokesperson spokesman spokeswoman insider insiders investigator investigators "
    "lawmaker lawmakers aide aides researcher researchers".split()
)
_NOT_IN_NAMES = frozenset("that which who whom whose what when where while if as than said says say also not".split())
_ANONYMOUS = re.compile(
    r"\b(?:anonymity|anonymous|unnamed|unidentified|not\s+authori[sz]ed|sources?|insiders?|people)\b"
)
_ORG_WORDS = frozenset(
    "ministry department agency service office council army forces command institute center centre university "
    "government committee commission staff guard police".split()
)


@dataclass(frozen=True)
class Mention:
    """An outlet the text names, where it names it."""

    name: str
    start: int
    known_as: Intermediary | None = None  # already resolved (pass 1)

    def intermediary(self) -> Intermediary:
        if self.known_as is not None:
            return self.known_as
        known = outlets.lookup(self.name)
        return Intermediary(
            name=self.name, canonical=outlets.canonical(self.name), kind=known.kind if known else "outlet"
        )


def outlet_mentions(pattern: re.Pattern[str], text: str) -> Iterator[Mention]:
    """Names matched by ``pattern`` that are outlets or agencies."""
    for m in pattern.finditer(text):
        name = m.group("name").strip(" .,'’")
        name = next((n for n in _shorter(name) if outlets.looks_like_outlet(n)), "")
        if name:
            yield Mention(name, m.start("name"))


def _shorter(name: str) -> Iterator[str]:
    """``name`` and its shorter heads ("Reuters Monday" -> "Reuters"): capitalised words may run on past it."""
    words = name.split()
    for end in range(len(words), 0, -1):
        yield " ".join(words[:end])


def article_credit(article: ArticleCleaned) -> Intermediary | None:
    """The outlet the whole article is credited to ("(Reuters) -", "Source: ..."), other than its own; the first in
    the text."""
    found = [
        m
        for pattern in _ARTICLE_CREDITS
        for m in outlet_mentions(pattern, article.text)
        if not outlets.same_outlet(m.name, article.outlet)
    ]
    return min(found, key=lambda m: m.start).intermediary() if found else None


_PIECE = re.compile(r"\s+(?:report|reports|article|story|investigation|analysis|editorial|piece|reporting)$")


def masthead(name: str) -> str:
    """The outlet of "a New York Times report": the name without a trailing word for a piece of reporting."""
    return _PIECE.sub("", name.strip())


def _is_outlet(speaker: Speaker, article: ArticleCleaned) -> bool:
    """An outlet as the claim's speaker: the reporting outlet's own statement, or an outlet the text names
    ("the Gazette", "a New York Times report")."""
    name = masthead(speaker.name)
    return speaker.kind == "outlet" or outlets.looks_like_outlet(name) or outlets.same_outlet(name, article.outlet)


def cited_speaker(who: str) -> Speaker | None:
    """A speaker an outlet cites ("Ukrainian and US officials", "Mayor Ilse Brandt"), or None when ``who`` is no
    speaker's name (lowercase words that are no group, too long)."""
    words = who.replace("’", "'").split()
    if not words or len(words) > 7:
        return None
    last = words[-1].lower()
    if last in _GROUP_NOUNS and not any(w.lower() in _NOT_IN_NAMES for w in words):
        # "port officials", "senior US defence officials": any modifiers before a noun for people
        kind = "anonymous" if _ANONYMOUS.search(who.lower()) else "group"
    elif not all(w[:1].isupper() or w.lower() in _GROUP_WORDS for w in words) or not words[-1][:1].isupper():
        return None
    elif outlets.looks_like_outlet(who):
        return Speaker(name=who, kind="organization", canonical=outlets.canonical(who))
    elif any(w.lower() in _ORG_WORDS for w in words) or len(words) == 1:
        kind = "organization"
    else:
        kind = "person"
    return Speaker(name=who, kind=kind, canonical=who)  # type: ignore[arg-type]


def _cited_in(claim: ClaimExtracted) -> Speaker | None:
    """Who an outlet speaker cites in the claim's sentence or text (pass 1). The outlet's own statements (no
    cue) only by "citing" and "quoted ... as saying": their text opening with a speaker had a cue of its own."""
    tried = [(_CITING, claim.sentence), (_QUOTED, claim.sentence)]
    if claim.speaker.kind != "outlet":
        # the claim's text, and the sentence after the outlet's name ("According to AFP, Ilse Brandt, the
        # mayor, said ..." leaves "said that ..." as the text)
        at = claim.sentence.find(claim.speaker.name)
        rest = claim.sentence[at + len(claim.speaker.name) :].lstrip(" ,") if at >= 0 else ""
        tried += [(p, t) for t in (claim.text, rest) for p in (_OPENS, _OPENS_APPOSITION)]
    for pattern, text in tried:
        m = pattern.search(text)
        if m is not None:
            speaker = cited_speaker(m.group("who").strip())
            if speaker is not None:
                if pattern is _CITING and re.search(r"\bon\s+condition\s+of\s+anonymity", text[m.end() :]):
                    speaker = speaker.model_copy(update={"kind": "anonymous"})
                return speaker
    return None


def _relayed(claims: list[ClaimExtracted], article: ArticleCleaned) -> list[ClaimExtracted]:
    """Pass 1: an outlet that cites someone becomes the first intermediary of who it cites."""
    out: list[ClaimExtracted] = []
    by_sentence: dict[tuple[int, int, str], tuple[Speaker, list[Intermediary]]] = {}
    for claim in claims:
        if not _is_outlet(claim.speaker, article):
            out.append(claim)
            continue
        key = (*claim.span, claim.speaker.name)
        cited = _cited_in(claim)
        if cited is not None:
            name = masthead(claim.speaker.name)
            own = claim.speaker.kind == "outlet" or outlets.same_outlet(name, article.outlet)
            via = [] if own else [Mention(name, 0).intermediary()]
            by_sentence[key] = (cited, via)
        elif key in by_sentence:
            cited, via = by_sentence[key]
        else:
            speaker = claim.speaker
            if speaker.kind == "organization" and outlets.lookup(speaker.name):  # an outlet speaks: its canonical name
                speaker = speaker.model_copy(update={"canonical": outlets.canonical(speaker.name)})
            out.append(claim.model_copy(update={"speaker": speaker}))
            continue
        update: dict[str, object] = {"speaker": cited, "via": via}
        if claim.speaker.kind == "outlet":  # the outlet's own sentence turns out to be reported speech
            update.update(cue="citing", attribution="indirect")
        out.append(claim.model_copy(update=update))
    return out


def _near(claim: ClaimExtracted, article: ArticleCleaned) -> ClaimExtracted:
    """Pass 2: the intermediaries named in the claim's sentence, nearest the speaker first: the outlet told
    ("X told AFP"), then those that relayed it, in text order ("..., Yonhap reported"); the reporting outlet
    told directly makes the claim first-hand."""
    relayed = sorted(
        (*outlet_mentions(_RELAY, claim.sentence), *outlet_mentions(_TRAILING, claim.sentence)), key=lambda m: m.start
    )
    via: list[Intermediary] = []
    first_hand = False
    cited = claim.via  # pass 1's outlet that cites the speaker: after the outlets the speaker told
    for m in [*outlet_mentions(_CONTACT, claim.sentence), *(Mention(v.name, -1, v) for v in cited), *relayed]:
        if outlets.same_outlet(m.name, claim.speaker.name) or any(outlets.same_outlet(m.name, v.name) for v in via):
            continue  # "according to AFP, ..." with AFP the speaker; a name given twice
        if outlets.same_outlet(m.name, article.outlet):
            first_hand = first_hand or not via  # told the reporting outlet itself
            continue
        via.append(m.intermediary())
    if via:
        return claim.model_copy(update={"via": via})
    first_hand = first_hand or _SELF.search(claim.sentence) is not None
    return claim.model_copy(update={"first_hand": True}) if first_hand else claim


def _cue_carried_over(claim: ClaimExtracted) -> bool:
    """True when the claim's sentence holds no cue of its own: none at all, or one carried over from the speaker's
    previous sentence (“…,” Roe said. “It costs too much.” -> the second quote's cue "said" is not in it)."""
    if claim.cue is None:
        return True
    return re.search(rf"\b{re.escape(claim.cue)}\b", claim.sentence, re.IGNORECASE) is None


def _continued(claims: Sequence[ClaimExtracted]) -> list[ClaimExtracted]:
    """Pass 3: a quote going on without a cue keeps the intermediary of its speaker's previous claim."""
    out: list[ClaimExtracted] = []
    for claim in claims:
        before = out[-1] if out else None
        if (
            before is not None
            and _cue_carried_over(claim)
            and claim.attribution == "direct_quote"
            and not claim.via
            and (claim.speaker.canonical or claim.speaker.name) == (before.speaker.canonical or before.speaker.name)
        ):
            claim = claim.model_copy(update={"via": before.via, "first_hand": before.first_hand})
        out.append(claim)
    return out


def with_provenance(article: ArticleCleaned, claims: list[ClaimExtracted]) -> list[ClaimExtracted]:
    """``claims`` (one article's, in text order) with ``via``, ``first_hand`` and ``copy_of`` set (see the module
    doc). Claim ids, spans and texts are unchanged."""
    claims = _continued([_near(c, article) for c in _relayed(claims, article)])
    credit = article_credit(article)
    out = []
    for claim in claims:
        update: dict[str, object] = {}
        if (
            credit
            and not claim.via
            and not claim.first_hand
            and not outlets.same_outlet(credit.name, claim.speaker.name)
        ):
            update["via"] = [credit]
        if article.copy_of is not None:
            update["copy_of"] = article.copy_of
        out.append(claim.model_copy(update=update) if update else claim)
    return out
