"""Which matrix routines the spaCy models run on, and on how many threads.

spaCy's models multiply matrices through thinc, by default with the BLIS library
that thinc ships. The BLAS that numpy's wheels bundle (OpenBLAS) does the same
products in a third of the time on common x86 processors, and most of the
extractor's time is those products (the recogniser's and the parser's token
vectors). So every pipeline the extractor runs is loaded with thinc's numpy ops
without BLIS (spaCy keeps a transition parser's last, small layer on BLIS). The
results are the same up to float rounding: on the development sets the extracted
facts are identical.

An extracting process multiplies on one thread: ``--jobs`` is the way to use more
cores, and a second BLAS thread in each of several workers would only make them
wait on each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from threadpoolctl import threadpool_limits


def load(name: str | Path, **options: Any) -> Language:
    """``spacy.load(name, **options)``, its models computing with numpy's BLAS."""
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        return spacy.load(name, **options)


def one_thread() -> threadpool_limits:
    """BLAS limited to one thread, while the returned object is used as a context manager
    (or for good, in a worker process that does nothing else)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
