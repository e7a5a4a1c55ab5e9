"""The matrix routines and threads the spaCy models run on."""

from __future__ import annotations

import spacy
from spacy.language import Language
from threadpoolctl import threadpool_info, threadpool_limits

from graph.blas import load, one_thread
from graph.mentions import load_mentions
from graph.syntax import PARSER

SENTENCE = "Corpa agreed to buy 20% of Corpb, its partner since 2019."


def _blis(nlp: Language) -> set[bool]:
    """Whether each layer that computes the token vectors multiplies with BLIS (spaCy keeps a
    transition parser's last layer on BLIS whatever is asked)."""
    found = set()
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None:
            vectors = model.get_ref("tok2vec") if model.has_ref("tok2vec") else model
            found |= {layer.ops.use_blis for layer in vectors.walk()}
    return found


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_a_pipeline_loaded_here_multiplies_with_numpy_and_spacys_default_with_blis() -> None:
    assert _blis(load(PARSER, exclude=["lemmatizer"])) == {False}
    assert _blis(spacy.load(PARSER, exclude=["lemmatizer"])) == {True}


def test_the_recogniser_multiplies_with_numpy() -> None:
    assert _blis(load_mentions()) == {False}


def test_numpys_blas_parses_as_blis_does() -> None:
    ours = load(PARSER, exclude=["ner", "lemmatizer"])(SENTENCE)
    default = spacy.load(PARSER, exclude=["ner", "lemmatizer"])(SENTENCE)
    assert [(t.text, t.dep_, t.head.i, t.tag_) for t in ours] == [
        (t.text, t.dep_, t.head.i, t.tag_) for t in default
    ]


def test_one_thread_while_in_use_then_as_before() -> None:
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() == {2}
        with one_thread():
            assert _blas_threads() == {1}
        assert _blas_threads() == {2}
