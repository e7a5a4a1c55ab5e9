"""Precision and recall on two public company-relation test sets, CORE and FIRE.

    python benchmarks/public_sets.py core PATH/TO/test.json
    python benchmarks/public_sets.py fire PATH/TO/fire_test.json

Neither set ships with akg; each is read from a copy of its authors' test file:

- CORE (company relations in sentences of company Wikipedia pages; the file
  ``dataset/test.json`` of the CORE repository): one labelled pair a sentence.
  ``collaboration`` and ``merged_with`` are read as partnersWith;
  ``shareholder_of`` (e1 holds shares in e2), ``subsidiary_of`` (e2 owns e1) and
  ``acquired_by`` (e2 buys e1) as investsIn, turned round where the file says
  ``invert_relation``. Every other label (competitor, client, product, undefined,
  ...) is a pair that holds neither.
- FIRE (financial news and filings; the file ``fire/fire_test.json`` of the FIRE
  repository): every company the sentence's annotation names. ``ActionBuy`` and
  ``ActionSell`` between two companies are read as investsIn of the first in the
  second, ``Subsidiaryof`` as investsIn of the parent in the subsidiary,
  ``ActionMerge`` as partnersWith; any other pair of its companies holds neither.

Only pairs of the names a set labels are judged: a fact the extractor finds
between two of them counts as found, right when the set has it (the same way round
for investsIn); facts about names the set does not label are not judged. A name
matches when the words of one, legal forms left out, begin the other's ("Wakefern
Food" and "Wakefern Food Corporation"). "names in no table" leaves out every
sentence that names a company of the reference table.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.evaluate import Score  # noqa: E402
from graph.extract import Extractor  # noqa: E402
from graph.extractors import make_extractor  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.relations import ordered  # noqa: E402
from graph.resolve import Reference, default_reference, name_key, strip_legal  # noqa: E402

RELATIONS = ("partnersWith", "investsIn")
#: A judged fact: (relation, subject, object), a symmetric relation's two names in sorted order.
Key = tuple[str, str, str]

_CORE = {
    "collaboration": ("partnersWith", False),
    "merged_with": ("partnersWith", False),
    "shareholder_of": ("investsIn", False),
    "subsidiary_of": ("investsIn", True),
    "acquired_by": ("investsIn", True),
}


@dataclass(frozen=True)
class Item:
    """One sentence of a set: its text, the names whose pairs are judged, the set's facts."""

    text: str
    names: tuple[str, ...]
    gold: frozenset[Key]


def key(relation: str, subject: str, obj: str) -> Key:
    subject, _, obj = ordered(subject, relation, obj)
    return (relation, subject, obj)


def detokenise(tokens: Sequence[str]) -> str:
    """The sets' tokens as running text: no space before closing punctuation or "'s"."""
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r" ('s|'|n't|’s)\b", r"\1", text)
    return text.replace("`` ", '"').replace(" ''", '"')


def same_name(a: str, b: str) -> bool:
    """Whether the words of one name, legal forms left out, begin the other's."""
    wa, wb = name_key(strip_legal(a)).split(), name_key(strip_legal(b)).split()
    n = min(len(wa), len(wb))
    return n > 0 and wa[:n] == wb[:n]


def core_items(rows: Iterable[dict[str, Any]]) -> list[Item]:
    items = []
    for row in rows:
        words = row["context"]
        e1 = detokenise(words[row["e1_start"] : row["e1_end"] + 1])
        e2 = detokenise(words[row["e2_start"] : row["e2_end"] + 1])
        gold: set[Key] = set()
        if row["relation"] in _CORE:
            relation, turned = _CORE[row["relation"]]
            subject, obj = (e2, e1) if turned != bool(row.get("invert_relation")) else (e1, e2)
            gold.add(key(relation, subject, obj))
        items.append(Item(detokenise(words), (e1, e2), frozenset(gold)))
    return items


def fire_items(rows: Iterable[dict[str, Any]]) -> list[Item]:
    items = []
    for row in rows:
        words, entities = row["tokens"], row["entities"]
        names = [detokenise(words[e["start"] : e["end"]]) for e in entities]
        gold: set[Key] = set()
        for relation in row["relations"]:
            head, tail = relation["head"], relation["tail"]
            if entities[head]["type"] != "Company" or entities[tail]["type"] != "Company":
                continue
            if relation["type"] in ("ActionBuy", "ActionSell"):
                gold.add(key("investsIn", names[head], names[tail]))
            elif relation["type"] == "Subsidiaryof":
                gold.add(key("investsIn", names[tail], names[head]))
            elif relation["type"] == "ActionMerge":
                gold.add(key("partnersWith", names[head], names[tail]))
        companies = tuple(n for n, e in zip(names, entities, strict=True) if e["type"] == "Company")
        items.append(Item(detokenise(words), companies, frozenset(gold)))
    return items


def judged(item: Item, facts: Iterable[tuple[str, str, str]]) -> set[Key]:
    """The facts (subject, relation, object) between two of the item's names, as keys."""
    found = set()
    for subject, relation, obj in facts:
        if relation not in RELATIONS:
            continue
        s = next((n for n in item.names if same_name(subject, n)), None)
        o = next((n for n in item.names if same_name(obj, n)), None)
        if s is not None and o is not None and s != o:
            found.add(key(relation, s, o))
    return found


def score(
    items: Sequence[Item], extractor: Extractor, reference: Reference
) -> dict[str, dict[str, Score]]:
    """The counts of each relation, per subset ("all", "names in no table")."""
    counts = {subset: {r: Score() for r in RELATIONS} for subset in ("all", "names in no table")}
    articles = [Article(f"s{i}", item.text) for i, item in enumerate(items)]
    for item, facts in zip(items, extractor.extract_many(articles), strict=True):
        found = judged(item, ((f.subject.label, f.relation.value, f.object.label) for f in facts))
        known = any(reference.lookup(name) is not None for name in item.names)
        for subset, c in counts.items():
            if known and subset != "all":
                continue
            for fact in found:
                right = fact in item.gold
                c[fact[0]].tp += right
                c[fact[0]].fp += not right
            for fact in item.gold - found:
                c[fact[0]].fn += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=("core", "fire"))
    parser.add_argument("file", type=Path, help="the set's test file (JSON)")
    parser.add_argument("--model", default="learned")
    args = parser.parse_args()
    rows = json.loads(args.file.read_text(encoding="utf-8"))
    items = core_items(rows) if args.set == "core" else fire_items(rows)
    counts = score(items, make_extractor(args.model), default_reference())
    print(f"{args.set}: {len(items)} sentences, extractor {args.model}")
    print(f"{'subset':20}{'relation':14}{'P':>8}{'R':>8}   right / found / gold")
    for subset, scores in counts.items():
        for relation, c in scores.items():
            found, gold = c.tp + c.fp, c.tp + c.fn
            print(
                f"{subset:20}{relation:14}{c.precision:>8.3f}{c.recall:>8.3f}   "
                f"{c.tp} / {found} / {gold}"
            )


if __name__ == "__main__":
    main()
