"""Training: the config, the labels, and a seeded run that gives the same weights twice."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from graph.errors import InputError
from graph.resolve import default_reference
from graph.training import read_config, read_passages, train

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_config_reads() -> None:
    config = read_config(ROOT / "train" / "config.toml")
    assert config.train == ["train/*.jsonl"]
    assert config.tune == [
        "eval/dev.jsonl",
        "eval/holdout.jsonl",
        "eval/dev2.jsonl",
        "eval/dev3.jsonl",
    ]
    assert (config.seed, config.fraction, config.use_rules) == (13, 1.0, True)


def test_an_unknown_config_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[model]\nseeed = 3\n[data]\ntrain = ["x"]\ntune = []\n')
    with pytest.raises(InputError) as error:
        read_config(path)
    assert str(error.value).startswith(f"{path}: unknown keys ['seeed']; the keys are [")


def test_training_is_seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    config = dataclasses.replace(
        read_config(ROOT / "train" / "config.toml"),
        train=["train/wire.jsonl"],
        tune=["eval/holdout.jsonl"],
        fraction=0.2,
        mention_epochs=1,
    )
    first, second = train(config, progress=False), train(config, progress=False)
    assert first.weights.relations.names == second.weights.relations.names
    assert np.array_equal(first.weights.relations.weights, second.weights.relations.weights)
    assert first.weights.thresholds == second.weights.thresholds
    for name, trained in (("a", first), ("b", second)):
        trained.save(
            dataclasses.replace(config, mentions=str(tmp_path / f"{name}-mentions")),
            tmp_path / f"{name}.npz",
        )
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    for file in ("ner/model", "ner/moves", "vocab/strings.json"):
        assert (tmp_path / "a-mentions" / file).read_bytes() == (
            tmp_path / "b-mentions" / file
        ).read_bytes()


def test_the_short_names_facts_are_stated_with_are_names_too(tmp_path: Path) -> None:
    row = {
        "id": "p1",
        "text": "Fratelli Ghezzi S.p.A. named Ada Rossi chief executive. Ghezzi's board and "
        "South Korea's Daegu Cell agreed a deal; the company said Ms. Rossi would lead it.",
        "entities": [
            {"text": "Fratelli Ghezzi S.p.A.", "type": "Company"},
            {"text": "Daegu Cell Energy", "type": "Company"},
            {"text": "Ada Rossi", "type": "Person"},
        ],
        "triples": [
            {
                "subject": "Ada Rossi",
                "predicate": "leads",
                "object": "Fratelli Ghezzi S.p.A.",
                "subject_mention": "Ms. Rossi",
                "object_mention": "the company",
            },
            {
                "subject": "Fratelli Ghezzi S.p.A.",
                "predicate": "partnersWith",
                "object": "Daegu Cell Energy",
                "subject_mention": "Ghezzi's",
                "object_mention": "South Korea's Daegu Cell",
            },
        ],
    }
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (passage,) = read_passages([str(path)], default_reference())
    assert passage.entities == [*row["entities"], {"text": "Ghezzi", "type": "Company"}]


def test_the_training_passages_are_well_formed() -> None:
    """Ids unique across files; every evidence a piece of its text, every mention a piece of
    its evidence, every party a listed name (what the writers' checker held them to)."""
    ids: set[str] = set()
    problems = []
    for path in sorted((ROOT / "train").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line)
            where = f"{path.relative_to(ROOT)}:{number}"
            if row["id"] in ids:
                problems.append(f"{where}: id {row['id']} used twice")
            ids.add(row["id"])
            names = {entity["text"] for entity in row["entities"]}
            for fact in row["triples"]:
                if fact["evidence"] not in row["text"]:
                    problems.append(f"{where}: evidence not in the text")
                for side in ("subject", "object"):
                    if fact[f"{side}_mention"] not in fact["evidence"]:
                        problems.append(f"{where}: {side} mention not in the evidence")
                    if fact[side] not in names:
                        problems.append(f"{where}: {side} {fact[side]!r} is not a listed name")
    assert problems == []
