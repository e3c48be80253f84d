"""News outlets and agencies by canonical name: one list for extract (who passed a statement on), ingest (which
outlet a copy repeats) and index (origins, "carried by").

:func:`lookup` folds a name as written ("NYT", "the New York Times'", "South Korea's Yonhap news agency",
"www.nytimes.com") to its :class:`Outlet`; :func:`canonical` gives the canonical name of any name (itself,
tidied, when the list does not know it); :func:`same_outlet` says whether two names are one outlet, so "told the
BBC" in an article of "BBC News" is first-hand. :func:`looks_like_outlet` tells a name the list does not hold
but that is shaped like a newspaper's ("the Olomo Times", "Kyiv Daily").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

OutletKind = Literal["outlet", "agency"]


@dataclass(frozen=True)
class Outlet:
    """A news organisation: its canonical name, kind (``agency``: a wire service others relay) and other names
    (abbreviations, spellings, web hosts)."""

    canonical: str
    kind: OutletKind
    aliases: tuple[str, ...] = ()


def _o(canonical: str, *aliases: str) -> Outlet:
    return Outlet(canonical, "outlet", aliases)


def _a(canonical: str, *aliases: str) -> Outlet:
    return Outlet(canonical, "agency", aliases)


OUTLETS: tuple[Outlet, ...] = (
    # wire services and national news agencies
    _a("Agence France-Presse", "AFP", "Agence France Presse", "France-Presse", "France Presse", "afp.com"),
    _a("Associated Press", "AP", "The Associated Press", "apnews.com"),
    _a("Reuters", "Thomson Reuters", "reuters.com"),
    _a("Yonhap", "Yonhap News Agency", "Yonhap News", "yna.co.kr", "en.yna.co.kr"),
    _a("Interfax", "interfax.ru", "interfax.com"),
    _a("Interfax-Ukraine", "Interfax Ukraine", "interfax.com.ua"),
    _a("TASS", "ITAR-TASS", "tass.com", "tass.ru"),
    _a("RIA Novosti", "RIA", "ria.ru"),
    _a("Ukrinform", "ukrinform.net", "ukrinform.ua"),
    _a("UNIAN", "unian.info", "unian.net"),
    _a("Kyodo", "Kyodo News", "kyodonews.net", "english.kyodonews.net"),
    _a("Xinhua", "Xinhua News Agency", "xinhuanet.com"),
    _a("Korean Central News Agency", "KCNA", "kcna.kp"),
    _a("Deutsche Presse-Agentur", "dpa", "Deutsche Presse Agentur"),
    _a("EFE", "Agencia EFE", "efe.com"),
    _a("ANSA", "ansa.it"),
    _a("Press Trust of India", "PTI"),
    _a("Asian News International", "ANI"),
    _a("Anadolu Agency", "Anadolu", "aa.com.tr"),
    _a("Bloomberg", "Bloomberg News", "bloomberg.com"),
    # newspapers, broadcasters, sites
    _o("The New York Times", "NYT", "New York Times", "NY Times", "nytimes.com"),
    _o("The Washington Post", "Washington Post", "WaPo", "washingtonpost.com"),
    _o("The Wall Street Journal", "Wall Street Journal", "WSJ", "wsj.com"),
    _o("Financial Times", "FT", "ft.com"),
    _o("BBC", "BBC News", "British Broadcasting Corporation", "BBC World Service", "bbc.com", "bbc.co.uk"),
    _o("CNN", "cnn.com", "edition.cnn.com"),
    _o("NBC News", "NBC", "nbcnews.com"),
    _o("CBS News", "CBS", "cbsnews.com"),
    _o("ABC News", "abcnews.go.com"),
    _o("Fox News", "foxnews.com"),
    _o("NPR", "National Public Radio", "npr.org"),
    _o("CNBC", "cnbc.com"),
    _o("Politico", "politico.com", "politico.eu"),
    _o("Axios", "axios.com"),
    _o("Newsweek", "newsweek.com"),
    _o("The Guardian", "Guardian", "theguardian.com"),
    _o("The Telegraph", "Telegraph", "Daily Telegraph", "telegraph.co.uk"),
    _o("The Times", "The Times of London", "thetimes.co.uk"),
    _o("The Independent", "independent.co.uk"),
    _o("The Economist", "economist.com"),
    _o("Sky News", "news.sky.com"),
    _o("Al Jazeera", "aljazeera.com"),
    _o("Deutsche Welle", "DW", "dw.com"),
    _o("Radio Free Europe/Radio Liberty", "RFE/RL", "Radio Free Europe", "Radio Liberty", "rferl.org"),
    _o("Voice of America", "VOA", "voanews.com"),
    _o("Le Monde", "lemonde.fr"),
    _o("Der Spiegel", "Spiegel", "spiegel.de"),
    _o("NHK", "NHK World", "nhk.or.jp"),
    _o("The Kyiv Independent", "Kyiv Independent", "kyivindependent.com"),
    _o("Kyiv Post", "kyivpost.com"),
    _o("Ukrainska Pravda", "pravda.com.ua"),
    _o("Euromaidan Press", "euromaidanpress.com"),
    _o("Meduza", "meduza.io"),
    _o("The Moscow Times", "Moscow Times", "themoscowtimes.com"),
    _o("The Korea Herald", "Korea Herald", "koreaherald.com"),
    _o("The Korea Times", "Korea Times", "koreatimes.co.kr"),
    _o("Korea JoongAng Daily", "JoongAng Daily", "JoongAng Ilbo", "koreajoongangdaily.joins.com"),
    _o("NK News", "nknews.org"),
)

# "Yonhap news agency", "Bloomberg News", "the Kyodo news service": the trailing words name the kind, not the outlet
_KIND_WORDS = re.compile(r"\s+(?:news\s+)?(?:agency|service|wire|newspaper|daily|website|news\s+site|news)$")
_OWNER = re.compile(r"^.*?['’]s\s+")  # "South Korea's Yonhap" -> "Yonhap"
# the last word of a newspaper's or broadcaster's name, capitalised ("the Olomo Times", "Seoul Daily"); not
# "agency" alone: an intelligence or space agency is no news agency
_SHAPE = re.compile(
    r"(?:\b(?:Times|Post|News|Herald|Journal|Tribune|Gazette|Telegraph|Chronicle|Daily|Press|Wire|Pravda|Radio|TV|"
    r"Television|Broadcasting|Broadcaster|Newspaper|Magazine|Weekly|Courier|Ledger|Record|Observer|Standard|Mirror|"
    r"Express|Inquirer|Dispatch|Bulletin)|\b[Nn]ews [Aa]gency)$"
)


def fold(name: str) -> str:
    """``name`` folded for lookup: web host without scheme and ``www.``; else case, curly quotes, a leading
    owner ("South Korea's"), "the", trailing kind words ("news agency") and punctuation at the ends removed."""
    text = name.strip().replace("’", "'").lower()
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", text).split("/")[0]
    if re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", host):
        return host
    text = _OWNER.sub("", text) if "'s " in text else text
    text = re.sub(r"^the\s+", "", text.strip(" .,:;\"'()-"))
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"\s+", " ", text)
    return _KIND_WORDS.sub("", text) or text


@lru_cache(maxsize=1)
def _table() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in OUTLETS:
        for name in (outlet.canonical, *outlet.aliases):
            key = fold(name)
            assert table.get(key, outlet) is outlet, f"{name!r} names two outlets"
            table[key] = outlet
    return table


def lookup(name: str | None) -> Outlet | None:
    """The known outlet or agency ``name`` names (any alias, spelling or web host), or None."""
    if not name:
        return None
    table = _table()
    key = fold(name)
    return table.get(key) or table.get(_KIND_WORDS.sub("", key))


def canonical(name: str) -> str:
    """The canonical name of ``name``: the list's, or ``name`` without a leading "the" and trailing punctuation."""
    known = lookup(name)
    return known.canonical if known else re.sub(r"^[Tt]he\s+", "", name.strip(" .,:;\"'()")).strip()


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` name one outlet ("the BBC" and "BBC News"; "NYT" and "nytimes.com")."""
    return bool(a and b) and fold(canonical(a or "")) == fold(canonical(b or ""))


def looks_like_outlet(name: str) -> bool:
    """Known, or shaped like a news organisation's name ("the Olomo Times", "Seoul Daily", "Kyiv Radio")."""
    return lookup(name) is not None or bool(_SHAPE.search(name.strip(" .,;:'\"’")))
