"""Every word list the attribution rules use, each defined once (cues, speakers, names and the reader import
them from here). Lists that share words are built from one another, so a word is added in one place.

All entries are lower case; multi-word lists are written as space-separated strings and checked at import for
entries given twice (``ValueError``), so a list cannot silently repeat itself.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The space-separated entries of ``text``; raises ``ValueError`` when one is listed twice."""
    entries = text.split()
    repeated = sorted({w for w in entries if entries.count(w) > 1})
    if repeated:
        raise ValueError(f"word list repeats {repeated}")
    return frozenset(entries)


# --- speech -------------------------------------------------------------------------------------------------
# Speech/reporting verbs (lemmas) that attribute on their own ("X said").
STRONG_CUES = words(
    "say tell state claim assert declare announce warn insist maintain stress emphasize emphasise argue explain "
    "acknowledge admit deny reveal allege testify conclude reiterate remark observe caution contend disclose concede "
    "tweet predict accuse confirm estimate report add note describe comment told urge vow pledge promise assure "
    "respond reply condemn denounce cite joke quip chant shout complain boast lament exclaim recount scoff plead "
    "advise"
)
# Stances taken in words: accusing, blaming, criticising, praising, demanding, endorsing, opposing, denying,
# citing, proposing, preferring, siding with ("Hale accused the board of hiding the costs", "the union
# called for a strike vote", "Ruiz proposed a ferry levy", "Lind sided with the dockers"). A lemma alone
# takes an object; "lemma:word" needs that preposition or particle ("called for", "called on", "pointed to").
# Not "declined", "refused", "seemed": no position of the subject's own that a reader could compare; not
# "reject" (a vote as often as a stance: "Parliament rejected the budget"), not "seek" ("the police seek the
# driver"), and "dismiss", "attack" only with what for or as what ("the judge dismissed the case", "troops
# attacked the town" are acts).
STANCE_CUES = words(
    "accuse blame fault criticize criticise condemn denounce blast slam lambaste rebuke chide scold mock "
    "praise applaud hail commend laud credit endorse support oppose back defend urge demand deny cite "
    "call:for call:on call:upon call:out point:to push:for press:for argue:for dismiss:as attack:for attack:as "
    "attack:over propose favor favour prefer embrace champion tout decry deride assail question express "
    "side:with campaign:for campaign:against"
)
# Verbs that attribute only with a clausal complement ("figures show that ..."); some are strong cues too, whose
# other sense takes an object ("maintain the roads", "the car boasts a low price", "has contended for years").
CLAUSE_CUES = words(
    "show find indicate suggest believe think write recall assess calculate forecast project expect fear hope maintain "
    "boast contend mention"
)
# What someone means or hopes to do, with an infinitive ("the council plans to raise fees", "wants the party
# to take a harder line", "the union is seeking to block the levy"): a stated aim, reported like a statement
# ("seek" only so: "the police seek the driver" is no aim of this kind). Not "expect": "the startup expects to
# generate cash" is a forecast of its own business, while "expects the company to turn a profit" is a claim
# (CLAUSE_CUES).
INTENT_CUES = words("want plan intend hope wish aim seek")
# Nouns for what someone holds, as the subject of "is that …" ("Costa's view is that the cut pays for itself").
VIEW_NOUNS = words("view belief position argument claim contention assessment opinion conviction expectation hope fear")
# Nouns that carry what their owner holds or says in a that-clause: "a claim by Ruiz that …", "Ruiz's warning
# that …", "Ruiz voiced the fear that …" (attribution/noun_cues.py).
CLAIM_NOUNS = VIEW_NOUNS | words(
    "assertion warning prediction promise pledge suggestion allegation charge insistence conclusion finding "
    "statement remark admission denial"
)
# Verbs whose object noun is the subject's own statement: "Ruiz made the argument that …", not "Ruiz dismissed the
# claim that …" (someone else's).
LIGHT_VERBS = words("make voice express repeat reiterate offer share advance echo")
# Nouns for a figure someone gives, with "of": "Ruiz's estimate of 4,000 lost jobs".
ESTIMATE_NOUNS = words("estimate projection forecast tally count calculation")
# Nouns of "in X's view, …": the sentence around the phrase is X's view.
OPINION_NOUNS = words("view opinion judgment judgement estimation words assessment")
# Verbs that put a question, a claim with "whether/if/why …" or a quoted question: "Ruiz asked whether …"
# (attribution/questions.py); of them, the ones that also make a request: "Ruiz asked her aides to …".
QUESTION_VERBS = words("ask wonder inquire enquire question")
REQUEST_VERBS = words("ask")
# What evidence does and the evidence that does it: "the poll showed Ruiz leading Lind", "emails revealed staff
# favoring the mayor" (attribution/evidence.py); a person "found Kody lying on her couch" is no such finding,
# nor is what a video shows ("a video shows him leaving"): what was seen, not stated.
EVIDENCE_VERBS = words("show find reveal indicate suggest")
EVIDENCE_NOUNS = words(
    "poll survey study record data result file email document report review analysis paper research figure "
    "statistic census audit count tally filing disclosure message memo"
)
# Verbs of a view of something: "Ruiz views the ferry as a waste", "considers the levy unfair"
# (attribution/beliefs.py).
VIEW_VERBS = words("view regard see consider")
# Words that label a line rather than name its speaker: "Update: …", "Editor's note: …", "Q: …" (cue_forms.label_cue).
LABEL_WORDS = words(
    "update updated breaking exclusive watch editor editor's note correction clarification opinion analysis warning "
    "summary background photo video q a question answer source sources related read transcript poll disclosure "
    "live developing report statement listen bottom line wednesday tuesday monday thursday friday saturday sunday "
    "today yesterday morning evening email"
)
# Verbs that are cues only with this particle ("ruled out", "pointed out"); "rule" also with a clause
# ("the court ruled that ...").
PHRASAL_CUES = words("rule point")
# Verbs with a common non-speech sense when they only take an object: "the economy added 500 jobs",
# "the index added 0.5%". With a direct object and no clause they are not speech ("…,” he added" still is).
OBJECT_SENSE_CUES = words("add")
# What someone thinks: a statement in a main clause ("Analysts believe …"), a motive or a perception in a
# subordinate one ("because she feared …").
MIND_CUES = words("think believe fear hope")
# "X put the toll at 112", "X estimated the crowd at 10,000", "X pegged the cost at $2bn": a figure X gives.
VALUATION_CUES = words("put place peg estimate")
# "obtained by", "seen by": who holds a document, not who wrote it.
HOLDING_VERBS = words("obtain receive see review get acquire read examine")
# Doubt words that make a claim ``hedged`` ("may", "reportedly"); approximators of a figure ("about",
# "nearly") are another list, ``claimstream.shared.approximators``.
HEDGES = words(
    "may might could reportedly allegedly believe believed suggest suggests likely unlikely appear appears seem seems "
    "possibly perhaps probably maybe apparently purportedly presumably unconfirmed estimated supposedly seemingly"
)
# Subjects that never speak: "the number who said ..." counts people, "it said" needs an antecedent.
NOT_SPEAKERS = words(
    "it this that which what there one these those something nothing who number percentage share proportion "
    "anyone anybody nobody"  # "if anyone believed that, …", "nobody said so"
)
# Outside quotes, "I believe", "we explained above": the writer, who is the outlet and no quoted speaker.
FIRST_PERSON = words("i we me us")
# Pronouns that point back to an earlier speaker, with the kind of speaker each stands for.
PRONOUN_KINDS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "group",
    "we": "group",
    "it": "organization",
    "i": "person",
}
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
# Subject pronouns that may introduce or go on with a quote ("She was blunt: “…”"): not "it", not "him"/"her".
PERSONAL_PRONOUNS = frozenset(PRONOUN_KINDS) - {"it", "him", "her"}
# Things that carry someone's words: "the commission issued a statement warning that ...".
CARRIERS = words(
    "email e-mail statement letter memo release message post tweet interview note filing report video speech address "
    "remark comment testimony"
)
# "led the bank to announce": the object of these verbs is the subject of the infinitive.
CONTROL_VERBS = words(
    "lead force prompt cause ask urge push pressure persuade allow compel encourage invite require get convince"
)

# --- people -------------------------------------------------------------------------------------------------
# Abbreviated and spoken forms of address that are part of how a name is written ("Dr.", "Gen.").
HONORIFICS = words("mr mrs ms miss dr prof gen lt col maj capt sgt adm cmdr sen rep gov rev sir brig cpl")
RANKS = words(
    "general colonel major captain admiral lieutenant sergeant corporal brigadier marshal commander "
    "colonel-general lieutenant-general major-general"
)
# Role words before or instead of a name ("Prime Minister", "the spokesman").
TITLE_WORDS = (
    HONORIFICS
    | RANKS
    | words(
        "professor president vice prime minister secretary deputy chancellor senator representative governor mayor "
        "king queen prince princess sheikh pope chief head director spokesman spokeswoman spokesperson ambassador "
        "foreign defence defense interior finance justice state lord lady father judge chairman chairwoman chair ceo "
        "founder leader premier envoy minister-president commander-in-chief councillor councilor councilman councilwoman "
        "alderman commissioner superintendent inspector detective constable sheriff coach editor"
    )
)
# Words before a name that give the person's gender ("her son Kody"); otherwise learnt from "he"/"she".
GENDER_WORDS = {
    **dict.fromkeys(
        words(
            "mr sir lord king prince father spokesman chairman son brother husband uncle "
            "nephew grandson grandfather boyfriend man boy"
        ),
        "m",
    ),
    **dict.fromkeys(
        words(
            "mrs ms miss lady queen princess spokeswoman chairwoman sister daughter mother "
            "wife aunt niece granddaughter grandmother girlfriend woman girl"
        ),
        "f",
    ),
}
# Plural nouns for people who speak as a group ("officials said").
HUMAN_GROUPS = words(
    "official leader lawmaker legislator analyst expert resident protester police soldier prosecutor "
    "investigator researcher scientist worker employee teacher doctor"
)
# Nouns that describe one person ("the agent said" after "a real estate agent").
PERSON_NOUNS = (HUMAN_GROUPS - {"police"}) | words(
    "boss agent envoy diplomat aide attorney chief coach judge victim critic ally rival candidate nominee "
    "suspect witness actor actress star singer pilot nurse"
)
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "ive", "eur", "ess")
# Nouns ending like a person's role that are things ("paper", "monitor").
NOT_PERSONS = words(
    "paper letter order number center centre computer filing document statement report release memo email tweet post "
    "video message note text poll survey study complaint lawsuit indictment ruling decision plan bill law agreement "
    "deal rule policy analysis research article book chapter record transcript summary minute data figure chart "
    "website account cover sector quarter winter summer corner border power water river weather error factor "
    "monitor counter event content extent incident percent component segment parent"
)
ANONYMOUS = words("source insider person people someone individual")

# --- organisations ------------------------------------------------------------------------------------------
# Last words of organisation names whose modifiers are part of the name ("foreign ministry", "State Department").
ORG_HEADS = words(
    "ministry ministries office department agency council committee commission authority service "
    "bureau court embassy administration government directorate board"
)
# Head nouns of a speaker phrase that make it an organisation or a document, not a person.
ORG_NOUNS = ORG_HEADS | words(
    "military army police report newspaper paper company firm study survey poll statement data institute center centre "
    "university bank authorities kremlin parliament outlet media broadcaster channel website network organization "
    "organisation union team watchdog regulator figure figures document documents group coalition utility alliance "
    "charity daily magazine"
)
# Words of a capitalised name that make it an organisation's ("Surrey City Council", "Bank of Montreal").
ORG_NAME_WORDS = ORG_HEADS | words(
    "league party inc corp company group bank university news times post police union "
    "association club fc united city state house senate congress foundation institute "
    "fund exchange"
)
