"""Line-shape heuristics and keyword patterns that tell boilerplate lines from article paragraphs.

Used by :mod:`.pasted` on text pasted from the web. Every rule is general (shape of the line plus the
vocabulary web pages use for captions, comment boxes, calls to action...), never a specific sentence.
Each keyword rule carries a word budget: a line longer than that is a real paragraph that happens to
use the word, and is kept.
"""

from __future__ import annotations

import re
from typing import Final

_F = re.IGNORECASE

BULLET: Final = re.compile(r"^\s*(?:[-–—•*·▪►»>✓]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_PERIOD_END = re.compile(r"[.…。:;,][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")

# (pattern, max words): the line is boilerplate when the pattern matches and the line is that short.
_KEYWORD_RULES: Final[tuple[tuple[re.Pattern[str], int], ...]] = (
    # captions and photo credits
    (
        re.compile(
            r"^(?:file\s+)?(?:photo(?:graph)?|image|picture|pic|video|graphic|illustration|footage)s?"
            r"(?:\s+(?:credit|courtesy|source|by))?\s*[:|/–—]",
            _F,
        ),
        60,
    ),
    (re.compile(r"\((?:file\s+)?(?:photo|image|picture|pic|credit|source)s?\b[^)]*\)", _F), 60),
    (
        re.compile(
            r"\b(?:photo|image|picture)\s+(?:credits?|courtesy|source)\b|\bfile\s+(?:photo|picture|image)\b", _F
        ),
        60,
    ),
    (
        re.compile(
            r"(?:[/|©]|\bvia|\bcredit:?)\s*(?:getty(?:\s+images)?|afp|reuters|ap(?:\s+photo)?|associated press|epa(?:-efe)?"
            r"|efe|shutterstock|alamy|pa(?:\s+(?:images|wire|media))?|anadolu(?:\s+agency)?|xinhua|tass|sputnik"
            r"|bloomberg|nurphoto|sopa images|zuma(?:\s+press)?|dpa|imago|istock(?:photo)?|unsplash|pixabay"
            r"|wikimedia commons|handout)\b[^.]{0,40}$",
            _F,
        ),
        60,
    ),
    (re.compile(r"\b(?:getty images|shutterstock|alamy|istockphoto)\W*$", _F), 60),
    # comment boxes
    (
        re.compile(
            r"^(?:\d+\s+|no\s+|view\s+|show\s+|load\s+|read\s+|hide\s+|see\s+)?(?:all\s+|more\s+)?"
            r"(?:comments?|responses|replies)(?:\s*\(\d+\))?\W*$",
            _F,
        ),
        6,
    ),
    (
        re.compile(
            r"\b(?:leave|post|add|write|submit|join)\s+(?:a|your|the)?\s*(?:comment|reply|response|conversation|discussion)",
            _F,
        ),
        25,
    ),
    (re.compile(r"\b(?:log|sign)\s?-?in\b.{0,30}\b(?:comment|reply|post|continue|read)", _F), 25),
    (
        re.compile(
            r"\bcomments?\s+(?:are|is|have been)\s+(?:closed|moderated|appreciated|welcome|disabled|responsible)", _F
        ),
        40,
    ),
    (re.compile(r"\byour\s+(?:comments?|feedback|thoughts|opinion)\b", _F), 25),
    (re.compile(r"\bcomments?\s+(?:on|to|in)\s+this\s+(?:blog|site|page|article|post|story|website)\b", _F), 60),
    (re.compile(r"^(?:be the first to comment|reply|report(?: abuse)?|like|flag|show replies)\b\W*$", _F), 8),
    (re.compile(r"^thanks?(?:\s+you)?\s+for\s+(?:viewing|reading|visiting|watching|your|stopping)\b", _F), 25),
    (re.compile(r"^disclaimer\b", _F), 80),
    # contact, tips, newsletters, calls to action
    (re.compile(r"\b(?:contact|e-?mail|write to|message|call|reach|whatsapp|text|dm)\s+us\b|\bget in touch\b", _F), 30),
    (
        re.compile(r"\b(?:send|share|submit)\s+(?:us\s+)?(?:your\s+)?(?:news\s+)?tips?\b|\bhave a (?:news )?tip\b", _F),
        25,
    ),
    (re.compile(r"^(?:tel|phone|telephone|fax|mobile|call|whatsapp|hotline)\b\.?\s*[:.]?\s*\+?[\d(]", _F), 15),
    (
        re.compile(
            r"\b(?:subscribe|subscription|newsletters?|sign[ -]?up|register now|create (?:a |an )?(?:free )?account"
            r"|already (?:a )?(?:subscriber|member|registered)|become a (?:member|subscriber|patron|supporter))\b"
            r".*\b(?:you|your|our|us|free|now|today|here|inbox|daily|weekly)\b",
            _F,
        ),
        30,
    ),
    (
        re.compile(
            r"\b(?:you|your|our|us|free|now|today|here|inbox|daily|weekly)\b.*\b(?:subscribe|newsletters?|sign[ -]?up)\b",
            _F,
        ),
        30,
    ),
    (
        re.compile(
            r"^(?:subscribe|sign up|register|join us|download (?:our|the)|follow us|click here|tap here|support (?:our|us)"
            r"|donate|get (?:our|the latest|unlimited|full access)|continue reading|read the full|listen to (?:this|the)"
            r"|watch (?:the|our|now|live)|advertise with us|republish)\b",
            _F,
        ),
        14,
    ),
    (
        re.compile(
            r"\bfollow\s+(?:us|@\w+)\b|\bshare\s+(?:this|on|via|the)\s+(?:article|story|post|page|facebook|twitter|x|whatsapp)\b",
            _F,
        ),
        25,
    ),
    # legal, cookies
    (
        re.compile(
            r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|\ball rights reserved\b|\bprivacy policy\b|\bterms of (?:use|service)\b",
            _F,
        ),
        40,
    ),
    (
        re.compile(
            r"\bcookies?\b.*\b(?:use|accept|consent|polic|settings|preferences|browsing|experience)|\bwe use cookies\b",
            _F,
        ),
        60,
    ),
    # metadata lines: tags, reading time, relative times, credits
    (
        re.compile(
            r"^(?:tags?|topics?|filed under|categor(?:y|ies)|keywords|related topics|subjects?|section)\s*[:：|]", _F
        ),
        60,
    ),
    (
        re.compile(
            r"\b\d+\s*min(?:ute)?s?\s+read\b|^\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago\W*$", _F
        ),
        10,
    ),
    (
        re.compile(
            r"^(?:additional\s+)?(?:reporting|writing|editing|reported|written|edited|compiled|translated|produced"
            r"|words|story|photos?|video)\s+by\b",
            _F,
        ),
        40,
    ),
    (re.compile(r"^(?:author|authors|posted by|byline|source|sources|via)\s*:", _F), 25),
    # page furniture
    (
        re.compile(
            r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|story continues below(?: advertisement)?"
            r"|continue reading(?: below| the main story)?|scroll (?:down )?to continue|skip to (?:main )?content|loading"
            r"|listen(?: to (?:this )?(?:article|story))?|audio|click to (?:enlarge|expand|play)|watch(?: now| live| video)?"
            r"|play video|close|menu|search|home|back to top|next|previous|more|show more|load more|see more|view gallery"
            r"|open gallery|enlarge|print|save|bookmark|\d+ (?:photos?|images?|videos?)|image \d+ of \d+|\d+\s*/\s*\d+)\W*$",
            _F,
        ),
        8,
    ),
)

RELATED_HEADER: Final = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|content|coverage|posts|reading|topics|links|video))?|read (?:more|also|next|this)"
    r"|also read|see also|more (?:from|on|in|about|stories|news|coverage|articles|like this|to read|videos?|headlines)\b.*"
    r"|recommended(?: for you| stories| reading| articles)?|you (?:may|might) (?:also )?(?:like|be interested in|enjoy)"
    r"|trending(?: now| stories| news)?|most (?:read|popular|viewed|shared|watched)|top (?:stories|news|headlines)"
    r"|latest(?: news| stories| headlines)?|what to read next|further reading|editor'?s picks?|popular(?: now| stories)?"
    r"|in other news|also (?:on|in) \w+(?: \w+)?|other stories|don'?t miss|must read|explore more|keep reading"
    r"|next (?:article|story|up)|previous (?:article|story)|more stories|latest stories|recent (?:posts|stories|articles))"
    r"\s*[:：»>|–—-]?\s*$",
    _F,
)
RELATED_INLINE: Final = re.compile(
    r"^(?:related|read (?:more|also|next)|also read|see also|more|recommended|watch|listen|explore|must read)"
    r"(?:\s+\w+){0,2}\s*[:：»>|]\s*\S",
    _F,
)

SOCIAL_TOKENS: Final = frozenset(
    "share shares sharing tweet facebook twitter x whatsapp email e-mail mail print linkedin telegram reddit pinterest "
    "copy link messenger save comment comments flipboard bluesky threads instagram youtube tiktok on this article story "
    "via the gift url copied sms pocket tumblr vk viber sharethis addthis".split()
)


def words(line: str) -> list[str]:
    """Word tokens of ``line`` (letters/digits, inner apostrophes, dots and hyphens kept)."""
    return _WORD.findall(line)


def sentence_ended(line: str) -> bool:
    """True when the line ends like a sentence: ``.``, ``!``, ``?`` or ``…``, possibly before a closing quote."""
    return bool(_SENTENCE_END.search(line))


def headline_like(line: str, max_words: int = 25) -> bool:
    """A short line without a final period: a title, a headline in a list, a section name.

    Headlines may end with ``?`` or ``!`` but not with ``.``, ``:``, ``;`` or ``,``.
    """
    body = BULLET.sub("", line)
    return 0 < len(words(body)) <= max_words and not _PERIOD_END.search(body)


def keyword_boilerplate(line: str) -> bool:
    """True when a keyword rule marks ``line`` as page furniture (within that rule's word budget)."""
    body = BULLET.sub("", line).strip()
    count = len(words(body))
    return any(count <= limit and pattern.search(body) for pattern, limit in _KEYWORD_RULES)


def social_buttons(line: str) -> bool:
    """True for a row of share buttons ("Share | Facebook | Twitter | Email")."""
    tokens = [t.lower() for t in words(line) if not t.isdigit()]
    return bool(tokens) and all(t in SOCIAL_TOKENS for t in tokens) and any(t != "the" for t in tokens)


def related_header(line: str) -> bool:
    """True for a header that introduces a list of other headlines ("Related:", "Read more", ...)."""
    return bool(RELATED_HEADER.match(BULLET.sub("", line).strip()))


def related_inline(line: str) -> bool:
    """True for a one-line teaser such as "Read more: <headline>" or "Related: <headline>"."""
    return len(words(line)) <= 40 and bool(RELATED_INLINE.match(line.strip()))


def contact_details(line: str) -> bool:
    """True for a short line carrying an e-mail address, or a line that is mostly a phone number."""
    count = len(words(line))
    return (count <= 30 and _EMAIL.search(line) is not None) or (count <= 8 and _PHONE.search(line) is not None)


# The look-behinds make each candidate start at a token boundary, keeping the search linear on long lines.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d\w])\+?\d[\d\s().-]{8,}\d")


_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|al|bin|el|la|le|da|di|du|dos))*"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|posted by|story by|author:?)\s+(?P<name>{_NAME}(?:\s*,\s*{_NAME})?)"
    r"\s*(?P<rest>(?:[|·•–—-]|,\s|\s(?i:in|for|and)\s).*)?$"
)


def byline_name(line: str, max_name_words: int = 8) -> str | None:
    """The author named by a byline line ("By Jane Doe", "By Jane Doe | Reuters"), else None.

    "By the end of the year, ..." is not a byline: the name must be capitalised and short, and whatever
    follows it must be short and must not end like a sentence.
    """
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    name, rest = match["name"].strip(" ,"), match["rest"] or ""
    if len(words(name)) > max_name_words or len(words(rest)) > 8 or sentence_ended(rest):
        return None
    return name


_NAV_SEPARATORS = re.compile(r"\s*[|·•»›/]\s*|\s{2,}")


def navigation(line: str, min_items: int = 3, max_item_words: int = 3) -> bool:
    """True for a menu row: at least ``min_items`` short items separated by ``|``, ``·``, ``/`` or wide gaps."""
    items = [item for item in _NAV_SEPARATORS.split(line.strip()) if item]
    return len(items) >= min_items and all(len(words(item)) <= max_item_words for item in items)
