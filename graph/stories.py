"""Syndicated copies: articles that tell the same story, grouped so that a story counts once.

A wire story is reprinted by many outlets, each with a headline of its own, a
paragraph trimmed or a word changed. Each copy stays a source (its own article,
its own evidence), but ten copies are one report, not ten. Near-duplicates are
found with MinHash over word shingles (`datasketch <https://ekzhu.com/datasketch/>`_:
:class:`~datasketch.MinHash` signatures, a :class:`~datasketch.MinHashLSH` index to
find the candidates): two articles whose shingle sets have an estimated Jaccard
similarity of at least :data:`THRESHOLD` tell one story. A story is named after the
first article of it that was built (:func:`graph.vocab.story_iri`), and every later
copy joins it, in the same build or in a later one: each article keeps its signature
in the store.

Everything is deterministic: a fixed seed, a fixed number of permutations, and ties
between candidates broken by the article id.
"""

from __future__ import annotations

import base64
import functools
import re
from typing import Any

__all__ = ["NUM_PERM", "SHINGLE", "THRESHOLD", "Stories", "decode", "encode", "signature"]

#: Permutations of a signature, the seed that draws them and datasketch's permutation scheme
#: (32-bit values: 512 bytes a signature).
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
#: Words in a shingle.
SHINGLE = 5
#: Estimated Jaccard similarity of two articles' shingles from which they are one story.
#: Copies with a new headline, a trimmed paragraph and a changed word score 0.6 to 0.9;
#: two newsrooms' own reports of one event score under 0.1.
THRESHOLD = 0.5

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """The article's word shingles: runs of :data:`SHINGLE` lowercased words.

    >>> sorted(shingles("Honda and Nissan signed a pact."))[:1]
    [b'and nissan signed a pact']
    >>> shingles("Kia grows")
    {b'kia grows'}
    """
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@functools.cache
def _permutations() -> Any:
    """The seeded permutations, drawn once: drawing them is most of the cost of a signature."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _minhash(**values: Any) -> Any:
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations(), **values
    )


def signature(text: str) -> Any:
    """The MinHash signature of ``text``'s shingles (a :class:`datasketch.MinHash`)."""
    minhash = _minhash()
    minhash.update_batch(sorted(shingles(text)))
    return minhash


def encode(minhash: Any) -> str:
    """A signature as text for the store: its 32-bit values, little-endian, in base64."""
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> Any:
    """A signature from :func:`encode`'s text."""
    import numpy as np

    return _minhash(hashvalues=np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32))


class Stories:
    """Which story each article belongs to, and an index to find the story of a new one."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._index = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, Any] = {}
        self.story: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.story)

    def add(self, doc: str, minhash: Any, story: str) -> None:
        """Record that article ``doc`` (with this signature) belongs to ``story``."""
        self.remove(doc)
        self._index.insert(doc, minhash)
        self._signatures[doc] = minhash
        self.story[doc] = story

    def remove(self, doc: str) -> None:
        """Forget article ``doc`` (rebuilt with new text, or removed)."""
        if doc in self._signatures:
            self._index.remove(doc)
            del self._signatures[doc]
            del self.story[doc]

    def match(self, minhash: Any) -> str | None:
        """The article most like this signature, if one tells the same story."""
        best: tuple[float, str] | None = None
        for doc in self._index.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[doc]))
            if similarity >= THRESHOLD and (
                best is None or (-similarity, doc) < (-best[0], best[1])
            ):
                best = (similarity, doc)
        return None if best is None else best[1]

    def assign(self, doc: str, minhash: Any, new_story: str) -> str:
        """The story of article ``doc``: the story of its closest copy, else ``new_story``."""
        self.remove(doc)
        twin = self.match(minhash)
        story = self.story[twin] if twin is not None else new_story
        self.add(doc, minhash, story)
        return story
