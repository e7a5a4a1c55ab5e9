"""Synthetic, news-like articles about an invented industry, with their true facts.

For tests and benchmarks: any number of articles, deterministic for a seed,
about companies, units and people that no reference table knows, each article
stating a few partnerships, leaderships and investments in varied phrasings
among sentences that state nothing.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_HEADS = [
    "Nor",
    "Kes",
    "Val",
    "Bri",
    "Cor",
    "Dal",
    "Fen",
    "Har",
    "Lum",
    "Mar",
    "Ost",
    "Pel",
    "Quin",
    "Ros",
    "Sol",
    "Tal",
    "Ul",
    "Ver",
    "Wex",
    "Zan",
]
_TAILS = [
    "vale",
    "trel",
    "ora",
    "dix",
    "wyn",
    "mont",
    "bury",
    "crest",
    "field",
    "ford",
    "holt",
    "lan",
    "mere",
    "ric",
    "ston",
    "tor",
    "vik",
    "well",
]
_FORMS = [
    "Motors",
    "Automotive",
    "Technologies",
    "Mobility",
    "Energy",
    "Motors Inc.",
    "Automotive AG",
]
_FIRST = [
    "Jane",
    "Arno",
    "Ruth",
    "Ada",
    "Tomas",
    "Lena",
    "Kenji",
    "Mira",
    "Oskar",
    "Priya",
    "Ines",
    "Hugo",
    "Noor",
    "Felix",
    "Sara",
    "Ivo",
]
_LAST = [
    "Holloway",
    "Feldkamp",
    "Okafor",
    "Brandt",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Castell",
    "Weber",
    "Rao",
    "Duarte",
    "Novak",
]
_THINGS = [
    "solid-state batteries",
    "a shared electric platform",
    "charging networks",
    "driver-assistance software",
    "hydrogen trucks",
    "in-car operating systems",
]
_FILLER = [
    "Sales of {a} rose {n}% in the third quarter.",
    "Analysts expect demand for {thing} to grow next year.",
    "The market for {thing} remains crowded.",
    "{a} reported higher costs for raw materials.",
    "Shares of {a} closed {n}% lower on Tuesday.",
]
_PARTNER = [
    ("{a} and {b} signed an agreement to co-develop {thing}.", "agreed"),
    ("{a} has teamed up with {b} on {thing}.", "agreed"),
    ("{a} is in talks with {b} about a possible alliance on {thing}.", "proposed"),
    ("{a} and {b} called off their joint venture for {thing}.", "ended"),
    ("{a} and {b} announced a partnership to build {thing}.", "agreed"),
]
_LEAD = [
    ("{a} CEO {p} said the company would expand production.", "CEO"),
    ("{p}, chief executive of {a}, told reporters the plan was on track.", "CEO"),
    ("{a} named {p} as its new chairman.", "chairman"),
    ("{a}'s president, {p}, opened the new plant.", "president"),
]
_INVEST = [
    ("{a} will invest ${n} million in {b}.", None),
    ("{a} took a {n}% stake in {b}.", "stake"),
    ("{a} owns {n}% of {b}.", "stake"),
]


@dataclass(frozen=True)
class SyntheticArticle:
    """An article and the facts it states, as (subject, relation, object)."""

    id: str
    text: str
    facts: frozenset[tuple[str, str, str]]


def _names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(_HEADS)}{rng.choice(_TAILS)} {rng.choice(_FORMS)}")
    return sorted(names)


def _people(rng: random.Random, count: int) -> list[str]:
    people: set[str] = set()
    while len(people) < count:
        people.add(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}")
    return sorted(people)


def _canonical(name: str) -> str:
    for suffix in (" Inc.", " AG"):
        name = name.removesuffix(suffix)
    return name


def generate(count: int, seed: int = 7, companies: int | None = None) -> Iterator[SyntheticArticle]:
    """``count`` articles about ``companies`` invented companies (default: grows with count)."""
    rng = random.Random(seed)
    firms = _names(rng, companies or max(20, min(2000, count // 2)))
    people = _people(rng, min(len(_FIRST) * len(_LAST), max(10, len(firms) // 2)))
    for number in range(count):
        sentences: list[str] = []
        facts: set[tuple[str, str, str]] = set()
        for _ in range(rng.randint(2, 4)):
            sentences.append(
                rng.choice(_FILLER).format(
                    a=rng.choice(firms), n=rng.randint(2, 30), thing=rng.choice(_THINGS)
                )
            )
        kind = rng.random()
        a, b = rng.sample(firms, 2)
        if kind < 0.45:
            template, _status = rng.choice(_PARTNER)
            sentences.insert(
                rng.randint(0, len(sentences)), template.format(a=a, b=b, thing=rng.choice(_THINGS))
            )
            first, second = sorted((_canonical(a), _canonical(b)))
            facts.add((first, "partnersWith", second))
        elif kind < 0.75:
            template, _role = rng.choice(_LEAD)
            person = rng.choice(people)
            sentences.insert(rng.randint(0, len(sentences)), template.format(a=a, p=person))
            facts.add((person, "leads", _canonical(a)))
        else:
            template, _stake = rng.choice(_INVEST)
            sentences.insert(
                rng.randint(0, len(sentences)),
                template.format(
                    a=a, b=b, n=rng.randint(3, 900) if _stake is None else rng.randint(3, 49)
                ),
            )
            facts.add((_canonical(a), "investsIn", _canonical(b)))
        yield SyntheticArticle(
            f"syn-{seed}-{number:06d}",
            " ".join(sentences),
            frozenset(facts),
        )


def write_jsonl(path: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` synthetic articles as JSONL (``{"id", "text"}``); returns the word count."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for article in generate(count, seed):
            words += len(article.text.split())
            out.write(json.dumps({"id": article.id, "text": article.text}) + "\n")
    return words
