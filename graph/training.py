"""Training the learned extractor: ``akg train --config train/config.toml``.

Reads the training passages (``train/*.jsonl``: text, entities, facts with the
sentence that states each), fine-tunes the mention recogniser on their names
(:mod:`graph.mentions`), turns every pair of mentions it and the reference
table find into a candidate as :mod:`graph.learned` does at run time, labels it
from the passage's facts, fits one logistic regression per relation (and one
for status, one for tenure), then picks each relation's threshold on the
development sets. Seeded: the same config and data give the same model.
"""

from __future__ import annotations

import dataclasses
import glob
import random
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .candidates import Candidate
from .errors import AkgError, InputError
from .evaluate import canonical, read_gold
from .extract import Extractor
from .learned import (
    JOINT_FEATURES,
    LABELS,
    STATUSES,
    TENURES,
    LinearModel,
    Weights,
    batch_candidates,
    decide,
    joint_features,
    joint_names,
)
from .model import Article
from .relations import ordered
from .resolve import Reference, default_reference, json_lines
from .syntax import load_parser

if TYPE_CHECKING:
    from spacy.language import Language

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Config:
    """What a training run reads and how it fits.

    Attributes:
        train: glob patterns of training passage files.
        tune: gold files the thresholds are chosen on.
        fraction: share of the training passages used (for learning curves).
        use_rules: give the model the rules' verdicts as features.
        pipeline: what finds mentions: "learned" (the recogniser fine-tuned here),
            "rules" (reference table and name cues) or a spaCy package name.
        mention_epochs: passes over the passages when fine-tuning the recogniser.
        c: inverse regularisation strength of the regressions.
        min_count: features seen in fewer candidates are dropped.
        folds: how many folds the joint stage is fitted on (each scored by a first
            stage that did not see it).
        seed: for the passage sample, the recogniser and the solvers.
        tolerance: each threshold is the highest whose F1 on the tuning sets is
            within this of the best one (precision first when F1 barely moves).
        weights: where the relation weights are written.
        mentions: the folder the recogniser is written to.
    """

    train: list[str]
    tune: list[str]
    fraction: float = 1.0
    use_rules: bool = True
    pipeline: str = "learned"
    mention_epochs: int = 3
    c: float = 1.0
    min_count: int = 2
    folds: int = 5
    tolerance: float = 0.0
    seed: int = 13
    weights: str = "graph/data/relations.npz"
    mentions: str = "graph/data/mentions"


def read_config(path: Path) -> Config:
    """The config in a TOML file; an unknown or missing key is an :class:`InputError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the training config ({exc})") from None
    flat = {**data.get("data", {}), **data.get("model", {}), **data.get("output", {})}
    known = set(Config.__dataclass_fields__)
    unknown = sorted(set(flat) - known)
    if unknown:
        raise InputError(f"{path}: unknown keys {unknown}; the keys are {sorted(known)}")
    try:
        return Config(**flat)
    except TypeError as exc:
        raise InputError(f"{path}: {exc}") from None


@dataclass(frozen=True)
class Passage:
    """A training passage: its text, its names and its facts with their evidence sentences."""

    id: str
    text: str
    facts: dict[Key, dict[str, Any]]
    entities: list[dict[str, str]]


@dataclass
class Trained:
    """What a training run makes: the relation weights and, if fine-tuned, the recogniser."""

    weights: Weights
    mentions: Language | None

    def save(self, config: Config, weights: Path | None = None) -> list[Path]:
        """Write both where ``config`` says (the weights to ``weights`` if given)."""
        from .mentions import save_mentions

        written = [weights or Path(config.weights)]
        written[0].parent.mkdir(parents=True, exist_ok=True)
        self.weights.save(written[0])
        if self.mentions is not None:
            written.append(Path(config.mentions))
            save_mentions(self.mentions, written[1])
        return written


def read_passages(patterns: Sequence[str], reference: Reference) -> list[Passage]:
    """Every passage of the files matching ``patterns``, in a stable order."""
    passages = []
    files = sorted({f for pattern in patterns for f in glob.glob(pattern)})
    if not files:
        raise InputError(f"no training files match {list(patterns)}")
    for file in files:
        for where, row in json_lines(Path(file)):
            try:
                facts: dict[Key, dict[str, Any]] = {}
                for t in row["triples"]:
                    facts[_key(t["subject"], t["predicate"], t["object"], reference)] = t
                passages.append(Passage(str(row["id"]), row["text"], facts, _names(row)))
            except (KeyError, TypeError) as exc:
                raise InputError(f"{where}: not a training passage ({exc})") from None
    return passages


#: Words a name is written with besides capitalised ones ("Bank of China", "Fiat & Co").
_NAME_JOINERS = frozenset({"of", "and", "&", "de", "da", "di", "del", "van", "von", "der", "-"})
#: First words of a reference, not a name ("the Japanese carmaker", "Mr. Sato", "Its unit").
_REFERENCE_WORDS = frozenset(
    {"the", "its", "their", "his", "her", "our", "we", "it", "they", "he", "she", "both", "each"}
    | {"this", "that", "these", "those", "mr.", "ms.", "mrs.", "dr.", "mr", "ms", "mrs", "dr"}
)


def _names(row: dict[str, Any]) -> list[dict[str, str]]:
    """The names a passage lists, and the shorter names its facts are stated with.

    Writers list a company once, under its full name ("Türkiye's Automobile Joint Venture
    Group Inc."), and state facts with the short name the text uses later ("Togg"); the
    recogniser is taught both, since a name left out teaches it to miss such names.
    """
    listed = [dict(e) for e in row.get("entities", [])]
    kinds = {e.get("text"): e.get("type", "") for e in listed}
    for fact in row["triples"]:
        for side in ("subject", "object"):
            mention = re.sub(r"['’]s?$", "", (fact.get(f"{side}_mention") or "").strip())
            kind = kinds.get(fact.get(side))
            if kind and mention and mention not in kinds and _is_name(mention):
                kinds[mention] = kind
                listed.append({"text": mention, "type": kind})
    return listed


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        words[0].lower() not in _REFERENCE_WORDS
        and words[0][:1].isupper()
        and not re.search(r"['’]s\s", text)  # "South Korea's Daegu Cell": a name with its place
        and all(w[:1].isupper() or w[:1].isdigit() or w in _NAME_JOINERS for w in words)
    )


def _key(subject: str, predicate: str, obj: str, reference: Reference) -> Key:
    return ordered(canonical(subject, reference), predicate, canonical(obj, reference))


class _Collector(Extractor):
    """An extractor that keeps every candidate instead of deciding."""

    def __init__(self, nlp: Any, reference: Reference, use_rules: bool, parser: Any) -> None:
        super().__init__(nlp, reference)
        self.use_rules = use_rules
        self.parser = parser
        self.found: list[list[Candidate]] = []

    def _batch_facts(self, batch: list[tuple[Any, Any]]) -> Iterator[list[Any]]:
        for found in batch_candidates(self, batch, self.parser, self.use_rules):
            self.found.append(found)
            yield []


def collect(
    texts: Sequence[tuple[str, str]], config: Config, reference: Reference, nlp: Language
) -> list[list[Candidate]]:
    """The candidates of each (id, text), in order, as ``nlp`` finds the mentions."""
    collector = _Collector(nlp, reference, config.use_rules, load_parser())
    collector.extract_many([Article(doc, text) for doc, text in texts])
    return collector.found


def _candidate_keys(c: Candidate, reference: Reference) -> dict[str, Key]:
    s, o = canonical(c.subject.label, reference), canonical(c.object.label, reference)
    return {relation: ordered(s, relation, o) for relation in LABELS}


def _states(sentence: str, evidence: str) -> bool:
    a, b = " ".join(sentence.split()), " ".join(evidence.split())
    return bool(b) and (b in a or a in b)


@dataclass
class _Rows:
    features: list[dict[str, float]]
    labels: dict[str, list[int | None]]  # None: not used for this relation
    status: list[tuple[dict[str, float], str]]
    tenure: list[tuple[dict[str, float], str]]
    passages: list[list[Candidate]]  # each passage's candidates, in the order of features


def label(
    passages: Sequence[Passage], found: Sequence[list[Candidate]], reference: Reference
) -> _Rows:
    """Each candidate's features and, per relation, 1, 0 or None (left out)."""
    rows = _Rows([], {r: [] for r in LABELS}, [], [], [])
    for passage, cands in zip(passages, found, strict=True):
        rows.passages.append(list(cands))
        for c in cands:
            features = c.features | c.sentence_features
            rows.features.append(features)
            for relation, key in _candidate_keys(c, reference).items():
                gold = passage.facts.get(key)
                value: int | None = 0
                if gold is not None:
                    evidence = gold.get("evidence") or ""
                    if gold.get("optional") or (
                        evidence and not _states(c.evidence.sentence, evidence)
                    ):
                        value = None
                    else:
                        value = 1
                        if relation == "leads" and gold.get("tenure") in TENURES:
                            rows.tenure.append((features, gold["tenure"]))
                        elif relation != "leads" and gold.get("status") in STATUSES:
                            rows.status.append((features, gold["status"]))
                rows.labels[relation].append(value)
    return rows


def _fit(
    rows: Sequence[dict[str, float]],
    targets: Sequence[str],
    labels: Sequence[str],
    names: list[str],
    config: Config,
    multi: bool,
) -> LinearModel:
    import numpy as np

    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise AkgError('training needs scikit-learn: pip install "akg[train]"') from None

    vectorizer = DictVectorizer(sparse=True)
    vectorizer.fit([{n: 1.0 for n in names}])
    matrix = vectorizer.transform(rows)
    order = [vectorizer.vocabulary_[n] for n in names]
    weights = np.zeros((len(names), len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    if multi:
        for j, name in enumerate(labels):
            y = [t == name for t in targets]
            model = LogisticRegression(C=config.c, max_iter=2000, random_state=config.seed)
            model.fit(matrix, y)
            weights[:, j] = model.coef_[0][order]
            bias[j] = model.intercept_[0]
        return LinearModel(names, weights, bias, list(labels), multi=True)
    model = LogisticRegression(
        C=config.c, max_iter=2000, random_state=config.seed, class_weight="balanced"
    )
    model.fit(matrix, list(targets))
    present = [str(x) for x in model.classes_]
    if len(present) == 2:  # sklearn keeps one row for two classes
        coef = np.vstack([-model.coef_[0], model.coef_[0]])
        intercept = np.array([-model.intercept_[0], model.intercept_[0]])
    else:
        coef, intercept = model.coef_, model.intercept_
    for j, name in enumerate(present):
        weights[:, labels.index(name)] = coef[j][order]
        bias[labels.index(name)] = intercept[j]
    for name in labels:
        if name not in present:
            bias[labels.index(name)] = -20.0
    return LinearModel(names, weights, bias, list(labels))


def fit(rows: _Rows, config: Config) -> Weights:
    """The relation (both stages), status and tenure models from labelled rows.

    Thresholds are left at 0.5 (:func:`tune` chooses them).
    """
    from collections import Counter

    counts: Counter[str] = Counter(n for row in rows.features for n in row)
    names = sorted(n for n, k in counts.items() if k >= config.min_count)
    relations = _relations(rows.features, rows.labels, names, config)
    status, tenure = (
        _fit([f for f, _ in pairs], [v for _, v in pairs], labels, names, config, multi=False)
        for pairs, labels in ((rows.status, STATUSES), (rows.tenure, TENURES))
    )
    joint = _joint(rows, names, config)
    return Weights(relations, joint, status, tenure, dict.fromkeys(LABELS, 0.5))


def _relations(
    features: Sequence[dict[str, float]],
    labels: dict[str, list[int | None]],
    names: list[str],
    config: Config,
) -> LinearModel:
    """The first stage: one regression per relation, on the rows labelled for it."""
    import numpy as np

    models = [_fit_relation(features, labels[r], r, names, config) for r in LABELS]
    return LinearModel(
        names,
        np.hstack([m.weights for m in models]),
        np.concatenate([m.bias for m in models]),
        list(LABELS),
        multi=True,
    )


def _fit_relation(
    features: Sequence[dict[str, float]],
    labels: Sequence[int | None],
    relation: str,
    names: list[str],
    config: Config,
) -> LinearModel:
    """One relation's regression (relation or "no"), on the rows labelled for it."""
    kept = [(f, y) for f, y in zip(features, labels, strict=True) if y is not None]
    return _fit(
        [f for f, _ in kept],
        [relation if y else "no" for _, y in kept],
        [relation],
        names,
        config,
        multi=True,
    )


def _joint(rows: _Rows, names: list[str], config: Config) -> LinearModel:
    """The joint stage, fitted on held-out probabilities.

    The passages are dealt into ``config.folds`` folds; each fold's candidates are
    scored by a first stage fitted on the other folds, as unseen text would be.
    Each relation's regression reads only its own features ("leads:logit").
    """
    import numpy as np

    fold = [p % config.folds for p, group in enumerate(rows.passages) for _ in group]
    held_out = np.zeros((len(rows.features), len(LABELS)))
    for k in range(config.folds):
        seen = [i for i, f in enumerate(fold) if f != k]
        unseen = [i for i, f in enumerate(fold) if f == k]
        first = _relations(
            [rows.features[i] for i in seen],
            {r: [rows.labels[r][i] for i in seen] for r in LABELS},
            names,
            config,
        )
        held_out[unseen] = first.probabilities([rows.features[i] for i in unseen])
    features: list[dict[str, float]] = []
    for group in rows.passages:
        features.extend(joint_features(group, held_out[len(features) : len(features) + len(group)]))
    every = joint_names()
    weights = np.zeros((len(every), len(LABELS)), dtype=np.float32)
    bias = np.zeros(len(LABELS), dtype=np.float32)
    for j, relation in enumerate(LABELS):
        own = [f"{relation}:{name}" for name in JOINT_FEATURES]
        model = _fit_relation(features, rows.labels[relation], relation, own, config)
        for name, weight in zip(model.names, model.weights[:, 0], strict=True):
            weights[every.index(name), j] = weight
        bias[j] = model.bias[0]
    return LinearModel(every, weights, bias, list(LABELS), multi=True)


def tune(weights: Weights, config: Config, reference: Reference, nlp: Language) -> dict[str, float]:
    """Each relation's threshold: the one with the best F1 on the tuning sets.

    With a ``tolerance``, the highest threshold whose F1 is that close to the best.
    """
    items = [item for path in config.tune for item in read_gold(Path(path), reference)]
    found = collect([(i.id, i.text) for i in items], config, reference, nlp)
    every = dataclasses.replace(weights, thresholds=dict.fromkeys(LABELS, 0.0))
    best_prob: list[dict[Key, float]] = []
    for cands in found:  # each fact's best probability, as the extractor decides it
        top: dict[Key, float] = {}
        for fact in decide(cands, every):
            key = _key(fact.subject.label, fact.relation.value, fact.object.label, reference)
            top[key] = max(top.get(key, 0.0), fact.evidence.confidence)
        best_prob.append(top)
    thresholds = {}
    for relation in LABELS:
        scores = []
        for step in range(10, 91, 5):
            t = step / 100
            tp = fp = fn = 0
            for item, top in zip(items, best_prob, strict=True):
                predicted = {k for k, p in top.items() if k[1] == relation and p >= t}
                gold = {k for k in item.triples if k[1] == relation}
                optional = {k for k in item.optional if k[1] == relation}
                tp += len(predicted & gold)
                fp += len(predicted - gold - optional)
                fn += len(gold - predicted)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            scores.append((f1, -abs(t - 0.5), t))
        best = max(scores)
        near = [t for f1, _, t in scores if f1 >= best[0] - config.tolerance]
        thresholds[relation] = max(near) if config.tolerance > 0 else best[2]
    return thresholds


def train(config: Config, *, progress: bool = True) -> Trained:
    """Fine-tune, fit and tune; the model is returned (written by the caller)."""
    from .mentions import save_mentions, train_mentions
    from .nlp import load_pipeline

    reference = default_reference()
    passages = read_passages(config.train, reference)
    if config.fraction < 1.0:
        passages = random.Random(config.seed).sample(
            passages, round(len(passages) * config.fraction)
        )
    mentions = None
    with tempfile.TemporaryDirectory(prefix="akg-mentions-") as folder:
        if config.pipeline == "learned":
            _say(
                progress,
                f"{len(passages)} training passages; fine-tuning the mention recogniser...",
            )
            mentions = train_mentions(
                [(p.text, p.entities) for p in passages],
                epochs=config.mention_epochs,
                seed=config.seed,
                progress=progress,
            )
            save_mentions(mentions, Path(folder))
        nlp = load_pipeline(config.pipeline, reference, Path(folder))
        _say(progress, f"{len(passages)} training passages; reading them...")
        found = collect([(p.id, p.text) for p in passages], config, reference, nlp)
        rows = label(passages, found, reference)
        positives = {r: sum(1 for y in rows.labels[r] if y) for r in LABELS}
        _say(progress, f"{len(rows.features)} candidate pairs; positives {positives}; fitting...")
        weights = fit(rows, config)
        weights.thresholds = tune(weights, config, reference, nlp)
    _say(progress, f"thresholds {weights.thresholds}")
    return Trained(weights, mentions)


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)
