"""Counts for the datasheet: python train/datasheet.py (prints the tables of train/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    files: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    qualifiers: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    empty = optional = 0
    for path in sorted(HERE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            files[path.stem] += 1
            empty += not row["triples"]
            for t in row["triples"]:
                facts[t["predicate"]] += 1
                optional += bool(t.get("optional"))
                for name in ("status", "tenure"):
                    if t.get(name):
                        qualifiers[f"{t['predicate']} {name} {t[name]}"] += 1
            for kind in row.get("negatives", []):
                negatives[kind.lower().replace("_", " ").replace("-", " ")] += 1
    print("| file (style family) | passages |\n|---|---:|")
    for name, count in files.items():
        print(f"| `{name}.jsonl` | {count} |")
    print(f"| all | {sum(files.values())} |\n")
    print("| relation | facts |\n|---|---:|")
    for name, count in facts.most_common():
        print(f"| {name} | {count} |")
    print(f"\nPassages with no fact: {empty}. Facts marked optional: {optional}.\n")
    print("| qualifier | facts |\n|---|---:|")
    for name, count in sorted(qualifiers.items()):
        print(f"| {name} | {count} |")
    print("\n| kind of hard negative (passages) | passages |\n|---|---:|")
    for name, count in negatives.most_common(20):
        print(f"| {name} | {count} |")


if __name__ == "__main__":
    main()
