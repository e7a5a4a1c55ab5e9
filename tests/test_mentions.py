"""The mention recogniser: names found by their context, parties only, shipped and checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import AkgError
from graph.mentions import BASE, default_mentions_path, load_mentions, spans, train_mentions


@pytest.fixture(scope="module")
def recogniser() -> object:
    return load_mentions()


def _ents(nlp: object, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]  # type: ignore[operator]


def test_names_no_table_knows_are_found_by_their_context(recogniser: object) -> None:
    # invented names, in no reference table and in no training passage
    text = (
        "Quellbrunn Antriebstechnik said on Tuesday that its chief executive, "
        "Tamsin Okonkwo-Reyes, would step down after the supplier lost an order from Volvo."
    )
    assert _ents(recogniser, text) == [
        ("Quellbrunn Antriebstechnik", "ORG"),
        ("Tamsin Okonkwo-Reyes", "PERSON"),
        ("Volvo", "ORG"),
    ]


def test_publishers_and_datelines_are_not_parties(recogniser: object) -> None:
    text = "FRANKFURT (Reuters) - Ravensol Batteries has agreed to supply cells to Audi."
    assert _ents(recogniser, text) == [("Ravensol Batteries", "ORG"), ("Audi", "ORG")]


def test_training_spans_take_the_longest_listed_name() -> None:
    entities = [
        {"text": "BMW", "type": "Company"},
        {"text": "BMW i Ventures", "type": "BusinessUnit"},
        {"text": "Oliver Zipse", "type": "Person"},
        {"text": "Munich", "type": "Place"},  # not a kind the recogniser learns
    ]
    text = "BMW i Ventures, the venture arm of BMW, is overseen by Oliver Zipse in Munich."
    assert spans(text, entities) == [(0, 14, "ORG"), (35, 38, "ORG"), (55, 67, "PERSON")]


def test_a_missing_or_damaged_recogniser_stops_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(AkgError) as error:
        load_mentions(tmp_path / "absent")
    message = str(error.value)
    assert message.startswith(
        f"{tmp_path / 'absent'}: the mention recogniser is missing or damaged ("
    )
    assert message.endswith(
        "); reinstall akg (pip install --force-reinstall akg), or run `akg train` to make it again"
    )
    assert "\n" not in message
    damaged = tmp_path / "damaged"
    shutil.copytree(default_mentions_path(), damaged)
    (damaged / "ner" / "model").write_bytes(b"not a model")
    with pytest.raises(AkgError, match="the mention recogniser is missing or damaged"):
        load_mentions(damaged)


def test_the_recogniser_ships_with_the_package() -> None:
    folder = default_mentions_path()
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    assert 0 < size < 50 * 2**20
    assert load_mentions(folder).pipe_names == ["ner"]


def test_the_recogniser_predicts_only_companies_and_people(recogniser: object) -> None:
    assert recogniser.get_pipe("ner").labels == ("ORG", "PERSON")  # type: ignore[attr-defined]


def test_training_starts_from_the_base_ner_cut_to_two_labels() -> None:
    import spacy

    base = spacy.load(
        BASE, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    start = train_mentions([], epochs=0, seed=1, progress=False)
    text = "Honda Motor and Nissan said Toshihiro Mibe would step down as chief executive."
    assert _ents(start, text) == [
        ("Honda Motor", "ORG"),
        ("Nissan", "ORG"),
        ("Toshihiro Mibe", "PERSON"),
    ]
    assert _ents(start, text) == _ents(base, text)
    ner, base_ner = start.get_pipe("ner"), base.get_pipe("ner")
    assert ner.moves.n_moves == 10 < base_ner.moves.n_moves  # type: ignore[attr-defined]
    doc = base.make_doc(text)
    vectors = ner.model.get_ref("tok2vec").predict([doc])[0]  # type: ignore[attr-defined]
    base_vectors = base_ner.model.get_ref("tok2vec").predict([doc])[0]  # type: ignore[attr-defined]
    assert (vectors == base_vectors).all()
