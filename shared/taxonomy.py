"""What a figure measures: the one vocabulary that extract (which labels quantities) and index (which compares
them) share.

A *measure* is a subject class (what is counted: ``troops``, ``people``, ``homes``) plus an optional *event*
(what happened to it: ``killed``, ``displaced``, ...). Events form a small documented taxonomy; some nest
(``killed`` and ``wounded`` are both ``killed or wounded``, which is part of ``lost``), so readings of nested
events are shown together in a comparison.
"""

from __future__ import annotations

import re

# Canonical events, with what each means. Extraction emits only these names in ``Quantity.event``.
EVENTS: dict[str, str] = {
    "deployed": "sent, deployed, stationed or dispatched somewhere",
    "killed": "killed, dead, died",
    "wounded": "wounded, injured, hurt",
    "killed or wounded": "casualties: killed and wounded together",
    "lost": "lost to a force: killed, wounded, captured or missing",
    "captured": "captured, taken prisoner, detained, arrested, abducted",
    "missing": "missing, unaccounted for",
    "displaced": "displaced, fled, evacuated, made homeless",
    "destroyed": "destroyed, razed",
    "damaged": "damaged",
}

# Event -> the wider event it is a part of. ``killed`` ⊂ ``killed or wounded`` ⊂ ``lost``.
PARENT: dict[str, str] = {
    "killed": "killed or wounded",
    "wounded": "killed or wounded",
    "killed or wounded": "lost",
    "captured": "lost",
    "missing": "lost",
}

# Words next to a number that name an event: inflected forms as written, and the lemmas the parser gives.
EVENT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["sent", "send", "deployed", "deploy", "stationed", "station", "dispatched", "dispatch", "deployment"],
        "deployed",
    ),
    **dict.fromkeys(["killed", "kill", "dead", "died", "die", "toll", "fatalities", "deaths", "death"], "killed"),
    **dict.fromkeys(["wounded", "wound", "injured", "injure", "hurt", "injuries"], "wounded"),
    **dict.fromkeys(["casualties", "casualty"], "killed or wounded"),
    **dict.fromkeys(["lost", "lose", "losses", "loss"], "lost"),
    **dict.fromkeys(
        [
            "displaced",
            "displace",
            "fled",
            "flee",
            "fleeing",
            "evacuated",
            "evacuate",
            "homeless",
            "uprooted",
            "refugees",
        ],
        "displaced",
    ),
    **dict.fromkeys(["missing"], "missing"),
    **dict.fromkeys(
        [
            "captured",
            "capture",
            "detained",
            "detain",
            "arrested",
            "arrest",
            "abducted",
            "abduct",
            "prisoner",
            "prisoners",
        ],
        "captured",
    ),
    **dict.fromkeys(["destroyed", "destroy", "razed", "raze"], "destroyed"),
    **dict.fromkeys(["damaged", "damage"], "damaged"),
}

# Counted-noun lemma -> (subject class, implied event). Lemmas not listed are their own class.
SUBJECT_CLASSES: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(
        [
            "troop",
            "soldier",
            "force",
            "fighter",
            "serviceman",
            "servicemen",
            "personnel",
            "combatant",
            "militant",
            "conscript",
            "infantry",
            "marine",
            "contingent",
            "battalion",
            "brigade",
            "regiment",
            "army",
            "military",
        ],
        ("troops", None),
    ),
    **dict.fromkeys(
        ["people", "person", "resident", "civilian", "individual", "villager", "inhabitant", "citizen"],
        ("people", None),
    ),
    **dict.fromkeys(["death", "fatality", "dead", "body"], ("people", "killed")),
    **dict.fromkeys(["refugee", "evacuee"], ("people", "displaced")),
    **dict.fromkeys(["injury"], ("people", "wounded")),
    **dict.fromkeys(["casualty", "casualties"], ("casualties", None)),
    **dict.fromkeys(["home", "house", "dwelling", "household"], ("homes", None)),
    **dict.fromkeys(["child", "children", "kid"], ("children", None)),
}


def singular(word: str) -> str:
    """A naive singular for user input (``troops`` -> ``troop``); lemmas from the extractor pass unchanged."""
    w = word.strip().lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def noun_class(word: str) -> tuple[str, str | None]:
    """(subject class, implied event) of a counted noun, e.g. ``soldiers`` -> (``troops``, None)."""
    w = word.strip().lower()
    return SUBJECT_CLASSES.get(w) or SUBJECT_CLASSES.get(singular(w)) or (singular(w), None)


def counts_variants(word: str) -> list[str]:
    """The counted-noun lemmas a user's ``counts`` filter matches: the word, its naive singular, and every
    lemma of the same class (``troops`` -> troop, soldier, force, ...). Bounded by :data:`SUBJECT_CLASSES`."""
    w = word.strip().lower()
    cls = noun_class(w)
    return sorted({w, singular(w)} | {lemma for lemma, c in SUBJECT_CLASSES.items() if c == cls})


def event_chain(event: str | None) -> list[str]:
    """``event`` and every wider event it is part of: ``killed`` -> [killed, killed or wounded, lost]."""
    chain: list[str] = []
    while event is not None and event not in chain:
        chain.append(event)
        event = PARENT.get(event)
    return chain


def is_total(event: str | None) -> bool:
    """True for the events of a total, how many there are: none (a bare count) or ``deployed`` (a force's size is
    what was sent). A death toll is no total: it is not the base of a share, nor compared with a force's size."""
    return event is None or event == "deployed"


def event_family(event: str | None) -> str | None:
    """The widest event ``event`` nests in (``wounded`` -> ``lost``); readings of one family are compared
    together."""
    chain = event_chain(event)
    return chain[-1] if chain else None


# Sides: whose troops (or people) a figure counts. "North Korean troops", "Russia's soldiers", "Moscow's
# forces" and "Kremlin troops" are sides of a subject; two figures of different sides are different measures.
# Capitals and seats of government that stand for their country in war reporting, and demonyms the suffix
# rule of :func:`side_key` does not fold onto their country.
SIDE_NAMES: dict[str, str] = {
    **dict.fromkeys(["moscow", "kremlin"], "russia"),
    **dict.fromkeys(["kyiv", "kiev"], "ukraine"),
    **dict.fromkeys(["pyongyang", "dprk"], "north korea"),
    **dict.fromkeys(["seoul"], "south korea"),
    **dict.fromkeys(["us", "usa", "america", "american", "washington", "pentagon"], "united states"),
    **dict.fromkeys(["uk", "britain", "british", "london"], "united kingdom"),
    **dict.fromkeys(["beijing"], "china"),
    **dict.fromkeys(["tehran"], "iran"),
    **dict.fromkeys(["damascus"], "syria"),
    **dict.fromkeys(["ankara"], "turkey"),
    **dict.fromkeys(["minsk"], "belarus"),
    **dict.fromkeys(["french", "paris"], "france"),
    **dict.fromkeys(["berlin"], "germany"),
    **dict.fromkeys(["polish", "warsaw"], "poland"),
    **dict.fromkeys(["dutch"], "netherlands"),
    **dict.fromkeys(["spanish"], "spain"),
    **dict.fromkeys(["swiss"], "switzerland"),
    **dict.fromkeys(["danish"], "denmark"),
    **dict.fromkeys(["finnish"], "finland"),
    **dict.fromkeys(["irish"], "ireland"),
    **dict.fromkeys(["afghan"], "afghanistan"),
    **dict.fromkeys(["lebanese", "beirut"], "lebanon"),
    **dict.fromkeys(["filipino"], "philippines"),
    **dict.fromkeys(["thai"], "thailand"),
}
# Endings that turn a country into its demonym (Russia -> Russian, China -> Chinese, Israel -> Israeli) or end
# a country's name (Ukraine, Germany); stripped while at least four letters remain.
_SIDE_ENDINGS = ("ian", "ese", "ish", "an", "ia", "i", "a", "e", "y")
_SIDE_WORD = re.compile(r"[^\W\d_]+")


def _side_stem(word: str) -> str:
    """One side word folded: "russian", "russians", "russia" -> "russ"; "ukrainian", "ukraine" -> "ukrain"."""
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:  # "Russians", "Kurds"
        word = word[:-1]
    changed = True
    while changed:
        changed = False
        for ending in _SIDE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word, changed = word[: -len(ending)], True
                break
    return word


def side_key(words: str) -> str:
    """The side named by ``words`` (the modifiers of a subject, or an owner), folded so that spellings of one
    side compare equal: "North Korean" = "North Korea's" = "Pyongyang's"; "Russian" = "Russia's" = "Moscow";
    "" when no side is named."""
    text = re.sub(r"[’']s\b", "", words.lower()).replace("u.s.", "us").replace("u.k.", "uk")
    folded: list[str] = []
    for word in _SIDE_WORD.findall(text):
        named = SIDE_NAMES.get(word)
        folded.extend(_side_stem(w) for w in (named.split() if named else [word]))
    return " ".join(folded)
