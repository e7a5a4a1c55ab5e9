"""The learned relation decider: for each candidate pair, whether a relation holds.

The mentions of each sentence (gazetteer, name cues, NER when a trained
pipeline runs) and the rules' reading of it come from
:class:`graph.extract.Extractor`; the pairs they may link, and the features that
describe each, from :mod:`graph.candidates`. A logistic-regression model trained on the
passages in ``train/`` gives each candidate a probability per relation. A second,
joint stage then weighs each candidate against those it competes with in its
sentence (another company the same holder may hold, the same pair the other way
round, a sentence where many pairs look likely) and draws on what the article's other
sentences say of the same pair: a small logistic regression over
those comparisons, fitted on probabilities the first stage gave passages it was
not trained on. A fact is kept when its best candidate passes the relation's
threshold (tuned on the development sets). Its status comes from a classifier of
its own (on the development sets it is right more often than the rules), except
for pairs linked through a reference, where the rules' reading stands; role,
tenure, stake, amount and kind come from the rules when they read the same fact,
else tenure from a second classifier and role from the sentence.

The weights are plain arrays (``graph/data/relations.npz``) with the feature
names beside them, so loading them runs no pickled code.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .candidates import (
    ROLE,
    Candidate,
    candidates,
    companies,
    neighbour_candidates,
    reference_candidates,
)
from .errors import AkgError
from .extract import Extractor
from .model import Entity, Fact, Qualifiers, Relation, Status
from .relations import EXTRACTED, REGISTRY, SYMMETRIC, ordered
from .syntax import load_parser, parse_all

if TYPE_CHECKING:
    from spacy.language import Language

    from .resolve import Reference

#: The relations an ordered pair (subject first) may hold, each decided on its own.
LABELS = EXTRACTED
STATUSES = ("proposed", "agreed", "ended")
TENURES = ("current", "incoming", "outgoing", "former")
WEIGHTS = "relations.npz"

#: What the joint stage reads of a candidate for one relation: the first stage's
#: probability (as a logit) and how it compares with its sentence's other candidates.
JOINT_FEATURES = (
    "logit",  # the candidate's own probability
    "top_subject",  # no other candidate with its subject is likelier
    "top_object",  # no other candidate with its object is likelier
    "gap_subject",  # its probability less the best of the others with its subject
    "gap_object",  # ... with its object
    "gap_reverse",  # ... less the same pair's the other way round
    "others_likely",  # how many other pairs of the sentence are likely (p >= 0.3), / 5
    "other_relation",  # the pair's best probability for another relation
    "reference",  # linked through a reference ("the two companies")
    "neighbour",  # the other party named only in an earlier sentence
    "elsewhere",  # the same pair's best probability in the article's other sentences
    "repeated",  # how many other sentences of the article name the pair, / 3 (at most 1)
)


def joint_names() -> list[str]:
    """The joint stage's feature names, each relation's under its own name ("leads:logit")."""
    return [f"{label}:{name}" for label in LABELS for name in JOINT_FEATURES]


def _pair(c: Candidate) -> tuple[str, frozenset[str]]:
    """The article and the two parties of a candidate, either way round."""
    return c.evidence.doc, frozenset((c.subject.label, c.object.label))


def joint_features(found: Sequence[Candidate], probabilities: Any) -> list[dict[str, float]]:
    """Each candidate's joint-stage features, from the first stage's ``probabilities``.

    ``probabilities`` has a row per candidate and a column per relation of
    :data:`LABELS`; candidates compete with those of the same sentence, and a pair
    draws on what the article's other sentences say of it (a fact told twice).
    """
    import numpy as np

    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-4, 1 - 1e-4)
    sentences: dict[tuple[str, int], list[int]] = {}
    for i, c in enumerate(found):
        sentences.setdefault((c.evidence.doc, c.evidence.start), []).append(i)
    rows: list[dict[str, float]] = [{} for _ in found]
    pairs: dict[tuple[str, frozenset[str]], list[int]] = {}  # an article's candidates of a pair
    for i, c in enumerate(found):
        pairs.setdefault(_pair(c), []).append(i)
    for members in sentences.values():
        for i in members:
            c, others = found[i], [k for k in members if k != i]
            same_subject = [k for k in others if found[k].subject.label == c.subject.label]
            same_object = [k for k in others if found[k].object.label == c.object.label]
            reverse = [
                k
                for k in others
                if found[k].subject.label == c.object.label
                and found[k].object.label == c.subject.label
            ]
            apart = [k for k in pairs[_pair(c)] if found[k].evidence.start != c.evidence.start]
            same_way = [k for k in apart if found[k].subject.label == c.subject.label]
            for j, label in enumerate(LABELS):
                own = float(p[i, j])
                ways = apart if label in SYMMETRIC else same_way
                best_subject = max((float(p[k, j]) for k in same_subject), default=0.0)
                best_object = max((float(p[k, j]) for k in same_object), default=0.0)
                values = {
                    "logit": float(np.log(own / (1 - own))),
                    "top_subject": float(best_subject < own),
                    "top_object": float(best_object < own),
                    "gap_subject": own - best_subject,
                    "gap_object": own - best_object,
                    "gap_reverse": own - max((float(p[k, j]) for k in reverse), default=0.0),
                    "others_likely": sum(float(p[k, j]) >= 0.3 for k in others) / 5,
                    "other_relation": max(
                        (float(p[i, x]) for x in range(len(LABELS)) if x != j), default=0.0
                    ),
                    "reference": float("reference" in c.features),
                    "neighbour": float("xsent" in c.features),
                    "elsewhere": max((float(p[k, j]) for k in ways), default=0.0),
                    "repeated": min(len({found[k].evidence.start for k in ways}), 3) / 3,
                }
                rows[i].update({f"{label}:{name}": v for name, v in values.items()})
    return rows


# ---------------------------------------------------------------------- model
@dataclass
class LinearModel:
    """A logistic regression stored as arrays: feature names, weights, labels.

    ``multi`` models give one independent probability per label (one-vs-rest:
    a pair can be partners and investor at once); the others one distribution.
    """

    names: list[str]
    weights: Any  # (features, labels) float32
    bias: Any  # (labels,)
    labels: list[str]
    multi: bool = False

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.names)}

    def probabilities(self, rows: Sequence[dict[str, float]]) -> Any:
        """One row of label probabilities per feature dict."""
        import numpy as np

        scores = np.tile(self.bias, (len(rows), 1)).astype(np.float64)
        index = self._index
        for r, row in enumerate(rows):
            found = [
                (i, v)
                for i, v in zip(map(index.get, row), row.values(), strict=True)
                if i is not None
            ]
            if found:
                columns, values = zip(*found, strict=True)
                scores[r] += np.asarray(values) @ self.weights[list(columns)]
        if self.multi:
            return 1.0 / (1.0 + np.exp(-scores))
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


_MODELS = ("relations", "joint", "status", "tenure")


@dataclass
class Weights:
    """The trained models and thresholds that decide facts.

    ``relations`` is the first stage (a probability per candidate and relation),
    ``joint`` the second (the same, with each candidate weighed against its
    sentence's others: :func:`joint_features`).
    """

    relations: LinearModel
    joint: LinearModel
    status: LinearModel
    tenure: LinearModel
    thresholds: dict[str, float]

    def save(self, path: Path) -> None:
        """Write every array and name list to one ``.npz`` file."""
        import numpy as np

        arrays: dict[str, Any] = {}
        for name in _MODELS:
            model: LinearModel = getattr(self, name)
            arrays[f"{name}_weights"] = model.weights.astype(np.float32)
            arrays[f"{name}_bias"] = model.bias.astype(np.float32)
            arrays[f"{name}_names"] = np.array(json.dumps(model.names))
            arrays[f"{name}_labels"] = np.array(json.dumps(model.labels))
        arrays["thresholds"] = np.array(json.dumps(self.thresholds))
        with path.open("wb") as out:
            np.savez_compressed(out, **arrays)

    @classmethod
    def load(cls, path: Path) -> Weights:
        """Read weights written by :meth:`save`.

        Raises:
            AkgError: the file is missing or damaged, naming it and the fix.
        """
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as arrays:
                models = {
                    name: LinearModel(
                        json.loads(str(arrays[f"{name}_names"])),
                        arrays[f"{name}_weights"],
                        arrays[f"{name}_bias"],
                        json.loads(str(arrays[f"{name}_labels"])),
                        multi=name in ("relations", "joint"),
                    )
                    for name in _MODELS
                }
                thresholds = json.loads(str(arrays["thresholds"]))
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            raise AkgError(
                f"{path}: the extraction model's weights are missing or damaged ({exc}); "
                "reinstall akg (pip install --force-reinstall akg), or run "
                "`akg train` to make them again"
            ) from None
        return cls(**models, thresholds=thresholds)


def default_weights_path() -> Path:
    """The weights shipped with the package."""
    return Path(str(resources.files("graph"))) / "data" / WEIGHTS


# ------------------------------------------------------------------- deciding
def _role(sentence: str, person: str) -> str | None:
    """The role word nearest the person's name in the sentence ("Jane Roe, chief executive of
    Acme, said chairman John Doe ..." gives Jane Roe "chief executive"); the first one when
    the name is not written out."""
    roles = list(ROLE.finditer(sentence))
    if not roles:
        return None
    surname = (person.split() or [person])[-1]
    names = [m.span() for m in re.finditer(rf"\b{re.escape(surname)}\b", sentence)]
    if not names:
        return roles[0].group(0)

    def distance(role: re.Match[str]) -> int:
        return min(max(start - role.end(), role.start() - end, 0) for start, end in names)

    return min(roles, key=distance).group(0)


def decide(found: Iterable[Candidate], weights: Weights) -> list[Fact]:
    """The facts that the candidates of one article support, one per fact."""
    found = list(found)
    if not found:
        return []
    first = weights.relations.probabilities([c.features | c.sentence_features for c in found])
    probabilities = weights.joint.probabilities(joint_features(found, first))
    best: dict[tuple[str, str, str], tuple[float, Candidate, str]] = {}
    labels = weights.relations.labels
    for candidate, row in zip(found, probabilities, strict=True):
        for index, label in enumerate(labels):
            p = float(row[index])
            if p < weights.thresholds.get(label, 0.5):
                continue
            spec = REGISTRY[label]
            if (
                candidate.subject.kind.value not in spec.domain
                or candidate.object.kind.value not in spec.range
            ):
                continue
            key = ordered(candidate.subject.label, label, candidate.object.label)
            if key not in best or p > best[key][0]:
                best[key] = (p, candidate, label)
    facts = []
    for (_, label, _), (p, candidate, _) in best.items():
        relation = Relation(label)
        rule = candidate.rules.get(label) or candidate.rules.get(f"{label}_reverse")
        learned = _qualifiers(candidate, relation, weights)
        qualifiers = learned
        if rule is not None:  # the rules' role, stake, amount and kind; the model's status
            qualifiers = dataclasses.replace(rule.qualifiers, status=learned.status)
            if relation is Relation.LEADS or "reference" in candidate.features:
                # a pair linked through a reference ("the two automakers") has no context
                # of its own for the model to read a status from: the rules' reading stands
                qualifiers = rule.qualifiers
        evidence = dataclasses.replace(
            candidate.evidence,
            confidence=round(p, 3),
            rules=rule.evidence.rules if rule is not None else (),
        )
        subject, obj = candidate.subject, candidate.object
        if label in SYMMETRIC and "order:ba" in candidate.features:
            # either way round is the same fact: named in the order the sentence names them
            subject, obj = obj, subject
        facts.append(Fact(subject, relation, obj, evidence, qualifiers))
    return sorted(facts, key=lambda f: (f.evidence.start, f.key))


def _qualifiers(candidate: Candidate, relation: Relation, weights: Weights) -> Qualifiers:
    features = candidate.sentence_features | candidate.features
    if relation is Relation.LEADS:
        row = weights.tenure.probabilities([features])[0]
        tenure = weights.tenure.labels[int(row.argmax())]
        return Qualifiers(
            role=_role(candidate.evidence.sentence, candidate.subject.label), tenure=tenure
        )
    row = weights.status.probabilities([features])[0]
    return Qualifiers(status=Status(weights.status.labels[int(row.argmax())]))


class LearnedExtractor(Extractor):
    """The extractor whose decisions are learned: mentions and rules as features.

    Args:
        nlp: a pipeline from :func:`graph.nlp.load_pipeline`.
        reference: the reference table used for resolution.
        weights: the trained weights; the shipped ones by default.
        use_rules: give the model the rules' verdicts as features (as it was trained).
        parser: the dependency parser (:func:`graph.syntax.load_parser` by default).
    """

    def __init__(
        self,
        nlp: Language,
        reference: Reference | None = None,
        weights: Weights | None = None,
        use_rules: bool = True,
        parser: Language | None = None,
    ) -> None:
        super().__init__(nlp, reference)
        self.weights = weights if weights is not None else Weights.load(default_weights_path())
        self.use_rules = use_rules
        self.parser = parser if parser is not None else load_parser()

    def _batch_facts(self, batch: list[tuple[Any, Any]]) -> Iterator[list[Fact]]:
        for found in batch_candidates(self, batch, self.parser, self.use_rules):
            yield decide(found, self.weights)


def batch_candidates(
    extractor: Extractor, batch: list[tuple[Any, Any]], parser: Language, use_rules: bool = True
) -> list[list[Candidate]]:
    """Every candidate pair of each (article, docs), as ``extractor`` reads its sentences.

    The sentences of the whole batch are parsed together (one ``parser.pipe``).
    """
    readings = [list(extractor.readings(article, docs)) for article, docs in batch]
    parses = parse_all(parser, [r.masked for article in readings for r in article])
    found, start = [], 0
    for article in readings:
        ahead = parses[start : start + len(article)]
        start += len(article)
        cands: list[Candidate] = []
        earlier: list[Entity] = []
        for reading, parse in zip(article, ahead, strict=True):
            own = list(candidates(reading, extractor.related, use_rules, parse))
            seen = {(c.subject.label, c.object.label) for c in own}
            cands.extend(own)
            cands.extend(reference_candidates(reading, earlier, seen, extractor.related))
            cands.extend(neighbour_candidates(reading, earlier, seen, extractor.related))
            earlier.extend(companies(reading))
        found.append(cands)
    return found
