"""The wording the relation rules look for: triggers, roles, statuses and amounts.

Rules in :mod:`graph.extract` run over a *masked* sentence in which every
mention is replaced by a slot such as ``⟨C0⟩`` (company), ``⟨U1⟩`` (business
unit), ``⟨P2⟩`` (person) or ``⟨X3⟩`` (a name that is never a party: a
publisher, a government). This module holds the regular expressions for the
words around those slots, so the rules read as sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Status

COMPANY = r"⟨C\d+⟩"
ORG = r"⟨[CU]\d+⟩"
PERSON = r"⟨P\d+⟩"
SLOT = re.compile(r"⟨([CUPX])(\d+)⟩")
POSS = r"\s*(?:'s|’s|')"
ORGLIST = rf"{ORG}(?:{POSS})?(?:\s*,\s*{ORG}(?:{POSS})?)*(?:\s*,?\s*(?:and|&)\s+{ORG}(?:{POSS})?)?"

# ---------------------------------------------------------------- partnerships
PARTNER_TRIGGER = re.compile(
    r"\b(?:partner(?:s|ed|ing|ship|ships)?|collaborat\w*|alliance|allied|allies|"
    r"joint[- ]venture|JV|tie[- ]?ups?|tied up|tie up|team(?:s|ed|ing)?[- ]up|"
    r"join(?:s|ed|ing)? (?:hands|forces)|memorand(?:um|a) of understanding|MoU|MOU|"
    r"co-?develop\w*|jointly (?:develop|build|produce|make|invest)\w*|"
    r"cooperat\w*|co-operat\w*|agreement|pact|merger|merge|merging|combine|"
    r"work(?:s|ed|ing)? together|link[- ]?up|pool(?:s|ed|ing)? (?:resources|their)|"
    r"joint (?:effort|development|project|company|platform|work)|share (?:platforms|technology|costs)|"
    r"(?:build|develop|make|produce|work|design|engineer)\w*\s+(?:[\w-]+\s+){0,3}together)\b",
    re.IGNORECASE,
)
#: Words after which the companies named are rivals or examples, not partners.
RIVAL_CUE = re.compile(
    r"\b(?:compet\w*|rivals?|rivalry|against|versus|vs\.?|outsold|outpac\w*|overt(?:ook|ake)\w*|"
    r"ahead of|behind|than|such as|like|including|unlike|whereas|while)\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|—|–| - ", re.IGNORECASE)
DENIAL = re.compile(
    r"\b(?:den(?:y|ied|ies|ying)|no plans?|not in talks|never (?:been )?in talks|rejected (?:the )?reports?|"
    r"dismissed (?:the )?(?:reports?|speculation|rumou?rs?)|not considering|no intention)\b",
    re.IGNORECASE,
)
PAIR_REFERENCE = re.compile(
    r"\b(?:the|both)\s+(?:two\s+|Japanese\s+|German\s+|French\s+|Chinese\s+|Korean\s+|American\s+)?"
    r"(?:companies|automakers|carmakers|car\s?makers|firms|groups|manufacturers|partners|sides|"
    r"brands|rivals|giants)\b|\bthe (?:pair|duo)\b",
    re.IGNORECASE,
)
ITS_PARTNER = re.compile(
    rf"(?:(?P<a>{COMPANY}){POSS}|\b(?P<its>its|their))\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:alliance\s+)?(?:partner|ally|joint[- ]venture partner)s?\s*,?\s*(?P<b>{COMPANY})",
    re.IGNORECASE,
)
#: "A with B", "between A and B": the companies are explicitly linked.
LINKED = re.compile(
    rf"(?:{ORG}{POSS}?\s*(?:,\s*{ORG}\s*)*,?\s*(?:and|&)\s+{ORG}|"
    rf"\b(?:with|between)\s+{ORG}|{ORG}\s*-\s*{ORG})"
)

ENDED = re.compile(
    r"\b(?:scrap(?:s|ped|ping)?|call(?:ed|s|ing)? off|terminat\w*|dissolv\w*|fell through|fall(?:s|en)? through|"
    r"collaps\w*|end(?:s|ed|ing)? (?:the|their|its)|ended|pull(?:s|ed|ing)? out|walk(?:s|ed)? away|"
    r"abandon\w*|unwound|unwind\w*|broke up|break(?:s|ing)? up|no longer|scuttl\w*|cancel\w*|"
    r"exit(?:s|ed|ing)?|quit|split|parted ways|part ways|wound down|wind down|sold (?:its|their) (?:remaining )?stake)\b",
    re.IGNORECASE,
)
PROPOSED = re.compile(
    r"\b(?:talks?|discuss\w*|explor\w*|consider\w*|potential|possible|possibly|negotiat\w*|"
    r"feasibility|mull\w*|weigh\w*|study(?:ing)?|look(?:s|ing)? into|in the making|proposed|"
    r"could|may|might|would|plan(?:s|ned|ning)? to|aim(?:s|ed|ing)? to|seek(?:s|ing)?|"
    r"reportedly|rumou?r\w*|expected to|intend\w*|eye(?:s|ing)?|preliminary)\b",
    re.IGNORECASE,
)
AGREED = re.compile(
    r"\b(?:agree[sd]?|sign(?:s|ed|ing)?|form(?:s|ed|ing)?|finali[sz]\w*|launch\w*|establish\w*|set up|"
    r"seal(?:s|ed)?|struck|strike|ink(?:s|ed)?|complet\w*|announc\w*|unveil\w*|continu\w*|"
    r"extend\w*|renew\w*|expand\w*|deepen\w*|strengthen\w*)\b",
    re.IGNORECASE,
)
_DECIDED_PROPOSAL = re.compile(
    r"\b(?:talks?|discuss\w*|explor\w*|consider\w*|potential|negotiat\w*|feasibility|mull\w*|"
    r"weigh\w*|study(?:ing)?|look(?:s|ing)? into|preliminary|in the making)\b",
    re.IGNORECASE,
)


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
    if _DECIDED_PROPOSAL.search(text):
        return Status.PROPOSED
    if AGREED.search(text):
        return Status.AGREED
    if PROPOSED.search(text):
        return Status.PROPOSED
    return Status.AGREED


KIND_WORDS = (
    ("joint venture", re.compile(r"joint[- ]venture|\bJV\b", re.I)),
    ("merger", re.compile(r"\bmerg\w*", re.I)),
    ("alliance", re.compile(r"\balliance|\ballied|\btie[- ]?ups?\b|\btied up\b", re.I)),
    ("memorandum of understanding", re.compile(r"memorand|\bMoU\b", re.I)),
    ("co-development", re.compile(r"co-?develop|jointly develop|joint development", re.I)),
    ("collaboration", re.compile(r"collaborat|cooperat|co-operat|partner|team|join", re.I)),
)


def kind_of(text: str) -> str | None:
    """The kind of partnership a sentence names, if any ("joint venture", ...)."""
    for name, pattern in KIND_WORDS:
        if pattern.search(text):
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
    r"incumbent|departing|designate|board)\s*)*"
)
ROLE = (
    rf"(?<![Vv]ice )(?<![Dd]eputy )(?<![Aa]ssistant )(?:{_ROLE_MOD}{_ROLE_CORE}(?:[- ]designate)?)"
)
NOT_LEADER = re.compile(
    r"\b(?:CFO|COO|CTO|CIO|CMO|chief (?:financial|operating|technology|technical|marketing|"
    r"information|commercial|product|strategy|people|legal|digital|sustainability|software|design)|"
    r"vice|deputy|spokes\w*|analyst|official|minister|engineer|manager)\b",
    re.IGNORECASE,
)
_HEAD_VERB = r"(?:heads|leads|runs|chairs|helms|headed|led|ran|chaired|helmed|oversees|oversaw)"
_APPOINT = (
    r"(?:named|appointed|tapped|picked|chose|chosen|selected|promoted|hired|elected|installed)"
)
LEADS = [
    # Nissan's CEO, Makoto Uchida / Nissan CEO Makoto Uchida / Ford Model e chief Jane Roe
    re.compile(rf"(?P<org>{ORG}){POSS}?\s*,?\s*(?P<role>{ROLE})\s*,?\s*(?P<per>{PERSON})", re.I),
    # Makoto Uchida, chief executive of Nissan
    re.compile(
        rf"(?P<per>{PERSON})\s*,\s*(?:who is\s+)?(?:the\s+)?(?P<role>{ROLE})\s+(?:of|at|for)\s+(?:the\s+)?(?P<org>{ORG})",
        re.I,
    ),
    # Mary Barra, GM's chief executive / Luca de Meo, Renault CEO
    re.compile(
        rf"(?P<per>{PERSON})\s*,\s*(?:the\s+)?(?P<org>{ORG}){POSS}?\s+(?P<role>{ROLE})", re.I
    ),
    # Jane Roe, who heads Acme
    re.compile(
        rf"(?P<per>{PERSON})\s*,?\s*who\s+(?:\w+\s+)?(?P<verb>{_HEAD_VERB})\s+(?P<org>{ORG})", re.I
    ),
    # Uchida-led Nissan
    re.compile(rf"(?P<per>{PERSON})\s*-\s*(?P<verb>led|headed|run)\s+(?P<org>{ORG})", re.I),
    # Acme named Jane Roe as its new CEO
    re.compile(
        rf"(?P<org>{ORG})\s+(?:has\s+|have\s+|had\s+)?(?P<verb>{_APPOINT})\s+(?P<per>{PERSON})\s*,?\s*"
        rf"(?:[^⟨,.]{{0,40}},\s*)?(?:as|to be|to serve as)\s+(?:its\s+|the\s+|their\s+)?(?:next\s+)?(?P<role>{ROLE})",
        re.I,
    ),
    # Jane Roe was named CEO of Acme / Jane Roe will become chairman of Acme
    re.compile(
        rf"(?P<per>{PERSON})\s+(?:(?:was|has been|had been|will be|is|would be)\s+(?P<verb>{_APPOINT})|"
        rf"(?:is|was|became|becomes|will become|remains|served as|serves as|took over as|takes over as|"
        rf"will take over as|stepped down as|steps down as|will step down as|resigned as|retired as))\s+"
        rf"(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<role>{ROLE})\s+(?:of|at)\s+(?:the\s+)?(?P<org>{ORG})",
        re.I,
    ),
    # the chief executive of Nissan, Makoto Uchida
    re.compile(rf"(?P<role>{ROLE})\s+(?:of|at)\s+(?P<org>{ORG})\s*,\s*(?P<per>{PERSON})", re.I),
    # Jane Roe (CEO of Acme) / Jane Roe, Acme's boss
    re.compile(rf"(?P<per>{PERSON})\s*\(\s*(?P<role>{ROLE})\s*(?:of|at)?\s*(?P<org>{ORG})?", re.I),
]
FORMER = re.compile(
    r"\b(?:former|ex-|then|outgoing|departing|stepped down|steps down|step down|resigned|retired|"
    r"ousted|was|previously|late)\b",
    re.I,
)
INCOMING = re.compile(
    r"\b(?:incoming|designate|will (?:become|take over|succeed)|to succeed|new)\b", re.I
)
INTERIM = re.compile(r"\b(?:interim|acting)\b", re.I)


def tenure_of(role_text: str, context: str) -> str:
    """current, former, incoming or interim, from the role words and their clause."""
    if INTERIM.search(role_text):
        return "interim"
    if re.search(r"\b(?:former|ex-|then|outgoing|departing)\b", role_text, re.I) or re.search(
        r"\b(?:stepped down|steps down|step down|resigned|retired|ousted)\b", context, re.I
    ):
        return "former"
    if INCOMING.search(role_text) or re.search(
        r"\b(?:will become|takes? over|to succeed)\b", context, re.I
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
    """
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
    r"build(?:s)?|built|secure[sd]?|get|gets|got|with)"
)
_GAP = r"[^⟨.;]{0,70}?"
INVESTS = [
    # Nissan ... invested over $600 million in Renault's EV unit
    (
        "invest",
        re.compile(
            rf"(?P<inv>{ORGLIST}){_GAP}\b{_INVEST_VERB}\b(?P<amt>[^⟨.;]{{0,60}}?)\b(?:in|into)\s+(?:the\s+|a\s+)?(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Nissan's $600 million investment in Ampere
    (
        "invest",
        re.compile(
            rf"(?P<inv>{COMPANY}){POSS}\s+(?P<amt>[^⟨.;]{{0,40}}?)\binvestments?\s+(?:in|into)\s+(?:the\s+)?(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # an investment of $N in Y by X
    (
        "invest",
        re.compile(
            rf"investment\s+(?P<amt>of\s+[^⟨.;]{{0,40}}?)?\b(?:in|into)\s+(?P<tgt>{ORG})\s+by\s+(?P<inv>{COMPANY})",
            re.I,
        ),
    ),
    # Toyota took a 5% stake in Mazda
    (
        "stake",
        re.compile(
            rf"(?P<inv>{ORGLIST}){_GAP}\b{_STAKE_VERB}\b(?P<amt>[^⟨.;]{{0,50}}?)\b(?:stake|shareholding|holding|equity interest|interest|share|shares)\s+in\s+(?:the\s+)?(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Toyota owns 20% of Subaru
    (
        "stake",
        re.compile(
            rf"(?P<inv>{COMPANY}){_GAP}\b(?:owns?|owned|holds?|held|controls?|controlled|has|had|acquired|bought|took|takes|will take)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|just over\s+|more than\s+|a\s+)?(?P<amt>\d+(?:\.\d+)?\s*(?:%|percent|per cent))\s+(?:stake\s+)?(?:of|in)\s+(?:the\s+)?(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Acme wholly owns Zeta / Acme fully owns
    (
        "own",
        re.compile(
            rf"(?P<inv>{COMPANY})\s+(?:\w+\s+)?(?:wholly|fully|outright)\s+owns\s+(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Zeta, a wholly owned subsidiary of Acme
    (
        "own",
        re.compile(
            rf"(?P<tgt>{ORG})\s*,?\s*(?:is\s+)?(?:a|an)\s+(?:wholly[- ]owned|fully[- ]owned|majority[- ]owned)\s+(?:subsidiary|unit|affiliate|arm)\s+of\s+(?P<inv>{COMPANY})",
            re.I,
        ),
    ),
    # Acme is the largest shareholder in Zeta
    (
        "own",
        re.compile(
            rf"(?P<inv>{COMPANY})\s*,?\s*(?:[^⟨.;]{{0,30}}?\b)?(?:is|was|remains|became|becomes|as|will become)\s+(?:the\s+|its\s+)?(?:single\s+)?(?:largest|biggest|top|major|controlling|main|principal)\s+(?:shareholder|stakeholder|investor|owner)\s+(?:in|of)\s+(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Zeta's largest shareholder, Acme
    (
        "own",
        re.compile(
            rf"(?P<tgt>{ORG}){POSS}\s+(?:single\s+)?(?:largest|biggest|top|controlling|main|principal)\s+(?:shareholder|stakeholder|investor|owner)\s*,?\s*(?P<inv>{COMPANY})",
            re.I,
        ),
    ),
    # Toyota-backed Pony.ai / Renault-owned Dacia
    (
        "backed",
        re.compile(
            rf"(?P<inv>{COMPANY})\s*-\s*(?:owned|backed|controlled|funded|financed|majority-owned)\s+(?:[a-z][\w-]*\s+){{0,3}}(?P<tgt>{ORG})",
            re.I,
        ),
    ),
    # Zeta, backed by Acme
    (
        "backed",
        re.compile(
            rf"(?P<tgt>{ORG})\s*,?\s*(?:which is\s+|which was\s+)?(?:partly\s+|majority\s+|jointly\s+)?(?:owned|backed|funded|controlled)\s+by\s+(?P<inv>{ORGLIST})",
            re.I,
        ),
    ),
    # Acme acquired Zeta / agreed to buy Zeta
    (
        "acquire",
        re.compile(
            rf"(?P<inv>{COMPANY}){_GAP}\b(?:acquire[sd]?|acquiring|buy|buys|bought|buying|purchase[sd]?|purchasing|took over|take over|takes over|taking over|absorb(?:s|ed)?)\s+(?:(?:a\s+)?(?:majority|controlling|full)\s+(?:stake\s+in\s+|control\s+of\s+)?)?(?:(?:[a-z][\w-]*|U\.S\.)\s+){{0,3}}(?P<tgt>{ORG})(?!{POSS})",
            re.I,
        ),
    ),
]
JOINT_VENTURES = [
    # Zeta, a 50-50 joint venture between Acme and Beta
    re.compile(
        rf"(?P<jv>{ORG})\s*,?\s*(?:is\s+|was\s+)?(?:a|an|the|their)\s+(?:[\w-]+\s+){{0,3}}?joint[- ]venture\s+(?:company\s+)?(?:between|of|by|owned by|formed by|set up by|created by|from)\s+(?P<owners>{ORGLIST})",
        re.I,
    ),
    # Acme and Beta's joint venture Zeta
    re.compile(
        rf"(?P<owners>{ORGLIST})\s+(?:[\w-]+\s+){{0,6}}?joint[- ]ventures?\s*,?\s*(?:called\s+|named\s+|known as\s+)?(?P<jv>{ORG})",
        re.I,
    ),
    # the joint venture Zeta, owned by Acme and Beta
    re.compile(
        rf"joint[- ]venture\s*,?\s*(?P<jv>{ORG})\s*,?\s*(?:which is\s+)?(?:owned|formed|set up|created)\s+(?:jointly\s+)?by\s+(?P<owners>{ORGLIST})",
        re.I,
    ),
]
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
    rf"(?P<noun>unit|division|arm|business|subsidiary|affiliate|branch|operations)\b"
    rf"(?:\s*,?\s*(?P<named>{ORG}))?"
)
UNIT_BAD_DESC = re.compile(
    r"\b(?:own|new|main|core|entire|whole|the|a|an|its|their|this|that)\b", re.I
)
