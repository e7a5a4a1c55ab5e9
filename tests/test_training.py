"""Training: the config, the labels, and a seeded run that gives the same weights twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from graph.errors import InputError
from graph.training import read_config, train

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_config_reads() -> None:
    config = read_config(ROOT / "train" / "config.toml")
    assert config.train == ["train/*.jsonl"]
    assert config.tune == ["eval/dev.jsonl", "eval/holdout.jsonl", "eval/dev2.jsonl"]
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
