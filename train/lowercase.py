"""Write graph/data/lowercase.txt: the words the training passages write in lower case.

A word is listed when the passages write it in lower case at least three times, and at
least three times as often as with a capital inside a sentence (after a lower-case word, a
comma or a semicolon), where a capital marks a name. graph.headlines reads the list to tell
the ordinary words of a title-case headline from its names.

    python train/lowercase.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from graph.headlines import INSIDE

ROOT = Path(__file__).parent.parent
OUT = ROOT / "graph" / "data" / "lowercase.txt"
MIN_LOWER = 3
RATIO = 3


def main() -> None:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for path in sorted((ROOT / "train").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for word in INSIDE.findall(json.loads(line)["text"]):
                    (lower if word[0].islower() else capital)[word.lower()] += 1
    words = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n > RATIO * capital[w])
    OUT.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(words)} words")


if __name__ == "__main__":
    main()
