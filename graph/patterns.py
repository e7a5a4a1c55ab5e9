"""The wording the relation rules look for: triggers, roles, statuses and amounts.

Rules in :mod:`graph.extract` run over a *masked* sentence in which every
mention is replaced by a slot such as ``⟨C0⟩`` (company), ``⟨U1⟩`` (business
unit), ``⟨P2⟩`` (person) or ``⟨X3⟩`` (a name that is never a party: a
publisher, a government). This module holds the wording around those slots
(the :data:`MACROS` that rule files name, the cues for roles and amounts), and loads
the rules that read facts (:mod:`graph.rules`) and the sentence cues for status,
denials and rivals (spaCy Matcher patterns, :mod:`graph.cues`) from their data files,
so the rules read as sentences and each has an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cues
from .model import Status
from .rules import load_rules

COMPANY = r"⟨C\d+⟩"
#: Any character of a clause, a decimal point included ("$1.5 billion"), but no slot or stop.
_TXT = r"(?:[^⟨.;]|(?<=\d)\.(?=\d))"
ORG = r"⟨[CU]\d+⟩"
PERSON = r"⟨P\d+⟩"
SLOT = re.compile(r"⟨([CUPX])(\d+)⟩")
POSS = r"\s*(?:'s|’s|')"
#: A place before a company, as in "South Korea's SK Innovation" or "China's Geely".
PLACE_POSS = r"(?-i:(?:[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+){0,2}(?:'s|’s)\s+)?)"
_AND = (
    r"(?:and|&)\s+(?:its\s+(?:[\w-]+\s+)?(?:affiliate|sister company|subsidiary|unit|partner)\s+)?"
)
ORGLIST = rf"{ORG}(?:{POSS})?(?:\s*,\s*{ORG}(?:{POSS})?)*(?:\s*,?\s*{_AND}{ORG}(?:{POSS})?)?"

# ---------------------------------------------------------------- partnerships
PARTNER_TRIGGER = re.compile(
    r"\b(?:partner(?:s|ed|ing|ship|ships)?|collaborat\w*|alliance|allied|allies|"
    r"joint[- ]venture|JV|tie[- ]?ups?|tied up|tie up|team(?:s|ed|ing)?[- ]up|"
    r"join(?:s|ed|ing)? (?:hands|forces)|memorand(?:um|a) of understanding|MoU|MOU|"
    r"co-?develop\w*|jointly (?:develop|build|produce|make|invest)\w*|"
    r"cooperat\w*|co-operat\w*|agreements?|pacts?|merger|merge|merging|combine|"
    r"(?:talks|discussions|negotiations)\s+with|"
    r"work(?:s|ed|ing)? together|link[- ]?up|pool(?:s|ed|ing)? (?:resources|their)|"
    r"joint (?:[\w-]+ ){0,2}(?:effort|development|project|program|programme|company|platform|work)|"
    r"share (?:platforms|technology|costs)|(?:its|their)\s+(?:[\w-]+\s+){0,3}?partner\b|work(?:s|ed|ing)?\s+(?:closely\s+)?with|team(?:s|ed|ing)?\s+with|"
    r"suppl(?:y|ies|ied|ying)\s+(?=⟨)|under\s+an?\s+(?:[\w-]+\s+){0,2}?(?:supply\s+)?(?:deal|contract)|"
    r"(?:50[-:/]50|equally[- ]owned)\s+(?:[\w-]+\s+){0,2}?(?:venture|company)|"
    r"their\s+(?:new|joint)\s+(?:[\w-]+\s+){0,2}?(?:company|venture)|"
    r"(?:build|built|develop|make|made|produce|work|design|engineer)\w*\s+(?:[\w-]+\s+){0,5}together)\b",
    re.IGNORECASE,
)
#: Words after which the companies named are rivals or examples, not partners.
RIVAL_CUE = Cues("rival")
CLAUSE_BREAK = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|—|–| - ", re.IGNORECASE)
DENIAL = Cues("denial")
#: "The two companies", "both automakers": companies named before (graph/data/rules/cues.toml);
#: a hit's value is "three" or "four" when it stands for more than two.
PAIR_REFERENCE = Cues("pair_reference")
#: "A with B", "between A and B": the companies are explicitly linked.
LINKED = re.compile(
    rf"(?:{ORG}{POSS}?\s*(?:,\s*{ORG}\s*)*,?\s*(?:and|&)\s+{ORG}|"
    rf"\b(?:with|between)\s+{ORG}|{ORG}\s*-\s*{ORG})"
)

#: Status words (graph/data/rules/cues.toml, read in this order by :func:`status_of`).
ENDED = Cues("ended")
_DECIDED_PROPOSAL = Cues("decided")
_MODAL = Cues("modal")
AGREED = Cues("agreed")
PROPOSED = Cues("proposed")


def status_of(text: str) -> Status:
    """The status a sentence gives a partnership or deal.

    >>> status_of("Honda and Nissan are exploring a tie-up").value
    'proposed'
    >>> status_of("The two sides called off their merger talks").value
    'ended'
    >>> status_of("Toyota and Mazda signed an alliance").value
    'agreed'
    """
    if ENDED.search(text):
        return Status.ENDED
    if _DECIDED_PROPOSAL.search(text) or _MODAL.search(text):
        return Status.PROPOSED
    if AGREED.search(text):
        return Status.AGREED
    if PROPOSED.search(text):
        return Status.PROPOSED
    return Status.AGREED


#: The kinds of partnership, each with its cues (graph/data/rules/cues.toml), in the order
#: :func:`kind_of` tries them.
KIND_WORDS = (
    ("joint venture", Cues("kind_joint_venture")),
    ("merger", Cues("kind_merger")),
    ("alliance", Cues("kind_alliance")),
    ("memorandum of understanding", Cues("kind_memorandum")),
    ("co-development", Cues("kind_co_development")),
    ("collaboration", Cues("kind_collaboration")),
)


def kind_of(text: str) -> str | None:
    """The kind of partnership a sentence names, if any ("joint venture", ...)."""
    for name, cues in KIND_WORDS:
        if cues.search(text):
            return name
    return None


# ----------------------------------------------------------------- leadership
_ROLE_CORE = (
    r"(?:chief executive(?: officer)?|CEO|chair(?:man|woman|person)?|president|"
    r"managing director|representative director|director|head|boss|chief|leader|"
    r"founder(?: and (?:CEO|chief executive))?|co-founder)"
)
_ROLE_MOD = (
    r"(?:(?:interim|acting|outgoing|incoming|former|ex-|then-?|new|newly (?:appointed|named)|"
    r"current|global|group|executive|co-|founding|chief|longtime|long-time|veteran|"
    r"incumbent|departing|designate|board|rotating|joint|co)\s*)*"
)
_ROLE_ONE = rf"(?:{_ROLE_MOD}{_ROLE_CORE}(?:[- ]designate)?)"
#: One role or two joined ("chair and CEO"), optionally "of the board (of management)".
ROLE = (
    rf"(?<![Vv]ice )(?<![Dd]eputy )(?<![Aa]ssistant )"
    rf"(?:{_ROLE_ONE}(?:\s+(?:and|&)\s+{_ROLE_ONE})?"
    rf"(?:\s+of\s+the\s+(?:management\s+|supervisory\s+|executive\s+)?board"
    rf"(?:\s+of\s+(?:management|directors))?)?)"
)
#: More companies after the first: "chairman of Acme and Beta".
_MORE_ORGS = rf"(?P<more>(?:\s*,\s*{ORG})*\s+(?:and|&)\s+{ORG}(?!{POSS}|\s*-))?"
#: "the startup's", "the company's": a company named earlier in the article.
_BACKREF = (
    r"\b[Tt]he\s+(?:new\s+|[A-Z][\w-]+\s+|[a-z][\w-]*-based\s+)?(?:startup|start-up|company|firm|carmaker|automaker|group|maker|venture|"
    r"joint venture|supplier|business)"
)
#: "The company", "the Japanese carmaker": a company named in an earlier sentence.
REFERENCE = re.compile(_BACKREF)
#: A role that is not the head of a company ("CFO", "vice president", "spokeswoman").
NOT_LEADER = Cues("not_leader")
_HEAD_VERB = r"(?:heads|leads|runs|chairs|helms|headed|led|ran|chaired|helmed|oversees|oversaw)"
_APPOINT = (
    r"(?:named|appointed|tapped|picked|chose|chosen|selected|promoted|hired|elected|installed|"
    r"reappointed|re-appointed|re-elected|reelected)"
)
#: A role that names a leader with no company: "chief executive Jane Roe", "Chairman Jan Smit".
#: A capitalised "President" is left out: it is a head of state far more often than not.
_BARE_ROLE = (
    r"(?:(?:[Ii]nterim|[Aa]cting|[Oo]utgoing|[Ii]ncoming|[Nn]ew|[Ee]xecutive|[Ff]ounder and|"
    r"[Cc]o-founder and)\s+)*"
    r"(?:[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|CEO|[Cc]hair(?:man|woman|person)?|president|"
    r"[Mm]anaging [Dd]irector)"
    r"(?:\s+and\s+(?:chief executive(?: officer)?|CEO|chair(?:man|woman)?|president))?"
)
#: Words a company-less role may follow: the start of a clause, "said", "its", "the carmaker's".
IMPLIED_BEFORE = re.compile(
    r"(?:^|[,.;:\"“”(]|\b(?:said|says|and|as|by|with|while|that|its|their|his|her)|"
    r"\bthe\s+(?:[\w-]+\s+)?(?:company|group|firm|carmaker|automaker|maker|supplier|manufacturer)(?:'s|’s))\s*$",
    re.I,
)
#: The word after "chief" that makes it a staff role: "chief operating officer".
STAFF_CHIEF = re.compile(
    r"\s*(?:operating|financial|technology|technical|marketing|information|commercial|product|"
    r"strategy|people|legal|digital|sustainability|software|design)\b",
    re.I,
)
#: "Jane Roe said Horse was ...": the company a speaker with a bare role talks for.
SAID_FOR = re.compile(
    rf"\s*,?\s*(?:said|says|added|told reporters)\s+(?:that\s+)?(?:the\s+)?(?P<org>{COMPANY})\s+"
    rf"(?:was|is|were|are|had|has|have|would|will|could|plans|planned|aims|expects|expected)\b",
    re.I,
)
#: The company a sentence is about, named before its verb and after no preposition:
#: "Backed by Acme and Beta, Zeta began making engines" is about Zeta.
GRAMMATICAL_SUBJECT = re.compile(
    rf"(?:^|,\s+)(?P<org>{COMPANY})(?!{POSS})"
    rf"(?:\s*,[^,.;⟨]{{1,100}},)?\s+(?:also\s+|has\s+|have\s+|had\s+|will\s+|would\s+|is\s+|was\s+)?"
    rf"(?:began|begins|started|starts|launched|launches|opened|opens|said|says|plans|aims|expects|"
    rf"employs|makes|builds|produces|sells|supplies|develops|reported|posted|unveiled|"
    rf"announced|is|was|will|has|had)\b",
)
#: "took full control of Zeta", "will take full ownership of Zeta ... buying out": one owner left.
FULL_CONTROL = re.compile(
    rf"\b(?:take|takes|took|taken|taking|assume[sd]?|assuming|gain(?:s|ed)?|gaining)\s+"
    rf"(?:full|sole|complete|total|100%|100\s+percent)\s+(?:control|ownership)\s+of\s+(?:its\s+|the\s+)?"
    rf"(?:(?!(?:from|with|to|for|on|at|by|and|or|in)\b)[a-z][\w-]*\s+){{0,3}}?(?P<tgt>{ORG})(?!{POSS})",
    re.I,
)
#: "merge their truck makers, C and D": the parents merge companies they own.
MERGE_UNITS = re.compile(
    r"\b(?:merge|merging|merged|combine|combining|combined|integrate|integrating|fold|folding)\s+"
    r"(?:their|its)\s+(?:[\w-]+\s+){0,3}?(?:makers|units|arms|subsidiaries|brands|businesses|divisions|"
    r"operations|companies|affiliates)\b",
    re.I,
)
#: "under a new holding company E", "into a new company called E": what the merger creates.
HOLDING = re.compile(
    rf"\b(?:under|into|in|as)\s+(?:a|an|the|one)\s+(?:new\s+|single\s+|jointly[- ]owned\s+|listed\s+)*"
    rf"(?:holding\s+company|holding|company|entity|group|parent)\s*,?\s*(?:called\s+|named\s+)?(?P<org>{ORG})",
    re.I,
)
#: "replacing John Doe", "succeeding outgoing CEO John Doe": the person replaced led it too.
REPLACED = re.compile(
    rf"\b(?:replacing|succeeding|who replaces|who succeeds|to replace|to succeed|be replaced by|"
    rf"replaced by)\s+(?:the\s+)?(?:(?P<role>{ROLE})\s+)?(?P<per>{PERSON})",
    re.I,
)
#: "as chief executive of Beta": the company a role in the sentence is for.
ROLE_OF = re.compile(
    rf"\b(?:as|to be|to serve as|to become)\s+(?:the\s+)?(?:next\s+|new\s+)?(?P<role>{ROLE})\s+(?:of|at)\s+(?:the\s+)?(?P<org>{ORG})",
    re.I,
)
#: A role said of someone in the sentence: the role the replaced person held.
ROLE_RE = re.compile(ROLE, re.I)
#: Tenure words of a role and of its clause (graph/data/rules/cues.toml), see :func:`tenure_of`.
_ROLE_OUTGOING, _CLAUSE_OUTGOING = Cues("role_outgoing"), Cues("clause_outgoing")
_ROLE_FORMER, _CLAUSE_FORMER = Cues("role_former"), Cues("clause_former")
_ROLE_INCOMING, _CLAUSE_INCOMING = Cues("role_incoming"), Cues("clause_incoming")
INTERIM = Cues("role_interim")


def tenure_of(role_text: str, context: str) -> str:
    """current, incoming, outgoing or former (the annotation guide's tenures), from the role
    words and their clause; an interim or acting head is current, "interim" stays in the role."""
    if _ROLE_OUTGOING.search(role_text) or _CLAUSE_OUTGOING.search(context):
        return "outgoing"
    if _ROLE_FORMER.search(role_text) or _CLAUSE_FORMER.search(context):
        return "former"
    if not INTERIM.search(role_text) and (
        _ROLE_INCOMING.search(role_text) or _CLAUSE_INCOMING.search(context)
    ):
        return "incoming"
    return "current"


_ROLE_NAMES = (
    (re.compile(r"chief executive|\bCEO\b", re.I), "CEO"),
    (re.compile(r"chairwoman", re.I), "chairwoman"),
    (re.compile(r"chairman", re.I), "chairman"),
    (re.compile(r"chairperson|\bchair\b", re.I), "chair"),
    (re.compile(r"managing director", re.I), "managing director"),
    (re.compile(r"representative director", re.I), "representative director"),
    (re.compile(r"president", re.I), "president"),
    (re.compile(r"director", re.I), "director"),
    (re.compile(r"founder", re.I), "founder"),
)


def role_name(role_text: str) -> str:
    """The role as stated, trimmed of tenure words: "former chief executive" -> "CEO".

    >>> role_name("Director")
    'Director'
    >>> role_name("interim chief executive officer")
    'CEO'
    >>> role_name("chair and chief executive")
    'chair and CEO'
    """
    parts = re.split(r"\s+(?:and|&)\s+", role_text.strip())
    if len(parts) > 1:
        return " and ".join(_one_role(part) for part in parts)
    return _one_role(role_text)


def _one_role(role_text: str) -> str:
    words = re.sub(
        r"\b(?:interim|acting|outgoing|incoming|former|ex-|then-?|new|newly (?:appointed|named)|current|"
        r"longtime|long-time|veteran|incumbent|departing|designate)\b\s*",
        "",
        role_text,
        flags=re.I,
    ).strip(" -,")
    if re.fullmatch(r"[A-Z][a-z]+|[A-Z]+", words):
        return words
    for pattern, name in _ROLE_NAMES:
        if pattern.search(words):
            return name
    return words.lower()


# ----------------------------------------------------------------- investment
_AMOUNT_NUM = r"\d+(?:[.,]\d+)*"
AMOUNT = re.compile(
    rf"(?P<qual>(?:over|more than|about|around|nearly|almost|up to|roughly|some|approximately|at least)\s+)?"
    rf"(?:(?P<sym>US\$|\$|€|£|¥|USD|EUR|JPY|GBP|CNY|RMB|KRW|INR|Rs\.?|₹|₩)\s?(?P<num>{_AMOUNT_NUM})"
    rf"|(?P<num2>{_AMOUNT_NUM}))\s*"
    rf"(?P<mult>trillion|billion|million|bn|mn|m|tn|crore|lakh)?\b\s*"
    rf"(?P<word>dollars|euros|yen|yuan|renminbi|won|pounds|rupees|US dollars)?",
    re.IGNORECASE,
)
_CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "krw": "KRW",
    "₩": "KRW",
    "won": "KRW",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "₹": "INR",
    "rupees": "INR",
}
_MULT = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "crore": 1e7,
    "lakh": 1e5,
}


@dataclass(frozen=True)
class Amount:
    """A sum of money as read: value, ISO currency and the words used."""

    value: float
    currency: str
    text: str


def find_amount(text: str) -> Amount | None:
    """The first sum of money in ``text`` that names a currency.

    >>> find_amount("investing over $600 million in the unit")
    Amount(value=600000000.0, currency='USD', text='over $600 million')
    >>> find_amount("a 2.5 billion euros fund").currency
    'EUR'
    >>> find_amount("sold 600 cars") is None
    True
    """
    for match in AMOUNT.finditer(text):
        symbol = (match["sym"] or match["word"] or "").lower()
        if symbol not in _CURRENCY:
            continue
        digits = (match["num"] or match["num2"]).replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        value *= _MULT.get((match["mult"] or "").lower(), 1.0)
        return Amount(value, _CURRENCY[symbol], match.group(0).strip())
    return None


STAKE = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent|-percent|-per-cent)", re.IGNORECASE
)


def find_stake(text: str) -> float | None:
    """The first percentage in ``text``, as a number.

    >>> find_stake("a 34% stake")
    34.0
    """
    match = STAKE.search(text)
    return float(match["pct"]) if match else None


_INVEST_VERB = r"(?:invest(?:s|ed|ing)?|inject(?:s|ed|ing)?|pour(?:s|ed|ing)?|pump(?:s|ed|ing)?|plough(?:s|ed)?|plow(?:s|ed)?|put(?:s|ting)?)"
_STAKE_VERB = (
    r"(?:take|takes|took|taking|taken|buy|buys|bought|buying|acquire[sd]?|acquiring|purchase[sd]?|"
    r"purchasing|hold|holds|held|holding|own|owns|owned|has|have|had|raise[sd]?|raising|"
    r"increase[sd]?|increasing|boost(?:s|ed|ing)?|lift(?:s|ed|ing)?|keep(?:s)?|kept|retain(?:s|ed)?|"
    r"build(?:s)?|built|secure[sd]?|get|gets|got|with|reduce[sd]?|reducing|cut|cuts|trim(?:s|med)?|"
    r"lower(?:s|ed)?|sell(?:s|ing)?\s+(?:part|some)\s+of|sold\s+(?:part|some)\s+of)"
)
_GAP = rf"{_TXT}{{0,70}}?"

#: The shared wording that rule files (graph/data/rules/*.toml) name as ``{NAME}``.
MACROS = {
    "TXT": _TXT,
    "GAP": _GAP,
    "ORG": ORG,
    "COMPANY": COMPANY,
    "PERSON": PERSON,
    "POSS": POSS,
    "PLACE_POSS": PLACE_POSS,
    "ORGLIST": ORGLIST,
    "ROLE": ROLE,
    "MORE_ORGS": _MORE_ORGS,
    "BACKREF": _BACKREF,
    "HEAD_VERB": _HEAD_VERB,
    "APPOINT": _APPOINT,
    "BARE_ROLE": _BARE_ROLE,
    "INVEST_VERB": _INVEST_VERB,
    "STAKE_VERB": _STAKE_VERB,
}
_NAME_WORD = r"[A-Z][a-zà-ÿā-ž'’\-]+(?:[A-Z][a-zà-ÿā-ž'’\-]+)?"  # "JoeBen", "McAllister"
_PERSON_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:de|van|von|da|di|del|la|le|bin)\s+)?{_NAME_WORD}){{1,2}}"
_ROLE_WORDS = r"(?:CEO|[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|[Cc]hair(?:man|woman|person)?|[Pp]resident|[Dd]irector|[Hh]ead|[Bb]oss|[Cc]hief|[Ff]ounder)"
_CO_NAME = r"[A-Z][\w.&'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w.&'’-]*){0,4}"
_CO_NOUN = (
    r"(?:startup|start-up|supplier|carmaker|automaker|car maker|maker|firm|company|developer|manufacturer|"
    r"operator|producer|chipmaker|designer|specialist|provider|house|group|brand|venture|outfit)"
)
_LOWER_CO_NAME = (
    r"[a-z][\w&'’-]*[ \t]+(?:Automobile|Automotive|Auto|Motors?|Mobility|Energy|Technology|Technologies|"
    r"Holdings?|Group|Cars|Systems|Robotics|Inc\.?|Ltd\.?|Co\.|Corp\.?|GmbH|AG|SE|SA|NV|LLC)\b"
)
_PLACE_OWNER = r"(?:[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?(?:'s|’s)[ \t]+)?"
_NOT_PRONOUN = r"(?!(?:It|He|She|They|We|This|That|The|Its|Their)\b)"
#: The shared wording the name cues of ``graph/data/rules/names.toml`` are written with.
NAME_CUE_MACROS = {
    "NAME_WORD": _NAME_WORD,
    "PERSON_NAME": _PERSON_NAME,
    "ROLE_WORDS": _ROLE_WORDS,
    "CO_NAME": _CO_NAME,
    "CO_NOUN": _CO_NOUN,
    "LOWER_CO_NAME": _LOWER_CO_NAME,
    "PLACE_OWNER": _PLACE_OWNER,
    "NOT_PRONOUN": _NOT_PRONOUN,
}
#: Cues that a name no table lists is a person's ("chief executive Jane Roe"), those read in
#: title-cased headlines too first; and that it is a company's ("startup Zeta", "a 15% stake
#: in Zeta"). Tried in file order.
HEADLINE_PERSON_CUES = load_rules("names.toml", "person_in_headlines", NAME_CUE_MACROS)
PERSON_CUES = HEADLINE_PERSON_CUES + load_rules("names.toml", "person", NAME_CUE_MACROS)
COMPANY_CUES = load_rules("names.toml", "company", NAME_CUE_MACROS)
#: Leaders named with their company.
LEADS = load_rules("leads.toml", "named", MACROS)
#: Leaders of a company named only as "the startup" or "the new company".
LEADS_BACKREF = load_rules("leads.toml", "reference", MACROS)
#: Leaders of a company the sentence leaves implied, each with the role they hold.
LEADS_IMPLIED = load_rules("leads.toml", "implied", MACROS)
#: Investments and holdings, each read as its rule's kind says.
INVESTS = load_rules("investments.toml", "invests", MACROS)
#: Joint ventures named with their owners.
JOINT_VENTURES = load_rules("ventures.toml", "ventures", MACROS)
#: Partnerships named as "its partner", "its joint venture with".
PARTNERS = load_rules("partnerships.toml", "named", MACROS)
#: "its luxury brand Audi", "its sports-car maker Porsche": owned by the sentence's company.
ITS_BRAND = re.compile(
    rf"\bits\s+(?:(?!rival|partner|former|customer|supplier|peer|own\b)[\w-]+\s+){{0,2}}?"
    rf"(?:brand|marque|subsidiary|carmaker|maker)\s*,?\s*(?P<tgt>{ORG})",
    re.I,
)
#: "P said the carmaker would keep its 12% stake in Zeta": "its" is the company the clause is about.
ITS_STAKE = re.compile(
    rf"\b(?:the\s+(?:[\w-]+\s+)?(?:company|carmaker|automaker|group|firm|maker)|it)\s+"
    rf"(?:(?:would|will|could|plans?\s+to|intends?\s+to|wants?\s+to|aims?\s+to|has|had|also|still)\s+)*"
    rf"{_STAKE_VERB}\s+its\s+(?P<amt>(?:[\w.%-]+\s+){{0,3}}?)(?:stake|holding|shareholding)\s+in\s+"
    rf"(?:the\s+)?(?P<tgt>{ORG})",
    re.I,
)
#: "no plans to sell its stake": a denial that keeps the holding, not one that denies it.
KEEPS_HOLDING = re.compile(
    r"\b(?:no plans?|no intention|not considering)\s+(?:to|of)\s+(?:sell|selling|reduc\w*|cut|cutting|trim\w*)\b",
    re.I,
)
INVEST_PROPOSED = re.compile(
    r"\b(?:plan(?:s|ned|ning)? to|will|would|could|may|might|consider\w*|talks?|negotiat\w*|"
    r"propos\w*|seek(?:s|ing)?|aim(?:s|ing)? to|expected to|intend\w*|mull\w*|weigh\w*|explor\w*)\b",
    re.I,
)
INVEST_ENDED = re.compile(
    r"\b(?:sold|sell(?:s|ing)? (?:its|their)|divest\w*|exit(?:ed|s)?|offload\w*|unwound|dispos\w*|"
    r"cut (?:its|their) stake to zero|no longer)\b",
    re.I,
)

#: Unnamed units: "Renault's electric vehicle unit", optionally followed by its name.
UNIT = re.compile(
    rf"(?P<parent>{COMPANY}){POSS}\s+(?P<desc>(?:(?:[a-z][\w-]*|EV|EVs|AI|IT|R&D|[A-Z]{{2,4}})\s+){{1,4}}?)"
    rf"(?P<noun>unit|division|arm|business group|business|subsidiary|affiliate|branch|operations)\b"
    rf"(?:\s*,?\s*(?P<named>{ORG}))?"
)
UNIT_BAD_DESC = re.compile(
    r"\b(?:own|new|main|core|entire|whole|the|a|an|its|their|this|that)\b", re.I
)

#: "Zeta is 50.1% owned by Acme, 44% by Beta and 5.9% by Gamma".
OWNED_SPLIT = re.compile(
    rf"(?P<tgt>{ORG})\s*,?\s*(?:{_TXT}{{0,60}}?(?:⟨[CUX]\d+⟩{_TXT}{{0,30}}?)?,\s*)?"
    rf"(?:is|are|was|were|(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:venture|company|firm))\s+"
    rf"(?P<list>\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+owned\s+by\s+{ORG}"
    rf"(?:\s*,?\s*(?:and\s+)?\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+(?:by\s+)?{ORG})*)",
    re.I,
)
SHARE_OF = re.compile(
    rf"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:owned\s+)?(?:by\s+)?(?P<org>{ORG})",
    re.I,
)
#: "Acme keeps the remaining 25%", "Beta holds 49%": a stake in the company last discussed.
STAKE_BARE = re.compile(
    rf"(?P<inv>{COMPANY})\s+(?:will\s+|would\s+)?(?:also\s+)?(?:own|owns|hold|holds|held|keep|keeps|kept|retain|"
    rf"buying|taking|holding|owning|keeping|"
    rf"retains|retained|take|takes|took|have|has)\s+(?:about\s+|around\s+|roughly\s+)?(?:the\s+remaining\s+)?"
    rf"(?P<amt>\d+(?:\.\d+)?\s*(?:%|percent|per cent))"
    rf"(?:\s+(?:stake|share|holding))?(?:\s+(?:of|in)\s+{_BACKREF})?(?!\s*(?:stake\s+|share\s+)?(?:of|in)\s+⟨)",
    re.I,
)
#: "... and Beta 40%": the second owner of a split, verb left out.
STAKE_ELLIPSIS = re.compile(
    rf"\band\s+(?P<inv>{COMPANY})\s+(?P<amt>\d+(?:\.\d+)?\s*(?:%|percent|per cent))(?!\s*(?:of|in)\s+⟨)",
    re.I,
)
#: Wording that names a company as a joint venture.
VENTURE_APPOS = re.compile(
    rf"(?P<jv>{ORG})(?:\s*,\s*(?:is\s+|was\s+)?(?:a|an|the|their|its)|\s+(?:is\s+|was\s+)?(?:their|its)|\s+(?:is|was)\s+(?:a|an|the))\s+(?P<desc>{_TXT}{{0,80}}?)"
    rf"\b(?:joint[- ]venture|venture|equally[- ]owned\s+(?:company|venture|firm)|50[-:/]50\s+(?:company|venture)|"
    rf"(?:company|firm)\s+(?:owned\s+)?(?:equally|jointly)(?=\s+(?:owned\s+)?by\b)|(?:their\s+)?(?:new|joint)\s+company)\b",
    re.I,
)
VENTURE_NAMED = re.compile(
    rf"\b(?:joint[- ]ventures?|(?:their|a)\s+(?:new\s+|joint\s+){{1,2}}company)\s*,?\s*"
    rf"(?:called\s+|named\s+|known as\s+)?(?P<jv>{ORG})"
    rf"|\b(?:the|a|their)\s+(?:new\s+)?venture\s*,?\s*(?:to be\s+|will be\s+)?(?:called|named)\s+(?P<jv2>{ORG})"
    rf"|\b(?:the|their)\s+(?:new\s+|joint\s+)?venture\s*,\s*(?P<jv3>{ORG})\s*,",
    re.I,
)
#: "A and B each own 45% of the company": every owner of the venture last named.
EACH_OWN_BACKREF = re.compile(
    rf"(?P<owners>{ORGLIST})\s+(?:will\s+)?each\s+(?:own|hold|have|take)\s+(?:a\s+)?"
    rf"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)(?:\s+stake)?(?:\s+(?:of|in)\s+{_BACKREF})?(?!\s*(?:stake\s+)?(?:of|in)\s+⟨)",
    re.I,
)
#: "A holds 60% and B the rest": the second owner takes what is left.
STAKE_REST = re.compile(
    rf"\band\s+(?P<inv>{COMPANY})\s+(?:holds\s+|owns\s+|has\s+|keeps\s+|takes\s+)?the\s+(?:rest|remainder)\b",
    re.I,
)
#: Owners after the venture's description: "between A and B", "owned by A, B and C".
VENTURE_OWNERS_AFTER = re.compile(
    rf"^\s*(?:[\w%.-]+\s+){{0,6}}?(?:between|with|of|by|from)\s+(?P<owners>{ORGLIST})", re.I
)
#: Owners before the venture: "A and B formed Zeta", "the two companies will form Zeta".
VENTURE_OWNERS_BEFORE = re.compile(
    rf"(?P<owners>{ORGLIST}|\b(?:the|both)\s+(?:two\s+)?(?:companies|automakers|carmakers|firms|groups|partners))\s+(?:(?:will|would|have|has|had|to|jointly|also|formally|officially|on\s+\w+)\s+)*"
    rf"(?:form|formed|forms|forming|set\s+up|sets\s+up|setting\s+up|launch|launched|launches|open|opened|opens|"
    rf"finali[sz]ed?|create[sd]?|establish(?:ed|es)?|found(?:ed)?|start(?:ed|s)?|unveil(?:ed|s)?)\s+(?:up\s+)?(?P<jv>{ORG})",
    re.I,
)
#: The owners of a venture hold equal shares ("50-50", "owned equally").
EQUAL_SPLIT = Cues("equal_split")
EACH_HOLDS = re.compile(
    r"\beach\s+(?:company\s+|partner\s+|side\s+|of\s+them\s+)?(?:will\s+)?(?:holds?|owns?|takes?|has|have)\s+"
    r"(?:a\s+)?(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)",
    re.I,
)
OWNER_STAKE = re.compile(
    rf"(?P<org>{ORG})\s+(?:will\s+)?(?:holds?|owns?|has|have|takes?|keeps?)?\s*(?:a\s+)?"
    rf"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)",
    re.I,
)
#: A company named before "vehicles", "brand" and the like is a product label, not a party.
PRODUCT_USE = re.compile(
    rf"(?P<org>{ORG})\s+(?:(?!(?:with|and|to|in|on|for|from|at|by|as|or)\b)[\w-]+\s+)?(?:vehicles|cars|models?|brand|brands|badge|dealers|dealerships|"
    rf"customers|owners|drivers|shares|stock|investors|plants?|factory|factories|robotaxis?|app|apps|"
    rf"sedans?|SUVs?|pickups?|trucks?|motorcycles?|scooters?|platform|name|chips?|processors?|"
    rf"software|cloud|engines?|batteries|cells)\b",
    re.I,
)
#: "the motorcycle division of BMW", "Tata Motors-owned JLR": the parent is not a party.
PARENT_ONLY = re.compile(
    rf"(?:\b(?:divisions?|units?|arms?|subsidiary|subsidiaries|affiliates?|brands?|business(?:es)?)\s+of\s+(?:the\s+)?"
    rf"(?:[A-Z][\w-]*(?:'s|’s)\s+)?(?P<of>{ORG}))"
    rf"|(?:(?P<pre>{ORG})\s*-\s*(?:owned|backed|controlled|funded)\b)",
    re.I,
)
#: "invest up to €600 million in Ampere": the company invested in is a target, not a party.
INVEST_TARGET = re.compile(
    rf"\binvest(?:s|ed|ing)?\s+(?:[^⟨.;]{{0,40}}?\s)?in(?:to)?\s+(?P<org>{ORG})", re.I
)
#: Analysts and commentators naming possible partners: opinion, not news.
OPINION = Cues("opinion")
#: "a deal that created Stellantis": the result of a merger is not one of its parties.
RESULT = re.compile(
    rf"\b(?:that|which|to)\s+(?:created?|formed?|became|become|gave birth to)\s+(?P<org>{ORG})",
    re.I,
)
#: "Huawei signed partnerships with Seres, Chery and JAC": one company, several partners.
WITH_LIST = re.compile(
    rf"(?P<hub>{COMPANY})\s*,?\s+{_TXT}{{0,50}}?\b(?:partnerships?|alliances?|agreements?|deals?|tie-ups?|"
    rf"(?:teamed|tied|partnered)\s+up|partnered|allied|joined forces|team(?:s|ed|ing)|work(?:s|ed|ing)?)\s+with\s+"
    rf"{_TXT}{{0,30}}?"
    rf"(?P<list>{ORG}(?:\s*,\s*{ORG})+\s*,?\s*(?:and|&)\s+{ORG}|{ORG}\s+(?:and|&)\s+(?:[a-z][\w-]*\s+){{0,3}}{ORG})",
    re.I,
)
#: Clauses set off by commas that interrupt subject and verb: ", which owns Volvo,".
INSERTED = re.compile(r",\s*(?:a|an|the|which|who|whose)\b[^,;]{0,200},", re.I)
#: "Nissan will invest €600 million in Ampere, and Mitsubishi up to €200 million": a second
#: investor in the same target, the verb left out.
INVEST_ELLIPSIS = re.compile(
    rf"[^.;]{{0,80}}?,?\s+and\s+(?P<inv>{COMPANY})\s+(?P<amt>(?:up to\s+|about\s+|another\s+|a further\s+)?"
    rf"(?:US\$|\$|€|£|¥)\s?\d+(?:[.,]\d+)*\s*(?:trillion|billion|million|bn|mn|m)?)\b",
    re.I,
)
#: "with Hyundai contributing $240 million and Kia $60 million": each investor's part.
CONTRIBUTION = re.compile(
    rf"(?P<inv>{COMPANY})\s+(?:contributing|providing|putting up|investing|paying|to invest|will invest)?\s*"
    rf"(?P<amt>(?:US\$|\$|€|£|¥)\s?\d+(?:[.,]\d+)*\s*(?:trillion|billion|million|bn|mn|m)?)\b",
    re.I,
)
#: Slots in a position that makes them a party: coordinated with another company, after
#: "with" or "between", or the subject of a deal verb. Names only a statistical model
#: proposed must stand in such a position to count as partners.
ANCHORED = re.compile(
    rf"(?:\b(?:with|between|and|&)\s+|(?<=⟩),\s*)⟨(?P<code>[CU]\d+)⟩"
    rf"|⟨(?P<code2>[CU]\d+)⟩(?={POSS}?\s*(?:,|and\b|&))"
)
#: "Snapdragon Ride, an automated driving system", "the new CLA": products, not parties.
PRODUCT_APPOS = re.compile(
    rf"(?P<org>{ORG})\s*,\s*(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,4}}?(?:system|platform|chip|software|"
    rf"model|vehicle|car|SUV|sedan|robotaxi|service|app|engine|battery)s?"
    rf"(?=\s*(?:[,.;]|$|that\b|which\b|for\b|to\b|with\b|in\b|on\b|from\b))"
    rf"|\b(?:the|its|their)\s+new\s+(?P<org2>{ORG})(?!\s*,?\s*(?:a|an|the)\s+(?:joint\s+)?venture)",
    re.I,
)
#: "a car made by Foxtron": a maker or supplier of something, not a party to the deal.
MADE_BY = re.compile(
    rf"\b(?:made|built|produced|supplied|manufactured|designed|powered)\s+by\s+(?P<org>{ORG})", re.I
)
#: Cheap gates: a sentence without these words cannot state a venture or an investment.
VENTURE_CUE = re.compile(r"venture|equally|50|(?:new|joint) company", re.I)
INVEST_CUE = re.compile(
    r"invest|inject|pour|pump|plough|plow|stake|own|hold|held|back|acqui|bought|buy|purchas|sharehold|"
    r"round|%|percent|per cent|control|sell|sold|pay|paid|spen[dt]|fund|financ|took over|take over|"
    r"takes over|taking over|takeover|buyout|absorb|keep|kept|retain|interest|equity|put|brand|marque|parent|"
    r"subsidiar|maker|unit|\barm\b|division|affiliate|'s|’s",
    re.I,
)
#: The price after a deal's target: "a 30% stake in Zeta, a Nairobi startup, for $18 million".
PRICE_AFTER = re.compile(
    rf"(?:{_TXT}|⟨[CUX]\d+⟩){{0,80}}?\bfor\s+(?P<amt>(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|"
    rf"over\s+|more than\s+|up to\s+)?\S*\d[\d.,]*\s*(?:trillion|billion|million|crore|lakh|bn|mn|m)?\b"
    rf"(?:\s*(?:yuan|yen|won|euros|dollars|rupees|pounds|renminbi))?)",
    re.I,
)
#: "Acme will serve as interim CEO", said of the company that is the sentence's subject.
LEADS_SUBJECT = re.compile(
    rf"^\s*(?P<org>{COMPANY})\s+(?:said|says|announced|named|confirmed)\b[^.;]{{0,80}}?(?P<per>{PERSON})"
    rf"(?:\s*,[^.;]{{0,60}}?,)?\s+(?:would|will)\s+(?:serve|act|take over)\s+as\s+(?P<role>{ROLE})",
    re.I,
)
#: "Renault remains the largest shareholder of the Busan-based carmaker": the company last discussed.
LARGEST_BACKREF = re.compile(
    rf"(?P<inv>{COMPANY})\s+(?:is|was|remains|became|becomes|will become)\s+(?:the\s+)?(?:single\s+)?"
    rf"(?:largest|biggest)\s+(?:shareholder|investor|owner)\s+(?:in|of)\s+the\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:carmaker|automaker|company|firm|startup|maker|group|venture|business)\b",
    re.I,
)
#: "each bought ¥200 billion of the other's shares": a cross-shareholding of the pair.
CROSS_HOLDING = re.compile(
    r"\beach\s+(?:\w+\s+)?(?:bought|buys|took|takes|acquired|holds|owns|will buy|will take)\s+"
    r"(?P<amt>[^.;⟨]{0,40}?)\s*(?:of\s+the\s+other(?:'s|’s)\s+(?:shares|stock)|(?:stake|shares?)\s+in\s+the\s+other)",
    re.I,
)
#: "... a 20% stake in Subaru and a 5% stake in Mazda": more targets of the same verb.
STAKE_MORE = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:a|an)\s+(?P<amt>\d+(?:\.\d+)?\s*(?:%|percent|per cent))\s+"
    rf"(?:stake|holding|interest|shareholding)\s+in\s+(?P<tgt>{ORG})",
    re.I,
)
