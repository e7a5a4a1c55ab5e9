"""Scoring extraction against a gold file: precision, recall and F1 per relation.

Gold lines are ``{"id", "text", "triples": [{"subject", "predicate", "object",
"status"?, "optional"?}]}``; an optional fact counts neither as hit nor as miss. Names match after resolution through the reference table and
removal of legal suffixes ("Toyota Motor Corp." = "Toyota", "GM" = "General
Motors"); symmetric relations match in either order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .extract import Extractor
from .model import Article, Fact
from .relations import EXTRACTED, ordered
from .resolve import Reference, default_reference, json_lines, name_key, strip_legal
from .text import clean_text

RELATIONS = EXTRACTED
Key = tuple[str, str, str]


@dataclass(frozen=True)
class GoldItem:
    """One passage of a gold file."""

    id: str
    text: str
    triples: frozenset[Key]
    statuses: dict[Key, str]
    #: Borderline facts (``"optional": true``): found or not, they count neither way.
    optional: frozenset[Key] = frozenset()


@dataclass
class Score:
    """Counts for one relation (or all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """The result of scoring a gold file."""

    scores: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in RELATIONS})
    misses: list[tuple[str, Key]] = field(default_factory=list)
    false: list[tuple[str, Key, str]] = field(default_factory=list)
    status_right: int = 0
    status_total: int = 0
    passages: int = 0

    @property
    def micro(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total


def canonical(name: str, reference: Reference) -> str:
    """The matching form of a name: its reference label if known, else its key.

    An unknown name is keyed as the extractor labels it, without its legal form, so that
    "Harlow Motors Inc." in a gold file and the extractor's "Harlow Motors" are one name:

    >>> r = default_reference()
    >>> canonical("Harlow Motors Inc.", r) == canonical("Harlow Motors", r) == "harlow motors"
    True
    >>> canonical("Honda Motor Co., Ltd.", r) == canonical("Honda", r)
    True
    """
    entry = reference.lookup(name)
    return name_key(entry.label if entry is not None else strip_legal(name))


def _key(subject: str, predicate: str, obj: str, reference: Reference) -> Key:
    return ordered(canonical(subject, reference), predicate, canonical(obj, reference))


def read_gold(path: Path, reference: Reference | None = None) -> list[GoldItem]:
    """Read a gold file; a malformed line is an :class:`InputError` naming it."""
    reference = reference or default_reference()
    items = []
    for where, row in json_lines(path):
        try:
            triples, statuses, optional = set(), {}, set()
            for t in row.get("triples", []):
                key = _key(t["subject"], t["predicate"], t["object"], reference)
                if t.get("optional"):
                    optional.add(key)
                    continue
                triples.add(key)
                if t.get("status"):
                    statuses[key] = t["status"]
            items.append(
                GoldItem(
                    str(row["id"]),
                    row["text"],
                    frozenset(triples),
                    statuses,
                    frozenset(optional - triples),
                )
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f'{where}: needs {{"id", "text", "triples": [{{"subject", "predicate", "object"}}]}} ({exc})'
            ) from None
    return items


def evaluate(items: Iterable[GoldItem], extractor: Extractor) -> Evaluation:
    """Extract every passage, its text cleaned as an article's is
    (:func:`graph.text.clean_text`), and compare with its gold triples."""
    result = Evaluation()
    items = list(items)
    outputs = extractor.extract_many([Article(item.id, clean_text(item.text)) for item in items])
    for item, facts in zip(items, outputs, strict=True):
        result.passages += 1
        found: dict[Key, Fact] = {}
        for fact in facts:
            key = _key(
                fact.subject.label, fact.relation.value, fact.object.label, extractor.reference
            )
            found.setdefault(key, fact)
        for key, fact in found.items():
            score = result.scores[key[1]]
            if key in item.triples:
                score.tp += 1
                if key in item.statuses and fact.qualifiers.status is not None:
                    result.status_total += 1
                    result.status_right += fact.qualifiers.status.value == item.statuses[key]
            elif key not in item.optional:
                score.fp += 1
                result.false.append((item.id, key, fact.evidence.sentence))
        for key in sorted(item.triples - found.keys()):
            result.scores[key[1]].fn += 1
            result.misses.append((item.id, key))
    return result


def report(result: Evaluation, details: bool = True) -> str:
    """The scores as a table, then the misses and false facts."""
    lines = [f"{'relation':14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name, score in [*result.scores.items(), ("micro", result.micro)]:
        lines.append(
            f"{name:14}{score.precision:7.3f}{score.recall:7.3f}{score.f1:7.3f}{score.tp:6}{score.fp:6}{score.fn:6}"
        )
    if result.status_total:
        share = result.status_right / result.status_total
        lines.append(
            f"status right: {result.status_right}/{result.status_total} ({share:.0%}) of found facts with a gold status"
        )
    lines.append(f"passages: {result.passages}")
    if details:
        lines.append("")
        lines += [f"miss   {doc}: {s} {p} {o}" for doc, (s, p, o) in result.misses]
        lines += [
            f"false  {doc}: {s} {p} {o}  <- {sentence[:120]}"
            for doc, (s, p, o), sentence in result.false
        ]
    return "\n".join(lines) + "\n"
