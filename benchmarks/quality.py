"""Extraction quality: the ablation and the learning curve, written to benchmarks/QUALITY.md.

    python benchmarks/quality.py

- ablation: rules only, model only (trained without the rules' verdicts as
  features), both (the default: the shipped weights, which
  ``akg train --config train/config.toml`` makes), each scored on the development
  sets and on the nine blind sets, each and pooled;
- learning curve: the default model trained on 25%, 50% and 100% of the
  training passages (a seeded sample), scored on the blind sets;
- robustness: the default on every set as written and with each paragraph
  hard-wrapped at 72 characters, as wire feeds, filings and e-mail set it.

The blind sets are read only as totals: nothing here prints a miss. Each other
model is trained here, from train/config.toml, in memory; the shipped weights are
not touched.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.evaluate import Evaluation, evaluate, read_gold  # noqa: E402
from graph.extract import Extractor  # noqa: E402
from graph.extractors import make_extractor  # noqa: E402
from graph.learned import LearnedExtractor  # noqa: E402
from graph.mentions import save_mentions  # noqa: E402
from graph.nlp import load_pipeline  # noqa: E402
from graph.training import Config, read_config, train  # noqa: E402

DEV = ["eval/dev.jsonl", "eval/holdout.jsonl"]
DEV2 = "eval/dev2.jsonl"
DEV3 = "eval/dev3.jsonl"
BLINDS = (
    ("blind", "eval/blind.jsonl"),
    ("blind 2", "eval/blind2.jsonl"),
    ("blind 3", "eval/blind3.jsonl"),
    ("blind 4", "eval/blind4.jsonl"),
    ("blind 5", "eval/blind5.jsonl"),
    ("blind 6", "eval/blind6.jsonl"),
    ("blind 7", "eval/blind7.jsonl"),
    ("blind 8", "eval/blind8.jsonl"),
    ("blind 9", "eval/blind9.jsonl"),
)
#: Blind sets scored together: all of them, and those written as text copied from the web
#: (the third on), whose writers were asked for the clutter of real pages.
POOLS = (
    ("blind sets pooled", tuple(name for name, _ in BLINDS)),
    ("blind 3 to 9 pooled (web-like)", tuple(name for name, _ in BLINDS[2:])),
)
SETS = (
    ("dev + holdout (development)", DEV),
    ("dev 2 (development, web and wire copy)", [DEV2]),
    ("dev 3 (development, from the guide alone)", [DEV3]),
    *((name, [path]) for name, path in BLINDS),
)


def score(extractor: Extractor, files: list[str], wrap: bool = False) -> Evaluation:
    items = [item for f in files for item in read_gold(ROOT / f)]
    if wrap:
        items = [dataclasses.replace(item, text=wrapped(item.text)) for item in items]
    return evaluate(items, extractor)


def pooled(results: list[Evaluation]) -> Evaluation:
    """The sets' counts added up: micro scores over all their passages."""
    total = Evaluation()
    for result in results:
        for relation, counts in result.scores.items():
            total.scores[relation].tp += counts.tp
            total.scores[relation].fp += counts.fp
            total.scores[relation].fn += counts.fn
        total.status_right += result.status_right
        total.status_total += result.status_total
        total.passages += result.passages
    return total


def wrapped(text: str, width: int = 72) -> str:
    """``text`` with each paragraph (line) filled to ``width`` characters."""
    return "\n".join(
        textwrap.fill(line, width) if line.strip() else line for line in text.split("\n")
    )


def cells(result: Evaluation) -> list[str]:
    out = []
    for name in ("partnersWith", "leads", "investsIn"):
        out.append(f"{result.scores[name].f1:.3f}")
    m = result.micro
    status = f"{result.status_right / result.status_total:.0%}" if result.status_total else "-"
    return [f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}", *out, status]


HEADER = (
    "| extractor | set | P | R | F1 | partnersWith F1 | leads F1 | investsIn F1 | status right |"
)


def learned(config: Config) -> LearnedExtractor:
    trained = train(config, progress=False)
    with tempfile.TemporaryDirectory() as folder:
        if trained.mentions is not None:
            save_mentions(trained.mentions, Path(folder))
        nlp = load_pipeline(config.pipeline, mentions=Path(folder))
    return LearnedExtractor(nlp, weights=trained.weights, use_rules=config.use_rules)


def main() -> None:
    config = read_config(ROOT / "train" / "config.toml")
    lines = [
        "# Extraction quality",
        "",
        "`python benchmarks/quality.py`",
        "",
        "## Ablation",
        "",
        HEADER,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    extractors = {
        "rules only": Extractor(load_pipeline("rules")),
        "model only": learned(dataclasses.replace(config, use_rules=False)),
        "both (default)": make_extractor("learned"),
    }
    default: dict[tuple[str, ...], Evaluation] = {}  # the default's scores, read again below
    for name, extractor in extractors.items():
        blinds: dict[str, Evaluation] = {}
        for label, files in SETS:
            result = score(extractor, files)
            if extractor is extractors["both (default)"]:
                default[tuple(files)] = result
            if label in dict(BLINDS):
                blinds[label] = result
            lines.append(f"| {name} | {label} | " + " | ".join(cells(result)) + " |")
            print(lines[-1], flush=True)
        for label, members in POOLS:
            result = pooled([blinds[member] for member in members])
            lines.append(f"| {name} | {label} | " + " | ".join(cells(result)) + " |")
            print(lines[-1], flush=True)
    lines += [
        "",
        "## Learning curve (blind sets; micro P / R / F1)",
        "",
        "| training passages | " + " | ".join(name for name, _ in BLINDS) + " |",
        "|---|" + "---|" * len(BLINDS),
    ]
    for fraction in (0.25, 0.5, 1.0):
        extractor = (
            extractors["both (default)"]  # the shipped weights: this config's seeded run
            if fraction == config.fraction == 1.0
            else learned(dataclasses.replace(config, fraction=fraction))
        )
        row = []
        for _, path in BLINDS:
            shipped = extractor is extractors["both (default)"]
            m = (default[(path,)] if shipped else score(extractor, [path])).micro
            row.append(f"{m.precision:.3f} / {m.recall:.3f} / {m.f1:.3f}")
        lines.append(f"| {fraction:.0%} | " + " | ".join(row) + " |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "## Robustness (the default; micro P / R / F1)",
        "",
        "| set | as written | hard-wrapped at 72 characters |",
        "|---|---|---|",
    ]
    for label, files in SETS:
        written = default[tuple(files)].micro
        filled = score(extractors["both (default)"], files, wrap=True).micro
        row = [f"{m.precision:.3f} / {m.recall:.3f} / {m.f1:.3f}" for m in (written, filled)]
        lines.append(f"| {label} | " + " | ".join(row) + " |")
        print(lines[-1], flush=True)
    (ROOT / "benchmarks" / "QUALITY.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
