"""The stages joined up: articles -> facts -> RDF -> store.

``load articles -> extract (+ resolve) -> to RDF -> store.replace_article``, one
batch of articles at a time, so memory stays flat however large the corpus is.
Extraction is a pure function of one article, so it runs in worker processes
(``jobs``) while the main process writes to the store.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .articles import check_inputs, iter_articles
from .blas import one_thread
from .extract import MAX_ARTICLE_CHARS, Extractor
from .extractors import DEFAULT_MODEL, make_extractor, producer_for
from .fetch import Fetcher, FetchOptions
from .language import NOT_ENGLISH, foreign_language
from .model import Article, Fact
from .nlp import available_model, load_pipeline
from .rdf import article_triples, content_hash
from .rows import Rows
from .store import Store, using
from .stories import Stories, decode, encode, signature
from .vocab import story_iri
from .web import Skip, Web

Paths = Iterable[str | os.PathLike[str]]

#: Articles handed to spaCy (and to a worker process) at once.
BATCH = 32
#: Articles written to the store in one go.
WRITE_BATCH = 512


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


@dataclass(frozen=True)
class Outcome:
    """One article after extraction: its facts, or why it was skipped."""

    article: Article
    facts: list[Fact]
    error: str | None = None


def _batches(articles: Iterable[Article], size: int = BATCH) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_batch(extractor: Extractor, batch: list[Article]) -> list[Outcome]:
    """Extract a batch, on one BLAS thread (:mod:`graph.blas`); if it fails, retry one article
    at a time and skip the ones that fail."""
    with one_thread():
        try:
            return [
                Outcome(a, f)
                for a, f in zip(batch, extractor.extract_many(batch, BATCH), strict=True)
            ]
        except Exception:
            outcomes = []
            for article in batch:
                try:
                    outcomes.append(Outcome(article, extractor.extract(article)))
                except Exception as exc:  # one bad article must not stop the run
                    outcomes.append(Outcome(article, [], f"{type(exc).__name__}: {exc}"))
            return outcomes


_WORKER: Extractor | None = None
#: The extractors this process has loaded, by model: loading one takes a second or two,
#: extracting an article a few milliseconds, so a process loads each once. A worker
#: process forked from one that has loaded it inherits it.
_LOADED: dict[str, Extractor] = {}


def loaded_extractor(model: str = DEFAULT_MODEL) -> Extractor:
    """The extractor for ``model``, loaded the first time this process asks for it."""
    if model not in _LOADED:
        _LOADED[model] = make_extractor(model)
    return _LOADED[model]


def _start_worker(model: str) -> None:
    global _WORKER
    _WORKER = loaded_extractor(model)


def _work(batch: list[Article]) -> list[Outcome]:
    assert _WORKER is not None
    return _extract_batch(_WORKER, batch)


def extract_outcomes(
    articles: Iterable[Article], model: str = DEFAULT_MODEL, jobs: int = 1
) -> Iterator[Outcome]:
    """Each article with its facts (or the reason it was skipped), in input order.

    Args:
        articles: the articles, read lazily.
        model: the extractor, see :mod:`graph.extractors`.
        jobs: worker processes; 1 extracts in this process.
    """
    batches = _batches(articles)
    first = next(batches, None)
    if first is None:
        return
    if jobs <= 1:
        extractor = loaded_extractor(model)
        yield from _extract_batch(extractor, first)
        for batch in batches:
            yield from _extract_batch(extractor, batch)
        return
    if model == "auto":  # decide (and give any notice) once, here, for every worker
        load_pipeline(model)
        model = available_model() or "rules"
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(model,)) as pool:
        for outcomes in pool.imap(_work, _chain(first, batches), chunksize=1):
            yield from outcomes


def _chain(first: list[Article], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield first
    yield from rest


def extract_articles(
    inputs: Paths, model: str = DEFAULT_MODEL, jobs: int = 1, web: Web | None = None
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article of ``inputs`` with the facts extracted from it, in input order.

    Web inputs that cannot be read and articles not in English are skipped with a
    warning on stderr.
    """

    def english() -> Iterator[Article]:
        for article in iter_articles(inputs, web):
            language = foreign_language(article.text)
            if language is None:
                yield article
            else:
                print(f"warning: skipped {article.origin}: {language}", file=sys.stderr)

    for outcome in extract_outcomes(english(), model, jobs):
        if outcome.error is not None:
            print(f"warning: skipped {outcome.article.origin}: {outcome.error}", file=sys.stderr)
        elif len(outcome.article.text) > MAX_ARTICLE_CHARS:
            print(
                f"notice: {outcome.article.origin}: {_too_long(outcome.article)}", file=sys.stderr
            )
        yield outcome.article, outcome.facts


@dataclass
class BuildReport:
    """What a build did."""

    location: str
    articles: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    facts: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)
    #: How many of ``skipped`` were skipped for each reason ("not English", "fetch failed", ...);
    #: the others failed extraction.
    skipped_because: dict[str, int] = field(default_factory=dict)

    def skip(self, where: str, reason: str, kind: str) -> None:
        """Count an input skipped for a reason of ``kind``."""
        self.skipped.append((where, reason))
        self.skipped_because[kind] = self.skipped_because.get(kind, 0) + 1

    def summary(self) -> str:
        """One line for people; skipped articles named on the lines after it."""
        line = (
            f"{self.articles} articles: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.facts} facts extracted"
        )
        if self.skipped:
            line += f"; {len(self.skipped)} skipped"
            if self.skipped_because:
                kinds = dict(sorted(self.skipped_because.items()))
                failed = len(self.skipped) - sum(kinds.values())
                if failed:
                    kinds["extraction failed"] = failed
                line += " (" + ", ".join(f"{n} {kind}" for kind, n in kinds.items()) + ")"
            line += "".join(f"\n  skipped {origin}: {reason}" for origin, reason in self.skipped)
        line += "".join(f"\n  notice {origin}: {text}" for origin, text in self.notices)
        return line


def build(
    inputs: Paths,
    store: Store | str | None = None,
    *,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    progress: bool = False,
    fetch: FetchOptions | None = None,
) -> BuildReport:
    """Ingest articles into a store; running it again with the same input changes nothing.

    Every input is read and checked before the store is opened, so a bad file
    stops the build with nothing written. Web inputs (URLs, feeds) are fetched
    then, into the cache; one that cannot be read is skipped, counted and named
    in the report. An article whose content is unchanged since the last build is
    skipped; a changed one replaces its old facts. An article not in English, or
    whose extraction fails, is skipped, counted and named in the report, and the
    build goes on.

    Args:
        inputs: files, folders, feeds or URLs of articles (see :mod:`graph.articles`).
        store: an open store, a location, or None for the default store.
        model: the extractor, see :mod:`graph.extractors`.
        jobs: extraction worker processes.
        progress: show a progress bar (articles/s, ETA) on stderr.
        fetch: how to fetch web inputs (cache, offline, timeout, delay).
    """
    inputs = list(inputs)
    with Fetcher(fetch) as fetcher:
        # reads standard input once, keeping a copy; fetches web inputs into the cache
        total = check_inputs(inputs, Web(fetcher, on_skip=lambda skip: None, progress=progress))
        with using(store, on_notice=_say if progress else None) as target:
            return _ingest(
                inputs, total, target, fetcher, model=model, jobs=jobs, progress=progress
            )


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ingest(
    inputs: Paths,
    total: int,
    target: Store,
    fetcher: Fetcher,
    *,
    model: str,
    jobs: int,
    progress: bool,
) -> BuildReport:
    """Extract and write what is new or changed; unchanged articles are counted, not read again."""
    report = BuildReport(target.location, articles=total)
    bar = _progress(total, progress)

    existed: dict[str, bool] = {}
    producer = producer_for(model)
    stories = _Grouping(target)

    def skipped(skip: Skip) -> None:
        report.skip(skip.where, skip.reason, skip.kind)

    def todo() -> Iterator[Article]:
        for article in iter_articles(inputs, Web(fetcher, on_skip=skipped)):
            stored = target.stored_hash(article.id)
            if stored == content_hash(article, producer):
                report.unchanged += 1
                _tick(bar)
            elif (language := foreign_language(article.text)) is not None:
                report.skip(article.origin, language, NOT_ENGLISH)
                _tick(bar)
            else:
                existed[article.id] = stored is not None
                if len(article.text) > MAX_ARTICLE_CHARS:
                    report.notices.append((article.origin, _too_long(article)))
                stories.group(article)
                yield article

    def write(outcomes: list[Outcome]) -> None:
        target.replace_articles(
            [
                (
                    o.article.id,
                    article_triples(o.article, o.facts, producer, *stories.pop(o.article.id)),
                )
                for o in outcomes
            ]
        )
        for outcome in outcomes:
            old = existed.pop(outcome.article.id)
            report.updated += old
            report.added += not old
            report.facts += len(outcome.facts)

    try:
        pending: list[Outcome] = []
        for outcome in extract_outcomes(todo(), model, jobs):
            _tick(bar)
            if outcome.error is not None:
                report.skipped.append((outcome.article.origin, outcome.error))
                existed.pop(outcome.article.id, None)
                stories.pop(outcome.article.id)
                continue
            pending.append(outcome)
            if len(pending) >= WRITE_BATCH:
                write(pending)
                pending = []
        if pending:
            write(pending)
    finally:
        if bar is not None:
            bar.close()
    return report


_STORIES = """SELECT ?doc ?signature ?story WHERE {
  ?article akg:docId ?doc ; akg:textSignature ?signature ; akg:story ?story .
}"""


class _Grouping:
    """The story of each article a build writes: the stored articles' signatures, read when
    the first article needs them, and every article grouped so far (:mod:`graph.stories`)."""

    def __init__(self, target: Store) -> None:
        self._target = target
        self._stories: Stories | None = None
        self._chosen: dict[str, tuple[str, str]] = {}

    def _index(self) -> Stories:
        if self._stories is None:
            from .vocab import sparql_prefixes

            self._stories = Stories()
            stored = self._target.query(sparql_prefixes() + _STORIES)
            assert isinstance(stored, Rows)
            for doc, signature, story in stored.rows:
                self._stories.add(str(doc), decode(str(signature)), str(story))
        return self._stories

    def group(self, article: Article) -> None:
        """Find the story of ``article``, to be written with it."""
        minhash = signature(article.text)
        story = self._index().assign(article.id, minhash, str(story_iri(article.id)))
        self._chosen[article.id] = (story, encode(minhash))

    def pop(self, doc: str) -> tuple[str | None, str | None]:
        """The story and the encoded signature chosen for ``doc``."""
        return self._chosen.pop(doc, (None, None))


def _too_long(article: Article) -> str:
    return (
        f"{len(article.text):,} characters; only the first {MAX_ARTICLE_CHARS:,} were read "
        "(the limit for one article)"
    )


def _progress(total: int, wanted: bool) -> Any:
    if not wanted or total < 20:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, disable=None, dynamic_ncols=True)


def _tick(bar: Any) -> None:
    if bar is not None:
        bar.update(1)


@dataclass(frozen=True)
class RemoveReport:
    """What :func:`remove` did: the articles removed and the ids the store did not hold."""

    removed: list[str]
    absent: list[str]

    def summary(self) -> str:
        """One line for people."""
        line = f"{len(self.removed)} articles removed"
        if self.absent:
            line += f"; not in the store: {', '.join(self.absent)}"
        return line


def remove(ids: Iterable[str], store: Store | str | None = None) -> RemoveReport:
    """Retract articles: each one's graph goes, and with it what it alone supported.

    A fact another article also states stays, with that article's evidence. Ids the
    store does not hold are reported, not errors.
    """
    removed: list[str] = []
    absent: list[str] = []
    with using(store) as target:
        for doc in dict.fromkeys(ids):
            (removed if target.remove_article(doc) else absent).append(doc)
    return RemoveReport(removed, absent)
