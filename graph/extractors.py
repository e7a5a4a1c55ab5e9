"""Which extractor runs, and what it is called: one place for ``--model``.

- ``learned`` (the default): mentions from the reference table, name cues and
  the fine-tuned recogniser (:mod:`graph.mentions`), facts decided by the
  trained model (:mod:`graph.learned`), the rules' verdicts among its features;
- ``rules``: the same mentions, facts decided by the rules alone;
- ``auto`` or a spaCy package name: mentions from that statistical pipeline too,
  facts decided by the rules.

An extractor's version is a digest of everything that decides its output: the
akg version, the code of every module the extraction is made of (found from the imports,
so a new module counts without being listed), the rules, the reference table, the
recogniser, the parser, the weights and the versions of the packages whose tables it reads
(legal forms, places, dates). An upgrade that changes any of them changes the
version, so the next ``akg build`` extracts the stored articles again.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from importlib import metadata, resources
from pathlib import Path

from .extract import Extractor
from .model import Producer
from .syntax import PARSER

DEFAULT_MODEL = "learned"
#: The modules whose code decides what an extractor reads and what is written for it;
#: every module of the package they import, directly or not, counts too.
_READS = ("extract", "nlp", "rdf", "dates")
_LEARNS = ("learned", "mentions", "syntax")
#: The data files the extraction reads, besides the rules and the weights.
_DATA = ("reference.jsonl", "lowercase.txt")
#: Installed packages whose tables decide what is read: legal forms, places, dates.
_DATA_PACKAGES = ("cleanco", "pycountry", "dateparser")


def sources(roots: tuple[str, ...]) -> list[str]:
    """The package's modules that ``roots`` are made of: themselves and, transitively, every
    module of the package they import (``graph/x.py`` as ``"x"``), sorted.

    >>> {"extract", "lines", "names", "patterns", "rules"} <= set(sources(("extract",)))
    True
    """
    package = Path(str(resources.files("graph")))
    found: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in found or not (package / f"{name}.py").is_file():
            continue
        found.add(name)
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    todo.append(node.module.split(".")[0])
                else:
                    todo.extend(alias.name for alias in node.names)
    return sorted(found)


@functools.lru_cache(maxsize=8)
def _digest(model: str, weights: str | None) -> str:
    package = Path(str(resources.files("graph")))
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("akg").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"unreleased")
    for name in sources(_READS + _LEARNS if model == "learned" else _READS):
        digest.update(name.encode())
        digest.update((package / f"{name}.py").read_bytes())
    for name in _DATA:
        digest.update((package / "data" / name).read_bytes())
    for name in _DATA_PACKAGES:
        digest.update(_package_version(name).encode())
    for file in sorted((package / "data" / "rules").glob("*.toml")):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    if model == "learned":
        from .learned import default_weights_path
        from .mentions import default_mentions_path

        digest.update(_package_version(PARSER).encode())
        path = Path(weights) if weights else default_weights_path()
        digest.update(path.read_bytes() if path.is_file() else b"missing")
        folder = default_mentions_path()
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(file.relative_to(folder).as_posix().encode())
            digest.update(file.read_bytes())
    elif model != "rules":
        from .nlp import available_model

        digest.update(_package_version(available_model() if model == "auto" else model).encode())
    return digest.hexdigest()[:12]


def _package_version(name: str | None) -> str:
    """``name=version`` of an installed package (``=absent`` when missing)."""
    try:
        return f"{name}={metadata.version(name or '')}"
    except (metadata.PackageNotFoundError, ValueError):
        return f"{name}=absent"


def producer_for(model: str = DEFAULT_MODEL, weights: str | None = None) -> Producer:
    """The name and version that evidence from this extractor carries."""
    name = {"learned": "akg-learned", "rules": "akg-rules"}.get(model, f"akg-rules+{model}")
    return Producer(name, _digest(model, weights))


def make_extractor(model: str = DEFAULT_MODEL, weights: str | None = None) -> Extractor:
    """The extractor for ``--model`` (see the module text)."""
    from .nlp import load_pipeline

    if model == "learned":
        from .learned import LearnedExtractor, Weights, default_weights_path

        loaded = Weights.load(Path(weights) if weights else default_weights_path())
        return LearnedExtractor(load_pipeline("learned"), weights=loaded)
    return Extractor(load_pipeline(model))
