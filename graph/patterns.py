"""The wording the relation rules look for: statuses, kinds, roles, tenures and amounts.

Rules in :mod:`graph.extract` run over a *masked* sentence in which every
mention is replaced by a slot such as ``⟨C0⟩`` (company), ``⟨U1⟩`` (business
unit), ``⟨P2⟩`` (person) or ``⟨X3⟩`` (a name that is never a party: a
publisher, a government). The wording lives in data files (``graph/data/rules``): the
shared pieces the rules name (``wording.toml``, :data:`MACROS`), the rules that read
facts (:mod:`graph.rules`), the signals that decide how a sentence is read
(``signals.toml``, :func:`signal`) and the sentence cues for status, denials and rivals
(spaCy Matcher patterns, :mod:`graph.cues`). This module loads them, each with its id,
and reads what they say: a status, a kind, a role, a tenure, an amount, a stake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cues
from .model import Status
from .rules import load_rules, load_signals, load_wording

SLOT = re.compile(r"⟨([CUPX])(\d+)⟩")

# ---------------------------------------------------------------- partnerships
#: Words after which the companies named are rivals or examples, not partners.
RIVAL_CUE = Cues("rival")
DENIAL = Cues("denial")
#: "The two companies", "both automakers": companies named before (graph/data/rules/cues.toml);
#: a hit's value is "three" or "four" when it stands for more than two.
PAIR_REFERENCE = Cues("pair_reference")

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
#: A role that is not the head of a company ("CFO", "vice president", "spokeswoman").
NOT_LEADER = Cues("not_leader")
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


#: The shared wording (graph/data/rules/wording.toml) that the relation rules and the
#: signals name as ``{NAME}`` (its [rules] table), and the name cues (its [names] table).
MACROS = load_wording("rules")
NAME_CUE_MACROS = load_wording("names")
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

#: The signals (graph/data/rules/signals.toml): the wording around the names that decides
#: how the rules read a sentence, each named here by its id.
_SIGNALS = load_signals("signals.toml", MACROS)


def signal(id: str) -> re.Pattern[str]:
    """The signal ``id`` of ``graph/data/rules/signals.toml``, compiled.

    Raises:
        AkgError: the shipped file has no such signal: one line naming it and the fix.
    """
    return _SIGNALS[id]


PARTNER_TRIGGER = signal("partner-trigger")
CLAUSE_BREAK = signal("clause-break")
LINKED = signal("linked")
REFERENCE = signal("reference")
IMPLIED_BEFORE = signal("implied-before")
STAFF_CHIEF = signal("staff-chief")
SAID_FOR = signal("said-for")
GRAMMATICAL_SUBJECT = signal("grammatical-subject")
FULL_CONTROL = signal("full-control")
MERGE_UNITS = signal("merge-units")
HOLDING = signal("holding")
REPLACED = signal("replaced")
ROLE_OF = signal("role-of")
ROLE_RE = signal("role")
ITS_BRAND = signal("its-brand")
ITS_STAKE = signal("its-stake")
KEEPS_HOLDING = signal("keeps-holding")
INVEST_PROPOSED = signal("invest-proposed")
INVEST_ENDED = signal("invest-ended")
UNIT = signal("unit")
UNIT_BAD_DESC = signal("unit-bad-desc")
OWNED_SPLIT = signal("owned-split")
SHARE_OF = signal("share-of")
STAKE_BARE = signal("stake-bare")
STAKE_ELLIPSIS = signal("stake-ellipsis")
VENTURE_APPOS = signal("venture-appos")
VENTURE_NAMED = signal("venture-named")
EACH_OWN_BACKREF = signal("each-own-backref")
STAKE_REST = signal("stake-rest")
VENTURE_OWNERS_AFTER = signal("venture-owners-after")
VENTURE_OWNERS_BEFORE = signal("venture-owners-before")
EACH_HOLDS = signal("each-holds")
OWNER_STAKE = signal("owner-stake")
PRODUCT_USE = signal("product-use")
PARENT_ONLY = signal("parent-only")
INVEST_TARGET = signal("invest-target")
RESULT = signal("result")
WITH_LIST = signal("with-list")
INSERTED = signal("inserted")
INVEST_ELLIPSIS = signal("invest-ellipsis")
CONTRIBUTION = signal("contribution")
ANCHORED = signal("anchored")
PRODUCT_APPOS = signal("product-appos")
MADE_BY = signal("made-by")
VENTURE_CUE = signal("venture-cue")
INVEST_CUE = signal("invest-cue")
PRICE_AFTER = signal("price-after")
LEADS_SUBJECT = signal("leads-subject")
LARGEST_BACKREF = signal("largest-backref")
CROSS_HOLDING = signal("cross-holding")
STAKE_MORE = signal("stake-more")


#: The owners of a venture hold equal shares ("50-50", "owned equally").
EQUAL_SPLIT = Cues("equal_split")
#: Analysts and commentators naming possible partners: opinion, not news.
OPINION = Cues("opinion")
