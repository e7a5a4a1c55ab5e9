"""The stages joined up: articles -> facts -> RDF -> store.

``load articles -> extract (+ resolve) -> to RDF -> store.replace_article``, one
article at a time, so memory stays flat however large the corpus is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .articles import check_inputs, iter_articles
from .errors import InputError
from .extract import Extractor
from .model import Article, Fact
from .nlp import load_pipeline
from .rdf import article_graph, content_hash
from .store import Store, open_store

Paths = Iterable[str | os.PathLike[str]]


def default_inputs() -> list[str]:
    """The seed articles: ``seeds/`` in the working folder, else the copy shipped with the package."""
    if Path("seeds").is_dir():
        return ["seeds"]
    packaged = Path(str(resources.files("graph"))) / "seeds"
    checkout = Path(__file__).resolve().parent.parent / "seeds"
    for folder in (packaged, checkout):
        if folder.is_dir():
            return [str(folder)]
    return ["seeds"]


def extract_articles(
    inputs: Paths, model: str = "auto", batch_size: int = 32
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article of ``inputs`` with the facts extracted from it, in input order."""
    extractor = Extractor(load_pipeline(model))
    articles = list_or_stream(inputs)
    buffer: list[Article] = []
    for article in articles:
        buffer.append(article)
        if len(buffer) >= batch_size:
            yield from zip(buffer, extractor.extract_many(buffer, batch_size), strict=True)
            buffer = []
    if buffer:
        yield from zip(buffer, extractor.extract_many(buffer, batch_size), strict=True)


def list_or_stream(inputs: Paths) -> Iterator[Article]:
    """The articles of ``inputs``; duplicate ids across files are an error."""
    return iter_articles(inputs)


@dataclass
class BuildReport:
    """What a build did."""

    location: str
    articles: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    facts: int = 0
    removed: list[str] = field(default_factory=list)


def _check_unique(inputs: Paths) -> int:
    """Read every input once (nothing kept but ids) and refuse duplicate ids."""
    first: dict[str, str] = {}
    count = 0
    for article in iter_articles(inputs):
        count += 1
        if article.id in first:
            raise InputError(
                f'{article.origin}: duplicate article id "{article.id}" (first in {first[article.id]}); '
                "give every article its own id"
            )
        first[article.id] = article.origin
    return count


def build(
    inputs: Paths,
    store: Store | str | None = None,
    *,
    model: str = "auto",
    progress: bool = False,
) -> BuildReport:
    """Ingest articles into a store; running it again with the same input changes nothing.

    Every input is read and checked before the store is opened, so a bad file
    stops the build with nothing written. An article whose content is unchanged
    since the last build is skipped; a changed one replaces its old facts.

    Args:
        inputs: files or folders of articles (see :mod:`graph.articles`).
        store: an open store, a location, or None for the default store.
        model: the spaCy pipeline, see :func:`graph.nlp.load_pipeline`.
        progress: show a progress bar on stderr.
    """
    inputs = list(inputs)
    check_inputs(inputs)
    total = _check_unique(inputs)
    target = store if store is not None and not isinstance(store, str) else open_store(store)
    report = BuildReport(target.location, articles=total)
    todo = (a for a in iter_articles(inputs) if target.stored_hash(a.id) != content_hash(a))
    bar = _progress(total, progress)
    try:
        done = 0
        for article, facts in _extract(todo, model):
            existed = target.stored_hash(article.id) is not None
            target.replace_article(article.id, article_graph(article, facts))
            report.updated += existed
            report.added += not existed
            report.facts += len(facts)
            done += 1
            if bar is not None:
                bar.update(1)
        report.unchanged = total - done
    finally:
        if bar is not None:
            bar.close()
        if target is not store:
            target.close()
    return report


def _extract(articles: Iterable[Article], model: str) -> Iterator[tuple[Article, list[Fact]]]:
    extractor: Extractor | None = None
    buffer: list[Article] = []
    for article in articles:
        buffer.append(article)
        if len(buffer) >= 32:
            extractor = extractor or Extractor(load_pipeline(model))
            yield from zip(buffer, extractor.extract_many(buffer), strict=True)
            buffer = []
    if buffer:
        extractor = extractor or Extractor(load_pipeline(model))
        yield from zip(buffer, extractor.extract_many(buffer), strict=True)


def _progress(total: int, wanted: bool):  # type: ignore[no-untyped-def]
    if not wanted or total < 20:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, disable=None, dynamic_ncols=True)
